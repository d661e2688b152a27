import { configurationPolicy, type Violation } from "../../engine/policy";
import { rke2EnforcingPlugins, rke2NetworkPolicyGaps } from "../../lib/rancher-node";
import { eachRke2ControlPlane } from "../../lib/cluster-api-rke2";
import rke2NetworkPolicyEnforced from "./rke2-network-policy-enforced";

const { rationale, severity, references } = rke2NetworkPolicyEnforced.metadata;

export default configurationPolicy(
  {
    id: "rke2-control-plane-network-policy-enforced",
    title: "A Cluster API cluster's RKE2 control plane runs a network plugin that enforces NetworkPolicies",
    description: `Flags every RKE2ControlPlane and RKE2ControlPlaneTemplate of Cluster API's RKE2 provider whose RKE2 servers' cni (serverConfig.cni, which the provider's CRD limits to ${[...rke2EnforcingPlugins, "none"].join(", ")}, or a drop-in the spec's files write in /etc/rancher/rke2/config.yaml.d, which replaces it) names a plugin that ignores NetworkPolicies (flannel). Unset, RKE2 uses canal. A plugin that is none (installed apart, which the configuration cannot vouch for), or whose chart RKE2 will not apply (named in a drop-in's disable, or beside a .skip file the spec's files write in the server's manifests), is not evaluable; so is a value known only at apply. Enforcing plugins: ${rke2EnforcingPlugins.join(", ")}.`,
    rationale,
    remediation: 'Leave serverConfig.cni unset (canal) or set it to "canal", "calico" or "cilium", and let no drop-in of the spec\'s files replace it.',
    severity,
    references,
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] =>
    eachRke2ControlPlane(graph, (server, placed) => rke2NetworkPolicyGaps(server).map((violation) => placed("network", violation))),
);
