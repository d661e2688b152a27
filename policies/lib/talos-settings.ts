import type { Violation } from "../engine/policy";
import { isMap, list } from "./values";
import { documentPatchedAt, type Merge, type Patched, patchedAt, replacedAsTalos, type TalosContract, type TalosDocument, type TalosMachine } from "./talos";

/**
 * A setting of a Talos machine's Kubernetes components: where the v1alpha1 configuration holds it, the document and
 * field that hold it in its place from Talos 1.14 on (pkg/machinery/config/types/k8s), and how a patch's value merges
 * there (Talos's merge unless said).
 */
export interface TalosSetting {
  readonly v1alpha1: readonly string[];
  readonly document: TalosDocument;
  readonly field: readonly string[];
  readonly merge?: Merge;
  /** Set where Talos generates no such document: without one, the v1alpha1 setting holds (container.go, the v1alpha1 fallback). */
  readonly v1alpha1WithoutDocument?: true;
  /**
   * Set where Talos itself takes the generated value when the v1alpha1 configuration leaves the setting out, so that a
   * configuration written out whole is read against it as well.
   */
  readonly v1alpha1Default?: true;
}

/** The API server's flags (each a text or a list of texts), over Talos's own, read flag by flag (flagsAt). */
export const apiServerArgs: TalosSetting = {
  v1alpha1: ["cluster", "apiServer", "extraArgs"],
  document: { kind: "KubeAPIServerConfig" },
  field: ["extraArgs"],
};

export const apiServerImage: TalosSetting = { v1alpha1: ["cluster", "apiServer", "image"], document: { kind: "KubeAPIServerConfig" }, field: ["image"] };

/**
 * The API server's audit policy, which a patch replaces whole (merge:"replace"); left out of the v1alpha1
 * configuration, Talos takes its default one (pkg/machinery/config/types/v1alpha1/v1alpha1_apiserverconfig.go,
 * AuditPolicy).
 */
export const auditPolicy: TalosSetting = {
  v1alpha1: ["cluster", "apiServer", "auditPolicy"],
  document: { kind: "KubeAuditPolicyConfig" },
  field: ["configuration"],
  merge: replacedAsTalos,
  v1alpha1Default: true,
};

/** The kubelet's flags, over Talos's own, read flag by flag (flagsAt). */
export const kubeletArgs: TalosSetting = {
  v1alpha1: ["machine", "kubelet", "extraArgs"],
  document: { kind: "KubeletConfig" },
  field: ["extraArgs"],
};

/** The controller manager's flags, over Talos's own (control_plane_final.go: tls-min-version VersionTLS13, which they may replace). */
export const controllerManagerArgs: TalosSetting = {
  v1alpha1: ["cluster", "controllerManager", "extraArgs"],
  document: { kind: "KubeControllerManagerConfig" },
  field: ["extraArgs"],
};

/** The scheduler's flags, over Talos's own (control_plane_final.go: tls-min-version VersionTLS13, which they may replace). */
export const schedulerArgs: TalosSetting = {
  v1alpha1: ["cluster", "scheduler", "extraArgs"],
  document: { kind: "KubeSchedulerConfig" },
  field: ["extraArgs"],
};

/**
 * The kubelet's configuration over the one Talos writes (extraConfig; KubeletConfig's config from Talos 1.14), read
 * field by field (fieldsAt): Talos refuses its authentication and authorization, and keeps the rest, readOnlyPort
 * among them (pkg/machinery/kubelet, ProtectedConfigurationFields; kubelet_spec.go, NewKubeletConfiguration).
 */
export const kubeletExtraConfig: TalosSetting = {
  v1alpha1: ["machine", "kubelet", "extraConfig"],
  document: { kind: "KubeletConfig" },
  field: ["config"],
};

export const kubeletImage: TalosSetting = { v1alpha1: ["machine", "kubelet", "image"], document: { kind: "KubeletConfig" }, field: ["image"] };

export const skipNodeRegistration: TalosSetting = {
  v1alpha1: ["machine", "kubelet", "skipNodeRegistration"],
  document: { kind: "KubeNodeConfig" },
  field: ["skipNodeRegistration"],
};

