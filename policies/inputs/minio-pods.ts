import { isMap } from "../lib/helm";
import { isUnknownValue } from "../lib/values";
import { asList, asMap, itemsOf, type Origin, type Path, type WorkflowPods } from "./argo-workflows";

/**
 * The security context the operator gives its containers in a pool's pods (poolContainerSecurityContext): the pool's
 * containerSecurityContext as written, whole; else run as non-root (unless the pool's security context says
 * otherwise) as user and group 1000, and nothing else: no privilege escalation turned off, no capability dropped,
 * no seccomp profile. With where each field is written.
 */
function ownContainerContext(pool: Record<string, unknown>, at: Path): { context: unknown; origins: (view: Path) => Origin[] } {
  const written = pool.containerSecurityContext;
  if (written !== undefined) return { context: written, origins: (view) => [[view, [...at, "containerSecurityContext"]]] };
  const podContext = asMap(pool.securityContext);
  const fromPod = podContext.runAsNonRoot !== undefined;
  return {
    context: { runAsNonRoot: fromPod ? podContext.runAsNonRoot : true, runAsUser: podContext.runAsUser ?? 1000, runAsGroup: podContext.runAsGroup ?? 1000 },
    origins: (view) => [
      [view, [...at, "containerSecurityContext"]],
      ...(fromPod
        ? [
            [
              [...view, "runAsNonRoot"],
              [...at, "securityContext", "runAsNonRoot"],
            ] as Origin,
          ]
        : []),
    ],
  };
}

/** The pod security context the operator gives a pool's pods that write none (poolSecurityContext). */
const defaultPodContext = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 };

/**
 * The pods of a tenant's KES server, where it has one (pkg/resources/statefulsets/kes-statefulset.go, NewForKES): the
 * kes container with its containerSecurityContext, else the run-as fields of its securityContext, as a pool's
 * (ownContainerContext, kesContainerSecurityContext), and its resources; the pod with its securityContext, else the
 * operator's (kesSecurityContext); its labels and annotations. Its origins are added to `origins`.
 */
function kesTemplate(kes: Record<string, unknown>, index: number, origins: Origin[]): unknown {
  const at: Path = ["spec", "kes"];
  const view: Path = ["spec", "template", index];
  const own = ownContainerContext(kes, at);
  origins.push(
    [view, at],
    [
      [...view, "spec", "securityContext"],
      [...at, "securityContext"],
    ],
    [[...view, "spec", "containers", 0], at, undefined, "whole"],
    ...own.origins([...view, "spec", "containers", 0, "securityContext"]),
    [
      [...view, "spec", "containers", 0, "resources"],
      [...at, "resources"],
    ],
  );
  return {
    metadata: { labels: kes.labels, annotations: kes.annotations },
    spec: { securityContext: kes.securityContext ?? defaultPodContext, containers: [{ name: "kes", securityContext: own.context, resources: kes.resources }] },
  };
}

/**
 * The pods MinIO's operator runs for a Tenant (minio.min.io/v2), one template per pool (operator
 * pkg/resources/statefulsets/minio-statefulset.go, NewPool): its own containers (`minio`, `sidecar`, and the init
 * container `validate-arguments`) with the pool's container security context or the operator's (ownContainerContext),
 * and the pool's resources for `minio`, the sideCars' for the other two (getSideCarContainer, getInitContainer),
 * the tenant's sideCars' containers and volumes and its initContainers as written, its additionalVolumes where each
 * has its mount (the operator adds them only then), the pool's security context or the operator's, and the labels and
 * annotations of poolsMetadata under the pool's (PodMetadata). The pods mount the token of the tenant's service
 * account, which the operator's sidecar needs: it watches the tenant and its configuration through the API
 * (sidecar/pkg/sidecar, rest.InClusterConfig); the Tenant has no field to turn it off. Each finding names the field of
 * the tenant that writes, or would write, what the policy reads. Images are judged from the tenant's image fields
 * (operator-images.ts), not here. Its KES server's pods too, where it has one (kesTemplate).
 */
