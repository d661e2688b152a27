import { goTemplateFilled } from "./go-template";
import { parseKubernetesYaml } from "./go-yaml";
import { type AppliedManifest, isKind, objectName } from "./helm";
import { fieldAt, isMap, isUnknown, type LooseObject, literalString } from "./values";

/**
 * Cluster API's ClusterClass, read in kubernetes-sigs/cluster-api at commit ae7ff047db (api/core/v1beta1 and v1beta2,
 * core/reconcilers/topology/cluster/patches): a Cluster with a `topology` gets its objects from the templates its class
 * names, each patched by the class's inline patches with the Cluster's variables. What a template writes is not what
 * its machines get: a patch may add a bastion, replace a kubeadmConfigSpec, open a port.
 */
const capiGroup = "cluster.x-k8s.io";

/** Where a class uses a template: the holder CAPI's patch selectors match on (json_patch_generator.go, matchesSelector). */
interface TemplateUse {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly holder: "infrastructureCluster" | "controlPlane" | "machineDeploymentClass" | "machinePoolClass";
  /** The MachineDeploymentClass or MachinePoolClass, for a worker's template. */
  readonly className?: string;
}

/** A template reference: v1beta2's templateRef, v1beta1's ref. */
const refOf = (holder: unknown): unknown => fieldAt(holder, "templateRef") ?? fieldAt(holder, "ref");

function use(ref: unknown, holder: TemplateUse["holder"], className?: string): TemplateUse[] {
  const [apiVersion, kind, name] = ["apiVersion", "kind", "name"].map((field) => literalString(fieldAt(ref, field)));
  return apiVersion && kind && name ? [{ apiVersion, kind, name, holder, ...(className === undefined ? {} : { className }) }] : [];
}

/** The templates a ClusterClass names and where (clusterclass_types.go: v1beta1 `template.bootstrap.ref` for a worker class, v1beta2 `bootstrap.templateRef`). */
function templatesUsed(spec: unknown): TemplateUse[] {
  const workers = (list: "machineDeployments" | "machinePools", holder: "machineDeploymentClass" | "machinePoolClass") => {
    const classes = fieldAt(spec, "workers", list);
    return (Array.isArray(classes) ? classes : []).flatMap((workerClass) => {
      const className = literalString(fieldAt(workerClass, "class"));
      const parts = fieldAt(workerClass, "template") ?? workerClass;
      return ["bootstrap", "infrastructure"].flatMap((part) => use(refOf(fieldAt(parts, part)), holder, className));
    });
  };
  return [
    ...use(refOf(fieldAt(spec, "infrastructure")), "infrastructureCluster"),
    ...use(refOf(fieldAt(spec, "controlPlane")), "controlPlane"),
    ...use(refOf(fieldAt(spec, "controlPlane", "machineInfrastructure")), "controlPlane"),
    ...workers("machineDeployments", "machineDeploymentClass"),
    ...workers("machinePools", "machinePoolClass"),
  ];
}

/** Whether a worker class's name is one a selector names: itself, `*`, or a prefix or suffix beside `*`. */
const namesClass = (names: unknown, className: string | undefined): boolean =>
  className !== undefined &&
  (Array.isArray(names) ? names : []).some(
    (name) =>
      typeof name === "string" &&
      (name === "*" ||
        name === className ||
        (name.startsWith("*") && className.endsWith(name.slice(1))) ||
        (name.endsWith("*") && className.startsWith(name.slice(0, -1)))),
  );

/** Whether a patch definition's selector picks a template where the class uses it (matchesSelector). */
function selects(selector: unknown, template: TemplateUse): boolean {
  if (fieldAt(selector, "apiVersion") !== template.apiVersion || fieldAt(selector, "kind") !== template.kind) return false;
  const match = fieldAt(selector, "matchResources");
  if (template.holder === "infrastructureCluster" || template.holder === "controlPlane") return fieldAt(match, template.holder) === true;
  return namesClass(fieldAt(match, template.holder, "names"), template.className);
}

