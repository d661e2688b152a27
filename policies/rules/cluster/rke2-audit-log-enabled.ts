import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { rke2AuditViolations, rke2DefaultPolicyFile } from "../../lib/kubernetes-audit";
import { nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
import { eachNode, onSetupPath, rke2Servers } from "../../lib/rancher-node";
export default resourcePolicy(
  {
    id: "rke2-audit-log-enabled",
    title: "An RKE2 cluster's API servers record an audit trail",
    description: `Flags RKE2 servers whose API server records nothing, read from their configuration files, their command line (\`rke2 server\`, which wins) and their service's environment (RKE2_CIS_PROFILE, RKE2_AUDIT_POLICY_FILE, which the files override): RKE2 passes it an audit policy only with profile: cis or audit-policy-file set, and a log path only when it passes the policy; kube-apiserver-arg come after RKE2's flags, so an audit-policy-file or an empty audit-log-path there wins. Flags a policy that logs nothing: none written where the API server reads it (RKE2 then writes its own, whose one rule is level None), or one that leaves reads of secrets or changes of role bindings unrecorded (the first rule such a request by an ordinary user matches is level None, or it matches none). Flags kube-apiserver-arg that rotate the log below CIS Kubernetes (audit-log-maxage 30 days, audit-log-maxbackup 10 files, audit-log-maxsize 100 MB). Where the user data writes no configuration file and the command line does not name the audit policy (or its log's destination, where it matters), a configuration file not read here may: not evaluable; so is a policy the user data does not write, or a value known only at apply or expanded by the shell. Servers started with disable-apiserver run no API server. ${nodeSetupsDescribed}`,
    rationale:
      "Every change of access rights and every access to secrets must leave a trace that the log store keeps for the required retention. RKE2 turns the audit log on, but its default policy records no request: the log file exists and stays empty.",
    remediation: `Set profile: cis or audit-policy-file in the servers' RKE2 configuration, and write an audit policy that records at least Metadata there (${rke2DefaultPolicyFile} under the CIS profile) from their cloud-config.`,
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.6.b"), cite("cnil-eds-2021", "ch. 10 (traceability)", "secondary"), cite("cis-kubernetes", "1.2.16-1.2.19")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  nodeSetupTypes,
  (resource, { graph }): Violation[] =>
    eachNode(rke2Servers(resource, graph), "the audit policy cannot be found", (server) => rke2AuditViolations(server, onSetupPath)),
);
