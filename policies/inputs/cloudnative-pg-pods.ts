import type { ResourceGraph } from "../engine/graph";
import type { GivenSecurityContext, NotKnownHere, OperatorCompletion } from "../engine/model";
import { appliedObjectsNamed, isKind, isMap } from "../lib/helm";
import { givenFromContext } from "../lib/kubernetes";
import { isUnknownValue, literalString } from "../lib/values";
import { asMap, itemsOf, type Origin, type Path, viewOfGroups, type WorkflowPods } from "./argo-workflows";

const cloudNativePg = "postgresql.cnpg.io";

/** The object's own fields, each kept where written, and the operator's value for each it leaves unset. */
function filled(written: unknown, defaults: Record<string, unknown>): unknown {
  if (isUnknownValue(written)) return written;
  const own = asMap(written);
  return { ...own, ...Object.fromEntries(Object.entries(defaults).filter(([key]) => own[key] === undefined || own[key] === null)) };
}

/** A Cluster's seccomp profile: its seccompProfile, else RuntimeDefault (api/v1/cluster_funcs.go, GetSeccompProfile). */
const clusterSeccompProfile = (spec: Record<string, unknown>): unknown => spec.seccompProfile ?? { type: "RuntimeDefault" };

/**
 * The security context the operator gives the containers of a Cluster's pods and of its poolers'
 * (pkg/specs/containers.go, GetSecurityContext): the Cluster's securityContext, each field it leaves unset the
 * operator's.
 */
const clusterContainerContext = (spec: Record<string, unknown>): unknown =>
  filled(spec.securityContext, {
    seccompProfile: clusterSeccompProfile(spec),
    capabilities: { drop: ["ALL"] },
    privileged: false,
    runAsNonRoot: true,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
  });

/**
 * The pods CloudNativePG runs for a Cluster (postgresql.cnpg.io/v1; cloudnative-pg pkg/specs/pods.go,
 * createClusterPodSpec), viewed as a Deployment whose template is an instance's pod:
 * - its `postgres` container and its `bootstrap-controller` init container run the Cluster's securityContext, each
 *   field it leaves unset the operator's: the cluster's seccomp profile, every capability dropped, no privilege, run as
 *   non-root, a read-only root filesystem, no privilege escalation (pkg/specs/containers.go, GetSecurityContext);
 * - the pod runs the Cluster's podSecurityContext, its user, group and seccomp profile the operator's where unset, or
 *   else the operator's own: the cluster's seccomp profile, run as non-root as the postgres user (pods.go,
 *   GetPodSecurityContext); the cluster's seccomp profile is its seccompProfile, else RuntimeDefault
 *   (api/v1/cluster_funcs.go, GetSeccompProfile);
 * - both containers run the Cluster's resources (createBootstrapContainer, createPostgresContainers);
 * - the token is not mounted (AutomountServiceAccountToken false: OperatorCompletion.tokenMounted); the Cluster's
 *   projectedVolumeTemplate is a projected volume of its pods, and its inheritedMetadata's annotations are theirs.
 * Each finding names the Cluster's field that writes what the policy reads, or would write it.
 */
