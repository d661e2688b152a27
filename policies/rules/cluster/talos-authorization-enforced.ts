import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { dropInsNotRead } from "../../lib/kubelet-config";
import { apiServerAuthorization, kubeletAuthorization, kubeletAuthorizationFlags } from "../../lib/kubernetes-authorization";
import { cannotTell, type TalosControlPlane, talosControlPlanes, talosFinding, talosMachines } from "../../lib/talos";
import {
  apiServerArgs,
  argCopies,
  type ContractedMachine,
  fieldsAt,
  judgedAcrossContracts,
  kubeletArgs,
  kubeletExtraConfig,
  flagsAt,
  settingAt,
  settingName,
  skipNodeRegistration,
  configurationsRead,
} from "../../lib/talos-settings";

/**
 * How Talos authorizes requests, read in siderolabs/talos at ad882317. The API server: where the patches' extraArgs
 * name authorization-mode, Talos gives Node,RBAC and adds the flag's modes to them (MergeAdditive); else its
 * authorizers are those of cluster.apiServer.authorizationConfig, which admits only Node, RBAC and Webhook and to which
 * Talos adds Node and RBAC (internal/app/machined/pkg/controllers/k8s/control_plane_final.go,
 * handleKubeAPIServerAuthorizationFlags; control_plane.go, ControlPlaneAuthorizationController;
 * pkg/machinery/config/types/v1alpha1, allowedAuthorizationAuthorizerTypes). From Talos 1.14 on, KubeAPIServerConfig
 * refuses the authorization flags and KubeAuthorizerConfig admits the same three types (types/k8s/apiserver.go,
 * validateArgs; authorization.go). The kubelet: Talos writes its
 * configuration file with anonymous requests refused and Webhook authorization, over what extraConfig says (which may
 * not write them, but keeps its readOnlyPort), except where machine.kubelet.skipNodeRegistration is true, which sets
 * AlwaysAllow; its extraArgs are flags, which win over the file (internal/app/machined/pkg/controllers/k8s/kubelet_spec.go, NewKubeletConfiguration); from 1.14 on, they are
 * KubeletConfig's extraArgs and KubeNodeConfig's skipNodeRegistration.
 */
/** What a control plane's API server lets through: AlwaysAllow added to Talos's Node,RBAC by extraArgs, which Talos 1.14's documents refuse. */
function apiServerGaps(controlPlane: ContractedMachine<TalosControlPlane>): Violation[] {
  if (controlPlane.contract === "multidoc") return [];
  const args = flagsAt(controlPlane, apiServerArgs, ["authorization-mode"]);
  if ("notKnown" in args) return cannotTell(controlPlane, "the API server's authorizers")(args.notKnown, args.written);
  const modes = argCopies(args.value).get("authorization-mode") ?? [];
  const named = settingName(controlPlane, apiServerArgs);
  return apiServerAuthorization(modes, true, undefined).map(({ message }) => talosFinding(controlPlane, `${named}: ${message}`));
}

/** What a machine's kubelet lets through: its flags, over Talos's configuration file, which skipNodeRegistration opens. */
function kubeletGaps(machine: ContractedMachine): Violation[] {
  const notKnown = cannotTell(machine, "what the kubelet lets through");
  const args = flagsAt(machine, kubeletArgs, kubeletAuthorizationFlags);
  if ("notKnown" in args) return notKnown(args.notKnown, args.written);
  const skip = settingAt(machine, skipNodeRegistration);
  if ("notKnown" in skip) return notKnown(skip.notKnown, skip.written);
  const extraConfig = fieldsAt(machine, kubeletExtraConfig, ["readOnlyPort"]);
  if ("notKnown" in extraConfig) return notKnown(extraConfig.notKnown, extraConfig.written);
  const flags = argCopies(args.value);
  const opened =
    skip.value === true && !flags.has("authorization-mode")
      ? [
          talosFinding(
            machine,
            `${settingName(machine, skipNodeRegistration)}: Talos writes the kubelet's configuration with authorization.mode AlwaysAllow: any client certificate of the cluster's CA, another node's among them, runs commands in the node's pods`,
          ),
        ]
      : [];
  const named = settingName(machine, kubeletArgs);
  const configuration = { layers: [{ document: extraConfig.value, named: settingName(machine, kubeletExtraConfig) }] };
  const findings = kubeletAuthorization(flags, ({ configDir }) => (configDir === undefined ? configuration : dropInsNotRead(configDir))).map(
    ({ message, evaluable, inFiles }) => talosFinding(machine, evaluable && !inFiles ? `${named}: ${message}` : message, !evaluable),
  );
  return [...opened, ...findings];
}

export default configurationPolicy(
  {
    id: "talos-authorization-enforced",
    title: "A Talos cluster's API servers and kubelets let no request through unauthorized",
    description: `Flags the machine configurations of a Talos cluster (the siderolabs/talos provider's talos_machine_configuration, or v0.1's talos_machine_configuration_controlplane and _worker, with the patches of the talos_machine_configuration_apply that applies it after its own) whose patches add AlwaysAllow to a control plane's API server (cluster.apiServer.extraArgs authorization-mode, which Talos adds to its own Node,RBAC), or let a kubelet accept anonymous requests, authorize every request or serve a read-only port that asks no one who they are: machine.kubelet.extraArgs anonymous-auth true, authorization-mode AlwaysAllow or read-only-port other than 0, which win over the configuration file Talos writes, or its readOnlyPort other than 0 in machine.kubelet.extraConfig (KubeletConfig's config from Talos 1.14), which Talos keeps (it refuses only the authentication and authorization written there; a later patch's 0 does not replace a port, as Talos's merge keeps a value over a zero), or machine.kubelet.skipNodeRegistration true, with which Talos writes that file with AlwaysAllow. cluster.apiServer.authorizationConfig admits only Node, RBAC and Webhook, and Talos keeps Node and RBAC there: it is not flagged. A kubelet drop-in folder (config-dir) or a patch known only at apply is not evaluable. ${configurationsRead}`,
    rationale:
      "With AlwaysAllow, any user or service account that reaches the API server is cluster-admin; a kubelet that lets anonymous or unauthorized requests through gives whoever reaches its port a shell in every pod of the node, pseudonymisation service and databases included. On Talos, a single line of a patch does either.",
    remediation:
      "Leave authorization-mode out of cluster.apiServer.extraArgs (or name Webhook alone beside Talos's Node,RBAC), and anonymous-auth and authorization-mode out of machine.kubelet.extraArgs; leave machine.kubelet.skipNodeRegistration unset on the cluster's machines.",
    severity: "critical",
    references: [
      cite("cis-kubernetes", "1.2.6-1.2.8"),
      cite("cis-kubernetes", "4.2.1-4.2.2"),
      cite("cis-kubernetes", "4.2.4"),
      cite("anssi", "PA-022 R39-R40"),
      cite("secnumcloud-3.2", "9.3.d-f"),
    ],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] => [
    ...talosControlPlanes(graph).flatMap((controlPlane) => judgedAcrossContracts(controlPlane, apiServerGaps)),
    ...talosMachines(graph).flatMap((machine) => judgedAcrossContracts(machine, kubeletGaps)),
  ],
);
