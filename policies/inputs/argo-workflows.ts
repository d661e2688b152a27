import { isMap } from "../lib/helm";

type Path = readonly (string | number)[];
type Origin = readonly [view: Path, written: Path, defaults?: Path];

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

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asMap = (value: unknown): Record<string, unknown> => (isMap(value) ? value : {});

/**
 * A template with the workflow's `templateDefaults` under it, as the controller merges them (workflow/controller/
 * operator.go, mergedTemplateDefaultsInto): a strategic merge where the template wins, objects merge field by field,
 * lists are replaced, and the defaults of another template type than the template's are dropped.
 */
function withDefaults(defaults: Record<string, unknown>, template: Record<string, unknown>, type: string): Record<string, unknown> {
  const applicable = Object.fromEntries(Object.entries(defaults).filter(([key]) => !(containerTypes as readonly string[]).includes(key) || key === type));
  return merged(applicable, template) as Record<string, unknown>;
}

function merged(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = merged(base[key], value);
  return out;
}

/** The names of the volumes a container mounts. */
const mountedBy = (container: unknown): string[] =>
  asList(asMap(container).volumeMounts).flatMap((mount) => (typeof asMap(mount).name === "string" ? [asMap(mount).name as string] : []));

/**
 * The pods of a Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow, read as the controller builds
 * them (workflow/controller/workflowpod.go, createWorkflowPod):
 * - the containers the template writes (`container`, named `main` when it names none, `script`, or each of a
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

    const main =
      type === "containerSet"
        ? asList(asMap(template.containerSet).containers).map((container, j) => ({ container, from: [...from("containerSet"), "containers", j] }))
        : [{ container: { name: "main", ...asMap(template[type]) }, from: from(type) }];
    const sidecars = asList(template.sidecars).map((container, j) => ({ container, from: [...from("sidecars"), j] }));
    const containers = [...main, ...sidecars];
    for (const [k, container] of containers.entries())
      origins.push(k === 0 && type !== "containerSet" ? origin(inPod("containers", 0), type) : [inPod("containers", k), container.from]);
    const initContainers = asList(template.initContainers);
    if (initContainers.length > 0) origins.push([inPod("initContainers"), from("initContainers")]);

    const ownVolumes = asList(template.volumes);
    const mounted = new Set([...containers, ...initContainers.map((container) => ({ container }))].flatMap(({ container }) => mountedBy(container)));
    for (const name of mountedBy(template.containerSet)) mounted.add(name);
    const own = new Set(ownVolumes.map((volume) => asMap(volume).name));
    const workflowVolumes = [...asList(spec.volumes).entries()].filter(
      ([, volume]) => mounted.has(asMap(volume).name as string) && !own.has(asMap(volume).name),
    );
    for (const k of ownVolumes.keys()) origins.push([inPod("volumes", k), [...from("volumes"), k]]);
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
          containers: containers.map(({ container }) => container),
          initContainers: initContainers.length > 0 ? initContainers : undefined,
          volumes: [...ownVolumes, ...workflowVolumes.map(([, volume]) => volume)],
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
  const [prefix, written, defaults] = best;
  const rest = viewPath.slice(prefix.length);
  return defaults && !holds(manifest, [...written, ...rest]) && holds(manifest, [...defaults, ...rest]) ? [...defaults, ...rest] : [...written, ...rest];
}
