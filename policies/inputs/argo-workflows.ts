import type { OperatorCompletion } from "../engine/model";
import { isMap } from "../lib/helm";
import { isUnknownValue } from "../lib/values";

export type Path = readonly (string | number)[];
/**
 * A part of a view and the path the object writes it at; `defaults`, where what the object leaves unset there is
 * written instead; `whole`, for a part no field of the object writes (an operator's own container), named by the
 * field that makes it.
 */
export type Origin = readonly [view: Path, written: Path, defaults?: Path, whole?: "whole"];

/**
 * The pods an Argo Workflows object makes, written as a Deployment whose `spec.template` lists one pod template per
 * template that runs containers, so that every workload policy judges them; and, for each part of that view, where
 * the object writes it, so that a finding names the object's own field and line.
 */
export interface WorkflowPods {
  readonly view: Record<string, unknown>;
  /**
   * Each path of the view with the path in the object it comes from, and the path in `templateDefaults` that fills
   * what the template leaves out; the longest that prefixes a path wins.
   */
  readonly origins: readonly Origin[];
  /** Set when an operator completes the templates, filling some of what they leave unset (OperatorCompletion). */
  readonly completedByOperator?: OperatorCompletion;
}

/** Where each kind of argoproj.io holds its WorkflowSpec (argo-workflows pkg/apis/workflow/v1alpha1). */
const workflowSpecAt: Readonly<Record<string, Path>> = {
  Workflow: ["spec"],
  WorkflowTemplate: ["spec"],
  ClusterWorkflowTemplate: ["spec"],
  CronWorkflow: ["spec", "workflowSpec"],
};

/** The template types that run containers the workflow writes (TemplateType): the others run Argo's executor alone. */
const containerTypes = ["container", "script", "containerSet"] as const;

export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const asMap = (value: unknown): Record<string, unknown> => (isMap(value) ? value : {});

/** A list as written, or the value known only at apply that stands for it, as one item a policy reads as unknown. */
export const itemsOf = (value: unknown): unknown[] => (isUnknownValue(value) ? [value] : asList(value));

/** A group of pods an operator runs for an object: the pod template it is viewed as, and where each part is written. */
export interface PodGroup {
  readonly template: unknown;
  readonly origins: readonly Origin[];
}

/** An object viewed as a Deployment whose pod templates are its groups' (their origins index the templates in order). */
export const viewOfGroups = (manifest: Record<string, unknown>, groups: readonly PodGroup[]): Pick<WorkflowPods, "view" | "origins"> => ({
  view: { ...manifest, spec: { template: groups.map((group) => group.template) } },
  origins: [[["metadata"], ["metadata"]], ...groups.flatMap((group) => group.origins)],
});

/** An object viewed as a Deployment whose pod templates are the ones found in its spec (templatesIn), each at its field. */
export const viewOfTemplates = (
  manifest: Record<string, unknown>,
  templates: readonly { readonly template: unknown; readonly at: Path }[],
): Pick<WorkflowPods, "view" | "origins"> =>
  viewOfGroups(
    manifest,
    templates.map(({ template, at }, i) => ({
      template,
      origins: [
        [
          ["spec", "template", i],
          ["spec", ...at],
        ],
      ],
    })),
  );

/**
 * The templates a path leads to in a value, each with the path it was found at (`*` walks each item of a list, or each
 * value of a map, in the order written): maps, and values known only at apply, which may be templates of any content.
 */
export function templatesIn(value: unknown, path: Path, at: Path = []): { template: unknown; at: Path }[] {
  if (isUnknownValue(value)) return [{ template: value, at }];
  if (path.length === 0) return isMap(value) ? [{ template: value, at }] : [];
  const [key, ...rest] = path;
  if (key === "*")
    return Array.isArray(value)
      ? value.flatMap((item, i) => templatesIn(item, rest, [...at, i]))
      : Object.entries(asMap(value)).flatMap(([name, item]) => templatesIn(item, rest, [...at, name]));
  return isMap(value) && key !== undefined ? templatesIn(value[key], rest, [...at, key]) : [];
}

/**
 * The lists a strategic merge merges item by item, by the key their Go types give (patchMergeKey: argo-workflows
 * pkg/apis/workflow/v1alpha1/workflow_types.go for a Template's volumes, sidecars and initContainers; k8s.io/api
 * core/v1 for a container's env, volumeMounts and ports); any other list is replaced.
 */
const mergeKeys: Readonly<Record<string, string>> = {
  volumes: "name",
  sidecars: "name",
  initContainers: "name",
  env: "name",
  volumeMounts: "mountPath",
  ports: "containerPort",
};

/** An item of a merged list, with its place in the defaults' list and in the template's. */
interface MergedItem {
  readonly item: unknown;
  readonly fromDefaults?: number;
  readonly fromTemplate?: number;
}

/**
 * Two lists merged by a key as a strategic merge does (k8s.io/apimachinery strategicpatch, mergeSlice): the base's
 * items in their order, each merged with the patch's item of the same key, then the patch's other items.
 */
