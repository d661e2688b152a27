import { asClassesMakeThem } from "./cluster-class";
import { parseKubernetesYaml, parseKubernetesYamlDocuments } from "./go-yaml";
import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { lineInValue, type Violation } from "../engine/policy";
import { withV1 } from "./kubernetes";
import {
  blocks,
  hasUnknownItem,
  isMap,
  isUnknown,
  list,
  literalString,
  type LooseObject,
  memoized,
  pathSegments,
  segmentsPath,
  unknownsWritten,
  unrecorded,
} from "./values";
import { lineInYaml } from "./yaml-lines";
import { groupedBy } from "../../lib/groups";

export const helmReleaseType = "helm_release";

/**
 * The namespace a release installs into, and renders objects that name none in: its own, "default" when unset. With a
 * graph, one another resource's argument sets (a namespace resource's name) is read from it.
 */
export const releaseNamespace = (release: TfResource, graph?: ResourceGraph): string =>
  literalString(graph ? graph.readValue(release.values.namespace, release) : release.values.namespace) || "default";

type Values = Record<string, unknown>;

/**
 * The lists of settings the Helm provider applies to a release's values: `set_wo` only with a `set_wo_revision`
 * (see helmValues).
 */
const settingLists = (release: TfResource): readonly string[] =>
  release.values.set_wo_revision !== undefined && release.values.set_wo_revision !== null
    ? ["set", "set_list", "set_sensitive", "set_wo"]
    : ["set", "set_list", "set_sensitive"];

/**
 * A helm_release's values as the Helm provider hands them to Helm (terraform-provider-helm v3.1.1,
 * resource_helm_release.go getValues): its `values` documents merged deeply, then `set`, `set_list` and `set_sensitive`
 * applied in that order, and `set_wo`'s values merged into them only with a `set_wo_revision` (the provider merges the
 * write-only values when the revision is given or changes). A secret set that is known only at apply (set_sensitive,
 * set_wo) stands at its name as written (an interpolation), so that the rest stays judged; the whole is undefined when a
 * document, a list of settings or one of its entries, a name or another value set is unknown before apply (the readers
 * of settings take a value as written; a reader of literals, which takes an interpolation for none, asks for them as
 * written: `unknownsAsWritten`), written in a form read here as not known (see setValue), or a document the provider
 * refuses (valuesDocument).
 */
export function helmValues(release: TfResource, { unknownsAsWritten = false } = {}): Values | undefined {
  let values: Values = {};
  // Each document is read as far as it is known (unrecorded).
  const documents = list(unrecorded(release.values, "values"));
  for (const [i, document] of documents.entries()) {
    const parsed = valuesDocument(document);
    if (parsed === undefined) {
      // Read as a policy reads it: the engine records the value known only at apply.
      list(release.values.values)[i];
      return undefined;
    }
    values = mergeMaps(values, parsed);
  }
  const lists = settingLists(release);
  const writeOnly = lists.includes("set_wo") ? blocks(release.values.set_wo) : [];
  // A list of settings known only at apply, or one of its entries, may set any value.
  if (lists.some((field) => hasUnknownItem(release.values[field]))) return undefined;
  for (const set of [...blocks(release.values.set), ...blocks(release.values.set_list)])
    if ((isUnknown(set.value) && !unknownsAsWritten) || !setValue(values, set)) return undefined;
  for (const set of blocks(release.values.set_sensitive)) if (!setValue(values, set)) return undefined;
  // The write-only values make a map of their own, merged into the rest (getWriteOnlyValues, then mergeMaps): a list they
  // index replaces the list whole.
  const written: Values = {};
  for (const set of writeOnly) if (!setValue(written, set)) return undefined;
  return mergeMaps(values, written);
}