/**
 * What stands for a value a class's patch writes and that is not known here: a placeholder, said by classPatchSaid.
 * Written as `${ClusterClass <class>'s patch <patch>, <why>}`.
 */
const notKnownMark = "ClusterClass ";
const notKnown = (className: string, patch: string, why: string): string => `\${${notKnownMark}${className}'s patch ${patch}, ${why}}`;

/** How a value a class's patch writes is said where it is not known here; undefined for any other placeholder. */
export const classPatchSaid = (expression: string): string | undefined =>
  expression.startsWith(`\${${notKnownMark}`) && expression.endsWith("}") ? `written by ${expression.slice(2, -1)}` : undefined;

/**
 * A variable's value with its schema's defaults applied, as the API server defaults a structural schema: the default
 * where the value is absent, then those of the properties of an object and of the items of a list that are there.
 */
function defaulted(value: unknown, schema: unknown): unknown {
  const fallback = fieldAt(schema, "default");
  const present = value === undefined ? fallback : value;
  const properties = fieldAt(schema, "properties");
  if (isMap(present) && isMap(properties)) {
    const filled = { ...present };
    for (const [name, property] of Object.entries(properties)) {
      const inner = defaulted(filled[name], property);
      if (inner !== undefined) filled[name] = inner;
    }
    return filled;
  }
  const items = fieldAt(schema, "items");
  return Array.isArray(present) && items !== undefined ? present.map((item) => defaulted(item, items)) : present;
}

/**
 * Where a Cluster's topology makes objects of a template: the Cluster as a whole, or each of its MachineDeployments or
 * MachinePools of the template's worker class (`workers.machineDeployments[]`), whose variable overrides apply there.
 */
interface TopologyUse {
  readonly cluster: AppliedManifest;
  /** The control plane's (v1beta2) or a worker's topology, with its `variables.overrides`, and where the Cluster writes it. */
  readonly part?: { readonly value: unknown; readonly at: Field };
  /** `MachineDeployment md-0`, for a worker's. */
  readonly named?: string;
}

/**
 * The places a Cluster makes objects of a template: one per MachineDeployment or MachinePool of its worker class, or
 * the Cluster itself for another template, or for a worker class it has none of yet (one may be added).
 */
function topologyUses(cluster: AppliedManifest, template: TemplateUse): TopologyUse[] {
  if (template.holder === "infrastructureCluster") return [{ cluster }];
  const controlPlane = ["spec", "topology", "controlPlane"];
  if (template.holder === "controlPlane") return [{ cluster, part: { value: fieldAt(cluster.manifest, ...controlPlane), at: controlPlane } }];
  const [list, kind] = template.holder === "machineDeploymentClass" ? ["machineDeployments", "MachineDeployment"] : ["machinePools", "MachinePool"];
  const workers = fieldAt(cluster.manifest, "spec", "topology", "workers", list);
  const ofClass = (Array.isArray(workers) ? workers : []).flatMap((value, index) =>
    fieldAt(value, "class") === template.className ? [{ value, at: ["spec", "topology", "workers", list, index] }] : [],
  );
  return ofClass.length === 0 ? [{ cluster }] : ofClass.map((part) => ({ cluster, part, named: `${kind} ${String(fieldAt(part.value, "name"))}` }));
}

/** The variables a class's patches read, with where each is written (the Cluster's value, else the class's default). */
interface Variables {
  readonly values: Record<string, unknown>;
  readonly writtenAt: ReadonlyMap<string, Written>;
}

/**
 * The variables a class's patches read where a Cluster makes objects of a template: the Cluster's topology's, overridden
 * by the control plane's or the worker's own (`variables.overrides`), with the class's defaults, and the builtins known
 * here (variables.go: the cluster's name and namespace, the versions, a worker's class and topology name).
 */
