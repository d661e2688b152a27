import { cite, resourcePolicy } from "../../engine/policy";
import { auditLogRotation } from "../../lib/kubernetes-audit";
import { builtByCapiHelm, clusterLabels, clusterTemplate, clusterTemplateType, clusterType, labelBool, labelsOf } from "../../lib/magnum";
import { isUnknown, literalNumber } from "../../lib/values";

/**
 * A violation per rotation label set below what CIS asks (magnum-cluster-api reads audit_log_max_age, _max_backup and
 * _max_size, resources.py, the auditLog variable, defaults 30, 10 and 100): the log would be rotated away before the
 * log shipper reads it, or kept too briefly.
 */
function rotationBelowCis(labels: Record<string, unknown>) {
  return auditLogRotation.flatMap(({ label, least }) => {
    const set = literalNumber(labels[label]);
    return set !== undefined && set < least ? [{ message: `${label} is ${set}, below the ${least} CIS Kubernetes asks`, path: `labels.${label}` }] : [];
  });
}

export default resourcePolicy(
  {
    id: "magnum-audit-log-enabled",
    title: "Kubernetes API audit logging is on",
    description:
      "Flags cluster templates without the label audit_log_enabled = \"true\", clusters whose own labels replace the template's (merge_labels not true) without it, and clusters whose own label turns it off, merged or not: the driver reads the cluster's labels, its own over the template's. With it on, flags rotation labels set below CIS Kubernetes (audit_log_max_age 30 days, audit_log_max_backup 10 files, audit_log_max_size 100 MB). Not evaluable where the cloud runs magnum-capi-helm, which has no audit label.",
    rationale: "Every change of access rights and every access to secrets must leave a trace that the log store keeps for the required retention.",
    remediation:
      'Set the label audit_log_enabled = "true" (and audit_log_max_age, the spelling the driver reads) on the cluster template; on a cluster that sets labels, set merge_labels = true.',
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.6.b"), cite("cnil-eds-2021", "ch. 10 (traceability)", "secondary"), cite("cis-kubernetes", "1.2.16-1.2.19")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [clusterTemplateType, clusterType],
  (resource, { graph, settings }) => {
    const driver = settings.magnumDriver;
    // magnum-capi-helm has no audit label (conf.py, capi_helm_cluster_labels); the chart it deploys decides, from the
    // cloud's chart repository (capi_helm.helm_chart_repo), and capi-helm-charts' openstack-cluster writes no audit policy.
    // A cluster made from a template of the configuration is judged there.
    if (builtByCapiHelm(resource, graph, driver))
      return resource.type === clusterType && clusterTemplate(resource, graph)
        ? []
        : [
            {
              message:
                "magnum-capi-helm reads no label for the API server's audit log: whether there is one is decided by the chart the cloud deploys (capi-helm-charts' openstack-cluster writes none), which the configuration does not show",
              path: "labels",
              outcome: "cannot-evaluate",
            },
          ];
    const own = labelsOf(resource);
    // A cluster's own label is read over its template's, merged or not (Magnum's API, clusterLabels); a cluster that
    // runs with its template's is judged on the template.
    const replacesTemplate = resource.type === clusterType && clusterLabels(resource, graph, driver).replacesTemplate;
    if (resource.type === clusterType && own?.audit_log_enabled === undefined && !replacesTemplate) return rotationBelowCis(own ?? {});
    const value = own?.audit_log_enabled;
    if (isUnknown(value)) return [];
    if (labelBool(value) === true) return rotationBelowCis(own ?? {});
    return [
      value === undefined && replacesTemplate
        ? { message: "the cluster's labels replace its template's (merge_labels is not true) and do not turn audit logging on", path: "labels" }
        : { message: "Kubernetes API audit logging is not enabled", path: "labels.audit_log_enabled" },
    ];
  },
);
