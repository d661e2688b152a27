import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
import { eachNode, k3sNetworkPolicyGaps, k3sServers } from "../../lib/rancher-node";

export default resourcePolicy(
  {
    id: "k3s-network-policy-enforced",
    title: "A K3s cluster's network policy controller is left on, or replaced by a plugin that enforces",
    description: `Flags K3s servers started with disable-network-policy (in their configuration files or on their command line, which wins) while flannel stays their network plugin: K3s's embedded network policy controller (kube-router's) is what applies NetworkPolicies on a K3s node, and flannel applies none. With flannel-backend none, the plugin is installed apart and the configuration cannot vouch for it: not evaluable. Where the user data writes no configuration file and the command line does not set the flag, a configuration file not read here may: not evaluable. ${nodeSetupsDescribed}`,
    rationale:
      "Every namespace's isolation (deny by default, each flow opened with its reason) is written as NetworkPolicies, and only a controller applies them. With K3s's controller off and flannel alone, a workspace would reach the warehouse, the pseudonymisation key and the API server as if no policy had been written, while every NetworkPolicy check still passes.",
    remediation:
      "Leave disable-network-policy unset on the servers (K3s then applies NetworkPolicies itself), or set it only beside flannel-backend: none and a network plugin that enforces them (Calico, Cilium).",
    severity: "critical",
    references: [cite("cis-kubernetes", "5.3.1"), cite("secnumcloud-3.2", "13.2.a"), cite("ehds-spe", "Art. 73(1)(b)", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  nodeSetupTypes,
  (resource, { graph }): Violation[] =>
    eachNode(k3sServers(resource, graph), "whether K3s's network policy controller runs cannot be read", k3sNetworkPolicyGaps),
);