function mergedList(base: unknown[], over: unknown[], key: string): MergedItem[] {
  const keyOf = (item: unknown) => asMap(item)[key];
  const items: MergedItem[] = base.map((item, d) => {
    const t = over.findIndex((patch) => keyOf(patch) !== undefined && keyOf(patch) === keyOf(item));
    return t < 0 ? { item, fromDefaults: d } : { item: merged(item, over[t]), fromDefaults: d, fromTemplate: t };
  });
  over.forEach((item, t) => {
    if (!items.some((merged) => merged.fromTemplate === t)) items.push({ item, fromTemplate: t });
  });
  return items;
}

/**
 * A template with the workflow's `templateDefaults` under it, as the controller merges them (workflow/controller/
 * operator.go, mergedTemplateDefaultsInto): a strategic merge where the template wins, objects merge field by field,
 * lists with a merge key merge item by item (mergeKeys), other lists are replaced, and the defaults of another
 * template type than the template's are dropped.
 */
function withDefaults(defaults: Record<string, unknown>, template: Record<string, unknown>, type: string): Record<string, unknown> {
  const applicable = Object.fromEntries(Object.entries(defaults).filter(([key]) => !(containerTypes as readonly string[]).includes(key) || key === type));
  return merged(applicable, template) as Record<string, unknown>;
}

function merged(base: unknown, over: unknown, field?: string): unknown {
  const key = field === undefined ? undefined : mergeKeys[field];
  if (key && Array.isArray(base) && Array.isArray(over)) return mergedList(base, over, key).map(({ item }) => item);
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(over)) out[name] = merged(base[name], value, name);
  return out;
}

/** The names of the volumes a container mounts. */
const mountedBy = (container: unknown): string[] =>
  asList(asMap(container).volumeMounts).flatMap((mount) => (typeof asMap(mount).name === "string" ? [asMap(mount).name as string] : []));

/**
 * The pods of a Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow, read as the controller builds
 * them (workflow/controller/workflowpod.go, createWorkflowPod):
 * - the containers the template writes (its `container` or `script`, which Argo names `main`, or each of a
 *   `containerSet`), then its `sidecars`; its `initContainers`;
 * - the pod security context of the template, else of the workflow (addSchedulingConstraints);
 * - the template's volumes, then those of the workflow a container mounts (createVolumes, addVolumeReferences);
 * - the workflow's `hostNetwork`; the service account and token mount of the template, else of the workflow
 *   (setupServiceAccount); labels and annotations of the workflow's `podMetadata`, then the template's (addMetadata).
 *
 * Argo's own containers (its executor's `init` and `wait`) are the controller's, set in its configuration, not here.
 * A `podSpecPatch` is not applied. A parameter (`{{inputs.parameters.image}}`) is judged as written: it is chosen when
 * the workflow is submitted, so no allowed registry or digest holds it. Undefined for any other object, and for one
 * that runs no container of its own (a Workflow that only names a WorkflowTemplate, judged where it is written).
 */
