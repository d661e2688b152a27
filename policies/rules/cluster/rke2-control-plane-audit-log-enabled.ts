import { configurationPolicy, type Violation } from "../../engine/policy";
import { rke2AuditViolations, rke2DefaultPolicyFile } from "../../lib/kubernetes-audit";
import { eachRke2ControlPlane } from "../../lib/cluster-api-rke2";
import rke2AuditLogEnabled from "./rke2-audit-log-enabled";

const { rationale, severity, references } = rke2AuditLogEnabled.metadata;

export default configurationPolicy(
  {
    id: "rke2-control-plane-audit-log-enabled",
    title: "A Cluster API cluster's RKE2 control plane records an audit trail",
    description: `Flags every RKE2ControlPlane and RKE2ControlPlaneTemplate of Cluster API's RKE2 provider whose RKE2 servers' API server records nothing: RKE2 passes it an audit policy only with agentConfig.cisProfile set (then ${rke2DefaultPolicyFile}, where RKE2 writes its own, whose one rule is level None, unless the spec's files write one) or with serverConfig.auditPolicySecret (the provider writes that Secret's policy there); serverConfig.kubeAPIServer.extraArgs, or a drop-in the spec's files write in /etc/rancher/rke2/config.yaml.d, may name another audit-policy-file or empty audit-log-path, and win. Flags a policy that leaves reads of secrets or changes of role bindings unrecorded, and rotation below CIS Kubernetes (audit-log-maxage 30 days, audit-log-maxbackup 10 files, audit-log-maxsize 100 MB). A policy read from a Secret, or a value known only at apply, is not evaluable.`,
    rationale,
    remediation: `Set agentConfig.cisProfile: cis and write an audit policy that records at least Metadata at ${rke2DefaultPolicyFile} with the spec's files, or keep it in a Secret that serverConfig.auditPolicySecret names (key audit-policy.yaml).`,
    severity,
    references,
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] => eachRke2ControlPlane(graph, rke2AuditViolations),
);