/**
 * The argument of a release whose value helmValues cannot know here, for a policy's not-evaluable finding: a values
 * document (`values[0]`) or a list of settings (`set`), or one of its entries or names (`set[2].name`). Undefined
 * where none is unknown: the values are then unreadable (a document the provider refuses, a setting strvals splits).
 */
export function valuesArgumentNotKnown(release: TfResource): string | undefined {
  const { values } = release;
  if (isUnknown(values.values)) return "values";
  for (const [i, document] of list(values.values).entries()) if (isUnknown(document) && valuesDocument(document) === undefined) return `values[${i}]`;
  for (const field of settingLists(release)) {
    if (isUnknown(values[field])) return field;
    for (const [i, set] of list(values[field]).entries()) {
      if (isUnknown(set)) return `${field}[${i}]`;
      if (isMap(set) && isUnknown(set.name)) return `${field}[${i}].name`;
    }
  }
  return undefined;
}

/**
 * Where a chart value is written last, which Helm keeps: the `set` or `set_list` entry that names it as a plain path,
 * else the last values document that holds it, with the line of its key in that document's text (Violation.lineInValue)
 * and the key's path in it (Violation.keysInValue).
 * Undefined where none does alone (a name written with escapes, a value a setting merges into).
 */
export function chartValueWritten(release: TfResource, path: string): Pick<Violation, "path" | "lineInValue" | "keysInValue"> | undefined {
  for (const field of ["set_list", "set"] as const) {
    const entries = blocks(release.values[field]);
    const i = entries.findLastIndex((set) => literalString(set.name) === path);
    if (i >= 0) return { path: `${field}[${i}].value` };
  }
  const segments = pathSegments(path);
  const documents = list(release.values.values);
  for (let i = documents.length - 1; i >= 0; i--) {
    const document = documents[i];
    if (typeof document !== "string" || !holds(valuesDocument(document), segments)) continue;
    const line = lineInYaml(document, segments);
    return { path: `values[${i}]`, ...lineInValue(line), keysInValue: segments };
  }
  return undefined;
}

/** Whether a value holds one at a path of keys and indexes. */
const holds = (value: unknown, segments: readonly (string | number)[]): boolean =>
  segments.length === 0 ||
  (typeof segments[0] === "number"
    ? Array.isArray(value) && segments[0] < value.length && holds(value[segments[0]], segments.slice(1))
    : isMap(value) && Object.hasOwn(value, segments[0]!) && holds(value[segments[0]!], segments.slice(1)));

/**
 * A release's values at some paths (`tlsOptions`, `service.enabled`), as helmValues gives them: a setting whose name is
 * known and neither under nor above any of them changes nothing there, so one whose value is known only at apply
 * elsewhere (a load balancer's address) leaves them known; its value is not read. Reading another key, on the way to a
 * path or beside it, throws, since what it holds was not computed. Undefined when the values at those paths are not
 * known.
 */
export function helmValuesAt(release: TfResource, paths: readonly string[]): Values | undefined {
  const within = (name: string, path: string): boolean => name === path || name.startsWith(`${path}.`) || name.startsWith(`${path}[`);
  const reaches = (set: Values): boolean => {
    const name = literalString(set.name);
    return name === undefined || paths.some((path) => within(name, path) || within(path, name));
  };
  const settings = new Set(["set", "set_list"]);
  // Only the settings are replaced: a copy of every argument would read each, and record those known only at apply.
  const values = new Proxy(release.values, {
    get: (target, name, receiver) => {
      const value = Reflect.get(target, name, receiver) as unknown;
      return typeof name === "string" && settings.has(name) && Array.isArray(value) && !hasUnknownItem(value) ? blocks(value).filter(reaches) : value;
    },
  });
  const found = helmValues({ ...release, values });
  return (
    found &&
    (guarded(
      found,
      paths.map((path) => path.split(".")),
      "",
    ) as Values)
  );
}