function variablesOf(classApplied: AppliedManifest, { cluster, part }: TopologyUse, template: TemplateUse): Variables {
  const given = new Map<unknown, { value: unknown; at: Written }>();
  const lists = [
    { list: fieldAt(cluster.manifest, "spec", "topology", "variables"), at: ["spec", "topology", "variables"] },
    ...(part ? [{ list: fieldAt(part.value, "variables", "overrides"), at: [...part.at, "variables", "overrides"] }] : []),
  ];
  for (const { list, at } of lists)
    (Array.isArray(list) ? list : []).forEach((variable, index) => {
      const field = [...at, index, "value"];
      given.set(fieldAt(variable, "name"), { value: fieldAt(variable, "value"), at: { by: cluster, field, holdsValue: true } });
    });
  const declared = fieldAt(classApplied.manifest.spec, "variables");
  const values: Record<string, unknown> = {};
  const writtenAt = new Map<string, Written>();
  (Array.isArray(declared) ? declared : []).forEach((variable, index) => {
    const name = literalString(fieldAt(variable, "name"));
    if (name === undefined) return;
    const schema = ["schema", "openAPIV3Schema"];
    const value = defaulted(given.get(name)?.value, fieldAt(variable, ...schema));
    if (value === undefined) return;
    values[name] = value;
    writtenAt.set(name, given.get(name)?.at ?? { by: classApplied, field: ["spec", "variables", index, ...schema, "default"], holdsValue: true });
  });
  // A variable the class does not declare (Cluster API's webhook refuses the Cluster) is read as given.
  for (const [name, { value, at }] of given)
    if (typeof name === "string" && !(name in values)) {
      values[name] = value;
      writtenAt.set(name, at);
    }
  const version = fieldAt(cluster.manifest, "spec", "topology", "version");
  const metadata = fieldAt(cluster.manifest, "metadata");
  const worker = { class: template.className, topologyName: fieldAt(part?.value, "name"), version };
  values.builtin = {
    cluster: { name: fieldAt(metadata, "name"), namespace: fieldAt(metadata, "namespace") },
    controlPlane: { version },
    ...(template.holder === "machineDeploymentClass" ? { machineDeployment: worker } : {}),
    ...(template.holder === "machinePoolClass" ? { machinePool: worker } : {}),
  };
  return { values, writtenAt };
}

/** A variable's value by its dotted name (`bastion.spec`, `builtin.cluster.name`), as GetVariableValue reads it; undefined where absent. */
const variableValue = (variables: Record<string, unknown>, name: string): unknown => fieldAt(variables, ...name.split("."));

/** Whether a value holds a placeholder anywhere: what it gives is not known here. */
const holdsUnknown = (value: unknown): boolean =>
  isUnknown(value) || (Array.isArray(value) ? value.some(holdsUnknown) : isMap(value) && Object.values(value).some(holdsUnknown));

/**
 * A Go template rendered with the variables and read as YAML (renderValueTemplate); undefined where it is not read here:
 * an action other than a field (goTemplateFilled), or a field that holds a placeholder.
 */
function rendered(template: string, variables: Record<string, unknown>): { value: unknown } | undefined {
  const text = goTemplateFilled(template, variables as Record<string, never>);
  if (text === undefined || isUnknown(text)) return undefined;
  try {
    return { value: parseKubernetesYaml(text) };
  } catch {
    return undefined;
  }
}

/** A JSON pointer's segments (RFC 6901: `~1` is `/`, `~0` is `~`). */
const pointerSegments = (path: string): string[] =>
  path
    .split("/")
    .slice(1)
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));

/**
 * A document with one JSON patch operation applied (RFC 6902, as evanphx/json-patch v5 applies it by default), copying
 * only what is on the path; undefined where the operation fails (a parent missing, a path to replace or remove absent),
 * which fails the whole topology in CAPI: it changes nothing here.
 */