function clusterPods(manifest: Record<string, unknown>, spec: Record<string, unknown>): WorkflowPods {
  const seccompProfile = clusterSeccompProfile(spec);
  const postgresUser = spec.postgresUID ?? 26;
  const postgresGroup = spec.postgresGID ?? 26;
  const podContext =
    spec.podSecurityContext === undefined
      ? { seccompProfile, runAsUser: postgresUser, runAsGroup: postgresGroup, runAsNonRoot: true, fsGroup: postgresGroup }
      : filled(spec.podSecurityContext, { seccompProfile, runAsUser: postgresUser, runAsGroup: postgresGroup });
  const containerContext = clusterContainerContext(spec);
  const pod: Path = ["spec", "template", 0, "spec"];
  const written = (view: Path, at: string): Origin[] => [
    [view, ["spec", at]],
    [
      [...view, "seccompProfile"],
      ["spec", at, "seccompProfile"],
      ["spec", "seccompProfile"],
    ],
  ];
  const projected = spec.projectedVolumeTemplate;
  return {
    ...viewOfGroups(manifest, [
      {
        template: {
          metadata: { annotations: asMap(spec.inheritedMetadata).annotations },
          spec: {
            securityContext: podContext,
            containers: [{ name: "postgres", securityContext: containerContext, resources: spec.resources }],
            initContainers: [{ name: "bootstrap-controller", securityContext: containerContext, resources: spec.resources }],
            volumes: projected === undefined ? [] : [{ name: "projected", projected }],
          },
        },
        origins: [
          [pod, ["spec"]],
          [
            ["spec", "template", 0, "metadata"],
            ["spec", "inheritedMetadata"],
          ],
          ...written([...pod, "securityContext"], "podSecurityContext"),
          [
            [...pod, "containers", 0, "resources"],
            ["spec", "resources"],
          ],
          [
            [...pod, "initContainers", 0, "resources"],
            ["spec", "resources"],
          ],
          ...written([...pod, "containers", 0, "securityContext"], "securityContext"),
          ...written([...pod, "initContainers", 0, "securityContext"], "securityContext"),
          [
            [...pod, "volumes", 0, "projected"],
            ["spec", "projectedVolumeTemplate"],
          ],
        ],
      },
    ]),
    completedByOperator: { operator: "CloudNativePG", tokenMounted: false, containerSecurityContexts: "none", given: [], resourcesAsViewed: true },
  };
}

/**
 * What a Pooler's pods take from the Cluster it serves (spec.cluster.name, in its namespace), found in this
 * configuration: the security context of its own containers, and its pod's seccomp profile; or why it is not known
 * here.
 */
function fromServedCluster(pooler: Record<string, unknown>, graph: ResourceGraph): Partial<OperatorCompletion> {
  const name = literalString(graph.readValue(asMap(asMap(pooler.spec).cluster).name));
  const found = appliedObjectsNamed(graph, cloudNativePg, "Cluster", name, literalString(graph.readValue(asMap(pooler.metadata).namespace)));
  const spec = found.length === 1 ? found[0]!.manifest.spec : undefined;
  if (name !== undefined && isMap(spec))
    return { given: [givenFromContext(clusterContainerContext(spec))], podSeccompProfile: asMap(clusterSeccompProfile(spec)).type as string };
  const cluster =
    name === undefined
      ? "the Cluster its spec.cluster.name names, known only at apply"
      : `the Cluster ${name} the pooler serves, ${found.length > 1 ? "of which this configuration writes several that may be it" : "which is not in this configuration"}`;
  const unknown: NotKnownHere = { unknown: `it is the security context of ${cluster}` };
  const given: GivenSecurityContext = Object.fromEntries(
    ["privileged", "allow_privilege_escalation", "read_only_root_filesystem", "run_as_non_root", "drop", "seccomp_profile"].map((field) => [field, unknown]),
  );
  return { given: [given], podSeccompProfile: { unknown: `it is the seccomp profile of ${cluster}` } };
}

/** A container without its security context, which the operator replaces. */
function withoutSecurityContext(container: unknown): unknown {
  if (!isMap(container)) return container;
  const { securityContext: _replaced, ...rest } = container;
  return rest;
}

/** The pooler's own containers: PgBouncer's and the bootstrap controller's (pkg/specs/pgbouncer/deployments.go). */
const pgBouncerContainer = "pgbouncer";
const bootstrapController = "bootstrap-controller";

/**
 * The pods CloudNativePG runs for a Pooler (postgresql.cnpg.io/v1; pkg/specs/pgbouncer/deployments.go, Deployment),
 * viewed as a Deployment whose template is its pod: its spec.template as written (host namespaces, volumes, the
 * containers it adds), merged as the operator's podspec builder merges it:
 * - the container named pgbouncer, added where the template has none, and the bootstrap-controller init container run
 *   the security context of the Cluster the pooler serves, whatever the template writes for them
 *   (WithContainerSecurityContext and WithInitContainerSecurityContext overwrite it: GetSecurityContext of the
 *   Cluster); the Cluster is read where this configuration holds it (fromServedCluster), else they are not evaluable;
 * - the pod runs the operator's security context, as non-root with the Cluster's seccomp profile, whatever the template
 *   writes (WithSecurityContext, overwritten: createPodSecurityContext);
 * - PgBouncer runs the resources its container in the template writes, none otherwise; the bootstrap controller its
 *   own, else the template's pod-level resources (WithInitContainerResources, GetResourcesRequirements);
 * - the pod mounts the token of its service account (the operator's ServiceAccount leaves automount on, rbac.go), which
 *   PgBouncer's instance manager needs to watch the pooler (internal/cmd/manager/pgbouncer/run).
 * A container's run_as_non_root is read from the pod's, which the operator sets. A finding on a field the operator sets
 * names spec.cluster (the Cluster's) or spec.pgbouncer (a container the template does not write).
 */