/** A machine whose contract is known, as judgedAcrossContracts gives it to a judgement. */
export type ContractedMachine<M extends TalosMachine = TalosMachine> = M & { readonly contract: TalosContract };

/** Why a machine's settings are not known here (TalosMachine.notKnown), as a setting read says it. */
const notKnownOf = ({ why, written }: NonNullable<TalosMachine["notKnown"]>): Patched =>
  written === undefined ? { notKnown: why } : { notKnown: why, written };

/**
 * What a machine's patches leave at a setting (`read`), or why its settings are not known; a configuration an
 * instance's user data writes out (writtenOut) is its one patch, named so where it is not known.
 */
function machineAt(machine: TalosMachine, read: () => Patched): Patched {
  if (machine.notKnown !== undefined) return notKnownOf(machine.notKnown);
  const patched = read();
  return machine.writtenOut && "notKnown" in patched ? { ...patched, notKnown: patched.notKnown.replace(/^config patch 1\b/, writtenOutSaid) } : patched;
}

/** How a message names the configuration an instance's user data writes out. */
export const writtenOutSaid = "the Talos machine configuration the instance's user data writes out";

/**
 * What a machine's patches leave at a path of its v1alpha1 configuration (patchedAt), whatever its contract. Written
 * out whole (writtenOut), the document is what Talos reads, over nothing generated: a setting it leaves out is Talos's
 * own default where it has one (`baseIsTalosDefault`: the audit policy) and none else (no admission plugin, no
 * encryption secret: pkg/machinery/config/types/v1alpha1).
 */
export const v1alpha1At = (machine: TalosMachine, path: readonly string[], base?: unknown, merge?: Merge, baseIsTalosDefault = false): Patched =>
  machineAt(machine, () => patchedAt(machine.patches, path, machine.writtenOut && !baseIsTalosDefault ? undefined : base, merge));

/**
 * What a machine's patches leave at a field of a document of Talos 1.14's configuration (documentPatchedAt); written
 * out whole, what Talos does where the file leaves out a document it generates (`base`) is not read here.
 */
export const documentAt = (machine: TalosMachine, document: TalosDocument, field: readonly string[], base?: unknown, merge?: Merge): Patched =>
  machineAt(machine, () =>
    machine.writtenOut && base !== undefined
      ? { notKnown: `${writtenOutSaid} is not read for a document Talos generates` }
      : documentPatchedAt(machine.patches, document, field, base, merge),
  );

/**
 * What a machine's patches leave at a setting: in the v1alpha1 configuration or in the document of the multi-document
 * one, from the generated value (`base`, the same in both); for a setting whose document Talos does not generate, in
 * the v1alpha1 configuration where no patch gives the document.
 */
export function settingAt(machine: ContractedMachine, setting: TalosSetting, base?: unknown): Patched {
  const inDocument = () => documentAt(machine, setting.document, setting.field, base, setting.merge);
  if (machine.contract === "v1alpha1") return v1alpha1At(machine, setting.v1alpha1, base, setting.merge, setting.v1alpha1Default);
  if (!setting.v1alpha1WithoutDocument) return inDocument();
  const document = documentAt(machine, setting.document, []);
  return "notKnown" in document || document.value !== undefined ? inDocument() : v1alpha1At(machine, setting.v1alpha1, base, setting.merge);
}

/**
 * The fields a policy reads (`names`) of a map setting, each as the patches leave it (merged as `merge` says), as a map
 * of those set: a field read is not known where its own value is not, and another field known only at apply (a node's
 * provider-id from its instance) takes nothing from them, as reading the whole map would.
 */
export function fieldsAt(machine: ContractedMachine, setting: TalosSetting, names: readonly string[], merge?: Merge): Patched {
  const fields: Record<string, unknown> = {};
  for (const name of names) {
    const field = settingAt(machine, { ...setting, v1alpha1: [...setting.v1alpha1, name], field: [...setting.field, name], ...(merge ? { merge } : {}) });
    if ("notKnown" in field) return field;
    if (field.value !== undefined) fields[name] = field.value;
  }
  return { value: fields };
}

