import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { userDataNotEvaluable } from "../../lib/cloud-init";
import { encryptionConfigurationFault } from "../../lib/kubernetes-encryption";
import { instanceType } from "../../lib/openstack";
import { apiServerArgs, isRke2Server, namedFileViolations, rke2Config, unknownArgument } from "../../lib/rke2";

export default resourcePolicy(
  {
    id: "rke2-secrets-encrypted",
    title: "An RKE2 cluster's API servers keep Secrets encrypted at rest",
    description:
      "RKE2 encrypts Secrets at rest whatever its configuration says (rke2 pkg/rke2/rke2.go, Server: secrets-encryption forced on, with an encryption configuration of its own), but an encryption-provider-config in kube-apiserver-arg, passed after RKE2's own flags, replaces it. Flags RKE2 servers whose kube-apiserver-arg empties it, or names one, written by their cloud-config, whose first provider for Secrets is identity or one CIS Kubernetes does not accept (aescbc, kms and secretbox are), or that covers no Secrets. A file the cloud-config does not write, or an argument known only at apply, is not evaluable.",
    rationale:
      "Secrets hold the database passwords, the pseudonymisation key and the tokens of the warehouse's services; stored as they are, they are read by whoever reads etcd, its snapshots or its backups.",
    remediation:
      "Leave encryption-provider-config out of kube-apiserver-arg (RKE2 then encrypts Secrets itself), or name there an encryption configuration whose first provider for secrets is kms (a key held in the key manager) or aescbc.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("cis-kubernetes", "1.2.27-1.2.28")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [instanceType],
  (instance): Violation[] => {
    const config = rke2Config(instance);
    if (config === undefined) return [];
    if ("unreadable" in config) return userDataNotEvaluable(`${config.unreadable}: its API server's flags cannot be read`);
    const server = isRke2Server(config.values, String(instance.values.user_data));
    if (server === false) return [];
    if (server === undefined) return userDataNotEvaluable("whether the instance runs RKE2's server or its agent cannot be told from its user data");
    const args = apiServerArgs(config.values);
    const unknown = unknownArgument(config.values, "kube-apiserver-arg", args, ["encryption-provider-config"]);
    if (unknown) return userDataNotEvaluable(`${unknown} is known only at apply: whether Secrets are encrypted at rest cannot be told`);
    const named = args.get("encryption-provider-config")?.at(-1);
    if (named === undefined) return [];
    if (named === "")
      return [
        { message: "kube-apiserver-arg empties encryption-provider-config, which replaces RKE2's own: Secrets are stored unencrypted", path: "user_data" },
      ];
    return namedFileViolations("encryption configuration", named, config.files, encryptionConfigurationFault);
  },
);
