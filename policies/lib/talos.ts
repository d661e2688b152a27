import { parseAllDocuments } from "yaml";
import type { ResourceGraph } from "../engine/graph";
import type { ProviderRequirement, TfResource } from "../engine/model";
import { admitsNoneFrom } from "../../lib/version-constraint";
import type { Violation } from "../engine/policy";
import { userDataRead } from "./cloud-init";
import { instanceType } from "./openstack";
import { block, interpolationsIn, isMap, isUnknown, knownAfterApply, list, memoized } from "./values";

/**
 * Talos's machine configuration as the siderolabs/talos Terraform provider makes it: generated for a machine type,
 * then changed by its config patches in order (`config_patches`), those of a talos_machine_configuration_apply after
 * those of the configuration it applies. Read from siderolabs/talos at ad882317 (2026-08-21): a patch is a strategic
 * merge patch (documents of the configuration, which it merges into those of the same kind and name), else an RFC 6902
 * JSON patch, a list of operations (pkg/machinery/config/configpatcher, LoadPatch).
 */
const configurationTypes = {
  /**
   * The data source of provider v0.2 and later, and the ephemeral resource of v0.11 and later (pkg/talos/
   * talos_machine_configuration_ephemeral_resource.go, which keeps the configuration out of the state), for its machine_type.
   */
  talos_machine_configuration: undefined,
  /** Provider v0.1's resources, a control plane's and a worker's (docs/resources, v0.1.0). */
  talos_machine_configuration_controlplane: "controlplane",
  talos_machine_configuration_worker: "worker",
} as const;

/** The resource types that make a machine configuration. */
export const talosConfigurations = Object.keys(configurationTypes);

/** What a machine's configuration patches leave at a setting of its configuration: a value, nothing, or not known here. */
export type Patched = { readonly value: unknown } | { readonly notKnown: string; readonly written?: string };

/** The steps of an RFC 6901 JSON pointer (`/cluster/network/cni`), `~1` and `~0` read as `/` and `~`. */
const pointerSteps = (pointer: string): string[] =>
  pointer
    .split("/")
    .slice(1)
    .map((step) => step.replaceAll("~1", "/").replaceAll("~0", "~"));

/** How a strategic merge patch's value at a path merges over what is there (Talos's merge, or a field's own). */
export type Merge = (base: unknown, patch: unknown) => unknown;

/**
 * The value at `path` in the v1alpha1 configuration after the patches, from the generated configuration's value there
 * (`base`; undefined where the path is unset or its default is not read here): a strategic merge patch's document that
 * writes the path or one of its parents, merged over it (`merge`, Talos's by default: mergedAsTalos), or a JSON patch's
 * add, replace or remove there or below it. Not known: a patch known only at apply, one neither YAML nor a JSON patch, a
 * part of the path that is known only at apply, or an operation that moves or copies from or to there, or deletes it
 * ($patch: delete).
 */
export function patchedAt(patches: readonly unknown[], path: readonly string[], base?: unknown, merge: Merge = mergedAsTalos): Patched {
  const read = loadedPatches(patches);
  if (!("loaded" in read)) return read;
  let value = base;
  for (const [index, documents] of read.loaded.entries()) {
    const which = `config patch ${index + 1}`;
    const [first] = documents;
    if (documents.length === 1 && Array.isArray(first)) {
      for (const operation of first) {
        const op = isMap(operation) ? operation.op : undefined;
        const at = isMap(operation) && typeof operation.path === "string" ? pointerSteps(operation.path) : undefined;
        if (at === undefined) return { notKnown: `${which} holds an operation that is not one of a JSON patch` };
        const from = isMap(operation) && typeof operation.from === "string" ? pointerSteps(operation.from) : undefined;
        if (!agrees(at, path) && !(from && agrees(from, path))) continue;
        if (op === "test") continue;
        if ((op !== "add" && op !== "replace" && op !== "remove") || from)
          return { notKnown: `${which} ${String(op)}s ${String(operation.path)}, which is not read here` };
        const given = op === "remove" ? { value: undefined } : step(operation.value, at.length <= path.length ? path.slice(at.length) : []);
        if ("notKnown" in given) return { notKnown: `${which} ${given.notKnown}` };
        const set = at.length <= path.length ? given.value : withValueAt(value, at.slice(path.length), given.value, op === "add");
        if (set === notSet) return { notKnown: `${which} ${String(op)}s ${String(operation.path)}, which is not read here` };
        value = set;
      }
      continue;
    }
    for (const document of documents) {
      if (!isMap(document) || (document.version !== undefined && document.version !== "v1alpha1") || document.kind !== undefined) continue;
      const given = step(document, path);
      if ("notKnown" in given) return { notKnown: `${which} ${given.notKnown}` };
      value = merge(value, given.value);
    }
  }
  return isUnknown(JSON.stringify(value ?? null)) ? { notKnown: `${path.join(".")} is known only at apply` } : { value };
}