/** A map whose reads must follow one of the paths (as key lists): what lies beside them was not computed. */
function guarded(map: Values, paths: readonly (readonly string[])[], at: string): Values {
  return new Proxy(map, {
    get: (target, key, receiver) => {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof key !== "string") return value;
      const onward = paths.filter((path) => path[0] === key);
      if (onward.length === 0) throw new Error(`a release's values.${at}${key} is read, where it was not computed`);
      if (onward.some((path) => path.length === 1) || !isMap(value)) return value;
      return guarded(
        value,
        onward.map((path) => path.slice(1)),
        `${at}${key}.`,
      );
    },
  });
}

/**
 * A values document as the provider reads it (getValues, resource_helm_release.go): a map, or none (null, or nothing but
 * comments) read as an empty one, as is a null element of `values`, which the provider skips. A document known only in
 * part is read as far as it is known: a JSON one (as cdktf writes them) whose references sit inside its strings
 * (`"subnet-id": "${...id}"`), where Terraform inserts a value that stays a string (an identifier holds no quote), or a
 * YAML one a template renders with a value known only at apply in a scalar (`value: ${region}`, a template_file's
 * variable): each such scalar is known only at apply, the rest as written, as the policies read a cloud-config known in
 * part. Undefined when the provider refuses it (no YAML, or YAML of a list or a scalar, which sigs.k8s.io/yaml does not
 * unmarshal into a map), or when it is known only in part and is no map, holds an unrendered directive, or holds a value
 * known only at apply in a key, which may be a key a policy reads.
 */
function valuesDocument(document: unknown): Values | undefined {
  if (document === null) return {};
  if (typeof document !== "string") return undefined;
  const known = !isUnknown(document);
  if (!known && document.includes("%{")) return undefined;
  const parsed = parseValues(document);
  if (refused(parsed)) return undefined;
  if (known) return isMap(parsed) ? parsed : {};
  return isMap(parsed) && !hasKeyKnownAtApply(parsed) ? parsed : undefined;
}

const hasKeyKnownAtApply = (value: unknown): boolean =>
  Array.isArray(value)
    ? value.some(hasKeyKnownAtApply)
    : isMap(value) && Object.entries(value).some(([key, item]) => isUnknown(key) || hasKeyKnownAtApply(item));

export { isMap };

/** A later document's maps merge into an earlier one's, key by key; anything else replaces (mergeMaps). */
export function mergeMaps(a: Values, b: Values): Values {
  const out: Values = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const before = out[key];
    out[key] = isMap(value) && isMap(before) ? mergeMaps(before, value) : value;
  }
  return out;
}

/**
 * The values that `--set`-style settings write, each `{ name, value, type }` applied as a `set` block is
 * (setValue), over `base` (a copy of it: Helm sets into the values its files gave, a list's entry by its index);
 * undefined where one is not read here. Argo CD's helm.parameters and K3s's HelmChart `set` are such.
 */
export function setValues(sets: readonly Values[], base: Values = {}): Values | undefined {
  const values = copied(base) as Values;
  return sets.every((set) => setValue(values, set)) ? values : undefined;
}

/**
 * Applies one `set` entry as strvals (k8s.io/helm v2.17.0, the provider's) reads `name=value` (parser.go): a dotted path
 * with `\.` escapes and `[n]` indexes, and the value with its escapes read (runesUntil), typed (true, false, null,
 * integers) unless its type is "string"; a value left out is the empty text (getValue reads a null value as ""). A
 * `set_list` value is a list of typed values (getListValue joins its items, null ones left out, as `name={a,b}`);
 * "literal" is YAML for a top-level key. A value known only at apply is set as written. False when the name is unknown,
 * or a value holds a comma strvals would end it at, or a brace it would read as a list or end a list at.
 */
