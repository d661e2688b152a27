import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { k3sAuditViolations } from "../../lib/kubernetes-audit";
import { nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
import { eachNode, k3sServers, onSetupPath } from "../../lib/rancher-node";

export default resourcePolicy(
  {
    id: "k3s-audit-log-enabled",
    title: "A K3s cluster's API servers record an audit trail",
    description: `Flags K3s servers (instances whose user data installs or starts K3s's server, or writes the configuration of one) whose API server records nothing: K3s gives it no audit flag of its own, so kube-apiserver-arg must name an audit-policy-file and an audit-log-path or an audit webhook, in the configuration files (/etc/rancher/k3s/config.yaml, then config.yaml.d) or on the command line (INSTALL_K3S_EXEC, the install script's arguments, \`k3s server\`), which comes after them and wins. Flags a policy that leaves reads of secrets or changes of role bindings unrecorded, and rotation below CIS Kubernetes (audit-log-maxage 30 days, audit-log-maxbackup 10 files, audit-log-maxsize 100 MB). Where the user data writes no configuration file, the command line alone is known: an audit policy file or log path it does not set is not evaluable. A policy file the user data does not write, or an argument known only at apply or expanded by the shell, is not evaluable. ${nodeSetupsDescribed}`,
    rationale:
      "Every change of access rights and every access to secrets must leave a trace that the log store keeps for the required retention. K3s does not enable auditing by default: a K3s server started as its quick start says records no request.",
    remediation:
      "Write an audit policy that records at least Metadata from the servers' user data (e.g. /var/lib/rancher/k3s/server/audit.yaml), and pass kube-apiserver-arg: audit-policy-file=<that file>, audit-log-path=/var/lib/rancher/k3s/server/logs/audit.log, audit-log-maxage=30, audit-log-maxbackup=10, audit-log-maxsize=100 in their K3s configuration.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.6.b"), cite("cnil-eds-2021", "ch. 10 (traceability)", "secondary"), cite("cis-kubernetes", "1.2.16-1.2.19")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  nodeSetupTypes,
  (resource, { graph }): Violation[] =>
    eachNode(k3sServers(resource, graph), "its API server's audit flags cannot be read", (server) => k3sAuditViolations(server, onSetupPath)),
);