function patched(document: unknown, segments: readonly string[], op: "add" | "replace" | "remove", value: unknown): unknown {
  const [segment, ...rest] = segments;
  if (segment === undefined) return op === "remove" ? undefined : value;
  if (Array.isArray(document)) {
    const index = segment === "-" && op === "add" && rest.length === 0 ? document.length : /^\d+$/.test(segment) ? Number(segment) : -1;
    const bound = op === "add" && rest.length === 0 ? document.length : document.length - 1;
    if (index < 0 || index > bound) return undefined;
    if (rest.length > 0) {
      const inner = patched(document[index], rest, op, value);
      return inner === undefined ? undefined : document.map((item, i) => (i === index ? inner : item));
    }
    if (op === "add") return [...document.slice(0, index), value, ...document.slice(index)];
    return op === "replace" ? document.map((item, i) => (i === index ? value : item)) : document.filter((_, i) => i !== index);
  }
  if (!isMap(document)) return undefined;
  if (rest.length > 0) {
    const inner = segment in document ? patched(document[segment], rest, op, value) : undefined;
    return inner === undefined ? undefined : { ...document, [segment]: inner };
  }
  if (op !== "add" && !(segment in document)) return undefined;
  if (op === "remove") {
    const { [segment]: _removed, ...others } = document;
    return others;
  }
  return { ...document, [segment]: value };
}

/**
 * Whether a patch applies (patchIsEnabled): with no enabledIf, or one that renders `true`; undefined where that is not
 * known here (a Cluster not known here, a template not rendered here).
 */
function enabledFor(enabledIf: unknown, variables: Record<string, unknown> | undefined): boolean | undefined {
  if (enabledIf === undefined || enabledIf === "") return true;
  const value = variables && typeof enabledIf === "string" ? rendered(enabledIf, variables) : undefined;
  return value === undefined ? undefined : value.value === true;
}

/** A JSON pointer's segments, or a YAML path's keys and indexes. */
type Field = readonly (string | number)[];

/**
 * Where a value a class's patch writes is written: the operation's own `value`, the Cluster's variable or the class's
 * default it takes, else the operation (a Go template, a builtin, an `enabledIf` not known here, a removal).
 */
interface Written {
  readonly by: AppliedManifest;
  readonly field: Field;
  /** Whether the field holds the value written, so that a field under the value is written under it too. */
  readonly holdsValue: boolean;
}

/** One template as a class's inline patches make it, with where each operation that changed it writes its value. */
interface Made {
  readonly document: LooseObject;
  readonly writes: readonly { readonly segments: readonly string[]; readonly written: Written }[];
}

