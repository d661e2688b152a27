import { cite, resourcePolicy } from "../../engine/policy";
import { clusterTemplateType } from "../../lib/magnum";
import { literalString } from "../../lib/values";

/**
 * Network drivers that enforce Kubernetes NetworkPolicies. Magnum's Cluster API driver takes these two only
 * (magnum-cluster-api utils.validate_cluster); Magnum's own default is flannel (magnum/conf/cluster_templates.py,
 * kubernetes_default_network_driver), which routes pod traffic and ignores NetworkPolicies.
 */
const enforcingDrivers = ["calico", "cilium"];

export default resourcePolicy(
  {
    id: "magnum-network-policy-enforced",
    title: "The cluster's network driver enforces NetworkPolicies",
    description: `Flags cluster templates whose network_driver is not one that enforces NetworkPolicies (${enforcingDrivers.join(", ")}), and those that leave it unset: Magnum then uses the cloud's default, flannel upstream.`,
    rationale:
      "Every namespace's isolation (deny by default, each flow opened with its reason) is written as NetworkPolicies, and only the network driver applies them. Flannel carries pod traffic and ignores them: a workspace would reach the warehouse, the pseudonymisation key and the API server as if no policy had been written, while every NetworkPolicy check still passes.",
    remediation: 'Set network_driver = "calico" (or "cilium") on the cluster template.',
    severity: "critical",
    references: [cite("cis-kubernetes", "5.3.1"), cite("secnumcloud-3.2", "13.2.a"), cite("ehds-spe", "Art. 73(1)(b)", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [clusterTemplateType],
  (template) => {
    const driver = template.values.network_driver;
    if (driver === undefined || driver === null)
      return [
        { message: "network_driver is unset: Magnum uses the cloud's default (flannel upstream), which ignores NetworkPolicies", path: "network_driver" },
      ];
    // A driver known only at apply is read here, so the engine reports the template as not evaluable.
    const name = literalString(driver);
    return name === undefined || enforcingDrivers.includes(name)
      ? []
      : [{ message: `network driver "${name}" does not enforce NetworkPolicies`, path: "network_driver" }];
  },
);