export function workflowPods(manifest: Record<string, unknown>): WorkflowPods | undefined {
  const { apiVersion, kind } = manifest;
  if (typeof apiVersion !== "string" || !apiVersion.startsWith("argoproj.io/") || typeof kind !== "string" || !Object.hasOwn(workflowSpecAt, kind))
    return undefined;
  const at = workflowSpecAt[kind]!;
  const spec = asMap(at.reduce<unknown>((value, key) => asMap(value)[key], manifest));
  const defaults = asMap(spec.templateDefaults);
  const origins: Origin[] = [[["metadata"], ["metadata"]]];
  const pods: Record<string, unknown>[] = [];
  for (const [t, written] of asList(spec.templates).entries()) {
    const type = containerTypes.find((key) => isMap(written) && isMap(written[key]));
    if (!isMap(written) || type === undefined) continue;
    const template = withDefaults(defaults, written, type);
    const from = (key: string): Path => (key in written ? [...at, "templates", t, key] : [...at, "templateDefaults", key]);
    const origin = (view: Path, key: string, ...rest: (string | number)[]): Origin =>
      key in written && key in defaults ? [view, [...from(key), ...rest], [...at, "templateDefaults", key, ...rest]] : [view, [...from(key), ...rest]];
    const pod: Path = ["spec", "template", pods.length];
    const inPod = (...path: (string | number)[]): Path => [...pod, "spec", ...path];
    origins.push([pod, [...at, "templates", t]], [inPod(), [...at, "templates", t]]);

    /** A list the template and its defaults merge item by item, each item with where it is written. */
    const listed = (key: string) =>
      mergedList(asList(defaults[key]), asList(written[key]), mergeKeys[key]!).map(({ item, fromDefaults, fromTemplate }) => ({
        item,
        origin: (view: Path): Origin => {
          const inDefaults: Path = [...at, "templateDefaults", key, fromDefaults ?? 0];
          if (fromTemplate === undefined) return [view, inDefaults];
          const inTemplate: Path = [...at, "templates", t, key, fromTemplate];
          return fromDefaults === undefined ? [view, inTemplate] : [view, inTemplate, inDefaults];
        },
      }));
    // Argo names the container of a container or script template `main`, whatever it writes (workflowpod.go).
    const main =
      type === "containerSet"
        ? asList(asMap(template.containerSet).containers).map((item, j) => ({
            item,
            origin: (view: Path): Origin => [view, [...from("containerSet"), "containers", j]],
          }))
        : [{ item: { ...asMap(template[type]), name: "main" }, origin: (view: Path) => origin(view, type) }];
    const containers = [...main, ...listed("sidecars")];
    for (const [k, container] of containers.entries()) origins.push(container.origin(inPod("containers", k)));
    const initContainers = listed("initContainers");
    for (const [k, container] of initContainers.entries()) origins.push(container.origin(inPod("initContainers", k)));

    const ownVolumes = listed("volumes");
    const mounted = new Set([...containers, ...initContainers].flatMap(({ item }) => mountedBy(item)));
    for (const name of mountedBy(template.containerSet)) mounted.add(name);
    const own = new Set(ownVolumes.map(({ item }) => asMap(item).name));
    const workflowVolumes = [...asList(spec.volumes).entries()].filter(
      ([, volume]) => mounted.has(asMap(volume).name as string) && !own.has(asMap(volume).name),
    );
    for (const [k, volume] of ownVolumes.entries()) origins.push(volume.origin(inPod("volumes", k)));
    for (const [k, [v]] of workflowVolumes.entries()) origins.push([inPod("volumes", ownVolumes.length + k), [...at, "volumes", v]]);

    /** A pod field the template sets, else the workflow. */
    const templateElseWorkflow = (key: string, workflowKey = key): unknown => {
      if (template[key] !== undefined) {
        origins.push(origin(inPod(key), key));
        return template[key];
      }
      if (spec[workflowKey] !== undefined) origins.push([inPod(key), [...at, workflowKey]]);
      return spec[workflowKey];
    };
    const podMetadata = asMap(spec.podMetadata);
    const templateMetadata = asMap(template.metadata);
    if (template.metadata !== undefined) origins.push(origin([...pod, "metadata"], "metadata"));
    else if (spec.podMetadata !== undefined)
      origins.push([
        [...pod, "metadata"],
        [...at, "podMetadata"],
      ]);
    if (spec.hostNetwork !== undefined) origins.push([inPod("hostNetwork"), [...at, "hostNetwork"]]);
    if (spec.imagePullSecrets !== undefined) origins.push([inPod("imagePullSecrets"), [...at, "imagePullSecrets"]]);

    pods.push({
      metadata: {
        labels: { ...asMap(podMetadata.labels), ...asMap(templateMetadata.labels) },
        annotations: { ...asMap(podMetadata.annotations), ...asMap(templateMetadata.annotations) },
      },
      spec: Object.fromEntries(
        Object.entries({
          containers: containers.map(({ item }) => item),
          initContainers: initContainers.length > 0 ? initContainers.map(({ item }) => item) : undefined,
          volumes: [...ownVolumes.map(({ item }) => item), ...workflowVolumes.map(([, volume]) => volume)],
          securityContext: templateElseWorkflow("securityContext"),
          serviceAccountName: templateElseWorkflow("serviceAccountName"),
          automountServiceAccountToken: templateElseWorkflow("automountServiceAccountToken"),
          hostNetwork: spec.hostNetwork,
          imagePullSecrets: spec.imagePullSecrets,
        }).filter(([, value]) => value !== undefined),
      ),
    });
  }
  if (pods.length === 0) return undefined;
  return { view: { apiVersion: "apps/v1", kind: "Deployment", metadata: manifest.metadata, spec: { template: pods } }, origins };
}

const holds = (object: unknown, path: Path): boolean => {
  let value = object;
  for (const key of path) {
    if (!isMap(value) && !Array.isArray(value)) return false;
    if (!Object.hasOwn(value, key)) return false;
    value = (value as Record<string | number, unknown>)[key];
  }
  return true;
};

/**
 * A path in the view, as the object writes it: the longest origin that prefixes it, followed by the rest of it; in
 * `templateDefaults` when the template does not write it and the defaults do.
 */
export function writtenInWorkflow(pods: WorkflowPods, manifest: Record<string, unknown>, viewPath: Path): (string | number)[] {
  let best: Origin | undefined;
  for (const origin of pods.origins) {
    const [prefix] = origin;
    if (prefix.length <= viewPath.length && prefix.every((key, i) => viewPath[i] === key) && (!best || prefix.length > best[0].length)) best = origin;
  }
  if (!best) return [...viewPath];
  const [prefix, written, defaults, whole] = best;
  if (whole) return [...written];
  const rest = viewPath.slice(prefix.length);
  return defaults && !holds(manifest, [...written, ...rest]) && holds(manifest, [...defaults, ...rest]) ? [...defaults, ...rest] : [...written, ...rest];
}
