import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { admissionFlags, exemptionViolations, systemNamespaces } from "../../lib/pod-security-admission";
import { cannotTell, extraArgValues, generatedAdmissionControl, mergedByName, type TalosControlPlane, talosControlPlanes, talosFinding } from "../../lib/talos";
import {
  apiServerArgs,
  type ContractedMachine,
  judgedAcrossContracts,
  flagsAt,
  settingAt,
  settingName,
  type TalosSetting,
  configurationsRead,
} from "../../lib/talos-settings";
import { block, list } from "../../lib/values";

/**
 * Of the API server's flags a patch gives (cluster.apiServer.extraArgs), disable-admission-plugins is left to them,
 * and admission-control-config-file may replace the file Talos writes from cluster.apiServer.admissionControl
 * (internal/app/machined/pkg/controllers/k8s/control_plane_final.go: neither is among the flags it denies). From
 * Talos 1.14 on, the plugin's configuration is the KubeAdmissionControlConfig document named PodSecurity, generated the
 * same (types/k8s/admission_control.go, DefaultPodSecurityAdmissionControlConfig).
 */
const admissionControl: TalosSetting = {
  v1alpha1: ["cluster", "apiServer", "admissionControl"],
  document: { kind: "KubeAdmissionControlConfig", name: "PodSecurity" },
  field: ["configuration"],
  merge: mergedByName,
};

/** How a Talos control plane lets pods bypass Pod Security: the plugin disabled, or its configuration exempting more than the system's namespaces. */
function bypasses(controlPlane: ContractedMachine<TalosControlPlane>): Violation[] {
  const notKnown = cannotTell(controlPlane, "whether Pod Security is bypassed");
  const args = flagsAt(controlPlane, apiServerArgs, admissionFlags);
  if ("notKnown" in args) return notKnown(args.notKnown, args.written);
  const argsNamed = settingName(controlPlane, apiServerArgs);
  const flag = (name: string) => extraArgValues(args.value, name);
  const disabled = flag("disable-admission-plugins").includes("PodSecurity")
    ? [talosFinding(controlPlane, `${argsNamed} disables the PodSecurity admission plugin: no namespace label is enforced`)]
    : [];
  const [file] = flag("admission-control-config-file");
  if (file !== undefined)
    return [...disabled, ...notKnown(`${argsNamed} names an admission configuration of its own, ${file}, in place of Talos's, not read here`)];
  const v1alpha1 = controlPlane.contract === "v1alpha1";
  const admission = settingAt(controlPlane, admissionControl, v1alpha1 ? generatedAdmissionControl : generatedAdmissionControl[0]!.configuration);
  if ("notKnown" in admission) return [...disabled, ...notKnown(admission.notKnown, admission.written)];
  const configuration = v1alpha1
    ? list(admission.value)
        .map(block)
        .find((plugin) => plugin?.name === "PodSecurity")?.configuration
    : admission.value;
  const exempted = exemptionViolations(`the PodSecurity admission configuration (${settingName(controlPlane, admissionControl)})`, block(configuration));
  return [...disabled, ...exempted.map(({ message }) => talosFinding(controlPlane, message))];
}

export default configurationPolicy(
  {
    id: "talos-pod-security-not-bypassed",
    title: "A Talos cluster's control planes enforce Pod Security on the warehouse's namespaces",
    description: `Flags the control planes' machine configurations of a Talos cluster (the siderolabs/talos provider's talos_machine_configuration of machine type controlplane, or v0.1's talos_machine_configuration_controlplane, with the patches of the talos_machine_configuration_apply that applies it after its own) whose patches disable the PodSecurity admission plugin (cluster.apiServer.extraArgs disable-admission-plugins), or make its configuration exempt namespaces other than the system's (${systemNamespaces.join(", ")}), users or runtime classes: Talos generates one that exempts kube-system alone, and merges the patches' plugins into it by name, their lists appended. An admission configuration file named in extraArgs, or a patch known only at apply, is not evaluable. ${configurationsRead}`,
    rationale:
      "A namespace's pod-security labels are read by the PodSecurity admission plugin only: with the plugin off, or the namespace, the user that creates the pods or their runtime class exempted in the API server's admission configuration, a workspace labelled restricted runs privileged pods, and every label check still passes.",
    remediation:
      "Leave PodSecurity among the admission plugins, and exempt nothing but kube-system in cluster.apiServer.admissionControl (label the warehouse's namespaces instead).",
    severity: "critical",
    references: [cite("k8s-pss", "Pod Security Admission: enforce label (K8S-PSS-1)", "secondary"), cite("cis-kubernetes", "5.2.1", "unverified")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] => talosControlPlanes(graph).flatMap((controlPlane) => judgedAcrossContracts(controlPlane, bypasses)),
);
