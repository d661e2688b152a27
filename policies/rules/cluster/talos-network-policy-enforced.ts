import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { cannotTell, type TalosControlPlane, talosControlPlanes, talosFinding } from "../../lib/talos";
import { type ContractedMachine, judgedAcrossContracts, settingAt, type TalosSetting, configurationsRead } from "../../lib/talos-settings";
import { isMap, list } from "../../lib/values";

/**
 * Talos installs the cluster's network plugin from its control planes' configuration, cluster.network.cni: Talos's
 * flannel where it is unset or `flannel`, with kube-network-policies beside it only where
 * flannel.kubeNetworkPoliciesEnabled is true (Talos 1.13); none with `none`; the manifests at its URLs with `custom`
 * (siderolabs/talos, pkg/machinery/config/types/v1alpha1: ClusterNetworkConfig, CNIConfig, FlannelCNIConfig). From
 * Talos 1.14 on, flannel runs where the KubeFlannelCNIConfig document is, which Talos generates with
 * kubeNetworkPoliciesEnabled true (types/k8s/flannel.go, NewKubeFlannelCNIConfigV1Alpha1; controllers/k8s/control_plane.go).
 */
const networkPlugin: TalosSetting = { v1alpha1: ["cluster", "network", "cni"], document: { kind: "KubeFlannelCNIConfig" }, field: [] };
const generatedFlannel = { backendType: "vxlan", kubeNetworkPoliciesEnabled: true };

const notEnforced = (flannel: string) =>
  `the cluster's network plugin is Talos's flannel (${flannel}), which enforces no NetworkPolicy, and kube-network-policies is not deployed beside it`;
const installedApart = (plugin: string) => `the cluster's network plugin is ${plugin}: whether it enforces NetworkPolicies is not in the configuration`;

/** Whether the network plugin a control plane's configuration installs leaves NetworkPolicies unenforced. */
function unenforced(controlPlane: ContractedMachine<TalosControlPlane>): Violation[] {
  const v1alpha1 = controlPlane.contract === "v1alpha1";
  const cni = settingAt(controlPlane, networkPlugin, v1alpha1 ? undefined : generatedFlannel);
  if ("notKnown" in cni) return cannotTell(controlPlane, "which network plugin Talos installs")(cni.notKnown, cni.written);
  if (!v1alpha1) {
    if (cni.value === undefined)
      return [talosFinding(controlPlane, installedApart("a plugin installed apart (the KubeFlannelCNIConfig document is deleted)"), true)];
    return isMap(cni.value) && cni.value.kubeNetworkPoliciesEnabled === true
      ? []
      : [talosFinding(controlPlane, notEnforced("the KubeFlannelCNIConfig document, its kubeNetworkPoliciesEnabled false"))];
  }
  const { name = "flannel", urls, flannel } = isMap(cni.value) ? cni.value : {};
  if (name === "flannel")
    return isMap(flannel) && flannel.kubeNetworkPoliciesEnabled === true
      ? []
      : [talosFinding(controlPlane, `${notEnforced("cluster.network.cni")} (cni.flannel.kubeNetworkPoliciesEnabled)`)];
  const apart = name === "custom" ? `the manifests at ${list(urls).join(", ") || "no URL"}` : `a plugin installed apart (cni.name ${String(name)})`;
  return [talosFinding(controlPlane, installedApart(apart), true)];
}

export default configurationPolicy(
  {
    id: "talos-network-policy-enforced",
    title: "A Talos cluster's network plugin enforces NetworkPolicies",
    description: `Flags the control planes' machine configurations of a Talos cluster (the siderolabs/talos provider's talos_machine_configuration of machine type controlplane, or v0.1's talos_machine_configuration_controlplane, with the patches of the talos_machine_configuration_apply that applies it after its own) whose network plugin stays Talos's flannel (cluster.network.cni unset or flannel, as its strategic merge and JSON patches leave it) without kube-network-policies beside it (cluster.network.cni.flannel.kubeNetworkPoliciesEnabled, Talos 1.13): flannel applies no NetworkPolicy. With cni none or custom, the plugin is installed apart and the configuration cannot vouch for it: not evaluable; so is a patch known only at apply. ${configurationsRead}`,
    rationale:
      "Every namespace's isolation (deny by default, each flow opened with its reason) is written as NetworkPolicies, and only a plugin that enforces them applies them. On Talos's default flannel, a workspace would reach the warehouse, the pseudonymisation key and the API server as if no policy had been written, while every NetworkPolicy check still passes.",
    remediation:
      "Set cluster.network.cni.flannel.kubeNetworkPoliciesEnabled: true in a patch of the control planes' configuration (Talos 1.13 and later), or set cluster.network.cni.name: none and install a network plugin that enforces NetworkPolicies (Cilium, Calico).",
    severity: "critical",
    references: [cite("cis-kubernetes", "5.3.1"), cite("secnumcloud-3.2", "13.2.a"), cite("ehds-spe", "Art. 73(1)(b)", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] => talosControlPlanes(graph).flatMap((controlPlane) => judgedAcrossContracts(controlPlane, unenforced)),
);
