import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { userDataNotEvaluable } from "../../lib/cloud-init";
import { nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
import { eachNode, type RancherNode, rke2Servers, unsettled, valueNotKnown } from "../../lib/rancher-node";
import { hasUnknownItem, isUnknownValue, list, literalString } from "../../lib/values";

/**
 * RKE2's bundled CNI plugins that apply NetworkPolicies (docs.rke2.io, networking/basic_network_options: Canal uses
 * Calico for network policies, the default; "Flannel does not support network policies"). Multus is a secondary
 * plugin, set beside a primary one.
 */
const enforcingPlugins = ["canal", "calico", "cilium"];

/**
 * The charts of RKE2's network plugins that will not be applied: RKE2 ships each plugin as the charts rke2-<plugin> and
 * rke2-<plugin>-crd (rke2 pkg/cli/cmds/server.go, disableExceptSelected), which k3s's deploy controller deletes when
 * `disable` names them (split at commas, each name trimmed: k3s pkg/cli/server/server.go) and leaves alone beside a
 * `.skip` file anywhere under <data-dir>/server/manifests (k3s pkg/deploy/controller.go, shouldDisableFile and
 * shouldSkipFile).
 */
function unappliedCharts(config: RancherNode, plugins: readonly string[]): string[] {
  const disabled = new Set(list(config.values.disable).flatMap((item) => (literalString(item) ?? "").split(",").map((name) => name.trim())));
  const manifests = `${literalString(config.values["data-dir"]) ?? "/var/lib/rancher/rke2"}/server/manifests/`;
  const skipped = new Set(config.files.filter((file) => file.path.startsWith(manifests)).map((file) => file.path.slice(file.path.lastIndexOf("/") + 1)));
  return plugins.flatMap((plugin) => [`rke2-${plugin}`, `rke2-${plugin}-crd`]).filter((chart) => disabled.has(chart) || skipped.has(`${chart}.yaml.skip`));
}

export default resourcePolicy(
  {
    id: "rke2-network-policy-enforced",
    title: "An RKE2 cluster's network plugin enforces NetworkPolicies",
    description:
      `Flags RKE2 servers whose cni (in their configuration files, on their command line, which adds to them, or in their service's environment, RKE2_CNI, which they override) names a plugin that ignores NetworkPolicies (flannel), or is none (a plugin installed apart, which the configuration cannot vouch for); the files RKE2 reads are taken in its order (config.yaml, then config.yaml.d). Where the user data writes no configuration file, one not read here may add a plugin: not evaluable. Unset, RKE2 uses canal. Enforcing plugins: ${enforcingPlugins.join(", ")}. A plugin whose chart RKE2 will not apply (named in disable, or beside a .skip file in the server's manifests) is not evaluable, as none is.` +
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
  (resource, { graph }): Violation[] =>
    eachNode(rke2Servers(resource, graph), "its cni cannot be read", (server): Violation[] => {
      // Unset, RKE2 deploys canal (validateCNI).
      const plugins = server.values.cni === undefined ? ["canal"] : list(server.values.cni);
      if (plugins.some((plugin) => valueNotKnown(server, plugin))) return userDataNotEvaluable("the RKE2 cni is known only at apply");
      // RKE2 splits each value on commas: "multus,canal" is Multus beside Canal (rancher/rke2 pkg/cli/cmds/server.go, validateCNI).
      const primary = plugins
        .flatMap((plugin) => String(plugin).split(","))
        .map((plugin) => plugin.trim())
        .filter((plugin) => plugin !== "multus");
      const ignoring = primary.filter((plugin) => plugin !== "none" && !enforcingPlugins.includes(plugin));
      if (ignoring.length > 0) return [{ message: `RKE2's cni ${ignoring.join(", ")} does not enforce NetworkPolicies`, path: "user_data" }];
      // A configuration file not read here adds its plugins to the command line's, or sets them where it sets none.
      if (server.configUnread) return unsettled(server, "cni", "whether its network plugin enforces NetworkPolicies");
      if (primary.includes("none"))
        return userDataNotEvaluable("RKE2's cni is none: the plugin is installed apart, and whether it enforces NetworkPolicies is not in the configuration");
      if (hasUnknownItem(server.values.disable) || isUnknownValue(server.values["data-dir"]))
        return userDataNotEvaluable("RKE2's disable list or data-dir is known only at apply: whether its network plugin is applied cannot be told");
      const unapplied = unappliedCharts(server, primary);
      return unapplied.length > 0
        ? userDataNotEvaluable(
            `RKE2 does not apply its network plugin's chart ${unapplied.join(", ")} (disabled or skipped): the plugin the cluster runs is installed apart, and whether it enforces NetworkPolicies is not in the configuration`,
          )
        : [];
    }),
);