/** Whether two paths agree on the steps they both have: one is the other or holds it. */
const agrees = (one: readonly string[], other: readonly string[]): boolean => one.every((step, i) => i >= other.length || step === other[i]);

/** The value at a path of a structure, undefined where a step is missing; not known where a step is, or deletes ($patch). */
function step(value: unknown, path: readonly string[]): Patched {
  let at = value;
  for (const [i, key] of path.entries()) {
    if (isUnknown(at)) return { notKnown: `writes ${path.slice(0, i).join(".") || "the configuration"} known only at apply` };
    if (isMap(at) && at.$patch !== undefined) return { notKnown: `deletes ${path.slice(0, i).join(".")} ($patch), which is not read here` };
    at = isMap(at) ? at[key] : undefined;
  }
  return isMap(at) && at.$patch !== undefined ? { notKnown: `deletes ${path.join(".")} ($patch), which is not read here` } : { value: at };
}

/** What withValueAt gives where a step goes through a list in a way not read here. */
const notSet = Symbol("not set");

/**
 * A structure with the value at a path below it set (a JSON patch's add or replace), or removed where it is undefined:
 * a list's element by its index, an add before it (`-` appends); `notSet` where a step is neither a map's key nor a
 * list's index.
 */
function withValueAt(base: unknown, path: readonly string[], value: unknown, inserts: boolean): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  if (Array.isArray(base)) {
    const index = key === "-" ? base.length : /^\d+$/.test(key) ? Number(key) : -1;
    if (index < 0 || index > base.length) return notSet;
    const below = withValueAt(base[index], rest, value, inserts);
    if (below === notSet) return notSet;
    const out = [...base];
    if (rest.length === 0 && inserts) out.splice(index, 0, below);
    else if (below === undefined) out.splice(index, 1);
    else out[index] = below;
    return out;
  }
  const out: Record<string, unknown> = isMap(base) ? { ...base } : {};
  const below = withValueAt(out[key], rest, value, inserts);
  if (below === notSet) return notSet;
  if (below === undefined) delete out[key];
  else out[key] = below;
  return out;
}

/**
 * The patches as Talos loads them, each a list of documents, or why one cannot be read; parsed once for a machine's
 * list, which every setting read and every policy shares (the documents are read, never changed).
 */
const loadedPatches = memoized((patches: readonly unknown[]): { readonly loaded: unknown[][] } | Patched => {
  const loaded: unknown[][] = [];
  for (const [index, patch] of patches.entries()) {
    const which = `config patch ${index + 1}`;
    if (typeof patch !== "string") return { notKnown: `${which} is not a text` };
    if (interpolationsIn(patch)[0] === patch.trim()) return { notKnown: `${which} is known only at apply`, written: patch };
    const documents = parseAllDocuments(patch);
    if (documents.some((document) => document.errors.length > 0)) return { notKnown: `${which} is not YAML Talos reads` };
    const read = documents.map((document) => document.toJS() as unknown);
    if (read.length === 1 && isUnknown(read[0])) return { notKnown: `${which} is known only at apply`, written: patch };
    loaded.push(read);
  }
  return { loaded };
});

/** A document of Talos 1.14's Kubernetes configuration: its kind, and its name where documents of the kind are named. */
export interface TalosDocument {
  readonly kind: string;
  readonly name?: string;
}

/**
 * The value at `field` of a document of the multi-document configuration after the patches, from the generated
 * document's value there (`base`; undefined where Talos generates no such document): a patch's document of the same
 * kind and name merged over it (`merge`, Talos's by default), one that deletes it (`$patch: delete`) removing it, one
 * where none is there added (configpatcher, StrategicMerge). Not known: a patch known only at apply or not YAML, a JSON
 * patch (which Talos refuses for a configuration of several documents: configpatcher, JSON6902), or a part of the
 * field known only at apply.
 */
