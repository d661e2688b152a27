import type { ResourceGraph } from "../engine/graph";
import type { GivenSecurityContext, OperatorCompletion, TfResource } from "../engine/model";
import type { PolicyContext, Violation } from "../engine/policy";
import {
  attributePath,
  block,
  blocks,
  isMap,
  isResourceReference,
  isUnknown,
  isUnknownValue,
  isUnset,
  knownAfterApply,
  list,
  literalBool,
  literalString,
  memoized,
  unknownShown,
  unknownsWritten,
  unrecorded,
} from "./values";

/** The Kubernetes provider has both `kubernetes_x` and `kubernetes_x_v1` for most kinds: policies cover both. */
export const withV1 = (...types: string[]): string[] => types.flatMap((type) => [type, `${type}_v1`]);

/** Where the pod spec sits in each workload resource. */
const podSpecLocation: Record<string, readonly string[]> = {
  ...Object.fromEntries(withV1("kubernetes_pod").map((type) => [type, ["spec"]])),
  ...Object.fromEntries(
    [
      ...withV1("kubernetes_deployment", "kubernetes_stateful_set", "kubernetes_replication_controller", "kubernetes_job"),
      "kubernetes_daemonset",
      "kubernetes_daemon_set_v1",
    ].map((type) => [type, ["spec", "template", "spec"]]),
  ),
  ...Object.fromEntries(withV1("kubernetes_cron_job").map((type) => [type, ["spec", "job_template", "spec", "template", "spec"]])),
};

/** Every resource type that carries a pod template. */
export const workloadTypes: readonly string[] = Object.keys(podSpecLocation).sort();

/** Where the pod specs sit in the pod templates an operator completes, read as a Deployment's. */
const completedSpecLocation = ["spec", "template", "spec"] as const;

/**
 * Workloads, and the custom resources whose pod templates an operator completes (TfResource.completedPodTemplates),
 * for the policies that judge what a pod writes, and what it leaves unset where the operator does not fill it
 * (requireFlag, PodSpecAt.completedByOperator).
 */
export const writtenWorkloadTypes: readonly string[] = [...workloadTypes, "kubernetes_manifest", "kubernetes_manifest_v1"];

export const namespaceTypes = withV1("kubernetes_namespace");
export const networkPolicyTypes = withV1("kubernetes_network_policy");
export const serviceAccountTypes = withV1("kubernetes_service_account", "kubernetes_default_service_account");

/**
 * Whether a NetworkPolicy's spec isolates the pods it selects in a direction: its policy_types, or, when it writes none,
 * Ingress, and Egress if it has egress rules (NetworkPolicySpec.policyTypes in the Kubernetes API reference). The rules
 * of a direction it does not isolate have no effect. Types known only at apply may name either.
 */
export function networkPolicyIsolates(spec: Record<string, unknown> | undefined, direction: "Ingress" | "Egress"): boolean {
  if (isUnknown(spec?.policy_types)) return true;
  const written = list(spec?.policy_types);
  if (written.length > 0) return written.includes(direction);
  return direction === "Ingress" || blocks(spec?.egress).length > 0;
}
/** What a namespace holds and guards: workloads, what they expose, what they read and the rights given in it. */
export const namespacedTypes: readonly string[] = [
  ...workloadTypes,
  ...withV1(
    "kubernetes_service",
    "kubernetes_ingress",
    "kubernetes_secret",
    "kubernetes_config_map",
    "kubernetes_service_account",
    "kubernetes_role",
    "kubernetes_role_binding",
    "kubernetes_persistent_volume_claim",
  ),
];

/** Roles and ClusterRoles, and the bindings that grant them. */
export const roleTypes = withV1("kubernetes_role", "kubernetes_cluster_role");
export const bindingTypes = withV1("kubernetes_role_binding", "kubernetes_cluster_role_binding");

export interface PodSpecAt {
  readonly spec: Record<string, unknown>;
  readonly path: string;
  /** Whether the provider's typed resource sends the spec (with its defaults), not a manifest as written. */
  readonly sentByProvider: boolean;
  /** The metadata of the pod the spec makes (the pod's own, or its template's), where its annotations sit. */
  readonly metadata: { readonly value: Record<string, unknown> | undefined; readonly path: string };
  /** What an operator fills in the spec where it completes it (TfResource.completedPodTemplates). */
  readonly completedByOperator?: OperatorCompletion;
  /** Which of the templates the operator completes this spec is, in the order they are written. */
  readonly template?: number;
}

export interface ContainerAt {
  readonly container: Record<string, unknown>;
  readonly path: string;
  readonly pod: PodSpecAt;
  /** "container x" or "init container x", for messages (computed when read). */
  readonly label: string;
  readonly init: boolean;
}

/** The pod specs of a workload (one, unless the configuration writes several blocks). */
export const podSpecs = memoized((resource: TfResource): readonly PodSpecAt[] => {
  const completed = resource.completedPodTemplates;
  const location = completed ? completedSpecLocation : podSpecLocation[resource.type];
  if (!location) return [];
  const values = (completed?.values ?? resource.values) as Record<string, unknown>;
  let found: { spec: Record<string, unknown>; path: string; holder: Record<string, unknown>; holderPath: string; template: number }[] = [
    { spec: values, path: "", holder: values, holderPath: "", template: 0 },
  ];
  for (const key of location) {
    // Indexed as written, a block known only at apply counted: the path, and the operator's completion of each template.
    found = found.flatMap(({ spec, path, template }) =>
      list(spec[key]).flatMap((child, i) =>
        isMap(child) ? [{ spec: child, path: attributePath(path, key, i), holder: spec, holderPath: path, template: key === "template" ? i : template }] : [],
      ),
    );
  }
  return found.map(({ spec, path, holder, holderPath, template }) => ({
    spec,
    path,
    sentByProvider: resource.fromManifest !== true && completed === undefined,
    metadata: { value: block(holder.metadata), path: attributePath(holderPath, "metadata", 0) },
    ...(completed ? { completedByOperator: completed.completion, template } : {}),
  }));
});