function poolerPods(manifest: Record<string, unknown>, spec: Record<string, unknown>): WorkflowPods {
  const template = spec.template;
  const pod: Path = ["spec", "template", 0];
  const written: Path = ["spec", "template"];
  const completedByOperator: OperatorCompletion = {
    operator: "CloudNativePG",
    tokenMounted: true,
    tokenNeeded: true,
    podSecurityContextFixed: true,
    containerSecurityContexts: [pgBouncerContainer, bootstrapController],
    given: [],
    resourcesAsViewed: true,
    bySettings: (graph) => fromServedCluster(manifest, graph),
  };
  const podSpec = asMap(asMap(template).spec);
  if (isUnknownValue(template) || isUnknownValue(asMap(template).spec))
    return { ...viewOfGroups(manifest, [{ template, origins: [[pod, written]] }]), completedByOperator };
  const containers = itemsOf(podSpec.containers);
  const initContainers = itemsOf(podSpec.initContainers);
  const at = (list: readonly unknown[], name: string) => list.findIndex((container) => asMap(container).name === name);
  const bouncer = at(containers, pgBouncerContainer);
  const bootstrap = at(initContainers, bootstrapController);
  const bootstrapResources = asMap(asMap(initContainers[bootstrap]).resources);
  const ownResources = bootstrapResources.limits !== undefined || bootstrapResources.requests !== undefined;
  const viewed = (list: readonly unknown[], own: number, name: string, extra: Record<string, unknown> = {}) => [
    ...list.map((container, i) => (i === own ? { ...asMap(withoutSecurityContext(container)), ...extra } : container)),
    ...(own === -1 ? [{ name, ...extra }] : []),
  ];
  const ownAt = (kind: string, list: readonly unknown[], own: number): Origin[] => [
    ...(own === -1 ? [[[...pod, "spec", kind, list.length], ["spec", "pgbouncer"], undefined, "whole"] as Origin] : []),
    [[...pod, "spec", kind, own === -1 ? list.length : own, "securityContext"], ["spec", "cluster"], undefined, "whole"],
  ];
  return {
    ...viewOfGroups(manifest, [
      {
        template: {
          metadata: asMap(template).metadata,
          spec: {
            ...podSpec,
            securityContext: { runAsNonRoot: true, runAsUser: 998, runAsGroup: 996, fsGroup: 996 },
            containers: viewed(containers, bouncer, pgBouncerContainer),
            initContainers: viewed(
              initContainers,
              bootstrap,
              bootstrapController,
              ownResources || podSpec.resources === undefined ? {} : { resources: podSpec.resources },
            ),
          },
        },
        origins: [
          [pod, written],
          [[...pod, "spec", "securityContext"], ["spec", "cluster"], undefined, "whole"],
          ...ownAt("containers", containers, bouncer),
          ...ownAt("initContainers", initContainers, bootstrap),
          ...(ownResources
            ? []
            : [
                [
                  [...pod, "spec", "initContainers", bootstrap === -1 ? initContainers.length : bootstrap, "resources"],
                  [...written, "spec", "resources"],
                ] as Origin,
              ]),
        ],
      },
    ]),
    completedByOperator,
  };
}

/**
 * The pods CloudNativePG runs for its objects: a Cluster's instances (clusterPods) and a Pooler's PgBouncer
 * (poolerPods). Undefined for any other object.
 */
export function cloudnativePgPods(manifest: Record<string, unknown>): WorkflowPods | undefined {
  const { spec } = manifest;
  if (!isMap(spec)) return undefined;
  if (isKind(manifest, "Pooler", cloudNativePg)) return poolerPods(manifest, spec);
  return isKind(manifest, "Cluster", cloudNativePg) ? clusterPods(manifest, spec) : undefined;
}
