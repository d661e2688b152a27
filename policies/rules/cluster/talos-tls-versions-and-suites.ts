import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { dropInsNotRead } from "../../lib/kubelet-config";
import { flagsTls, kubeletTls, kubeletTlsFlags, tlsFlags } from "../../lib/kubernetes-tls";
import { cannotTell, type TalosControlPlane, talosControlPlanes, talosFinding, talosMachines } from "../../lib/talos";
import {
  argCopies,
  type ContractedMachine,
  configurationsRead,
  controllerManagerArgs,
  fieldsAt,
  flagsAt,
  judgedAcrossContracts,
  kubeletArgs,
  kubeletExtraConfig,
  schedulerArgs,
  settingName,
  type TalosSetting,
} from "../../lib/talos-settings";

/**
 * The TLS Talos gives its Kubernetes components, read in siderolabs/talos at ad882317: the kubelet, the controller
 * manager and the scheduler speak TLS 1.3 only unless told otherwise (internal/app/machined/pkg/controllers/k8s:
 * kubelet_spec.go, NewKubeletConfiguration, sets the kubelet's TLSMinVersion to VersionTLS13 where extraConfig sets
 * none; control_plane_final.go gives the controller manager and the scheduler tls-min-version VersionTLS13, which their
 * extraArgs replace). The API server's tls-min-version is VersionTLS13 and its extraArgs may not replace it
 * (MergeDenied), nor may etcd's (etcd.go, a deny list): they offer no suite, and are not judged.
 */
const talosMinVersion = "VersionTLS13";

/** What a machine's kubelet accepts: its flags (extraArgs), over its configuration (extraConfig), over Talos's TLS 1.3. */
function kubeletGaps(machine: ContractedMachine): Violation[] {
  const notKnown = cannotTell(machine, "what the kubelet accepts");
  const args = flagsAt(machine, kubeletArgs, kubeletTlsFlags);
  if ("notKnown" in args) return notKnown(args.notKnown, args.written);
  const extraConfig = fieldsAt(machine, kubeletExtraConfig, ["tlsMinVersion", "tlsCipherSuites"]);
  if ("notKnown" in extraConfig) return notKnown(extraConfig.notKnown, extraConfig.written);
  const named = settingName(machine, kubeletArgs);
  const configuration = { layers: [{ document: extraConfig.value, named: settingName(machine, kubeletExtraConfig) }] };
  return kubeletTls(argCopies(args.value), ({ configDir }) => (configDir === undefined ? configuration : dropInsNotRead(configDir)), talosMinVersion).map(
    ({ message, evaluable, inFiles }) => talosFinding(machine, evaluable && !inFiles ? `${named}: ${message}` : message, !evaluable),
  );
}

/** The control plane components whose TLS flags a patch may change, and the setting that holds them. */
const controlPlaneComponents: readonly (readonly [string, TalosSetting])[] = [
  ["kube-controller-manager", controllerManagerArgs],
  ["kube-scheduler", schedulerArgs],
];

/**
 * What a control plane's controller manager and scheduler accept: their flags (extraArgs), over Talos's TLS 1.3; one
 * finding for both where the same patch leaves them untold.
 */
function controlPlaneGaps(controlPlane: ContractedMachine<TalosControlPlane>): Violation[] {
  const untold = new Map<string, { readonly written?: string; readonly components: string[] }>();
  const found = controlPlaneComponents.flatMap(([component, setting]) => {
    const args = flagsAt(controlPlane, setting, tlsFlags);
    if ("notKnown" in args) {
      const entry = untold.get(args.notKnown) ?? { ...(args.written === undefined ? {} : { written: args.written }), components: [] };
      untold.set(args.notKnown, { ...entry, components: [...entry.components, component] });
      return [];
    }
    const named = settingName(controlPlane, setting);
    return flagsTls(component, argCopies(args.value), talosMinVersion).map(({ message }) => talosFinding(controlPlane, `${named}: ${message}`));
  });
  return [
    ...[...untold].flatMap(([why, { written, components }]) => cannotTell(controlPlane, `what ${components.join(" and ")} accept`)(why, written)),
    ...found,
  ];
}

export default configurationPolicy(
  {
    id: "talos-tls-versions-and-suites",
    title: "A Talos cluster's kubelets, controller managers and schedulers offer only TLS 1.2 and 1.3, with forward-secret AEAD suites",
    description: `Flags the machine configurations of a Talos cluster (the siderolabs/talos provider's talos_machine_configuration, or v0.1's talos_machine_configuration_controlplane and _worker, with the patches of the talos_machine_configuration_apply that applies it after its own) whose patches give a kubelet, a controller manager or a scheduler a TLS version below 1.2 or, below 1.3, a suite outside the ANSSI's (ephemeral ECDHE with AES-GCM or ChaCha20-Poly1305, Go's names): machine.kubelet.extraArgs tls-min-version or tls-cipher-suites, which win over the kubelet's configuration, else its tlsMinVersion and tlsCipherSuites in machine.kubelet.extraConfig (KubeletConfig's extraArgs and config from Talos 1.14), and cluster.controllerManager.extraArgs and cluster.scheduler.extraArgs (KubeControllerManagerConfig's and KubeSchedulerConfig's extraArgs). Talos gives each TLS 1.3 only where nothing says otherwise, and then the suites are none it offers; the API server's and etcd's minimum version is Talos's, which patches may not change. A kubelet drop-in folder (config-dir) or a patch known only at apply is not evaluable. ${configurationsRead}`,
    rationale:
      "TLS 1.0 and 1.1, static RSA key exchange and CBC suites with SHA-1 are the weaknesses the ANSSI's TLS recommendations exclude: a kubelet that still offers them can be made to use them by anyone on the path to the node, and the kubelet's port serves the logs and exec of every pod on it.",
    remediation:
      "Leave tls-min-version and tls-cipher-suites out of the kubelet's, the controller manager's and the scheduler's extraArgs and tlsMinVersion out of the kubelet's extraConfig (Talos's TLS 1.3 stands), or set VersionTLS12 with the accepted suites.",
    severity: "high",
    references: [cite("anssi", "TLS R3-R30"), cite("secnumcloud-3.2", "10.2.a")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph }): Violation[] => [
    ...talosControlPlanes(graph).flatMap((controlPlane) => judgedAcrossContracts(controlPlane, controlPlaneGaps)),
    ...talosMachines(graph).flatMap((machine) => judgedAcrossContracts(machine, kubeletGaps)),
  ],
);
