import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { argsAt, hostPathOf, type KubeadmSpec, knownMounts, machineFileViolations, mountHolding, unmounted } from "../../lib/kubeadm";
import { helmReleaseType, type ObjectFinding } from "../../lib/helm";
import { kubeadmControlPlanesOf } from "../../lib/kubeadm-instance";
import { nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
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

export default resourcePolicy(
  {
    id: "kubeadm-secrets-encrypted",
    title: "A kubeadm control plane encrypts Secrets at rest",
    description: `Flags every KubeadmControlPlane and KubeadmControlPlaneTemplate of Cluster API, and every instance whose user data runs kubeadm init (with the ClusterConfiguration of the file its --config names, v1beta3 or v1beta4, among the files the user data writes or its commands write before kubeadm runs; without --config, kubeadm's defaults), whose API servers write Secrets to etcd as they are: kubeadm passes no encryption configuration, so without encryption-provider-config in clusterConfiguration.apiServer.extraArgs Secrets are stored unencrypted; kubeadm mounts only the certificates and CA folders into the API server's static pod, so a file no extraVolume mounts (and not in the certificates folder) cannot be read, and the API server does not start. Flags an encryption configuration the kubeadm configuration's files write whose first provider for Secrets is identity or one CIS Kubernetes does not accept (aescbc, kms and secretbox are), or that covers no Secrets. A configuration read from a Secret or written by another tool, a value known only at apply, or an API server's static pod whose command, arguments or volumes a kubeadm patch (patches.directory or a subfolder: a patch of its resources, probes or labels leaves kubeadm's flags) or a command of postKubeadmCommands (or one the user data runs after kubeadm) changes, is not evaluable; so is an instance whose kubeadm configuration file is not written by its user data, is named by a shell variable or a relative path, or is written in an older API version, that runs kubeadm init's phases one by one, or that runs init or join under a condition. A control plane that joins (kubeadm join --control-plane) writes its API server from the cluster's ClusterConfiguration, read from the one instance that runs kubeadm init (not evaluable where none or several do), with the files of its own machine. ${nodeSetupsDescribed}`,
    rationale:
      "Secrets hold the database passwords, the pseudonymisation key and the tokens of the warehouse's services; stored as they are, they are read by whoever reads etcd, its snapshots or its backups.",
    remediation:
      "Set encryption-provider-config in clusterConfiguration.apiServer.extraArgs, mount it read-only with extraVolumes (or write it under the certificates folder), and write with kubeadmConfigSpec.files (on an instance, with its user data) an EncryptionConfiguration whose first provider for secrets is kms (a key held in the key manager) or aescbc.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("cis-kubernetes", "1.2.27-1.2.28")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  // kubeadm writes the API server's static pod with its own flags, then extraArgs (cmd/kubeadm/app/phases/
  // controlplane/manifests.go, getAPIServerCommand), none of them an encryption-provider-config.
  [...nodeSetupTypes, "kubernetes_manifest", helmReleaseType],
  (resource, { graph }): Violation[] => kubeadmControlPlanesOf(resource, graph, encryptionViolations, "whether Secrets are encrypted at rest"),
);
