import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { clusterLabels, clusterTemplate, clusterTemplateType, clusterType, labelBool, labelsOf } from "../../lib/magnum";
import { isUnknown, literalBool } from "../../lib/values";

const labelName = "master_lb_floating_ip_enabled";
const path = `labels.${labelName}`;

/**
 * What gets the floating IP with magnum-cluster-api. Without a load balancer (master_lb_enabled = false) the control
 * plane nodes carry the API, and the same label decides their floating IP (disableAPIServerFloatingIP in resources.py).
 * A cluster that sets no master_lb_enabled takes its template's (Magnum's API, cluster creation); a template outside the
 * configuration decides it unseen: known only at apply, here. magnum-capi-helm always puts the API behind a load
 * balancer (driver.py, apiServer.enableLoadBalancer).
 */
function exposedByClusterApi(resource: TfResource, graph: ResourceGraph): string {
  const inherited = resource.type === clusterType && resource.values.master_lb_enabled === undefined;
  const template = inherited ? clusterTemplate(resource, graph) : undefined;
  const loadBalancer = inherited ? template?.values.master_lb_enabled : resource.values.master_lb_enabled;
  // Unset, Magnum creates none (the cluster template API's master_lb_enabled defaults to False).
  return isUnknown(loadBalancer) || (inherited && !template)
    ? "the API (its load balancer, or the control plane nodes without one) gets a floating IP"
    : literalBool(loadBalancer) === true
      ? "the API load balancer gets a floating IP"
      : "the control plane nodes get a floating IP";
}

export default resourcePolicy(
  {
    id: "magnum-private-api",
    title: "The Kubernetes API has no public address",
    description:
      'Flags cluster templates without the label master_lb_floating_ip_enabled = "false", and clusters that run without it: those that set it to true, and those whose own labels replace the template\'s (merge_labels not true) without it. A cluster that takes the label from its declared template is judged on the template alone.',
    rationale: "An administration interface reachable from a public network must not exist; the API is reached from the bastion and the nodes subnet only.",
    remediation:
      'Set the label master_lb_floating_ip_enabled = "false" on the cluster template; on a cluster that sets labels, set merge_labels = true (or repeat the label), and never "true".',
    severity: "critical",
    references: [cite("secnumcloud-3.2", "9.6.e"), cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R15-R16")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [clusterTemplateType, clusterType],
  (resource, { graph, settings }): Violation[] => {
    const exposed = settings.magnumDriver === "magnum-capi-helm" ? "the API load balancer gets a floating IP" : exposedByClusterApi(resource, graph);
    const { labels, replacesTemplate } =
      resource.type === clusterType ? clusterLabels(resource, graph, settings.magnumDriver) : { labels: labelsOf(resource), replacesTemplate: false };
    // A cluster whose template is not in the configuration, and that sets no label, runs with the template's: judged there.
    if (labels === undefined && resource.type === clusterType) return [];
    const written = labels?.[labelName];
    // A cluster that takes the label from its declared template, as written there or by its absence, is judged there.
    if (resource.type === clusterType && !replacesTemplate && labelsOf(resource)?.[labelName] === undefined) return [];
    if (isUnknown(written) || labelBool(written) === false) return [];
    if (labelBool(written) === true) return [{ message: `${labelName} is ${JSON.stringify(written)}: ${exposed}`, path }];
    // Both drivers read the label with True as its default (magnum-cluster-api: utils.get_cluster_floating_ip_disabled;
    // magnum-capi-helm: conf.py, master_lb_floating_ip_enabled).
    return [
      {
        message: replacesTemplate
          ? `the cluster's labels replace its template's (merge_labels is not true) and do not set ${labelName} = "false": the driver's default is true, so ${exposed}`
          : `the label ${labelName} is not set to "false": the driver's default is true, so ${exposed}`,
        path: replacesTemplate ? "labels" : path,
      },
    ];
  },
);
