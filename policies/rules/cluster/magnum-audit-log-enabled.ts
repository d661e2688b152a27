import { cite, resourcePolicy } from "../../engine/policy";
import { clusterTemplateType, label } from "../../lib/magnum";
import { isUnknown, literalBool } from "../../lib/values";

export default resourcePolicy(
  {
    id: "magnum-audit-log-enabled",
    title: "Kubernetes API audit logging is on",
    description: 'Flags cluster templates without the label audit_log_enabled = "true".',
    rationale: "Every change of access rights and every access to secrets must leave a trace that the log store keeps for the required retention.",
    remediation: 'Set the label audit_log_enabled = "true" (and audit_log_max_age, the spelling the driver reads) on the cluster template.',
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.6.b"), cite("cnil-eds-2021", "ch. 10 (traceability)", "secondary"), cite("cis-kubernetes", "1.2.16-1.2.19")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [clusterTemplateType],
  (template) => {
    const value = label(template, "audit_log_enabled");
    return isUnknown(value) || literalBool(value) === true
      ? []
      : [{ message: "Kubernetes API audit logging is not enabled", path: "labels.audit_log_enabled" }];
  },
);