/** Containers and init containers of every pod spec of a workload. */
export const containers = memoized((resource: TfResource): readonly ContainerAt[] =>
  podSpecs(resource).flatMap((pod) =>
    (["container", "init_container"] as const).flatMap((kind) =>
      blocks(pod.spec[kind]).map((container, i) => ({
        container,
        pod,
        path: attributePath(pod.path, kind, i),
        init: kind === "init_container",
        // Read without the engine recording it (unrecorded), and only when asked: a message reads the name, no verdict
        // depends on it, and one not known here must not make a check "not evaluable".
        get label() {
          const name = unrecorded(container, "name");
          const shown = literalString(name) ?? (isUnknown(name) && name !== knownAfterApply ? unknownShown(name) : i);
          return `${kind === "container" ? "container" : "init container"} ${shown}`;
        },
      })),
    ),
  ),
);

/**
 * Whether a security-context field (or the service account token's) is written: the API server decodes a null (YAML's
 * empty `runAsNonRoot:`, which `helm template` writes for a value left unset) as an unset pointer, and a plan lists a
 * nested block left unwritten as an empty list, which the provider does not send (structures_container.go,
 * expandContainerSecurityContext; structures_pod.go, expandPodSecurityContext: a block only when its list is not empty).
 */
export const isWrittenField = (value: unknown): boolean => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

/** A security-context field the pod sets for its containers, as written; undefined when it is not (isWrittenField). */
export function podSecurityField(pod: PodSpecAt, field: string): { value: unknown; path: string } {
  const value = block(pod.spec.security_context)?.[field];
  return { value: isWrittenField(value) ? value : undefined, path: attributePath(pod.path, "security_context", 0, field) };
}

/**
 * A security-context field as the container sees it: its own value, else the pod's (`inherited`), as Kubernetes
 * inherits run_as_*, seccomp_profile and the like from the pod security context.
 */
export function securityField(at: ContainerAt, field: string): { value: unknown; path: string; inherited?: true } {
  const own = block(at.container.security_context);
  const path = attributePath(at.path, "security_context", 0, field);
  if (own && isWrittenField(own[field])) return { value: own[field], path };
  return { ...inheritedField(at, podSecurityField(at.pod, field), path), inherited: true };
}

/**
 * A pod's setting as a container inherits it: where the object cannot write the pod's security context
 * (OperatorCompletion.podSecurityContextFixed), a finding on it names the container's own field, the one to write.
 */
const inheritedField = <T extends { readonly path: string }>(at: ContainerAt, setting: T, ownPath: string): T =>
  at.pod.completedByOperator?.podSecurityContextFixed ? { ...setting, path: ownPath } : setting;

/**
 * A security context's run_as_non_root as the API server receives it. The provider sends every field of a
 * security_context block it finds in the block's map, and the plugin SDK puts every field there, with its zero value
 * when it is not written (structures_container.go, expandContainerSecurityContext; structures_pod.go,
 * expandPodSecurityContext; hashicorp/terraform-provider-kubernetes issue 695): a block written without
 * run_as_non_root sends false, which on a container overrides the pod's true.
 */
function sentRunAsNonRoot(
  context: Record<string, unknown> | undefined,
  sentByProvider: boolean,
  path: string,
): { value: unknown; path: string; sentByProvider?: true } {
  if (sentByProvider && context && context.run_as_non_root === undefined) return { value: false, path, sentByProvider: true };
  return { value: context?.run_as_non_root, path };
}

/** The pod's run_as_non_root as the API server receives it (see sentRunAsNonRoot). */
export const podRunAsNonRoot = (pod: PodSpecAt): { value: unknown; path: string; sentByProvider?: true } =>
  sentRunAsNonRoot(block(pod.spec.security_context), pod.sentByProvider, attributePath(pod.path, "security_context", 0, "run_as_non_root"));

/** A container's run_as_non_root as the API server receives it: its own, else the pod's (`inherited`). */
export function runAsNonRoot(at: ContainerAt): { value: unknown; path: string; sentByProvider?: true; inherited?: true } {
  const own = block(at.container.security_context);
  const path = attributePath(at.path, "security_context", 0, "run_as_non_root");
  if (own && (isWrittenField(own.run_as_non_root) || at.pod.sentByProvider)) return sentRunAsNonRoot(own, at.pod.sentByProvider, path);
  return { ...inheritedField(at, podRunAsNonRoot(at.pod), path), inherited: true };
}

/** The container's own security context field (fields that exist only on containers: privileged, capabilities...). */
export function containerSecurityField(at: ContainerAt, field: string): { value: unknown; path: string } {
  return { value: block(at.container.security_context)?.[field], path: attributePath(at.path, "security_context", 0, field) };
}

/** The name a resource's metadata block gives, or undefined when it is not a literal. */
export const metadataName = (resource: TfResource): string | undefined => literalString(block(resource.values.metadata)?.name);

/**
 * How a message names a namespace resource: its name, or its address and what the name is written with where it is not
 * known. The name is read without the engine recording it (unrecorded): a message reads it, no verdict depends on it.
 */
export function namespaceShown(namespace: TfResource): string {
  const written = block(unrecorded(namespace.values, "metadata"))?.name;
  return literalString(written) ?? `${namespace.address} (named ${unknownShown(written)})`;
}

/**
 * The namespace a Helm release creates (`create_namespace = true`) when no namespace of the configuration has its
 * name, declared or read by a data source: Helm makes it labelled `name` only, and leaves one that exists as it is
 * (helm pkg/action/install.go, CreateNamespace: an AlreadyExists error is ignored), so that one a data source reads,
 * which exists, is the cluster's. Undefined for any other resource, and for `default`.
 */
export function namespaceHelmCreates(resource: TfResource, graph: ResourceGraph): string | undefined {
  if (resource.type !== "helm_release" || resource.mode === "data" || literalBool(resource.values.create_namespace) !== true) return undefined;
  const name = literalString(resource.values.namespace);
  if (name === undefined || name === "default") return undefined;
  return namespaceNames(graph, "managed").has(name) || namespaceNames(graph, "data").has(name) ? undefined : name;
}

/**
 * The names of the namespace resources the configuration manages, or those its data sources read (undefined: a name
 * known only at apply), read once.
 */
const namespaceNames = (graph: ResourceGraph, mode: TfResource["mode"]): ReadonlySet<string | undefined> =>
  graph.cached(
    `kubernetes: names of the namespaces, ${mode}`,
    () => new Set(graph.ofType(namespaceTypes).flatMap((namespace) => (namespace.mode === mode ? [metadataName(namespace)] : []))),
  );

