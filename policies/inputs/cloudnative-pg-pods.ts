import { isMap } from "../lib/helm";
import { isUnknownValue } from "../lib/values";
import { asMap, type Origin, type Path, type WorkflowPods } from "./argo-workflows";

/** The object's own fields, each kept where written, and the operator's value for each it leaves unset. */
function filled(written: unknown, defaults: Record<string, unknown>): unknown {
  if (isUnknownValue(written)) return written;
  const own = asMap(written);
  return { ...own, ...Object.fromEntries(Object.entries(defaults).filter(([key]) => own[key] === undefined || own[key] === null)) };
}

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
 * - the token is not mounted (AutomountServiceAccountToken false: OperatorCompletion.tokenMounted); the Cluster's projectedVolumeTemplate is a
 *   projected volume of its pods, and its inheritedMetadata's annotations are theirs.
 * Each finding names the Cluster's field that writes what the policy reads, or would write it.
 */
export function cloudnativePgPods(manifest: Record<string, unknown>): WorkflowPods | undefined {
  const { apiVersion, kind, spec } = manifest;
  if (typeof apiVersion !== "string" || !apiVersion.startsWith("postgresql.cnpg.io/") || kind !== "Cluster" || !isMap(spec)) return undefined;
  const seccompProfile = spec.seccompProfile ?? { type: "RuntimeDefault" };
  const postgresUser = spec.postgresUID ?? 26;
  const postgresGroup = spec.postgresGID ?? 26;
  const podContext =
    spec.podSecurityContext === undefined
      ? { seccompProfile, runAsUser: postgresUser, runAsGroup: postgresGroup, runAsNonRoot: true, fsGroup: postgresGroup }
      : filled(spec.podSecurityContext, { seccompProfile, runAsUser: postgresUser, runAsGroup: postgresGroup });
  const containerContext = filled(spec.securityContext, {
    seccompProfile,
    capabilities: { drop: ["ALL"] },
    privileged: false,
    runAsNonRoot: true,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
  });
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
    view: {
      ...manifest,
      spec: {
        template: [
          {
            metadata: { annotations: asMap(spec.inheritedMetadata).annotations },
            spec: {
              securityContext: podContext,
              containers: [{ name: "postgres", securityContext: containerContext, resources: spec.resources }],
              initContainers: [{ name: "bootstrap-controller", securityContext: containerContext, resources: spec.resources }],
              volumes: projected === undefined ? [] : [{ name: "projected", projected }],
            },
          },
        ],
      },
    },
    origins: [
      [["metadata"], ["metadata"]],
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
    completedByOperator: { operator: "CloudNativePG", tokenMounted: false, containerSecurityContexts: "none", given: [], resourcesAsViewed: true },
  };
}
