import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
import { eachNode, rke2EnforcingPlugins, rke2NetworkPolicyGaps, rke2Servers } from "../../lib/rancher-node";

export default resourcePolicy(
  {
    id: "rke2-network-policy-enforced",
    title: "An RKE2 cluster's network plugin enforces NetworkPolicies",
    description:
      `Flags RKE2 servers whose cni (in their configuration files, on their command line, which adds to them, or in their service's environment, RKE2_CNI, which they override) names a plugin that ignores NetworkPolicies (flannel), or is none (a plugin installed apart, which the configuration cannot vouch for); the files RKE2 reads are taken in its order (config.yaml, then config.yaml.d). Where the user data writes no configuration file, one not read here may add a plugin: not evaluable. Unset, RKE2 uses canal. Enforcing plugins: ${rke2EnforcingPlugins.join(", ")}. A plugin whose chart RKE2 will not apply (named in disable, or beside a .skip file in the server's manifests) is not evaluable, as none is.` +
      ` ${nodeSetupsDescribed}`,
    rationale:
      "Every namespace's isolation (deny by default, each flow opened with its reason) is written as NetworkPolicies, and only the network plugin applies them. With flannel, a workspace would reach the warehouse, the pseudonymisation key and the API server as if no policy had been written, while every NetworkPolicy check still passes.",
    remediation: 'Leave cni unset (canal) or set it to "canal", "calico" or "cilium" in the servers\' RKE2 configuration.',
    severity: "critical",
    references: [cite("cis-kubernetes", "5.3.1"), cite("secnumcloud-3.2", "13.2.a"), cite("ehds-spe", "Art. 73(1)(b)", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  nodeSetupTypes,
  (resource, { graph }): Violation[] => eachNode(rke2Servers(resource, graph), "its cni cannot be read", rke2NetworkPolicyGaps),
);