export function documentPatchedAt(
  patches: readonly unknown[],
  { kind, name }: TalosDocument,
  field: readonly string[],
  base?: unknown,
  merge: Merge = mergedAsTalos,
): Patched {
  const read = loadedPatches(patches);
  if (!("loaded" in read)) return read;
  let value = base;
  for (const [index, documents] of read.loaded.entries()) {
    if (documents.length === 1 && Array.isArray(documents[0]))
      return {
        notKnown: `config patch ${index + 1} is a JSON patch, which Talos refuses for the configuration of several documents it generates from 1.14 on`,
      };
    for (const document of documents) {
      if (!isMap(document) || document.kind !== kind || (name !== undefined && document.name !== name)) continue;
      if (document.$patch === "delete") {
        value = undefined;
        continue;
      }
      const given = step(document, field);
      if ("notKnown" in given) return { notKnown: `config patch ${index + 1} ${given.notKnown}` };
      value = merge(value, given.value);
    }
  }
  return isUnknown(JSON.stringify(value ?? null)) ? { notKnown: `${[kind, ...field].join(" ")} is known only at apply` } : { value };
}

/**
 * Which configuration Talos generates for a machine: the v1alpha1 document that holds the Kubernetes settings, or, from
 * Talos 1.14 on, documents of their own (KubeAPIServerConfig, KubeletConfig, ...), which take their place and with
 * which a patch of the v1alpha1 settings conflicts (pkg/machinery/config/contract.go,
 * MultidocKubernetesConfigSupported; generate/kubernetes.go; container.go).
 */
export type TalosContract = "v1alpha1" | "multidoc";

/**
 * Settings of the v1alpha1 configuration that the documents Talos 1.14 generates for every machine refuse beside them
 * (types/k8s: apiserver.go, network.go, node.go, kubelet.go, V1Alpha1ConflictValidate).
 */
const refusedBesideDocuments = [
  ["cluster", "apiServer"],
  ["cluster", "controlPlane"],
  ["cluster", "network"],
  ["machine", "kubelet"],
  ["machine", "nodeLabels"],
  ["machine", "nodeTaints"],
  ["machine", "nodeAnnotations"],
] as const;

/** The kinds of Talos 1.14's Kubernetes configuration documents (pkg/machinery/config/types/k8s). */
const kubernetesDocument = /^Kube[A-Za-z]*Config$/;

/** Whether documents hold one of the Kubernetes documents of Talos 1.14's configuration. */
const holdsKubernetesDocuments = (documents: readonly unknown[]): boolean =>
  documents.some((document) => isMap(document) && typeof document.kind === "string" && kubernetesDocument.test(document.kind));

/**
 * The first release of the siderolabs/talos provider built on Talos 1.14's machinery (v0.12.0-alpha.0, whose go.mod
 * takes pkg/machinery v1.14.0-alpha.0): each before it generates the v1alpha1 configuration of its own Talos release
 * where talos_version is not set (v0.7.1 on 1.9.2, v0.11.0 on 1.13.0).
 */
const firstDocumentsProvider = "0.12.0-alpha.0";

/**
 * The contract the provider generates where talos_version is not set, as the versions the configuration lets it take
 * tell: v1alpha1 where a constraint on the siderolabs/talos provider (required_providers, or the version the dependency
 * lock file records) admits none from firstDocumentsProvider on, as Terraform takes a version every constraint admits.
 */
function providerContract(requirements: readonly ProviderRequirement[] | undefined): TalosContract | undefined {
  const talos = (requirements ?? []).filter(({ name, source }) => name === "talos" && (source === undefined || /(?:^|\/)siderolabs\/talos$/i.test(source)));
  return talos.some(({ version }) => version !== undefined && admitsNoneFrom(version, firstDocumentsProvider)) ? "v1alpha1" : undefined;
}

