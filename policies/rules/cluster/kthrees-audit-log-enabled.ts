import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { eachKThreesControlPlane } from "../../lib/kthrees";
import { k3sAuditViolations } from "../../lib/kubernetes-audit";

export default configurationPolicy(
  {
    id: "kthrees-audit-log-enabled",
    title: "A Cluster API cluster's K3s control plane records an audit trail",
    description:
      "Flags every KThreesControlPlane and KThreesControlPlaneTemplate of Cluster API's K3s provider whose K3s servers' API server records nothing: neither K3s nor the provider passes an audit flag, so kube-apiserver-arg (serverConfig.kubeAPIServerArg, or a drop-in the spec's files write in /etc/rancher/k3s/config.yaml.d) must name an audit-policy-file that the spec's files write, and an audit-log-path or an audit webhook. Flags a policy that leaves reads of secrets or changes of role bindings unrecorded, and rotation below CIS Kubernetes (audit-log-maxage 30 days, audit-log-maxbackup 10 files, audit-log-maxsize 100 MB). A policy read from a Secret, or a value known only at apply, is not evaluable.",
    rationale:
      "Every change of access rights and every access to secrets must leave a trace that the log store keeps for the required retention. A K3s control plane made by Cluster API records no request unless its spec says so.",
    remediation:
      "Write an audit policy that records at least Metadata with kthreesConfigSpec.files (e.g. /var/lib/rancher/k3s/server/audit.yaml), and add to serverConfig.kubeAPIServerArg: audit-policy-file=<that file>, audit-log-path=/var/lib/rancher/k3s/server/logs/audit.log, audit-log-maxage=30, audit-log-maxbackup=10, audit-log-maxsize=100.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.6.b"), cite("cnil-eds-2021", "ch. 10 (traceability)", "secondary"), cite("cis-kubernetes", "1.2.16-1.2.19")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] => eachKThreesControlPlane(graph, k3sAuditViolations),
);