/**
 * The name a value gives: the literal, the metadata name of the declared resource (of one of `types`) its
 * interpolation points at, such as "${kubernetes_namespace_v1.x.metadata[0].name}", or what another block gives that
 * Terraform knows at plan (ResourceGraph.readValue); undefined when it cannot be known.
 */
export function resolvedName(value: unknown, from: TfResource, graph: ResourceGraph, types: readonly string[]): string | undefined {
  const literal = literalString(value);
  if (literal !== undefined) return literal;
  const target = graph.targetOf(value, from);
  if (target && types.includes(target.type)) return metadataName(target);
  // Another block's value Terraform knows at plan (the object a kubernetes_resource data source reads is the one named).
  return literalString(graph.readValue(value, from));
}

/**
 * What a name written as a reference this check cannot follow waits on (an attribute a data source or the provider
 * computes, another state's output), for a finding to say it (Violation.notKnown): what the reference reads where that is
 * not known here (a variable given no value), else the reference. Undefined for a value that is no reference.
 */
export function referenceNotKnown(value: unknown, from: TfResource, graph: ResourceGraph): string | undefined {
  if (typeof value !== "string" || !isResourceReference(value)) return undefined;
  const read = unknownsWritten(graph.readValue(value, from));
  return read === undefined || read === knownAfterApply ? value : read;
}

/**
 * The finding that a binding's subject `i` has a name written as a reference this check cannot follow
 * (referenceNotKnown), where its name is not resolved; undefined otherwise.
 */
export function subjectNameNotKnown(
  subject: Record<string, unknown>,
  i: number,
  name: string | undefined,
  binding: TfResource,
  graph: ResourceGraph,
): Violation | undefined {
  const notKnown = name === undefined ? referenceNotKnown(subject.name, binding, graph) : undefined;
  return notKnown === undefined
    ? undefined
    : { message: `subject ${i}'s name is not known here`, path: attributePath("subject", i, "name"), outcome: "cannot-evaluate", notKnown };
}

/**
 * The namespace a namespaced resource lives in: the literal name, or the name of the namespace resource its
 * interpolation points at; "default" when none is written; undefined when it cannot be known.
 */
export function namespaceOf(resource: TfResource, graph: ResourceGraph): string | undefined {
  // Metadata known only at apply may name any namespace.
  if (isUnknown(resource.values.metadata)) return undefined;
  const written = block(resource.values.metadata)?.namespace;
  if (isUnset(written)) return "default";
  return resolvedName(written, resource, graph, namespaceTypes);
}

/** A resource's namespace as written: its metadata's, or the whole metadata where that is not known here. */
const writtenNamespace = ({ values: { metadata } }: TfResource): unknown => (isUnknown(metadata) ? metadata : block(metadata)?.namespace);

/**
 * The namespaces of resources as written, where they are not known here (`${var.namespace}`, metadata given whole by a
 * variable): what a finding that could not match them depends on, for the engine to say what it waits on
 * (Violation.notKnown). Undefined where none is written so.
 */
export const namespacesNotKnown = (resources: readonly TfResource[]): string | undefined => unknownsWritten(resources.map(writtenNamespace));

/**
 * A resource's namespace as written where it is not known here, read through the resource it references
 * (`${kubernetes_namespace.app.metadata[0].name}` reads the namespace's `${var.namespace}`): what a finding depends on
 * (Violation.notKnown). Undefined where it is known, or known only at apply.
 */
export const namespaceNotKnown = (resource: TfResource, graph: ResourceGraph): string | undefined =>
  unknownsWritten(graph.readValue(writtenNamespace(resource), resource));

/** The names of the namespaces the configuration creates: declared, or created by a Helm release (undefined: a name known only at apply). */
export const declaredNamespaces = (graph: ResourceGraph): ReadonlySet<string | undefined> =>
  graph.cached("kubernetes: declared namespaces", () => {
    const declared = new Set(namespaceNames(graph, "managed"));
    for (const release of graph.ofType(["helm_release"])) if (release.mode === "managed") declared.add(namespaceHelmCreates(release, graph));
    return declared;
  });

/**
 * The namespaces the configuration's workloads, services, secrets, roles, NetworkPolicies and custom resources sit in
 * (Helm releases included) that it
 * neither declares nor has Helm create: they exist elsewhere (a rendered chart's `--namespace`, the cluster's own), so
 * their Pod Security labels and NetworkPolicies are not in what was checked, and no policy judges them.
 */
export function namespacesNotDeclared(graph: ResourceGraph): string[] {
  const declared = declaredNamespaces(graph);
  const releases = graph.ofType(["helm_release"]).filter((release) => release.mode === "managed");
  // A custom resource names its namespace or is cluster-scoped: only a written namespace counts.
  const customResources = graph
    .ofType(["kubernetes_manifest"])
    .filter((resource) => resource.mode === "managed")
    .flatMap((resource) => {
      const written = block(block(resource.values.manifest)?.metadata)?.namespace;
      return isUnset(written) ? [] : [resolvedName(written, resource, graph, namespaceTypes)];
    });
  const used = [
    ...graph
      .ofType([...namespacedTypes, ...networkPolicyTypes])
      .filter((resource) => resource.mode === "managed")
      .map((resource) => namespaceOf(resource, graph)),
    ...customResources,
    ...releases.map((release) => (isUnset(release.values.namespace) ? "default" : resolvedName(release.values.namespace, release, graph, namespaceTypes))),
  ];
  return [...new Set(used.filter((name): name is string => name !== undefined && !declared.has(name)))].sort();
}

/** What a per-container or per-pod check returns: nothing, one violation, or a list (undefined entries are dropped). */
export type Found = Violation | readonly (Violation | undefined)[] | undefined;

export const violationsOf = (result: Found): Violation[] => (Array.isArray(result) ? result : [result]).filter((v): v is Violation => v !== undefined);

/** A check run on every container and init container of a workload. */
export const eachContainer =
  (check: (at: ContainerAt, context: PolicyContext) => Found) =>
  (resource: TfResource, context: PolicyContext): Violation[] =>
    containers(resource).flatMap((at) => violationsOf(check(at, context)));

/** Whether a pod says it runs on Windows (spec.os.name). */
export const isWindowsPod = (pod: PodSpecAt): boolean => literalString(block(pod.spec.os)?.name) === "windows";

