import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { argsAt, eachKubeadmControlPlane, hostPathOf, type KubeadmSpec, knownMounts, machineFileViolations, mountHolding, unmounted } from "../../lib/kubeadm";
import type { ObjectFinding } from "../../lib/helm";
import { encryptionConfigurationFault } from "../../lib/kubernetes-encryption";
import { isUnknown, literalString } from "../../lib/values";

/** How the API server of a control plane machine writes Secrets, from its kubeadm configuration and extraArgs. */
function encryptionViolations(kubeadm: KubeadmSpec, args: Map<string, unknown>, finding: ObjectFinding): Violation[] {
  const named = args.get("encryption-provider-config");
  if (isUnknown(named)) return [finding(argsAt, "the API server's encryption-provider-config is not known here", { value: named })];
  const file = literalString(named);
  if (!file) return [finding(argsAt, "the API server gets no encryption-provider-config (kubeadm sets none): it writes Secrets to etcd unencrypted")];
  const known = knownMounts(kubeadm, finding);
  if ("notKnown" in known) return known.notKnown;
  const mount = mountHolding(known.mounts, file);
  // The API server reads its encryption configuration at start, and stops where it cannot (k8s.io/apiserver
  // pkg/server/options/encryptionconfig, LoadEncryptionConfig).
  if (!mount) return [unmounted(finding, "encryption-provider-config", file)];
  return machineFileViolations(
    kubeadm,
    { what: "encryption configuration", onHost: hostPathOf(mount, file), readAs: file },
    finding,
    encryptionConfigurationFault,
  );
}

export default configurationPolicy(
  {
    id: "kubeadm-secrets-encrypted",
    title: "A Cluster API cluster's kubeadm control plane encrypts Secrets at rest",
    description:
      "Flags every KubeadmControlPlane and KubeadmControlPlaneTemplate of Cluster API whose API servers write Secrets to etcd as they are: kubeadm passes no encryption configuration, so without encryption-provider-config in clusterConfiguration.apiServer.extraArgs Secrets are stored unencrypted; kubeadm mounts only the certificates and CA folders into the API server's static pod, so a file no extraVolume mounts (and not in the certificates folder) cannot be read, and the API server does not start. Flags an encryption configuration the kubeadm configuration's files write whose first provider for Secrets is identity or one CIS Kubernetes does not accept (aescbc, kms and secretbox are), or that covers no Secrets. A configuration read from a Secret or written by another tool, a value known only at apply, or an API server's static pod whose command, arguments or volumes a kubeadm patch (patches.directory or a subfolder: a patch of its resources, probes or labels leaves kubeadm's flags) or a command of postKubeadmCommands changes, is not evaluable.",
    rationale:
      "Secrets hold the database passwords, the pseudonymisation key and the tokens of the warehouse's services; stored as they are, they are read by whoever reads etcd, its snapshots or its backups.",
    remediation:
      "Set encryption-provider-config in clusterConfiguration.apiServer.extraArgs, mount it read-only with extraVolumes (or write it under the certificates folder), and write with kubeadmConfigSpec.files an EncryptionConfiguration whose first provider for secrets is kms (a key held in the key manager) or aescbc.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("cis-kubernetes", "1.2.27-1.2.28")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  // kubeadm writes the API server's static pod with its own flags, then extraArgs (cmd/kubeadm/app/phases/
  // controlplane/manifests.go, getAPIServerCommand), none of them an encryption-provider-config.
  (_configuration, { graph }): Violation[] => eachKubeadmControlPlane(graph, encryptionViolations),
);