/** One template as a class's inline patches make it for one Cluster (or for a Cluster not known here). */
function madeFrom(template: LooseObject, use: TemplateUse, classApplied: AppliedManifest, where: TopologyUse | undefined): Made {
  const classObject = classApplied.manifest;
  const className = literalString(fieldAt(classObject, "metadata", "name")) ?? "(no name)";
  const variables = where ? variablesOf(classApplied, where, use) : undefined;
  const patches = fieldAt(classObject.spec, "patches");
  let document: LooseObject = template;
  const writes: Made["writes"][number][] = [];
  (Array.isArray(patches) ? patches : []).forEach((patch, patchIndex) => {
    const patchName = literalString(fieldAt(patch, "name")) ?? "(no name)";
    const enabled = enabledFor(fieldAt(patch, "enabledIf"), variables?.values);
    if (enabled === false) return;
    const definitions = fieldAt(patch, "definitions");
    (Array.isArray(definitions) ? definitions : []).forEach((definition, definitionIndex) => {
      if (!selects(fieldAt(definition, "selector"), use)) return;
      const operations = fieldAt(definition, "jsonPatches");
      (Array.isArray(operations) ? operations : []).forEach((operation, operationIndex) => {
        const op = fieldAt(operation, "op");
        const path = fieldAt(operation, "path");
        if ((op !== "add" && op !== "replace" && op !== "remove") || typeof path !== "string") return;
        const at = (...field: Field): Written => ({
          by: classApplied,
          field: ["spec", "patches", patchIndex, "definitions", definitionIndex, "jsonPatches", operationIndex, ...field],
          holdsValue: false,
        });
        const why = (reason: string) => notKnown(className, patchName, reason);
        const { value, written } =
          enabled === undefined
            ? {
                value: why("applied where its enabledIf holds, which is not known here"),
                written: { by: classApplied, field: ["spec", "patches", patchIndex, "enabledIf"], holdsValue: false },
              }
            : op === "remove"
              ? { value: undefined, written: at() }
              : operationValue(operation, variables, why, at);
        const segments = pointerSegments(path);
        const next = patched(document, segments, enabled === undefined ? (op === "remove" ? "replace" : op) : op, value);
        if (!isMap(next)) return;
        // An item added at the end (`/-`) is written at the index the list had.
        const parent = fieldAt(document, ...segments.slice(0, -1));
        const placed = segments.at(-1) === "-" && Array.isArray(parent) ? [...segments.slice(0, -1), String(parent.length)] : segments;
        document = next;
        writes.push({ segments: placed, written });
      });
    });
  });
  return { document, writes };
}

/**
 * Where a field of a template a class makes was last written by the class's patches (Made.writes), and so where a
 * finding on it points: the last operation on the field or on a field holding it; undefined where the template writes it.
 */
function writtenBy(writes: Made["writes"], field: Field): { readonly applied: AppliedManifest; readonly field: Field } | undefined {
  const steps = field.map(String);
  const write = writes.findLast(({ segments }) => segments.length <= steps.length && segments.every((segment, i) => segment === steps[i]));
  if (!write) return undefined;
  const { by, field: at, holdsValue } = write.written;
  return { applied: by, field: holdsValue ? [...at, ...field.slice(write.segments.length)] : at };
}

/** The value an add or replace operation writes (calculateValue): its `value`, a variable's, or a template's, rendered. */
function operationValue(
  operation: unknown,
  variables: Variables | undefined,
  why: (reason: string) => string,
  at: (...field: Field) => Written,
): { value: unknown; written: Written } {
  const written = fieldAt(operation, "value");
  if (written !== undefined) return { value: written, written: { ...at("value"), holdsValue: true } };
  const variable = literalString(fieldAt(operation, "valueFrom", "variable"));
  const template = literalString(fieldAt(operation, "valueFrom", "template"));
  const fromTemplate = at("valueFrom", "template");
  if (!variables) {
    const literal = template !== undefined && !template.includes("{{") ? rendered(template, {}) : undefined;
    return literal
      ? { value: literal.value, written: fromTemplate }
      : { value: why("from the variables of a Cluster that uses it, which no Cluster here gives"), written: at("valueFrom") };
  }
  if (variable !== undefined) {
    const value = variableValue(variables.values, variable);
    const [name = "", ...under] = variable.split(".");
    const given = variables.writtenAt.get(name);
    return value === undefined
      ? { value: why(`from the variable ${variable}, which neither the Cluster nor the class's default gives`), written: at("valueFrom", "variable") }
      : { value, written: given ? { ...given, field: [...given.field, ...under] } : at("valueFrom", "variable") };
  }
  const value = template === undefined ? undefined : rendered(template, variables.values);
  return value === undefined || holdsUnknown(value.value)
    ? { value: why("from a Go template not rendered here"), written: fromTemplate }
    : { value: value.value, written: fromTemplate };
}