/**
 * The contract of a configuration: that of its talos_version (1.14 or later, the documents); v0.1's resources', the
 * v1alpha1 one; where talos_version is not set or not known here, the provider's own Talos release decides, which the
 * provider's version may tell (providerContract), else the patches tell which they are written for (documents of the Kubernetes
 * configuration; a JSON patch, or a v1alpha1 setting the generated documents refuse beside them: refusedBesideDocuments),
 * else it is not known.
 */
function contractOf(configuration: TfResource, patches: readonly unknown[], byProvider: TalosContract | undefined): TalosContract | undefined {
  if (configurationTypes[configuration.type as keyof typeof configurationTypes] !== undefined) return "v1alpha1";
  const version = configuration.values.talos_version;
  const release = typeof version === "string" && !isUnknown(version) ? /^v?(\d+)\.(\d+)/.exec(version) : null;
  if (release) return Number(release[1]) > 1 || Number(release[2]) >= 14 ? "multidoc" : "v1alpha1";
  // A talos_version known only at apply may name no later release than the provider's machinery generates.
  if (byProvider !== undefined) return byProvider;
  const read = loadedPatches(patches);
  if (!("loaded" in read)) return undefined;
  const documents = read.loaded.flat();
  if (holdsKubernetesDocuments(documents)) return "multidoc";
  const writesV1alpha1 = read.loaded.some(
    (patch) =>
      (patch.length === 1 && Array.isArray(patch[0])) ||
      patch.some(
        (document) =>
          isMap(document) && document.kind === undefined && refusedBesideDocuments.some(([section, key]) => block(document[section])?.[key] !== undefined),
      ),
  );
  return writesV1alpha1 ? "v1alpha1" : undefined;
}

/**
 * A patch's value merged over what is there as Talos merges its configuration (pkg/machinery/config/merge, Merge): maps
 * key by key, lists appended, a zero value (nothing, the empty string, 0) leaving what is there, anything else
 * (false among them) replacing it.
 */
export function mergedAsTalos(base: unknown, patch: unknown): unknown {
  if (patch === undefined || patch === null || patch === "" || patch === 0) return base;
  if (Array.isArray(patch)) return Array.isArray(base) ? [...base, ...patch] : patch;
  if (!isMap(patch) || !isMap(base)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = mergedAsTalos(base[key], value);
  return out;
}

/**
 * The admission plugins' configuration Talos generates for a control plane (cluster.apiServer.admissionControl, Talos
 * 1.1 and later: VersionContract.PodSecurityAdmissionEnabled): the PodSecurity plugin's, enforcing baseline and
 * exempting kube-system alone (pkg/machinery/config/types/k8s/admission_control.go,
 * DefaultPodSecurityAdmissionControlConfig).
 */
export const generatedAdmissionControl = [
  {
    name: "PodSecurity",
    configuration: {
      apiVersion: "pod-security.admission.config.k8s.io/v1alpha1",
      kind: "PodSecurityConfiguration",
      defaults: {
        enforce: "baseline",
        "enforce-version": "latest",
        audit: "restricted",
        "audit-version": "latest",
        warn: "restricted",
        "warn-version": "latest",
      },
      exemptions: { usernames: [], runtimeClasses: [], namespaces: ["kube-system"] },
    },
  },
];

/**
 * A field Talos merges with `merge:"replace"` (v1alpha1 APIServerConfig.AuditPolicyConfig): a patch's value, unless it
 * is nothing or an empty map, takes the place of what is there.
 */
export const replacedAsTalos = (base: unknown, patch: unknown): unknown =>
  patch === undefined || patch === null || (isMap(patch) && Object.keys(patch).length === 0) ? base : patch;

/** A flag's values in the API server's extra arguments (a text, or a list of texts, each of values separated by commas). */
export const extraArgValues = (args: unknown, name: string): string[] =>
  list(isMap(args) ? args[name] : undefined).flatMap((value) => String(value).split(","));

/**
 * A patch's admission plugins merged over those there as Talos merges them (v1alpha1 AdmissionPluginConfigList.Merge):
 * a plugin named there merged with Talos's merge (mergedAsTalos: its configuration's lists appended), another added.
 */
export function mergedByName(base: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) return mergedAsTalos(base, patch);
  const out = Array.isArray(base) ? [...base] : [];
  for (const plugin of patch) {
    const at = isMap(plugin) ? out.findIndex((there) => isMap(there) && there.name === plugin.name) : -1;
    if (at < 0) out.push(plugin);
    else out[at] = mergedAsTalos(out[at], plugin);
  }
  return out;
}