/**
 * The flags a policy reads of a component's extraArgs (apiServerArgs, kubeletArgs), as fieldsAt reads them: a patch
 * naming a flag takes its value whole, the others stay (pkg/machinery/config/types/meta, Args.Merge).
 */
export const flagsAt = (machine: ContractedMachine, setting: TalosSetting, names: readonly string[]): Patched =>
  fieldsAt(machine, setting, names, replacedAsTalos);

/** A component's flags as a list of the copies Talos passes of each (argsbuilder: one per value of a list). */
export const argCopies = (args: unknown): Map<string, string[]> =>
  new Map(Object.entries(isMap(args) ? args : {}).map(([flag, value]) => [flag, list(value).map(String)]));

/** How a finding names a setting: its path in the v1alpha1 configuration, or its document's kind and field. */
export const settingName = ({ contract }: ContractedMachine, { v1alpha1, document, field }: TalosSetting): string =>
  contract === "v1alpha1" ? v1alpha1.join(".") : [document.kind, document.name, field.join(".")].filter(Boolean).join(" ");

/**
 * How the Talos policies' descriptions say what they read: the configuration of which release, and of a machine a
 * talos_machine_configuration_apply or a talos_machine applies whose configuration no Talos configuration read here makes.
 */
export const configurationsRead =
  "From Talos 1.14 on (talos_version 1.14 or later, or patches written as its documents), the same settings are read in the documents of the Kubernetes configuration that take the v1alpha1 ones' place (KubeAPIServerConfig, KubeletConfig, KubeNodeConfig, KubeAuditPolicyConfig, KubeAdmissionControlConfig, KubeFlannelCNIConfig); a provider before v0.12 (its version constraint or lock file) generates the v1alpha1 configuration where talos_version is not set; where the release is not known (talos_version not set, no such provider version, and no patch of a Kubernetes setting), a finding that holds under one release alone is not evaluable. A talos_machine_configuration_apply, or provider v0.12's talos_machine, of a configuration made elsewhere (given by a variable or a module not read here, written out, or absent from a plan, which holds no write-only value) is not evaluable. An instance whose user data writes out a Talos machine configuration (the v1alpha1 document, which Talos reads at boot; its machine type tells whether the control plane's checks apply) is read as the machine runs it, with nothing generated under it: a v1alpha1 setting the file leaves out is Talos's own default where it has one (the audit policy) and none else (no admission configuration, no encryption secret); a document of Talos 1.14 the file leaves out is not evaluable.";

const contractNames: Record<TalosContract, string> = { v1alpha1: "a Talos release before 1.14", multidoc: "Talos 1.14 or later" };

/**
 * A machine judged (`judge`) as Talos makes it: under its contract, or, where that is not known (talos_version not set or not known here,
 * and patches that write no Kubernetes setting), under each, a finding of one alone not evaluable, as it holds only
 * where the provider generates that release's configuration.
 */
export function judgedAcrossContracts<M extends TalosMachine>(machine: M, judge: (machine: ContractedMachine<M>) => Violation[]): Violation[] {
  if (machine.contract !== undefined) return judge(machine as ContractedMachine<M>);
  const key = ({ path, message, outcome }: Violation) => `${path}\0${message}\0${outcome ?? ""}`;
  const [older, newer] = (["v1alpha1", "multidoc"] as const).map((contract) => judge({ ...machine, contract }));
  const inOlder = new Set(older!.map(key));
  const inNewer = new Set(newer!.map(key));
  const onlyUnder = (contract: TalosContract) => (violation: Violation) =>
    violation.outcome === "cannot-evaluate"
      ? violation
      : {
          ...violation,
          message: `${violation.message}, where the provider generates the configuration of ${contractNames[contract]} (a talos_version known here would say which)`,
          outcome: "cannot-evaluate" as const,
        };
  return [
    ...older!.map((violation) => (inNewer.has(key(violation)) ? violation : onlyUnder("v1alpha1")(violation))),
    ...newer!.filter((violation) => !inOlder.has(key(violation))).map(onlyUnder("multidoc")),
  ];
}