function setValue(values: Values, set: Values): boolean {
  const name = literalString(set.name);
  const { value } = set;
  if (name === undefined) return false;
  const type = literalString(set.type) ?? "auto";
  if (isUnknown(value)) {
    if (type !== "literal") return assign(values, name, value);
    values[name] = value;
    return true;
  }
  if (Array.isArray(value)) {
    const items = value.filter((item) => item !== null).map((item) => strvalsText(setText(item), ",}", false));
    if (items.length === 0 || items.some((item) => item === undefined)) return false;
    return assign(
      values,
      name,
      items.map((item) => typedValue(item!)),
    );
  }
  const text = value === undefined || value === null ? "" : setText(value);
  if (text === undefined) return false;
  if (type === "literal") {
    values[name] = (parseKubernetesYaml(`${JSON.stringify(name)}: ${text}`) as Values | null)?.[name] ?? null;
    return true;
  }
  if (text.startsWith("{")) {
    const items = strvalsList(text);
    return items !== undefined && assign(values, name, type === "string" ? items : items.map(typedValue));
  }
  const read = strvalsText(text, ",", true);
  return read !== undefined && assign(values, name, type === "string" ? read : typedValue(read));
}

/**
 * The items of a value strvals reads as a list, for the type "string" too (helm pkg/strvals/parser.go, valList): one
 * opening with a brace, its items up to each unescaped comma and the closing brace (`{}` is one empty item); undefined
 * where the list does not end there, which Helm refuses ("list must terminate with '}'") or reads on as another key.
 */
function strvalsList(text: string): string[] | undefined {
  const items: string[] = [];
  let item = "";
  for (let i = 1; i < text.length; i++) {
    const character = text[i]!;
    if (character === "\\" && i + 1 < text.length) item += text[++i];
    else if (character === ",") {
      items.push(item);
      item = "";
    } else if (character === "}") return i === text.length - 1 ? [...items, item] : undefined;
    else item += character;
  }
  return undefined;
}

/**
 * A text as strvals reads it (parser.go, runesUntil): a backslash takes the character after it as it is; undefined when
 * the text holds one of `stops` not so escaped, where strvals ends what it reads. A backslash at the end is dropped
 * where the text ends the line, and escapes what follows it in a list (so undefined there).
 */
function strvalsText(text: string | undefined, stops: string, ends: boolean): string | undefined {
  if (text === undefined) return undefined;
  let read = "";
  let escaped = false;
  for (const character of text) {
    if (escaped) {
      read += character;
      escaped = false;
    } else if (character === "\\") escaped = true;
    else if (stops.includes(character)) return undefined;
    else read += character;
  }
  return escaped && !ends ? undefined : read;
}

/** A copy of values, each map and list its own, that settings may change without changing what they were read from. */
const copied = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(copied) : isMap(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copied(item)])) : value;

/** The text of a `set` value: the attribute is a string, to which Terraform converts a number or a bool. */
const setText = (value: unknown): string | undefined => (typeof value === "number" || typeof value === "boolean" ? String(value) : literalString(value));

/**
 * strvals' typedVal: true, false and null in any case, 0, and what strconv.ParseInt reads as an int64 in a value that
 * does not start with 0: a sign and then digits, zeros after the sign included (`-0`, `+007`), within int64's range.
 */
function typedValue(text: string): unknown {
  const lower = text.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  if (lower === "null") return null;
  if (text === "0") return 0;
  if (!/^[+-]?\d+$/.test(text) || text.startsWith("0")) return text;
  const integer = BigInt(text);
  return integer >= -(2n ** 63n) && integer < 2n ** 63n ? Number(integer) : text;
}

/**
 * Sets a value at a strvals path (`a.b`, `a\\.b`, `list[0].c`); false for a path not read here, among them one with an
 * `=` or a comma, which end a key in strvals. An empty name sets nothing (parser.go, set skips an empty key).
 */