/** A Talos machine configuration, with the patches that make it, and the resource a finding is about. */
export interface TalosMachine {
  readonly about: TfResource;
  readonly patches: readonly unknown[];
  /**
   * Why what the machine runs with is not known here, and what stands for it as written: a list of patches known only
   * at apply, or a configuration applied that no Talos configuration of this check makes (notMadeHere).
   */
  readonly notKnown?: { readonly why: string; readonly written?: string };
  /** The machine type as given: `controlplane`, `worker`, or a value known only at apply. */
  readonly machineType: unknown;
  /** The configuration Talos generates for it; undefined where that is not known here (judgedAcrossContracts). */
  readonly contract?: TalosContract;
  /** Set where its configuration is written out whole (an instance's user data), its one patch: nothing generated is under it. */
  readonly writtenOut?: true;
}

/** A control plane's machine configuration; `typeNotKnown` where its machine type is known only at apply, so that it may be a worker's. */
export interface TalosControlPlane extends TalosMachine {
  readonly typeNotKnown?: true;
}

/** The patches resources give (config_patches), in order, or the list as written where one gives a list known only at apply. */
function patchesOf(...resources: TfResource[]): Pick<TalosMachine, "patches" | "notKnown"> {
  const given = resources.map((resource) => resource.values.config_patches);
  const notKnown = given.find(isUnknown);
  return typeof notKnown === "string"
    ? { patches: [], notKnown: { why: "the config patches are known only at apply", written: notKnown } }
    : { patches: given.flatMap(list) };
}

/**
 * The resources that apply a machine configuration to a node, with the arguments that give it: a
 * talos_machine_configuration_apply (machine_configuration_input, its write-only twin, or v0.1's machine_configuration),
 * which adds its own patches, and provider v0.12's talos_machine (docs/resources/machine.md), which applies it as given.
 */
const appliers: Readonly<Record<string, readonly string[]>> = {
  talos_machine_configuration_apply: ["machine_configuration_input", "machine_configuration_input_wo", "machine_configuration"],
  talos_machine: ["machine_configuration", "machine_configuration_wo"],
};

/** The machine configuration a resource of appliers applies, as given. */
const appliedInput = (applier: TfResource): unknown =>
  (appliers[applier.type] ?? []).map((argument) => applier.values[argument]).find((value) => value !== undefined);

/**
 * Why the configuration a resource applies is not known here, where no Talos configuration of this check makes it: one
 * a value known only at apply gives (a variable, a module's output, a file), one written out, or none given, as in a
 * plan, which holds no write-only value (machine_configuration_input_wo is null there, and the ephemeral resource that
 * gives it absent: Terraform's internal/command/jsonconfig marshals managed and data resources alone).
 */
function notMadeHere(input: unknown): TalosMachine["notKnown"] {
  if (typeof input === "string" && isUnknown(input))
    return { why: "the machine configuration it applies is not made by a Talos configuration read here", written: input };
  if (typeof input === "string") return { why: "the machine configuration it applies is written out, not made by a Talos configuration read here" };
  return { why: "the machine configuration it applies is not given here (a plan holds no write-only argument)" };
}

/**
 * The machine configurations a configuration makes: each judged as each talos_machine_configuration_apply that
 * applies it (machine_configuration_input, or its write-only twin) makes it, with that resource's patches after its
 * own, or, where none does, as it is made (given to an instance as its user data, applied by a talos_machine, written
 * out); and, for a resource of appliers that applies a configuration none of these makes, a machine whose settings are
 * not known (notMadeHere), as for an instance whose user data writes one out (writtenOutIn).
 */
export const talosMachines = (graph: ResourceGraph): TalosMachine[] => graph.cached("talos/machines", () => machinesOf(graph));