/**
 * A check run on every container of a workload's pods but Windows ones, for a Linux-only security field: the API
 * refuses allowPrivilegeEscalation, capabilities, seccompProfile and readOnlyRootFilesystem on a pod whose spec.os.name
 * is windows (core/v1 SecurityContext: "cannot be set when spec.os.name is windows"), and Pod Security admission exempts
 * such a pod from the restricted checks on them (pod-security-admission, policy/check_allowPrivilegeEscalation.go,
 * check_capabilities_restricted.go, check_seccompProfile_restricted.go).
 */
export const eachLinuxContainer = (check: (at: ContainerAt, context: PolicyContext) => Found) =>
  eachContainer((at, context) => (isWindowsPod(at.pod) ? undefined : check(at, context)));

/** A check run on every pod spec of a workload. */
export const eachPodSpec =
  (check: (pod: PodSpecAt, context: PolicyContext) => Found) =>
  (resource: TfResource, context: PolicyContext): Violation[] =>
    podSpecs(resource).flatMap((pod) => violationsOf(check(pod, context)));

/** A container's capabilities list (`add` or `drop`): the value as written, its items, and its path. */
export function capabilityList(at: ContainerAt, which: "add" | "drop"): { value: unknown; items: unknown[]; path: string } {
  const capabilities = containerSecurityField(at, "capabilities");
  const value = isUnknown(capabilities.value) ? capabilities.value : block(capabilities.value)?.[which];
  return { value, items: isUnknown(value) ? [] : list(value), path: attributePath(capabilities.path, 0, which) };
}

/** The longest value text a message shows whole: a longer one (a list a function made of a million elements) is cut. */
const longestShown = 120;

/** A value as messages show it: its JSON, its beginning alone when it is long. */
export function shown(value: unknown): string {
  if (value === undefined || value === null) return "unset";
  const text = JSON.stringify(value);
  return text.length <= longestShown ? text : `${text.slice(0, longestShown)}… (${text.length} characters)`;
}

/**
 * Who a message names: "pod", or a container, whose label is read only when a message is written; with the container
 * and its pod, where a setting left unset may be an operator's to fill (PodSpecAt.completedByOperator).
 */
type Who = string | { readonly label: string; readonly pod?: PodSpecAt; readonly container?: Record<string, unknown> };
const nameOf = (who: Who): string => (typeof who === "string" ? who : who.label);

/**
 * A violation when a boolean setting is not explicitly `expected`; none when the value is unknown before apply. Unset,
 * it is what an operator that gives the container its security context sets there (givenByOperator), if any. `who`
 * names the container or pod for the message.
 */
export function requireFlag(who: Who, field: string, setting: { value: unknown; path: string }, expected: boolean): Violation | undefined {
  if (isUnknown(setting.value) || literalBool(setting.value) === expected) return undefined;
  const given = isUnset(setting.value) && typeof who === "object" ? givenByOperator(who, field) : undefined;
  if (given === undefined) return { message: `${nameOf(who)}: ${field} is ${shown(setting.value)}, must be ${expected}`, path: setting.path };
  return given.value === expected ? undefined : leftToOperatorViolation(nameOf(who), field, given, `must be ${expected}`, setting.path);
}

/**
 * What an operator that completes a container's pod sets in one field of the container's security context where the
 * container leaves it unset: undefined when it gives the container no security context (OperatorCompletion), a value
 * undefined when the context it gives leaves the field out.
 */
export function givenByOperator(
  { pod, container }: { readonly pod?: PodSpecAt; readonly container?: Record<string, unknown> },
  field: string,
): { readonly operator: string; readonly value: unknown } | undefined {
  const completion = pod?.completedByOperator;
  const to = completion?.containerSecurityContexts;
  if (container === undefined || completion === undefined || to === undefined || to === "none") return undefined;
  if (to === "unwritten" ? !isUnset(container.security_context) : !to.includes(literalString(container.name) ?? "")) return undefined;
  const given = forTemplate(completion.given, pod);
  return { operator: completion.operator, value: given?.[field as keyof GivenSecurityContext] };
}

/**
 * A security context as a manifest writes it, as the policies name its fields (GivenSecurityContext): what an operator
 * gives a container from an object's field. A part known only at apply stands for each field under it.
 */
export function givenFromContext(context: unknown): GivenSecurityContext {
  const at = (...path: string[]) => path.reduce<unknown>((value, key) => (isUnknownValue(value) ? value : isMap(value) ? value[key] : undefined), context);
  return {
    privileged: at("privileged") as GivenSecurityContext["privileged"],
    allow_privilege_escalation: at("allowPrivilegeEscalation") as GivenSecurityContext["allow_privilege_escalation"],
    read_only_root_filesystem: at("readOnlyRootFilesystem") as GivenSecurityContext["read_only_root_filesystem"],
    run_as_non_root: at("runAsNonRoot") as GivenSecurityContext["run_as_non_root"],
    drop: at("capabilities", "drop") as GivenSecurityContext["drop"],
    seccomp_profile: at("seccompProfile", "type") as GivenSecurityContext["seccomp_profile"],
  };
}

/**
 * A pod's item of a list an operator gives per pod template, in the order they are written, the last for the rest
 * (OperatorCompletion.given, defaultLimits, tokenNeeded).
 */
export const forTemplate = <T>(perTemplate: readonly T[], pod: PodSpecAt | undefined): T | undefined =>
  perTemplate[Math.min(pod?.template ?? 0, perTemplate.length - 1)];

/**
 * The violation of a field a container leaves to its operator, which sets another value there (or none): not evaluable
 * when what the operator sets is known only at apply (a version given by a variable). `gives` says what the operator
 * gives it: its own security context, or its pod's.
 */
export function leftToOperatorViolation(
  label: string,
  field: string,
  given: { readonly operator: string; readonly value: unknown },
  expected: string,
  path: string,
  gives = "this container its security context",
): Violation {
  if (isMap(given.value) && typeof given.value.unknown === "string")
    return {
      message: `${label}: ${field} is left to ${given.operator}, whose setting for it is not known here: ${given.value.unknown}`,
      path,
      outcome: "cannot-evaluate",
    };
  if (isUnknown(given.value))
    return {
      message: `${label}: ${field} is left to ${given.operator}, which sets it from ${given.value}, known only at apply`,
      path,
      outcome: "cannot-evaluate",
    };
  const set = given.value === undefined ? "sets none" : `sets ${shown(given.value)}`;
  return { message: `${label}: ${field} is left to ${given.operator}, which gives ${gives} and ${set}: ${expected}`, path };
}

