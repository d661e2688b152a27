import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { eachKThreesControlPlane } from "../../lib/kthrees";
import { k3sNetworkPolicyGaps } from "../../lib/rancher-node";

export default configurationPolicy(
  {
    id: "kthrees-network-policy-enforced",
    title: "A Cluster API cluster's K3s control plane leaves its network policy controller on, or a plugin that enforces",
    description:
      "Flags every KThreesControlPlane and KThreesControlPlaneTemplate of Cluster API's K3s provider whose K3s servers disable the network policy controller (disable-network-policy, which only a drop-in the spec's files write in /etc/rancher/k3s/config.yaml.d can set) while flannel stays their network plugin: K3s's embedded controller is what applies NetworkPolicies, and flannel applies none. With flannel-backend none, the plugin is installed apart and the configuration cannot vouch for it: not evaluable; so is a drop-in read from a Secret.",
    rationale:
      "Every namespace's isolation (deny by default, each flow opened with its reason) is written as NetworkPolicies, and only a controller applies them. With K3s's controller off and flannel alone, a workspace would reach the warehouse, the pseudonymisation key and the API server as if no policy had been written, while every NetworkPolicy check still passes.",
    remediation:
      "Leave disable-network-policy out of the drop-ins the spec writes (K3s then applies NetworkPolicies itself), or set it only beside flannel-backend: none and a network plugin that enforces them (Calico, Cilium).",
    severity: "critical",
    references: [cite("cis-kubernetes", "5.3.1"), cite("secnumcloud-3.2", "13.2.a"), cite("ehds-spe", "Art. 73(1)(b)", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] =>
    eachKThreesControlPlane(graph, (server, placed) => k3sNetworkPolicyGaps(server).map((violation) => placed("network", violation))),
);
