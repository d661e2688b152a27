import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { userDataNotEvaluable } from "../../lib/cloud-init";
import { argumentNotKnown, k3sServer, leftToUnreadFiles, runsApiServer, unsettled } from "../../lib/rancher-node";
import { encryptionConfigurationFault } from "../../lib/kubernetes-encryption";
import { instanceType } from "../../lib/openstack";
import { apiServerArgs, namedFileViolations } from "../../lib/rancher-config";
import { isUnknownValue } from "../../lib/values";

const encrypted = "whether Secrets are encrypted at rest";

export default resourcePolicy(
  {
    id: "k3s-secrets-encrypted",
    title: "A K3s cluster's API servers encrypt Secrets at rest",
    description:
      "Flags K3s servers that store Secrets unencrypted in their datastore (SQLite, etcd, or an external database): K3s encrypts them only with secrets-encryption set (it then passes the API server an encryption configuration of its own, with aescbc: k3s pkg/daemons/control/server.go and deps.go), and an encryption-provider-config in kube-apiserver-arg replaces it; such a file must write Secrets with aescbc, kms or secretbox (its first provider for them), not identity. Read from the configuration files and the command line, which wins; where the user data writes no configuration file and the command line does not name an encryption-provider-config, a configuration file not read here may: not evaluable; so is an encryption configuration the user data does not write.",
    rationale:
      "Secrets hold the database passwords, the pseudonymisation key and the tokens of the warehouse's services; stored as they are, they are read by whoever reads the datastore, its snapshots or its backups.",
    remediation:
      "Set secrets-encryption: true in the servers' K3s configuration, or name in kube-apiserver-arg an encryption-provider-config whose first provider for Secrets is kms (a key held in the key manager) or aescbc.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("cis-kubernetes", "1.2.27-1.2.28")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [instanceType],
  (instance): Violation[] => {
    const server = k3sServer(instance);
    if (server === undefined) return [];
    if ("unreadable" in server) return userDataNotEvaluable(`${server.unreadable}: ${encrypted} cannot be read`);
    if (!runsApiServer(server)) return [];
    const args = apiServerArgs(server.values);
    const flags = ["encryption-provider-config"];
    const unknown = argumentNotKnown(server, "kube-apiserver-arg", args, flags);
    if (unknown) return userDataNotEvaluable(`${unknown} is known only at apply: ${encrypted} cannot be told`);
    const left = leftToUnreadFiles(server, args, flags);
    if (left) return unsettled(server, left, encrypted);
    const named = args.get("encryption-provider-config")?.at(-1);
    if (named) return namedFileViolations("encryption configuration", named, server.files, encryptionConfigurationFault);
    const setting = server.values["secrets-encryption"];
    if (named === undefined && (isUnknownValue(setting) || server.expanded.has(String(setting))))
      return userDataNotEvaluable(`K3s's secrets-encryption is known only at apply: ${encrypted} cannot be told`);
    if (named === undefined && String(setting) === "true") return [];
    return [
      {
        message: `K3s stores Secrets unencrypted in its datastore: ${named === "" ? "kube-apiserver-arg empties encryption-provider-config, which replaces K3s's own" : "secrets-encryption is not set, and kube-apiserver-arg names no encryption-provider-config"}`,
        path: "user_data",
      },
    ];
  },
);