/**
 * A violation when a boolean setting is literally true (unset is fine: the Kubernetes default is false), or, unset, is
 * what an operator that gives the container its security context sets there (givenByOperator).
 */
export function forbidFlag(who: Who, field: string, setting: { value: unknown; path: string }): Violation | undefined {
  if (literalBool(setting.value) === true) return { message: `${nameOf(who)}: ${field} is true`, path: setting.path };
  const given = isUnset(setting.value) && typeof who === "object" ? givenByOperator(who, field) : undefined;
  return given === undefined || given.value === undefined || given.value === false
    ? undefined
    : leftToOperatorViolation(nameOf(who), field, given, "must not be true", setting.path);
}

/** A parsed container image reference: [registry[:port]/]repository[:tag][@digest]. */
export interface ImageReference {
  /**
   * Registry in lower case, with its port when one is written ("registry.example.fr:5000"); "docker.io" when the reference
   * names none; the first component of a name whose first component is no valid domain but a valid path component.
   */
  readonly registry: string;
  /** The registry's host name alone, without the port ("[::1]" for an IPv6 address). */
  readonly host: string;
  /** True when no registry is written, so the container runtime pulls from Docker Hub. */
  readonly implicitRegistry: boolean;
  /** The repository's path in the registry, as the runtime names it: Docker Hub's official images under library/ ("library/nginx" for "nginx"). */
  readonly repository: string;
  readonly tag?: string;
  /** The digest as written, such as sha256:<64 hex>. */
  readonly digest?: string;
}

/*
 * The grammar of an image reference, as github.com/distribution/reference reads it (regexp.go, and the grammar in
 * reference.go's package comment): name [":" tag] ["@" digest], the name being [domain "/"] path. A path is components
 * of lower-case letters and digits joined by "/", within which one "." or "_", two "_" or any number of "-" may separate
 * letters and digits; a domain is DNS labels joined by "." (letters of either case, digits, "-" inside) or an IPv6
 * address in brackets, then an optional port of digits; a tag is a word character then up to 127 word characters, "."
 * or "-".
 */