function machinesOf(graph: ResourceGraph): TalosMachine[] {
  // What each resource of appliers applies, read once.
  const appliedBy = new Map(graph.ofType(Object.keys(appliers)).map((applier) => [applier, graph.targetsOf(appliedInput(applier), applier)]));
  const byProvider = providerContract(graph.configuration.providerRequirements);
  const made = graph.ofType(talosConfigurations).flatMap((configuration): TalosMachine[] => {
    const machineType = configurationTypes[configuration.type as keyof typeof configurationTypes] ?? configuration.values.machine_type;
    const applying = [...appliedBy]
      .filter(([applier, targets]) => applier.type === "talos_machine_configuration_apply" && targets.includes(configuration))
      .map(([apply]) => apply);
    const machine = (about: TfResource, patches: Pick<TalosMachine, "patches" | "notKnown">): TalosMachine => {
      const contract = contractOf(configuration, patches.patches, byProvider);
      return { about, ...patches, machineType, ...(contract ? { contract } : {}) };
    };
    if (applying.length === 0) return [machine(configuration, patchesOf(configuration))];
    return applying.map((apply) => machine(apply, patchesOf(configuration, apply)));
  });
  // What applies a configuration made elsewhere: what its machine runs with is not known, nor whether it is a control plane.
  const elsewhere = [...appliedBy]
    .filter(([, targets]) => !targets.some((target) => talosConfigurations.includes(target.type)))
    .map(([applier]): TalosMachine => ({ about: applier, patches: [], notKnown: notMadeHere(appliedInput(applier)), machineType: knownAfterApply }));
  const writtenOut = graph.ofType([instanceType]).flatMap((instance) => writtenOutIn(instance) ?? []);
  return [...made, ...elsewhere, ...writtenOut];
}

/**
 * The machine an instance's user data configures with a Talos machine configuration written out (as talosctl gen config
 * writes it: the v1alpha1 document, `version: v1alpha1` with a `machine` section, and from 1.14 the documents beside
 * it), which Talos reads at boot from the config drive or the metadata service (siderolabs/talos,
 * internal/app/machined/pkg/runtime/v1alpha1/platform/openstack/openstack.go, Configuration: the user data): its
 * documents are the configuration, read as one patch over nothing generated (writtenOut), its type from it (`init`,
 * the first control plane of releases before 1.0, is a control plane's), its contract from its documents.
 */
function writtenOutIn(instance: TfResource): TalosMachine | undefined {
  const text = userDataRead(instance).text;
  if (text === undefined || !text.includes("v1alpha1")) return undefined;
  // Read as the patches are (loadedPatches), once for every judgement of it.
  const patches = [text];
  const read = loadedPatches(patches);
  const documents = "loaded" in read ? read.loaded[0]! : [];
  const configuration = documents.find((document) => isMap(document) && document.version === "v1alpha1");
  const machine = isMap(configuration) ? block(configuration.machine) : undefined;
  if (!machine) return undefined;
  const machineType = machine.type === "init" ? "controlplane" : (machine.type ?? knownAfterApply);
  return { about: instance, patches, machineType, contract: holdsKubernetesDocuments(documents) ? "multidoc" : "v1alpha1", writtenOut: true };
}

/** The control planes' machine configurations (talosMachines): those of machine type `controlplane`, or of one not known here. */
export const talosControlPlanes = (graph: ResourceGraph): TalosControlPlane[] =>
  talosMachines(graph).flatMap((machine) =>
    isUnknown(machine.machineType) ? [{ ...machine, typeNotKnown: true as const }] : machine.machineType === "controlplane" ? [machine] : [],
  );

/** Where a machine's settings are written: its patches (config_patches), or the user data of an instance that writes its configuration out. */
export const settingsPath = ({ about }: TalosMachine): string => (about.type === instanceType ? "user_data" : "config_patches");

/** A finding on a machine's configuration, at its patches; not evaluable for a control plane whose machine type is not known. */
export const talosFinding = (machine: TalosControlPlane, message: string, notKnown = false, written?: string): Violation => ({
  address: machine.about.address,
  path: settingsPath(machine),
  ...(written === undefined ? {} : { notKnown: written }),
  message: machine.typeNotKnown && !notKnown ? `${message}, if the machine type, known only at apply, is a control plane's` : message,
  ...(notKnown || machine.typeNotKnown ? { outcome: "cannot-evaluate" as const } : {}),
});

/** A machine's findings that what a policy judges (`what`) cannot be told, for a reason, with the value not known as written where it is one. */
export const cannotTell =
  (machine: TalosMachine, what: string) =>
  (why: string, written?: string): Violation[] => [talosFinding(machine, `${why}: ${what} cannot be told`, true, written)];