function assign(values: Values, name: string, value: unknown): boolean {
  if (name === "") return true;
  const steps: (string | number)[] = [];
  let read = 0;
  for (const match of name.matchAll(/((?:\\[\s\S]|[^.[\\=,])+)((?:\[\d+\])*)(\.(?!$)|$)/gy)) {
    steps.push(match[1]!.replace(/\\([\s\S])/g, "$1"), ...[...match[2]!.matchAll(/\d+/g)].map(([index]) => Number(index)));
    read += match[0].length;
    if (read === name.length) break;
  }
  if (read !== name.length) return false;
  let container: Record<string | number, unknown> = values;
  for (const [i, step] of steps.entries()) {
    const next = steps[i + 1];
    if (next === undefined) {
      container[step] = value;
      break;
    }
    const here = container[step];
    if (typeof next === "number" ? !Array.isArray(here) : !isMap(here)) {
      // strvals asserts the kind of what a key holds on the way (parser.go key: a map before a dot, a list before an
      // index; listItem: a list's item before another index, unless null), and the provider panics on another; a list's
      // item of another kind before a dot is replaced.
      const replaced = here === undefined || (typeof step === "number" && (typeof next === "string" || here === null));
      if (!replaced) return false;
      container[step] = typeof next === "number" ? [] : {};
    }
    container = container[step] as Record<string | number, unknown>;
  }
  return true;
}

/** A values document: JSON as the project writes it (fast path), any other YAML otherwise; `unreadable` for neither. */
function parseValues(document: string): unknown {
  if (document.trimStart().startsWith("{")) {
    try {
      return JSON.parse(document);
    } catch {
      // YAML flow mappings also start with a brace.
    }
  }
  try {
    return parseKubernetesYaml(document);
  } catch {
    return unreadable;
  }
}

/** A values document that is no YAML. */
const unreadable = Symbol("unreadable");

/** Whether the provider refuses a values document so read: no YAML, or YAML of neither a map nor null. */
const refused = (parsed: unknown): boolean => parsed === unreadable || (parsed !== null && !isMap(parsed));

/** Whether a release writes a values document known before apply that the provider refuses (no YAML, or no map). */
export const refusedValues = (release: TfResource): boolean =>
  list(release.values.values).some((document) => {
    const text = literalString(document);
    return text !== undefined && refused(parseValues(text));
  });

/**
 * The manifests a release of the `raw` chart installs (custom resources the policies judge like any other), each with
 * where its values write it, parsed once per release for every policy that reads them: each of `resources`, and each
 * document of each `templates` string, which the chart renders with `tpl` and applies too (bedag
 * charts/raw/templates/resources.yaml). A template that holds a Go template action (`{{`) renders to what only Helm
 * knows, and is not read.
 */
export const rawChartDocuments = memoized((release: TfResource): readonly { readonly manifest: LooseObject; readonly at: string }[] => {
  if (release.values.chart !== "raw") return [];
  const values = helmValues(release);
  const resources = (Array.isArray(values?.resources) ? values.resources : []).flatMap((manifest, i) =>
    isMap(manifest) ? [{ manifest, at: `resources[${i}]` }] : [],
  );
  const templates = (Array.isArray(values?.templates) ? values.templates : []).flatMap((template, i) =>
    typeof template === "string" && !template.includes("{{")
      ? parseKubernetesYamlDocuments(template).flatMap((manifest, j) => (isMap(manifest) ? [{ manifest, at: `templates[${i}][${j}]` }] : []))
      : [],
  );
  return [...resources, ...templates];
});

/**
 * Where a release of the raw chart holds objects known only at apply, which no policy judges (rawChartDocuments reads
 * none there): its values, when they are not known (helmValues), or its `resources` or `templates`, or an entry of them.
 */
export function rawChartObjectsKnownAtApply(release: TfResource): string[] {
  if (release.mode === "data" || release.type !== helmReleaseType || release.values.chart !== "raw" || refusedValues(release)) return [];
  const values = helmValues(release);
  if (values === undefined) return [`${release.address}.values`];
  return ["resources", "templates"].flatMap((key) =>
    isUnknown(values[key])
      ? [`${release.address}.values.${key}`]
      : list(values[key]).flatMap((entry, i) => (isUnknown(entry) ? [`${release.address}.values.${key}[${i}]`] : [])),
  );
}

/** Whether an API object is of a kind in an API group (any version): `Cluster` of `postgresql.cnpg.io`. */
export const isKind = (manifest: LooseObject, kind: string, group: string): boolean =>
  manifest.kind === kind && String(manifest.apiVersion).startsWith(`${group}/`);

/** Whether an object is a Sveltos ClusterProfile or Profile (config.projectsveltos.io: projectsveltos addon-controller). */
export const isSveltosProfile = (manifest: LooseObject): boolean =>
  isKind(manifest, "ClusterProfile", "config.projectsveltos.io") || isKind(manifest, "Profile", "config.projectsveltos.io");

/**
 * An object's name in a message, `namespace/name`: the namespace left out where the object names none, and a name
 * the API server generates said as its prefix (`generateName: db-`, `db-*`).
 */
export function objectName(manifest: Record<string, unknown>): string {
  const { namespace, name, generateName } = isMap(manifest.metadata) ? manifest.metadata : {};
  const named = typeof name === "string" ? name : typeof generateName === "string" ? `${generateName}*` : "(no name)";
  return typeof namespace === "string" ? `${namespace}/${named}` : named;
}

export interface AppliedManifest {
  readonly manifest: LooseObject;
  readonly resource: TfResource;
  readonly path: "manifest" | "values";
  /** What makes the object of the one written, said in its findings: a ClusterClass, for a template it patches (asClassesMakeThem). */
  readonly madeBy?: string;
  /**
   * Where a field of the object is written, where that is not in the object as written: a ClusterClass's patch, or the
   * Cluster's variable the patch takes. A finding on the field points there, where it is mended.
   */
  readonly writtenBy?: (field: readonly (string | number)[]) => { readonly applied: AppliedManifest; readonly field: readonly (string | number)[] } | undefined;
}

/**
 * Where a field of an applied object is written: under a kubernetes_manifest's `manifest`; an object of a raw chart's
 * release is placed at its release's `values`, as a whole.
 */
export const placeOf = ({ path }: Pick<AppliedManifest, "path">, field: string): string => (path === "manifest" ? `manifest.${field}` : path);

/** A finding at a field of an object; not evaluable where `notKnown` is given, with the value that could not be read where there is one. */
export type ObjectFinding = (field: readonly (string | number)[], message: string, notKnown?: { readonly value?: unknown }) => Violation;

/**
 * The findings at the fields under `at` of an object the configuration applies (`spec.kubeadmConfigSpec`, then
 * `files`), their messages led by the object (`KubeadmControlPlane clusters/w: ...`).
 */
export const findingsOn =
  (applied: AppliedManifest, at: readonly (string | number)[]): ObjectFinding =>
  (field, message, notKnown) => {
    const written = applied.writtenBy?.([...at, ...field]) ?? { applied, field: [...at, ...field] };
    return {
      message: `${applied.manifest.kind} ${objectName(applied.manifest)}${applied.madeBy ? ` (${applied.madeBy})` : ""}: ${message}`,
      address: written.applied.resource.address,
      path: placeOf(written.applied, segmentsPath(written.field)),
      ...notKnownOutcome(notKnown),
    };
  };

/** The outcome of a finding on what is not known here (an ObjectFinding's `notKnown`), with the value known only at apply where it is given. */
export const notKnownOutcome = (notKnown: { readonly value?: unknown } | undefined): Partial<Violation> =>
  notKnown
    ? { outcome: "cannot-evaluate", ...(notKnown.value === undefined ? {} : { notKnown: unknownsWritten(notKnown.value) ?? String(notKnown.value) }) }
    : {};

/**
 * The objects one resource applies as they are, each with where it is written: a kubernetes_manifest's manifest
 * (`manifest`), and each object of a release of the raw chart (`values.resources[2]`).
 */
export function appliedObjects(resource: TfResource): { readonly manifest: LooseObject; readonly at: string }[] {
  if (manifestTypes.has(resource.type)) {
    const manifest = resource.values.manifest;
    return manifest && typeof manifest === "object" ? [{ manifest: manifest as LooseObject, at: "manifest" }] : [];
  }
  return resource.type === helmReleaseType ? rawChartDocuments(resource).map(({ manifest, at }) => ({ manifest, at: `values.${at}` })) : [];
}

/**
 * Objects applied as they are (appliedObjects) across a configuration, with the attribute that holds them, found once
 * per configuration. A field written as a whole reference to a value Terraform knows at plan (a ScheduledBackup's
 * `cluster.name = kubernetes_manifest.db.manifest.metadata.name`, a Velero schedule's namespace read from
 * `kubernetes_namespace_v1.ws.metadata[0].name`) holds that value, as the object the provider sends does. A template a
 * ClusterClass among them patches is what the class makes of it (asClassesMakeThem).
 */
export const appliedManifests = (graph: ResourceGraph): readonly AppliedManifest[] =>
  graph.cached("helm: applied manifests", () =>
    asClassesMakeThem(
      graph.resources.flatMap((resource) =>
        appliedObjects(resource).map(
          ({ manifest, at }): AppliedManifest => ({
            manifest: valuesAtPlan(manifest, resource, graph),
            resource,
            path: at === "manifest" ? "manifest" : "values",
          }),
        ),
      ),
    ),
  );

/**
 * The applied objects a resource applies (appliedManifests: a ClusterClass's templates as it makes them among them), in
 * the configuration's order: an index built once, by the resource's address.
 */
export const appliedManifestsOf = (graph: ResourceGraph, resource: TfResource): readonly AppliedManifest[] =>
  graph.cached("helm: applied manifests by resource", () => groupedBy(appliedManifests(graph), (applied) => applied.resource.address)).get(resource.address) ??
  [];

/** The applied objects with that name as written (`metadata.name`), in the configuration's order: an index built once. */
export const appliedManifestsCalled = (graph: ResourceGraph, name: unknown): readonly AppliedManifest[] =>
  graph.cached("helm: applied manifests by name", () => groupedBy(appliedManifests(graph), (applied) => applied.manifest.metadata?.name)).get(name) ?? [];

/**
 * The applied objects of a kind and name that an object of `namespace` may name (a CloudNativePG Pooler its Cluster, a
 * Strimzi node pool its Kafka): those of its namespace, and those whose namespace, or its own, is unset or known only
 * at apply, which may be it.
 */
export const appliedObjectsNamed = (graph: ResourceGraph, group: string, kind: string, name: string | undefined, namespace: string | undefined) =>
  appliedManifestsCalled(graph, name).filter(({ manifest }) => {
    const its = literalString(manifest.metadata?.namespace);
    return isKind(manifest, kind, group) && (namespace === undefined || its === undefined || its === namespace);
  });

/** A value with each whole reference to a text, number or bool known at plan replaced by it; the parts left are shared. */
function valuesAtPlan<T>(value: T, from: TfResource, graph: ResourceGraph): T {
  if (typeof value === "string") {
    const read = graph.readValue(value, from);
    return (typeof read === "string" || typeof read === "number" || typeof read === "boolean" ? read : value) as T;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => valuesAtPlan(item, from, graph));
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  if (!isMap(value)) return value;
  const entries = Object.entries(value).map(([key, item]) => [key, valuesAtPlan(item, from, graph)] as const);
  return (entries.some(([key, item]) => item !== value[key]) ? Object.fromEntries(entries) : value) as T;
}

const manifestTypes = new Set(withV1("kubernetes_manifest"));