const pathComponentPattern = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const imagePath = new RegExp(`^${pathComponentPattern}(?:/${pathComponentPattern})*$`);
const pathComponent = new RegExp(`^${pathComponentPattern}$`);
const domainLabelPattern = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
const imageDomain = new RegExp(`^(?:${domainLabelPattern}(?:\\.${domainLabelPattern})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const imageTag = /^\w[\w.-]{0,127}$/;
/**
 * A digest the kubelet accepts: the digest grammar of regexp.go, then go-digest's Parse (digest.go Validate, algorithm.go),
 * which wants an algorithm it knows and its length of lower-case hexadecimal digits. It knows sha256, sha384 and sha512,
 * the kubelet linking crypto/sha256 and crypto/sha512 in (pkg/util/parsers); another algorithm is refused.
 */
const imageDigest = /^(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;
/** The longest path a reference may have (reference.go, RepositoryNameTotalLengthMax, held to the path alone in Parse). */
const imagePathLengthMax = 255;

/**
 * Splits a name written for the runtime into the domain it is pulled from and the rest, as normalize.go splitDockerDomain
 * does: the first component is the domain when it is "localhost", holds a "." or a ":", or has upper-case letters (no
 * path component may); else the name is Docker Hub's, whose legacy host index.docker.io is docker.io too, and a one-part
 * name there is an official image under library/.
 */
function splitImageDomain(text: string): { domain: string; remainder: string; implicit: boolean } {
  const slash = text.indexOf("/");
  const first = text.slice(0, slash);
  const written = slash >= 0 && (first === "localhost" || /[.:]/.test(first) || first.toLowerCase() !== first);
  const domain = !written || first === "index.docker.io" ? "docker.io" : first;
  const remainder = written ? text.slice(slash + 1) : text;
  return { domain, remainder: domain === "docker.io" && !remainder.includes("/") ? `library/${remainder}` : remainder, implicit: !written };
}

/**
 * Parses an image reference as the kubelet and containerd do (github.com/distribution/reference, normalize.go
 * ParseNormalizedNamed: the kubelet's pkg/util/parsers ParseImageName and containerd's CRI ParseDockerRef read it so);
 * undefined for one they refuse, which never runs (the kubelet fails its container with InvalidImageName). The text is
 * read as written: a space anywhere, even around it, makes it invalid (and the API server refuses a container's image
 * with a leading or trailing one).
 */
export function parseImage(text: string): ImageReference | undefined {
  // ParseNormalizedNamed: 64 lower-case hexadecimal digits are an image's ID, not a name.
  if (/^[a-f0-9]{64}$/.test(text)) return undefined;
  const { domain, remainder, implicit } = splitImageDomain(text);
  // ParseNormalizedNamed: the repository (what precedes the first ":" of the remainder) must be in lower case.
  const colon = remainder.indexOf(":");
  const remote = colon < 0 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) return undefined;
  // reference.go Parse, on the domain and the remainder: an "@" starts the digest, the last ":" after the last "/" the tag.
  const full = `${domain}/${remainder}`;
  const at = full.indexOf("@");
  const named = at < 0 ? full : full.slice(0, at);
  const digest = at < 0 ? undefined : full.slice(at + 1);
  const tagColon = named.lastIndexOf(":");
  const tagged = tagColon > named.lastIndexOf("/");
  const name = tagged ? named.slice(0, tagColon) : named;
  const tag = tagged ? named.slice(tagColon + 1) : undefined;
  if ((tag !== undefined && !imageTag.test(tag)) || (digest !== undefined && !imageDigest.test(digest))) return undefined;
  // The name's first component is its domain when it is a valid one and the rest a valid path; else, when the whole
  // name is a valid path, the name has no domain (reference.Domain is empty): containerd then pulls from the host its
  // first component names (its resolver takes the text before the name's first slash, reference.Spec.Hostname).
  const split = name.indexOf("/");
  const withDomain = imageDomain.test(name.slice(0, split)) && imagePath.test(name.slice(split + 1));
  if (!withDomain && !imagePath.test(name)) return undefined;
  const path = name.slice(split + 1);
  if ((withDomain ? path : name).length > imagePathLengthMax) return undefined;
  const registry = name.slice(0, split).toLowerCase();
  return {
    registry,
    host: registry.replace(/:[0-9]+$/, ""),
    implicitRegistry: implicit,
    repository: path,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

/**
 * Whether the image comes from one of the allowed registries, by exact host match (never a suffix or prefix match). An
 * allowed entry without a port accepts the host on any port; an entry with a port ("host:5000") only that port.
 */
export function fromAllowedRegistry(image: Pick<ImageReference, "registry" | "host">, allowed: readonly string[]): boolean {
  return allowed.some((entry) => {
    const registry = entry.trim().toLowerCase();
    return registry === image.registry || (!registry.includes(":") && registry === image.host);
  });
}

/**
 * The registry of an image reference known only in part (`registry.example.fr/app:${var.tag}`): its first component
 * decides it (parseImage), whatever the rest becomes, when the text before the first interpolation holds the slash that
 * ends it; "refused" when the known text makes the runtime refuse the reference whatever the rest becomes: a first
 * component that is neither a valid domain nor a valid path component (`registry.example.fr:abc`), a whole path
 * component after it that is not valid (`registry.example.fr/EDS/${var.app}`), or a repository begun in upper case
 * (`registry.example.fr/eds/App${var.suffix}`); undefined otherwise.
 */
export function partlyKnownRegistry(reference: string): Pick<ImageReference, "registry" | "host" | "implicitRegistry"> | "refused" | undefined {
  const interpolation = reference.search(/[$%]\{/);
  const known = interpolation < 0 ? reference : reference.slice(0, interpolation);
  const slash = known.indexOf("/");
  if (slash < 0) return undefined;
  // splitDockerDomain reads the first component alone; a valid path stands for the rest.
  const image = parseImage(`${known.slice(0, slash)}/image`);
  const components = known.slice(slash + 1).split("/");
  const begun = components.at(-1)?.split(/[:@]/)[0] ?? "";
  const pathRefused = components.slice(0, -1).some((component) => !pathComponent.test(component)) || begun.toLowerCase() !== begun;
  return image && !pathRefused ? { registry: image.registry, host: image.host, implicitRegistry: image.implicitRegistry } : "refused";
}

/**
 * The tag and digest of an image reference known only in part (`${var.registry}/web:1.4.2`, `${repository_url}:1.4.2`):
 * the text after the last interpolation decides them (parseImage), whatever comes before, when it holds the slash that
 * starts the last path component, or starts with the tag's colon or the digest's @ (a reference is name [":" tag]
 * ["@" digest], distribution/reference reference.go); "refused" when that text makes the runtime refuse the reference
 * whatever comes before (a last path component, a tag or a digest that is not valid); undefined otherwise
 * (`${var.image}`, `registry/web:${var.tag}`).
 */
export function partlyKnownTagAndDigest(reference: string): Pick<ImageReference, "tag" | "digest"> | "refused" | undefined {
  const known = reference.slice(reference.lastIndexOf("}") + 1);
  const slash = known.lastIndexOf("/");
  // The part known only at apply stands as a registry and a repository of its own.
  const written = slash >= 0 ? `registry.invalid/${known.slice(slash + 1)}` : /^[:@]/.test(known) ? `registry.invalid/image${known}` : undefined;
  if (written === undefined) return undefined;
  const image = parseImage(written);
  return image ? { ...(image.tag === undefined ? {} : { tag: image.tag }), ...(image.digest === undefined ? {} : { digest: image.digest }) } : "refused";
}

/**
 * The violation of an image the kubelet refuses (parseImage, partlyKnownRegistry or partlyKnownTagAndDigest): its
 * container never runs, failing with InvalidImageName.
 */
export const refusedImage = ({ text, label, path }: { readonly text: string; readonly label: string; readonly path: string }, partly = false): Violation => ({
  message:
    text.trim() !== text
      ? // The API server refuses a pod with it, before any kubelet reads it; a workload's template is taken, and each pod
        // it makes refused (pkg/apis/core/validation/validation.go, validateContainerOnlyForPod).
        `${label}: image "${text}" has leading or trailing whitespace: the API server refuses a pod with it, so no pod runs it`
      : `${label}: image "${text}" is not a valid image reference${partly ? " whatever its part known only at apply" : ""}: the kubelet refuses it (InvalidImageName), so the container never runs`,
  path,
});

/** Whether a digest is a full sha256 digest. */
export const isSha256Digest = (digest: string | undefined): boolean => digest !== undefined && /^sha256:[0-9a-f]{64}$/.test(digest);

/** An image as the image policies read it: as written, parsed (undefined when no valid reference), and where. */
export interface ImageAt {
  readonly text: string;
  readonly image: ImageReference | undefined;
  readonly path: string;
}

const secretWords = [
  ...[["PASSWORD"], ["PASSWD"], ["PASSPHRASE"], ["SECRET"], ["TOKEN"], ["CREDENTIAL"], ["API", "KEY"], ["APIKEY"], ["PRIVATE", "KEY"]],
  // Keys that sign, encrypt or open (an access key: Sysdig's, an Azure storage account's, or an S3 key's identifier,
  // which is flagged with them; a master or signing key, RabbitMQ's Erlang cookie).
  ...[
    ["ACCESS", "KEY"],
    ["ENCRYPTION", "KEY"],
    ["MASTER", "KEY"],
    ["SIGNING", "KEY"],
    ["ERLANG", "COOKIE"],
    // Keys that encrypt: Airflow's [core] fernet_key (AIRFLOW__CORE__FERNET_KEY), JupyterHub's auth state key
    // (JUPYTERHUB_CRYPT_KEY, "Encrypting auth_state"), and keys named by their cipher or MAC.
    ["FERNET", "KEY"],
    ["CRYPT", "KEY"],
    ["AES", "KEY"],
    ["HMAC", "KEY"],
  ],
];
/**
 * A name ending in one of these designates where the secret is (a file, a URL...) or a setting about it (how long it
 * lives, how it is named: postgres-operator's password_rotation_interval, secret_name_template; Grafana's
 * GF_AUTH_TOKEN_ROTATION_INTERVAL_MINUTES), not the secret itself.
 */
const aboutTheSecret = new Set([
  ...["FILE", "PATH", "DIR", "URL", "URI", "ENDPOINT", "NAME"],
  // Where a token is, as URL and ENDPOINT are: a token contract's public address on a blockchain (Audius' identity
  // service's ethTokenAddress, "Token contract address" in its sp-utilities claim README).
  "ADDRESS",
  ...["TEMPLATE", "FORMAT", "INTERVAL", "RETENTION", "TTL", "LENGTH", "TIMEOUT", "EXPIRY", "EXPIRATION", "AGE"],
  // How it is made, checked, kept or passed (vaultwarden's PASSWORD_ITERATIONS, Gitea's PASSWORD_HASH_ALGO and
  // PASSWORD_COMPLEXITY, PostgreSQL's password_encryption, a token's issuer, a secret's backend or store, docker
  // login's --password-stdin, a token read from an environment variable it names).
  ...["ITERATION", "HASH", "ALGO", "ALGORITHM", "COMPLEXITY", "ENCRYPTION", "ISSUER", "AUDIENCE", "BACKEND", "PROVIDER", "TYPE", "MODE", "POLICY"],
  ...["STORE", "NAMESPACE", "STDIN", "ENV"],
  // How long it lives, how it is signed, sent and checked: djangorestframework-simplejwt's ACCESS_TOKEN_LIFETIME (a
  // duration), a JWT's alg (RFC 7515, 4.1.1: RS256), the header and the scheme prefix it is sent with (X-Auth-Token,
  // Bearer), OAuth's token_endpoint_auth_method (RFC 7591, 2: client_secret_post names a method).
  ...["LIFETIME", "ALG", "HEADER", "PREFIX", "METHOD"],
  // Word parts are singular (wordParts): MINUTES is MINUTE.
  ...["SECOND", "MINUTE", "HOUR", "DAY"],
]);

/**
 * The word parts of a name: split at underscores, dashes, dots and camelCase boundaries (an acronym's end too:
 * SMTPPassword, JWTSecret), upper-cased, plurals singular
 * (PASS, ACCESS and the abbreviations that end in S kept).
 */
const wordParts = (name: string): string[] =>
  name
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== "")
    .map((part) => part.toUpperCase())
    .map((part) => (notPlurals.has(part) ? part : part.replace(/(?<=[A-Z]{2})(?<!S)S$/, "")));

const notPlurals = new Set(["TLS", "JKS", "DNS", "HTTPS", "AWS", "AES"]);

/**
 * Whether an environment variable name designates a secret: PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY or
 * CREDENTIAL as whole word parts (DB_PASSWORD, apiKey, OIDC_CLIENT_SECRET), not inside a word (TOKENIZER) and not
 * a pointer to the secret or a setting about it (PASSWORD_FILE, PASSWORD_ROTATION_INTERVAL).
 */
export function looksSecret(name: string): boolean {
  const parts = wordParts(name);
  const last = parts[parts.length - 1]!;
  const beforeLast = parts[parts.length - 2];
  if (
    parts.length === 0 ||
    aboutTheSecret.has(last) ||
    quantityWords.has(last) ||
    (last === "ID" && (beforeLast === "KEY" || (beforeLast === "TOKEN" && parts[parts.length - 3] !== "ROOT")))
  )
    return false;
  // A count of tokens (an LLM server's MAX_INPUT_TOKENS, OPENAI_MAX_TOKENS, MAX_TOKENS_PER_REQUEST): a quantity before TOKEN.
  if (parts.some((part, i) => part === "TOKEN" && parts.slice(0, i).some((word) => quantityWords.has(word)))) return false;
  if (notSecrets.has(parts.join("_"))) return false;
  // A Kubernetes Secret's name (Tailscale's TS_KUBE_SECRET, the Secret containerboot keeps its state in).
  if (last === "SECRET" && beforeLast !== undefined && kubernetesWords.has(beforeLast)) return false;
  if (secretNames.has(name.toUpperCase()) || (parts.length > 1 && passwordAbbreviations.has(parts[parts.length - 1]!))) return true;
  return secretWords.some((word) => parts.some((_, i) => word.every((w, j) => parts[i + j] === w)));
}

/**
 * Whether a key of a chart's values or of a custom resource names a credential by its last words, as charts name them
 * (Bitnami's auth.postgresPassword and auth.erlangCookie, oauth2-proxy's config.clientSecret and cookieSecret, MinIO's
 * secretKey, an apiToken): not a key that names an existing Secret, or the key in one that holds the credential
 * (existingSecret, existingSecretPasswordKey, userPasswordKey: a KEY after PASSWORD names a key), nor one that names a
 * Secret by what it holds (extraEnvVarsSecret, tlsSecret, passwordsSecret), nor where the secret is or a setting about
 * it (looksSecret: passwordFile, tokenTTL).
 */
export function namesACredential(key: string): boolean {
  const parts = wordParts(key);
  // MongoDB's replica set key: the key file its members authenticate one another with.
  if (parts.slice(-3).join("_") === "REPLICA_SET_KEY") return true;
  if (!looksSecret(key) || parts.includes("EXISTING")) return false;
  const [last, beforeLast] = [parts[parts.length - 1]!, parts[parts.length - 2]];
  if (last === "SECRET") return beforeLast === undefined || !namedByContent.has(beforeLast);
  // An access key's secret half (secretAccessKey); an accessKey alone is its identifier.
  if (last === "KEY") return beforeLast === "ACCESS" ? parts[parts.length - 3] === "SECRET" : keysThatOpen.has(beforeLast ?? "");
  if (last === "COOKIE") return beforeLast === "ERLANG";
  return credentialWords.has(last) || secretNames.has(key.toUpperCase()) || (parts.length > 1 && passwordAbbreviations.has(last));
}

/** Last words that name a credential. */
const credentialWords = new Set(["PASSWORD", "PASSWD", "PASSPHRASE", "TOKEN", "APIKEY", "CREDENTIAL"]);

/** Words before KEY that make it a key that opens or signs (apiKey, privateKey, secretKey, masterKey). */
const keysThatOpen = new Set(["API", "PRIVATE", "SECRET", "ENCRYPTION", "MASTER", "SIGNING", "FERNET", "CRYPT", "AES", "HMAC"]);

/** Words before SECRET that make a name a Kubernetes Secret's name. */
const kubernetesWords: ReadonlySet<string> = new Set(["KUBE", "K8S", "KUBERNETES"]);

/**
 * Words before SECRET that say what a Secret holds, so that the key names that Secret (Bitnami's extraEnvVarsSecret,
 * initdbScriptsSecret, certificatesSecret, tlsSecret, passwordsSecret, accessKeySecret; Strimzi's passwordSecret).
 */
const namedByContent = new Set([
  ...["ENV", "VAR", "SCRIPT", "CONFIG", "FILE", "USER", "LICENSE"],
  ...["TLS", "CA", "CERT", "CERTIFICATE", "BUNDLE", "JKS", "KEYSTORE", "TRUSTSTORE", "KEY"],
  ...["PASSWORD", "TOKEN", "CREDENTIAL", "PULL", "REGISTRY", "DOCKER", "HTPASSWD"],
  // A Kubernetes Secret's (Tailscale's TS_KUBE_SECRET: the Secret that holds its state).
  ...kubernetesWords,
]);

/**
 * Words that make a name a quantity or a bound about a secret, as its last word (Vault's SECRET_SHARES and
 * SECRET_THRESHOLD, a key's size: AES_KEY_SIZE, HMAC_KEY_BITS), or about the tokens it counts, before TOKEN (an LLM server's MAX_TOTAL_TOKENS), not the
 * secret. An ID after KEY or TOKEN names one (AWS_ACCESS_KEY_ID, Proxmox's PM_API_TOKEN_ID); Vault AppRole's SECRET_ID is
 * the credential, and so is Vault's root token ID (VAULT_DEV_ROOT_TOKEN_ID, `-dev-root-token-id`): a Vault token's ID is
 * the token itself ("the initial root token ID", Vault's `server -dev` documentation).
 */
const quantityWords = new Set(["MAX", "MIN", "NUM", "NUMBER", "TOTAL", "COUNT", "LIMIT", "SHARE", "THRESHOLD", "VERSION", "SIZE", "BIT", "LEN"]);

/**
 * Names that hold no secret despite their words: etcd's initial cluster token, an identifier of the cluster it forms;
 * the Tailscale operator's OPERATOR_SECRET, the name of the Secret it keeps its node's state in (tailscale
 * cmd/k8s-operator/operator.go, initTSNet: its kubeSecret, handed to kubestore), which its chart sets to the
 * operator's name.
 */
const notSecrets = new Set(["INITIAL_CLUSTER_TOKEN", "ETCD_INITIAL_CLUSTER_TOKEN", "OPERATOR_SECRET"]);

/**
 * Names of one word that hold a password: libpq's PGPASSWORD (PostgreSQL documentation, "Environment Variables"),
 * Redis's requirepass and masterauth (a server's options).
 */
const secretNames = new Set(["PGPASSWORD", "REQUIREPASS", "MASTERAUTH"]);

/**
 * A password abbreviated as a name's last word: DB_PASS, RABBITMQ_DEFAULT_PASS (the RabbitMQ image's), MYSQL_PWD (the
 * MySQL client's), ORACLE_PWD (Oracle's database images'). PWD alone is the shell's working directory, and a *_PWD that
 * holds a path is a directory (isPath).
 */
const passwordAbbreviations = new Set(["PASS", "PWD"]);

/**
 * Whether a value is a path, which a variable named like a secret holds to point at it (GOOGLE_APPLICATION_CREDENTIALS=
 * /var/secrets/key.json), or a *_PWD at a directory (HOST_PWD=/workspace): no secret itself. A path may be written as
 * a file reference, `FILE:` before it: Kerberos's credential cache (KRB5CCNAME=FILE:/tmp/krb5cc_1000, MIT krb5's
 * "ccache types") and EOS's token file (OAUTH2_TOKEN=FILE:/tmp/oauthtk_1000, cern-eos/eos's fusex authentication).
 */
export const isPath = (value: unknown): boolean => typeof value === "string" && /^(?:FILE:)?(?:\/|~\/|\.\.?\/)(?:[\w./-]|\$\([\w.-]+\))*$/.test(value);

/**
 * Whether an environment variable's value is made only of references to the container's other variables, which the
 * kubelet expands (`$(DB_PASSWORD)`: a name of letters, digits, `-`, `.` and `_`, as EnvVar.value documents): the
 * value is the referenced variable's, judged where it is set.
 */
export const onlyVariableReferences = (value: unknown): boolean => typeof value === "string" && /^(?:\$\([-._a-zA-Z][-._a-zA-Z0-9]*\))+$/.test(value.trim());

/**
 * Whether an object is a custom resource: of an API group named with a dot that is not one of Kubernetes' own
 * (apps, batch and the core group have none; networking.k8s.io and the like end in k8s.io).
 */
export function isCustomResource(manifest: Record<string, unknown>): boolean {
  const group = groupOf(typeof manifest.apiVersion === "string" ? manifest.apiVersion : "");
  return group.includes(".") && !group.endsWith(".k8s.io");
}

/** The API group of an apiVersion: `apps` of `apps/v1`, empty for the core group's `v1`. */
export const groupOf = (apiVersion: string): string => (apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "");

/** An object's kind with its API group, as the tables of kinds read them: `argoproj.io/Rollout`, `/Pod`. */
export const groupKindOf = (apiVersion: string, kind: unknown): string => `${groupOf(apiVersion)}/${String(kind)}`;

/** A service account's user name, or its namespace's group: system:serviceaccount:<ns>:<name>, system:serviceaccounts:<ns>. */
export const serviceAccountIdentity = /^system:serviceaccounts?:/;

/**
 * The subjects that stand for whole populations, with whom they stand for: the user name of anonymous requests and
 * the groups the authenticators give (k8s.io/apiserver pkg/authentication/user/user.go; kubernetes.io/docs/reference/
 * access-authn-authz/rbac, "Default roles and role bindings").
 */
const populations: Readonly<Record<"User" | "Group", Readonly<Record<string, string>>>> = {
  User: { "system:anonymous": "every anonymous request" },
  Group: {
    "system:unauthenticated": "every unauthenticated request",
    "system:authenticated": "every authenticated user and service account",
    "system:serviceaccounts": "every service account of the cluster",
  },
};

/**
 * Whom a binding's subject stands for when it is a whole population, or undefined. RBAC matches a User subject on the
 * user name and a Group subject on the groups (pkg/registry/rbac/validation/rule.go, appliesTo), so a Group named
 * system:anonymous is no one; a kind known only at apply may be either.
 */
export function populationOf(kind: string | undefined, name: string): string | undefined {
  if (kind === "User" || kind === "Group") return populations[kind][name];
  return kind === undefined ? (populations.User[name] ?? populations.Group[name]) : undefined;
}