/** The ClusterClass a Cluster's topology names (v1beta2 `classRef.name`, v1beta1 `class`), with the namespace it is looked for in. */
function classOfCluster(cluster: LooseObject): { name: unknown; namespace: unknown } | undefined {
  const topology = fieldAt(cluster, "spec", "topology");
  if (!isMap(topology)) return undefined;
  const ref = fieldAt(topology, "classRef");
  return {
    name: fieldAt(ref, "name") ?? topology.class,
    namespace: fieldAt(ref, "namespace") ?? topology.classNamespace ?? fieldAt(cluster, "metadata", "namespace"),
  };
}

/**
 * The objects applied, with each template a ClusterClass among them uses and patches replaced by what the class makes
 * of it: one per Cluster among them that uses the class, or one for a Cluster not known here (its variables then not
 * known) where none does. A template no patch selects stays as written.
 */
export function asClassesMakeThem(applied: readonly AppliedManifest[]): readonly AppliedManifest[] {
  const classes = applied.filter(({ manifest }) => isKind(manifest, "ClusterClass", capiGroup));
  if (classes.length === 0) return applied;
  const namespaceOf = (manifest: LooseObject): unknown => fieldAt(manifest, "metadata", "namespace") ?? undefined;
  // A namespace known only once another tool fills it (`${NAMESPACE}`) may be the other's.
  const sameNamespace = (one: unknown, other: unknown): boolean => one === other || isUnknown(one) || isUnknown(other);
  const clusters = applied.filter(({ manifest }) => isKind(manifest, "Cluster", capiGroup) && classOfCluster(manifest));
  const made = new Map<AppliedManifest, AppliedManifest[]>();
  for (const classApplied of classes) {
    const classObject = classApplied.manifest;
    const patches = fieldAt(classObject.spec, "patches");
    const selectors = (Array.isArray(patches) ? patches : []).flatMap((patch) => {
      const definitions = fieldAt(patch, "definitions");
      return (Array.isArray(definitions) ? definitions : []).map((definition) => fieldAt(definition, "selector"));
    });
    // A runtime extension's patches (v1beta2 external.generatePatchesExtension, v1beta1 external.generateExtension) may
    // change any template the class uses, as only the extension knows.
    const extensions = (Array.isArray(patches) ? patches : []).flatMap((patch) => {
      const name = fieldAt(patch, "external", "generatePatchesExtension") ?? fieldAt(patch, "external", "generateExtension");
      return typeof name === "string" ? [name] : [];
    });
    const extended = extensions.length > 0 ? `, with the patches of its runtime extension ${extensions.join(", ")}, not read here` : "";
    const users = clusters.filter(({ manifest: cluster }) => {
      const named = classOfCluster(cluster);
      return named?.name === fieldAt(classObject, "metadata", "name") && sameNamespace(named?.namespace ?? undefined, namespaceOf(classObject));
    });
    const className = `ClusterClass ${objectName(classObject)}`;
    for (const templateUse of templatesUsed(classObject.spec)) {
      if (!extended && !selectors.some((selector) => selects(selector, templateUse))) continue;
      for (const template of applied) {
        const { manifest } = template;
        if (manifest.kind !== templateUse.kind || fieldAt(manifest, "metadata", "name") !== templateUse.name) continue;
        if (!sameNamespace(namespaceOf(manifest), namespaceOf(classObject))) continue;
        const places = users.flatMap((cluster) => topologyUses(cluster, templateUse));
        const variants = (places.length > 0 ? places : [undefined]).map((where): AppliedManifest => {
          const { document, writes } = madeFrom(manifest, templateUse, classApplied, where);
          return {
            ...template,
            manifest: document,
            madeBy: `as ${className} makes it${where ? ` for ${where.named ? `${where.named} of ` : ""}Cluster ${objectName(where.cluster.manifest)}` : ""}${extended}`,
            ...(writes.length > 0 ? { writtenBy: (field: Field) => writtenBy(writes, field) } : {}),
          };
        });
        made.set(template, [...(made.get(template) ?? []), ...variants]);
      }
    }
  }
  return made.size === 0 ? applied : applied.flatMap((template) => made.get(template) ?? [template]);
}