export function minioPods(manifest: Record<string, unknown>): WorkflowPods | undefined {
  const { apiVersion, kind, spec } = manifest;
  if (typeof apiVersion !== "string" || !apiVersion.startsWith("minio.min.io/") || kind !== "Tenant" || !isMap(spec)) return undefined;
  const pools = spec.pools;
  const sideCars = asMap(spec.sideCars);
  const sideCarContainers = itemsOf(sideCars.containers);
  const initContainers = itemsOf(spec.initContainers);
  const sideCarVolumes = itemsOf(sideCars.volumes);
  const mounts = spec.additionalVolumeMounts;
  const additionalVolumes = asList(mounts).length > 0 && asList(mounts).length === asList(spec.additionalVolumes).length ? itemsOf(spec.additionalVolumes) : [];
  const origins: Origin[] = [[["metadata"], ["metadata"]]];
  const templateOf = (pool: Record<string, unknown>, i: number) => {
    const at: Path = ["spec", "pools", i];
    const view: Path = ["spec", "template", i];
    const pod: Path = [...view, "spec"];
    const own = ownContainerContext(pool, at);
    // Where the operator's minio and sidecar containers and its validate-arguments init container sit in the view.
    const ownContainers: readonly Path[] = [
      [...pod, "containers", 0],
      [...pod, "containers", 1],
      [...pod, "initContainers", 0],
    ];
    origins.push(
      [view, at],
      ...(["labels", "annotations"] as const).map(
        (key): Origin => [
          [...view, "metadata", key],
          [...at, key],
          ["spec", "poolsMetadata", key],
        ],
      ),
      [
        [...pod, "securityContext"],
        [...at, "securityContext"],
      ],
      ...ownContainers.flatMap((container) => own.origins([...container, "securityContext"])),
      ...ownContainers.map((container, k): Origin => [[...container, "resources"], k === 0 ? [...at, "resources"] : ["spec", "sideCars", "resources"]]),
      ...sideCarContainers.map(
        (_, k): Origin => [
          [...pod, "containers", k + 2],
          ["spec", "sideCars", "containers", k],
        ],
      ),
      ...initContainers.map(
        (_, k): Origin => [
          [...pod, "initContainers", k + 1],
          ["spec", "initContainers", k],
        ],
      ),
      ...sideCarVolumes.map(
        (_, k): Origin => [
          [...pod, "volumes", k],
          ["spec", "sideCars", "volumes", k],
        ],
      ),
      ...additionalVolumes.map(
        (_, k): Origin => [
          [...pod, "volumes", sideCarVolumes.length + k],
          ["spec", "additionalVolumes", k],
        ],
      ),
    );
    const poolsMetadata = asMap(spec.poolsMetadata);
    return {
      metadata: {
        labels: { ...asMap(poolsMetadata.labels), ...asMap(pool.labels) },
        annotations: { ...asMap(poolsMetadata.annotations), ...asMap(pool.annotations) },
      },
      spec: {
        securityContext: pool.securityContext ?? defaultPodContext,
        containers: [
          { name: "minio", securityContext: own.context, resources: pool.resources },
          { name: "sidecar", securityContext: own.context, resources: sideCars.resources },
          ...sideCarContainers,
        ],
        initContainers: [{ name: "validate-arguments", securityContext: own.context, resources: sideCars.resources }, ...initContainers],
        volumes: [...sideCarVolumes, ...additionalVolumes],
      },
    };
  };
  const templates: unknown[] = isUnknownValue(pools) ? [pools] : asList(pools).map((pool, i) => templateOf(asMap(pool), i));
  if (isUnknownValue(pools))
    origins.push([
      ["spec", "template", 0],
      ["spec", "pools"],
    ]);
  if (isMap(spec.kes)) templates.push(kesTemplate(spec.kes, templates.length, origins));
  return {
    view: { ...manifest, spec: { template: templates } },
    origins,
    completedByOperator: {
      operator: "MinIO's operator",
      tokenMounted: true,
      tokenNeeded: true,
      containerSecurityContexts: "none",
      given: [],
      resourcesAsViewed: true,
    },
  };
}
