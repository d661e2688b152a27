import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { helmReleaseType, type ObjectFinding } from "../../lib/helm";
import { kubeadmControlPlanesOf } from "../../lib/kubeadm-instance";
import { nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
import {
  type ApiServerMount,
  argsAt,
  hostPathOf,
  type KubeadmSpec,
  knownMounts,
  machineFileViolations,
  mountHolding,
  unmounted,
  volumesAt,
} from "../../lib/kubeadm";
import { auditFlags, rotationBelowCis, auditPolicyFault } from "../../lib/kubernetes-audit";
import { isUnknown, literalString } from "../../lib/values";

/** Where the API server keeps its audit log: a finding where it cannot write it, or writes it into the container alone. */
function logKept(logPath: string, mounts: readonly ApiServerMount[], finding: ObjectFinding): Violation[] {
  // "-" is the API server's standard output, which the kubelet keeps as the container's log.
  if (!logPath || logPath === "-") return [];
  const mount = mountHolding(mounts, logPath);
  if (!mount)
    return [
      finding(
        volumesAt,
        `no volume mounts the folder of ${logPath}, the audit-log-path, into the API server's container: the log stays in the container, lost when the pod is recreated and out of reach of the node's log collector`,
      ),
    ];
  return mount.readOnly
    ? [finding(volumesAt, `${mount.mountPath}, where audit-log-path writes ${logPath}, is mounted read-only: the API server cannot write its audit log`)]
    : [];
}

/** What the API server of a control plane machine records, from its kubeadm configuration and extraArgs. */
function auditViolations(kubeadm: KubeadmSpec, args: Map<string, unknown>, finding: ObjectFinding): Violation[] {
  const unknownFlag = auditFlags.find((flag) => isUnknown(args.get(flag)));
  if (unknownFlag) return [finding(argsAt, `the API server's ${unknownFlag} is not known here`, { value: args.get(unknownFlag) })];
  const rotation = rotationBelowCis((flag) => args.get(flag), "extraArgs").map((message) => finding(argsAt, message));
  const policyFile = literalString(args.get("audit-policy-file"));
  if (!policyFile) return [finding(argsAt, "the API server gets no audit-policy-file (kubeadm sets none): it records no request"), ...rotation];
  const logPath = literalString(args.get("audit-log-path")) ?? "";
  const webhook = literalString(args.get("audit-webhook-config-file"));
  if (!logPath && !webhook)
    return [finding(argsAt, "the API server's audit log goes nowhere: audit-log-path is unset and no audit webhook is configured"), ...rotation];
  const known = knownMounts(kubeadm, finding);
  if ("notKnown" in known) return known.notKnown;
  // The API server reads its policy and its webhook's configuration at start, and stops where it cannot
  // (k8s.io/apiserver pkg/server/options/audit.go).
  const policyMount = mountHolding(known.mounts, policyFile);
  const unread = [
    ...(policyMount ? [] : [unmounted(finding, "audit-policy-file", policyFile)]),
    ...(webhook && !mountHolding(known.mounts, webhook) ? [unmounted(finding, "audit-webhook-config-file", webhook)] : []),
  ];
  if (!policyMount || unread.length > 0) return unread;
  return [
    ...logKept(logPath, known.mounts, finding),
    ...machineFileViolations(kubeadm, { what: "audit policy", onHost: hostPathOf(policyMount, policyFile), readAs: policyFile }, finding, auditPolicyFault),
    ...rotation,
  ];
}

export default resourcePolicy(
  {
    id: "kubeadm-audit-log-enabled",
    title: "A kubeadm control plane records an audit trail",
    description: `Flags every KubeadmControlPlane and KubeadmControlPlaneTemplate of Cluster API, and every instance whose user data runs kubeadm init (with the ClusterConfiguration of the file its --config names, v1beta3 or v1beta4, among the files the user data writes or its commands write before kubeadm runs; without --config, kubeadm's defaults), whose API servers record nothing, or lose what they record: kubeadm gives the API server no audit policy, so without audit-policy-file in clusterConfiguration.apiServer.extraArgs no request is recorded, and without audit-log-path or an audit webhook the records go nowhere. kubeadm mounts only the certificates and CA folders into the API server's static pod: a policy file no extraVolume mounts cannot be read (the API server does not start), and a log written where no writable extraVolume mounts it stays in the container, lost when the pod is recreated and out of reach of the node's log collector. Flags a policy the kubeadm configuration's files write that leaves reads of secrets or changes of role bindings unrecorded, and extraArgs that rotate the log below CIS Kubernetes (audit-log-maxage 30 days, audit-log-maxbackup 10 files, audit-log-maxsize 100 MB). A policy read from a Secret or written by another tool, a value known only at apply, or an API server's static pod whose command, arguments or volumes a kubeadm patch (patches.directory or a subfolder: a patch of its resources, probes or labels leaves kubeadm's flags) or a command of postKubeadmCommands (or one the user data runs after kubeadm) changes, is not evaluable; so is an instance whose kubeadm configuration file is not written by its user data, is named by a shell variable or a relative path, or is written in an older API version, that runs kubeadm init's phases one by one, or that runs init or join under a condition. A control plane that joins (kubeadm join --control-plane) writes its API server from the cluster's ClusterConfiguration, read from the one instance that runs kubeadm init (not evaluable where none or several do), with the files of its own machine. ${nodeSetupsDescribed}`,
    rationale:
      "Every change of access rights and every access to secrets must leave a trace that the log store keeps for the required retention; a log file inside the container is no trace: it disappears with the pod.",
    remediation:
      "Set audit-policy-file and audit-log-path (with the rotation flags) in clusterConfiguration.apiServer.extraArgs, mount the policy file read-only and the log folder writable with extraVolumes, and write the policy, recording at least Metadata for secrets and RBAC, with kubeadmConfigSpec.files (on an instance, in its kubeadm configuration file's ClusterConfiguration, the policy written by its user data).",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.6.b"), cite("cnil-eds-2021", "ch. 10 (traceability)", "secondary"), cite("cis-kubernetes", "1.2.16-1.2.19")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  // kubeadm writes the API server's static pod with its own flags, then extraArgs, which override them
  // (cmd/kubeadm/app/phases/controlplane/manifests.go, getAPIServerCommand), and its host path volumes
  // (volumes.go, getHostPathVolumesForTheControlPlane); the API server audits only with a policy file, and logs only
  // with a log path or a webhook (k8s.io/apiserver pkg/server/options/audit.go).
  [...nodeSetupTypes, "kubernetes_manifest", helmReleaseType],
  (resource, { graph }): Violation[] => kubeadmControlPlanesOf(resource, graph, auditViolations, "what the API server records"),
);
