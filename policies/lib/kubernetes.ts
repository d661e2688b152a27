import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { attributePath, block, blocks, literalString } from "./values";

/** The Kubernetes provider has both `kubernetes_x` and `kubernetes_x_v1` for most kinds: policies cover both. */
export const withV1 = (...types: string[]): string[] => types.flatMap((type) => [type, `${type}_v1`]);

/** Where the pod spec sits in each workload resource. */
const podSpecLocation: Record<string, readonly string[]> = {
  ...Object.fromEntries(withV1("kubernetes_pod").map((type) => [type, ["spec"]])),
  ...Object.fromEntries(
    [...withV1("kubernetes_deployment", "kubernetes_stateful_set", "kubernetes_replication_controller", "kubernetes_job"), "kubernetes_daemonset", "kubernetes_daemon_set_v1"].map((type) => [
      type,
      ["spec", "template", "spec"],
    ]),
  ),
  ...Object.fromEntries(withV1("kubernetes_cron_job").map((type) => [type, ["spec", "job_template", "spec", "template", "spec"]])),
};

/** Every resource type that carries a pod template. */
export const workloadTypes: readonly string[] = Object.keys(podSpecLocation).sort();

export const namespaceTypes = withV1("kubernetes_namespace");
export const networkPolicyTypes = withV1("kubernetes_network_policy");

export interface PodSpecAt {
  readonly spec: Record<string, unknown>;
  readonly path: string;
}

export interface ContainerAt {
  readonly container: Record<string, unknown>;
  readonly path: string;
  readonly pod: PodSpecAt;
  /** "container x" or "init container x", for messages. */
  readonly label: string;
}

/** The pod specs of a workload (one, unless the configuration writes several blocks). */
export function podSpecs(resource: TfResource): PodSpecAt[] {
  const location = podSpecLocation[resource.type];
  if (!location) return [];
  let found: PodSpecAt[] = [{ spec: resource.values as Record<string, unknown>, path: "" }];
  for (const key of location) {
    found = found.flatMap(({ spec, path }) => blocks(spec[key]).map((child, i) => ({ spec: child, path: attributePath(path, key, i) })));
  }
  return found;
}

/** Containers and init containers of every pod spec of a workload. */
export function containers(resource: TfResource): ContainerAt[] {
  return podSpecs(resource).flatMap((pod) =>
    (["container", "init_container"] as const).flatMap((kind) =>
      blocks(pod.spec[kind]).map((container, i) => ({
        container,
        pod,
        path: attributePath(pod.path, kind, i),
        label: `${kind === "container" ? "container" : "init container"} ${literalString(container.name) ?? i}`,
      })),
    ),
  );
}

/**
 * A security-context field as the container sees it: its own value, else the pod's (Kubernetes inherits run_as_*,
 * seccomp_profile and the like from the pod security context).
 */
export function securityField(at: ContainerAt, field: string): { value: unknown; path: string } {
  const own = block(at.container.security_context);
  if (own && own[field] !== undefined) return { value: own[field], path: attributePath(at.path, "security_context", 0, field) };
  const pod = block(at.pod.spec.security_context);
  return { value: pod?.[field], path: attributePath(at.pod.path, "security_context", 0, field) };
}

/** The container's own security context field (fields that exist only on containers: privileged, capabilities...). */
export function containerSecurityField(at: ContainerAt, field: string): { value: unknown; path: string } {
  return { value: block(at.container.security_context)?.[field], path: attributePath(at.path, "security_context", 0, field) };
}

/** The name a resource's metadata block gives, or undefined when it is not a literal. */
export const metadataName = (resource: TfResource): string | undefined => literalString(block(resource.values.metadata)?.name);

/**
 * The namespace a namespaced resource lives in: the literal name, or the name of the namespace resource its
 * interpolation points at; "default" when none is written; undefined when it cannot be known.
 */
export function namespaceOf(resource: TfResource, graph: ResourceGraph): string | undefined {
  const written = block(resource.values.metadata)?.namespace;
  if (written === undefined || written === null || written === "") return "default";
  const literal = literalString(written);
  if (literal !== undefined) return literal;
  const target = graph.targetOf(written, resource);
  return target && namespaceTypes.includes(target.type) ? metadataName(target) : undefined;
}
