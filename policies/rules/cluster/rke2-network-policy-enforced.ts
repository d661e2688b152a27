import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { instanceType } from "../../lib/openstack";
import { rke2Config } from "../../lib/rke2";
import { isUnknownValue, list } from "../../lib/values";

/**
 * RKE2's bundled CNI plugins that apply NetworkPolicies (docs.rke2.io, networking/basic_network_options: Canal uses
 * Calico for network policies, the default; "Flannel does not support network policies"). Multus is a secondary
 * plugin, set beside a primary one.
 */
const enforcingPlugins = ["canal", "calico", "cilium"];

export default resourcePolicy(
  {
    id: "rke2-network-policy-enforced",
    title: "An RKE2 cluster's network plugin enforces NetworkPolicies",
    description: `Flags instances whose cloud-config writes an RKE2 configuration that sets cni to a plugin that ignores NetworkPolicies (flannel) or to none (a plugin installed apart, which the configuration cannot vouch for); the files RKE2 reads are taken in its order (config.yaml, then config.yaml.d). Unset, RKE2 uses canal. Enforcing plugins: ${enforcingPlugins.join(", ")}.`,
    rationale:
      "Every namespace's isolation (deny by default, each flow opened with its reason) is written as NetworkPolicies, and only the network plugin applies them. With flannel, a workspace would reach the warehouse, the pseudonymisation key and the API server as if no policy had been written, while every NetworkPolicy check still passes.",
    remediation: 'Leave cni unset (canal) or set it to "canal", "calico" or "cilium" in the servers\' RKE2 configuration.',
    severity: "critical",
    references: [cite("cis-kubernetes", "5.3.1"), cite("secnumcloud-3.2", "13.2.a"), cite("ehds-spe", "Art. 73(1)(b)", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [instanceType],
  (instance): Violation[] => {
    const config = rke2Config(instance);
    if (config === undefined) return [];
    if ("unreadable" in config) return [{ outcome: "cannot-evaluate", message: `${config.unreadable}: its cni cannot be read`, path: "user_data" }];
    const cni = config.values.cni;
    if (cni === undefined) return [];
    const plugins = list(cni);
    if (plugins.some(isUnknownValue)) return [{ outcome: "cannot-evaluate", message: "the RKE2 cni is known only at apply", path: "user_data" }];
    // RKE2 splits each value on commas: "multus,canal" is Multus beside Canal (rancher/rke2 pkg/cli/cmds/server.go, validateCNI).
    const primary = plugins
      .flatMap((plugin) => String(plugin).split(","))
      .map((plugin) => plugin.trim())
      .filter((plugin) => plugin !== "multus");
    if (primary.includes("none"))
      return [
        {
          outcome: "cannot-evaluate",
          message: "RKE2's cni is none: the plugin is installed apart, and whether it enforces NetworkPolicies is not in the configuration",
          path: "user_data",
        },
      ];
    const ignoring = primary.filter((plugin) => !enforcingPlugins.includes(plugin));
    return ignoring.length > 0 ? [{ message: `RKE2's cni ${ignoring.join(", ")} does not enforce NetworkPolicies`, path: "user_data" }] : [];
  },
);
