import type { ResourceGraph } from "../engine/graph";
import type { GivenSecurityContext, OperatorCompletion } from "../engine/model";
import { isMap } from "../lib/helm";
import { groupOf } from "../lib/kubernetes";
import { isUnknownValue } from "../lib/values";
import { connectionPoolerRuns, defaultLimitsOf, emptyResources, logicalBackupRuns, spiloSecurityContext } from "../lib/zalando-postgres";
import { asList, asMap, itemsOf, type Origin, type Path, type PodGroup, viewOfGroups, type WorkflowPods } from "./argo-workflows";

/**
 * The labels and annotations of a group's pods: its own metadata over the cluster's, as Crunchy's operator merges
 * them (naming.Merge, the later map winning); each key a finding names is read where it is written.
 */
function mergedMetadata(own: unknown, cluster: unknown): Record<string, unknown> {
  const merged = (key: string) => ({ ...asMap(asMap(cluster)[key]), ...asMap(asMap(own)[key]) });
  return { labels: merged("labels"), annotations: merged("annotations") };
}

/** A container Crunchy's operator runs in a group's pods, with the resources it gives it and where they are written. */
interface CrunchyContainer {
  readonly name: string;
  readonly resources: unknown;
  readonly resourcesAt: Path;
}

/** The security context Crunchy's operator gives each of its containers (internal/initialize/security.go, RestrictedSecurityContext). */
const crunchyRestricted = {
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/**
 * An instance set's pods or PgBouncer's, viewed as a pod template: the operator's own containers, restricted, with the
 * resources it gives them (named by the group where no field writes them); then the containers the object adds, as it
 * writes them (the operator appends them to its own, internal/postgres/reconcile.go InstancePod and
 * internal/pgbouncer/reconcile.go Pod); under the group's metadata merged over the cluster's.
 */
function crunchyGroup(
  spec: Record<string, unknown>,
  group: Record<string, unknown>,
  written: Path,
  at: number,
  own: { readonly containers: readonly CrunchyContainer[]; readonly initContainers: readonly CrunchyContainer[] },
  extra: Record<string, unknown> = {},
): PodGroup {
  const view: Path = ["spec", "template", at];
  const added = itemsOf(group.containers);
  const ownOf = (kind: "containers" | "initContainers"): Origin[] =>
    own[kind].flatMap((container, k): Origin[] => [
      [[...view, "spec", kind, k], written, undefined, "whole"],
      [[...view, "spec", kind, k, "resources"], container.resourcesAt],
    ]);
  const viewed = (containers: readonly CrunchyContainer[]) =>
    containers.map(({ name, resources }) => ({ name, securityContext: crunchyRestricted, ...(resources === undefined ? {} : { resources }) }));
  return {
    template: {
      metadata: mergedMetadata(group.metadata, spec.metadata),
      spec: { ...extra, containers: [...viewed(own.containers), ...added], initContainers: viewed(own.initContainers) },
    },
    origins: [
      [
        [...view, "metadata"],
        [...written, "metadata"],
        ["spec", "metadata"],
      ],
      [[...view, "spec"], written],
      ...ownOf("containers"),
      ...ownOf("initContainers"),
      ...added.map(
        (_, k): Origin => [
          [...view, "spec", "containers", own.containers.length + k],
          [...written, "containers", k],
        ],
      ),
    ],
  };
}

/** A container the operator runs with the resources written at `at` under the cluster's spec, else none. */
const withResourcesAt = (name: string, spec: Record<string, unknown>, at: Path): CrunchyContainer => ({
  name,
  resources: at.reduce<unknown>((value, key) => asMap(value)[key], spec),
  resourcesAt: ["spec", ...at],
});

/** Where a cluster's backups write the resources of pgBackRest's sidecars. */
const pgBackRestSidecars = ["backups", "pgbackrest", "sidecars"];

/** pgBackRest's configuration reloader, beside its server in the instances' pods and on the repository host. */
const pgBackRestReloader = (spec: Record<string, unknown>): CrunchyContainer =>
  withResourcesAt("pgbackrest-config", spec, [...pgBackRestSidecars, "pgbackrestConfig", "resources"]);

/**
 * Whether the cluster has a backups section the operator reads as one: anything but an empty pgbackrest
 * (internal/controller/postgrescluster/pgbackrest.go, ObserveBackupUniverse).
 */
const hasBackups = (spec: Record<string, unknown>): boolean =>
  isMap(spec.backups) && Object.entries(spec.backups).some(([key, value]) => key !== "pgbackrest" || Object.keys(asMap(value)).length > 0);

/**
 * An instance set's own containers (internal/postgres/reconcile.go, InstancePod): the database and its startup init
 * container run the set's resources; the replication certificate copier its sidecars.replicaCertCopy's, else none;
 * where the cluster has backups, pgBackRest's server and its configuration reloader their
 * backups.pgbackrest.sidecars' (internal/pgbackrest/reconcile.go, AddServerToInstancePod); where it has a pgMonitor
 * exporter, the exporter its resources (controller/postgrescluster/pgmonitor.go, addPGMonitorExporterToInstancePodSpec;
 * OpenTelemetry metrics, which replace it, are off by default). Its NSS wrapper init container runs the database's
 * resources, judged there.
 */
function instanceContainers(spec: Record<string, unknown>, instance: Record<string, unknown>, at: Path): Parameters<typeof crunchyGroup>[4] {
  const database = { resources: instance.resources, resourcesAt: [...at, "resources"] };
  const copierAt = [...at, "sidecars", "replicaCertCopy", "resources"];
  const exporter = ["monitoring", "pgmonitor", "exporter"];
  return {
    containers: [
      { name: "database", ...database },
      { name: "replication-cert-copy", resources: asMap(asMap(instance.sidecars).replicaCertCopy).resources, resourcesAt: copierAt },
      ...(hasBackups(spec) ? [withResourcesAt("pgbackrest", spec, [...pgBackRestSidecars, "pgbackrest", "resources"]), pgBackRestReloader(spec)] : []),
      ...(isMap(asMap(asMap(spec.monitoring).pgmonitor).exporter) ? [withResourcesAt("exporter", spec, [...exporter, "resources"])] : []),
    ],
    initContainers: [{ name: "postgres-startup", ...database }],
  };
}

/**
 * The dedicated repository host's containers, which runs where a pgBackRest repository is a volume
 * (internal/pgbackrest/util.go, RepoHostVolumeDefined; controller/postgrescluster/pgbackrest.go, generateRepoHostIntent):
 * pgBackRest's server its repoHost's resources, its configuration reloader its sidecars' (internal/pgbackrest/reconcile.go,
 * AddServerToRepoPod). Its init containers run the server's resources, judged there.
 */
const repoHostContainers = (spec: Record<string, unknown>): Parameters<typeof crunchyGroup>[4] => ({
  containers: [withResourcesAt("pgbackrest", spec, ["backups", "pgbackrest", "repoHost", "resources"]), pgBackRestReloader(spec)],
  initContainers: [],
});

/**
 * PgBouncer's own containers (internal/pgbouncer/reconcile.go, Pod): pgbouncer runs the proxy's resources; its
 * configuration reloader its sidecars.pgbouncerConfig's, else a limit of 5m and 16Mi where pgbouncer has resources.
 */
function pgBouncerContainers(pgBouncer: Record<string, unknown>, at: Path): Parameters<typeof crunchyGroup>[4] {
  const written = asMap(asMap(pgBouncer.sidecars).pgbouncerConfig).resources;
  const bouncer = asMap(pgBouncer.resources);
  const hasResources = Object.keys(asMap(bouncer.limits)).length + Object.keys(asMap(bouncer.requests)).length > 0;
  const reloader = written ?? (hasResources ? { limits: { cpu: "5m", memory: "16Mi" } } : undefined);
  return {
    containers: [
      { name: "pgbouncer", resources: pgBouncer.resources, resourcesAt: [...at, "resources"] },
      {
        name: "pgbouncer-config",
        resources: reloader,
        resourcesAt: written === undefined ? [...at, "resources"] : [...at, "sidecars", "pgbouncerConfig", "resources"],
      },
    ],
    initContainers: [],
  };
}

/**
 * The pods Crunchy's operator runs for a PostgresCluster (postgres-operator.crunchydata.com/v1beta1), one template per
 * instance set, the dedicated repository host's where a pgBackRest repository is a volume, and PgBouncer's where the
 * cluster has one. The operator's own containers (instanceContainers, repoHostContainers, pgBouncerContainers) are
 * given a restricted security context (crunchyRestricted), and the resources the object writes for them; the containers
 * the object adds are its own, run as written, with nothing of the pod's security context to inherit but a filesystem
 * group (PodSecurityContext). They run where the operator's feature gates allow (InstanceSidecars, on by default;
 * PGBouncerSidecars, off by default: internal/feature/features.go) and are judged as written. An instance's pod mounts
 * its service account's token, which the operator creates with automount on for Patroni
 * (controller/postgrescluster/rbac.go); PgBouncer's does not (pgbouncer.go: AutomountServiceAccountToken false).
 */
function crunchyPods(spec: Record<string, unknown>): WorkflowPods {
  const instances = spec.instances;
  const groups: PodGroup[] = isUnknownValue(instances)
    ? [
        {
          template: instances,
          origins: [
            [
              ["spec", "template", 0],
              ["spec", "instances"],
            ],
          ],
        },
      ]
    : asList(instances).map((instance, i) => {
        const at: Path = ["spec", "instances", i];
        return crunchyGroup(spec, asMap(instance), at, i, instanceContainers(spec, asMap(instance), at));
      });
  if (hasBackups(spec) && itemsOf(asMap(asMap(spec.backups).pgbackrest).repos).some((repo) => isMap(asMap(repo).volume))) {
    const at: Path = ["spec", "backups", "pgbackrest", "repoHost"];
    groups.push(crunchyGroup(spec, asMap(asMap(asMap(spec.backups).pgbackrest).repoHost), at, groups.length, repoHostContainers(spec)));
  }
  const pgBouncer = asMap(spec.proxy).pgBouncer;
  if (isMap(pgBouncer)) {
    const at: Path = ["spec", "proxy", "pgBouncer"];
    groups.push(crunchyGroup(spec, pgBouncer, at, groups.length, pgBouncerContainers(pgBouncer, at), { automountServiceAccountToken: false }));
  }
  return podsOf(groups, "Crunchy's postgres-operator", { containerSecurityContexts: "none", given: [], resourcesAsViewed: true });
}

/**
 * The pods Crunchy's operator runs for a PGAdmin (internal/controller/standalone_pgadmin/pod.go and statefulset.go):
 * pgAdmin and its startup init container, restricted, with the PGAdmin's resources, under its metadata, without the
 * token (AutomountServiceAccountToken false).
 */
function pgAdminPods(spec: Record<string, unknown>): WorkflowPods {
  const own = { name: "pgadmin", resources: spec.resources, resourcesAt: ["spec", "resources"] };
  const { template, origins } = crunchyGroup(spec, spec, ["spec"], 0, { containers: [own], initContainers: [{ ...own, name: "pgadmin-startup" }] });
  return {
    view: { spec: { template: [template] } },
    origins: [[["metadata"], ["metadata"]], ...origins],
    completedByOperator: {
      operator: "Crunchy's postgres-operator",
      tokenMounted: false,
      containerSecurityContexts: "none",
      given: [],
      resourcesAsViewed: true,
    },
  };
}

/**
 * Where a Zalando cluster's additional volume is written in the pod (pkg/cluster/k8sres.go, addAdditionalVolumes):
 * the volume of its name whose source is its `volumeSource`.
 */
const zalandoVolume = (volume: unknown): Record<string, unknown> => ({ name: asMap(volume).name, ...asMap(asMap(volume).volumeSource) });

/** The Spilo pod's security context fields a postgresql writes, by the pod field it fills (k8sres.go, generatePodTemplate). */
const spiloSecurityFields = { runAsUser: "spiloRunAsUser", runAsGroup: "spiloRunAsGroup", fsGroup: "spiloFSGroup" } as const;

/**
 * The pods Zalando's operator runs for a postgresql (acid.zalan.do/v1; pkg/cluster/k8sres.go, generateStatefulSet and
 * generatePodTemplate): the Spilo container, the operator's, whose security context it sets from its settings
 * (spiloSecurityContext, spiloFixedContext) and which no field of the object writes but its `resources`, then the
 * object's `sidecars` (a Sidecar is a name, an image, resources, ports, env and a command: the operator gives it no
 * security context, getSidecarContainer; the limits either leaves unset are the operator's defaults,
 * defaultPodLimits), its `initContainers` as written, its `additionalVolumes`, its `podAnnotations`, and a pod security
 * context of the user, group and filesystem group it writes (else the operator's spilo_runasuser and the like, which
 * set no run_as_non_root). The pod mounts its service account's token (Patroni keeps its leader lock
 * through the API; the operator's pod_service_account_definition leaves automount on). Where the cluster runs
 * connection poolers, their pods too (zalandoPooler).
 */
function zalandoPods(spec: Record<string, unknown>): WorkflowPods {
  const volumes = spec.additionalVolumes;
  const sidecars = itemsOf(spec.sidecars);
  const pod: Path = ["spec", "template", 0];
  const view: Path = [...pod, "spec"];
  const securityContext = Object.fromEntries(
    Object.entries(spiloSecurityFields).flatMap(([field, key]) => (spec[key] === undefined ? [] : [[field, spec[key]]])),
  );
  const origins: Origin[] = [
    [view, ["spec"]],
    [
      [...pod, "metadata", "annotations"],
      ["spec", "podAnnotations"],
    ],
    [[...view, "containers", 0], ["spec"], undefined, "whole"],
    [
      [...view, "containers", 0, "resources"],
      ["spec", "resources"],
    ],
    ...sidecars.map(
      (_, k): Origin => [
        [...view, "containers", k + 1],
        ["spec", "sidecars", k],
      ],
    ),
    [
      [...view, "volumes"],
      ["spec", "additionalVolumes"],
    ],
    ...asList(volumes).flatMap((volume, k): Origin[] =>
      Object.keys(asMap(asMap(volume).volumeSource)).map((source) => [
        [...view, "volumes", k, source],
        ["spec", "additionalVolumes", k, "volumeSource", source],
      ]),
    ),
    ...Object.entries(spiloSecurityFields).map(
      ([field, key]): Origin => [
        [...view, "securityContext", field],
        ["spec", key],
      ],
    ),
  ];
  const template = {
    metadata: { annotations: spec.podAnnotations },
    spec: {
      containers: [
        { name: spiloContainer, resources: withoutEmptyLimits(spec.resources) },
        ...sidecars.map((sidecar) => (isMap(sidecar) ? { ...sidecar, resources: withoutEmptyLimits(sidecar.resources) } : sidecar)),
      ],
      initContainers: spec.initContainers ?? [],
      volumes: isUnknownValue(volumes) ? volumes : asList(volumes).map(zalandoVolume),
      ...(Object.keys(securityContext).length > 0 ? { securityContext } : {}),
    },
  };
  const spilo = (graph: ResourceGraph): GivenSecurityContext => ({ ...spiloFixedContext, ...spiloSecurityContext(graph) });
  const pooler = zalandoPooler(spec);
  const logicalBackup = zalandoLogicalBackup(spec, pooler ? 2 : 1);
  const groups: ZalandoGroup[] = [
    { group: { template, origins }, fixed: spiloFixedContext, given: spilo, limits: "pods", tokenNeeded: true },
    ...(pooler ? [{ group: pooler, fixed: poolerContext, given: () => poolerContext, limits: "pooler", tokenNeeded: false } as const] : []),
    ...(logicalBackup ? [{ group: logicalBackup, fixed: spiloFixedContext, given: spilo, limits: "logical backup", tokenNeeded: true } as const] : []),
  ];
  return podsOf(
    groups.map(({ group }) => group),
    "Zalando's postgres-operator",
    {
      containerSecurityContexts: [spiloContainer, poolerContainer, logicalBackupContainer],
      given: groups.map(({ fixed }) => fixed),
      tokenNeeded: groups.map(({ tokenNeeded }) => tokenNeeded),
      resourcesAsViewed: true,
      bySettings: (graph) => ({
        given: groups.map((each) => each.given(graph)),
        defaultLimits: groups.map(({ limits }) => defaultLimitsOf(graph, limits)),
      }),
    },
  );
}

/** A group of pods of a postgresql, with the security context and the default limits the operator gives its container. */
interface ZalandoGroup {
  readonly group: PodGroup;
  /** What it gives whatever its settings. */
  readonly fixed: GivenSecurityContext;
  readonly given: (graph: ResourceGraph) => GivenSecurityContext;
  readonly limits: Parameters<typeof defaultLimitsOf>[1];
  /**
   * Whether its pods call the API with the token of the operator's pod service account, which they all run: Patroni
   * does, and the logical backup (logical-backup/dump.sh, to find a replica); PgBouncer does not.
   */
  readonly tokenNeeded: boolean;
}

/** The container of the logical backup's pods (pkg/util/constants, LogicalBackupContainerName). */
const logicalBackupContainer = "logical-backup";

/**
 * The logical backup's pods, where the postgresql runs them (logicalBackupRuns): a CronJob's container made as Spilo's,
 * with Spilo's security context from the operator's settings, and the operator's logical backup limits, else its pods'
 * defaults (k8sres.go, generateLogicalBackupJob), in a pod with no security context, under the cluster's pod
 * annotations; named by enableLogicalBackup, the object's one field that makes it.
 */
function zalandoLogicalBackup(spec: Record<string, unknown>, index: number): PodGroup | undefined {
  const runs = logicalBackupRuns(spec);
  if (runs === false) return undefined;
  const pod: Path = ["spec", "template", index];
  const named: Origin = [pod, ["spec", "enableLogicalBackup"], undefined, "whole"];
  if (runs !== true) return { template: runs, origins: [named] };
  return {
    template: { metadata: { annotations: spec.podAnnotations }, spec: { containers: [{ name: logicalBackupContainer }] } },
    origins: [
      named,
      [
        [...pod, "metadata", "annotations"],
        ["spec", "podAnnotations"],
      ],
    ],
  };
}

/** The container Zalando's operator runs PgBouncer in (pkg/cluster/connection_pooler.go, connectionPoolerContainer). */
const poolerContainer = "connection-pooler";

/** The security context the operator gives it: no privilege escalation, nothing else (generateConnectionPoolerPodTemplate). */
const poolerContext: GivenSecurityContext = { allow_privilege_escalation: false };

/**
 * The connection pooler's pods, where the postgresql runs them (connectionPoolerRuns): the pooler's container, with the
 * resources of its connectionPooler section (else the operator's defaults, defaultLimitsOf), in a pod run as the user
 * 100 and the group 101 with the cluster's filesystem group, under the cluster's pod annotations
 * (generateConnectionPoolerPodTemplate); named by its connectionPooler section, else by the flag that runs it. One
 * template stands for the primary's and the replicas' poolers, which are alike.
 */
function zalandoPooler(spec: Record<string, unknown>): PodGroup | undefined {
  const runs = connectionPoolerRuns(spec);
  if (runs === false) return undefined;
  const pod: Path = ["spec", "template", 1];
  const section = asMap(spec.connectionPooler);
  const written = spec.connectionPooler !== undefined && spec.connectionPooler !== null;
  const named: Path = written ? ["spec", "connectionPooler"] : ["spec", "enableConnectionPooler"];
  if (runs !== true) return { template: runs, origins: [[pod, named, undefined, "whole"]] };
  return {
    template: {
      metadata: { annotations: spec.podAnnotations },
      spec: {
        securityContext: { runAsUser: 100, runAsGroup: 101, ...(spec.spiloFSGroup === undefined ? {} : { fsGroup: spec.spiloFSGroup }) },
        containers: [{ name: poolerContainer, resources: withoutEmptyLimits(section.resources) }],
      },
    },
    origins: [
      [pod, named, undefined, "whole"],
      [
        [...pod, "metadata", "annotations"],
        ["spec", "podAnnotations"],
      ],
      ...(written
        ? [
            [
              [...pod, "spec", "containers", 0, "resources"],
              [...named, "resources"],
            ] as Origin,
          ]
        : []),
    ],
  };
}

/**
 * Resources as the operator reads them: a limit it reads as none ("", "0", "null") takes its default
 * (k8sres.go, fillResourceList), as one left unset does.
 */
function withoutEmptyLimits(resources: unknown): unknown {
  if (!isMap(resources) || !isMap(resources.limits)) return resources;
  const limits = Object.fromEntries(Object.entries(resources.limits).filter(([, value]) => isUnknownValue(value) || !emptyResources.has(String(value))));
  return { ...resources, limits };
}

/** The container Zalando's operator runs Spilo in (pkg/util/constants, PostgresContainerName). */
const spiloContainer = "postgres";

/**
 * What the operator sets in the Spilo container's security context whatever its settings (k8sres.go, generateContainer):
 * a writable root filesystem, and no capability dropped, no seccomp profile, no run as non-root.
 */
const spiloFixedContext: GivenSecurityContext = { read_only_root_filesystem: false };

/**
 * The pods of a database cluster: the operator completes none of what the object adds to them, gives its own containers
 * (`own`) their security context, sets the pod's itself, and mounts the token Patroni needs, which the object cannot
 * turn off.
 */
function podsOf(
  groups: readonly PodGroup[],
  operator: string,
  own: Pick<OperatorCompletion, "containerSecurityContexts" | "given" | "bySettings" | "resourcesAsViewed" | "tokenNeeded">,
): WorkflowPods {
  return {
    ...viewOfGroups({}, groups),
    completedByOperator: { operator, tokenMounted: true, tokenNeeded: true, podSecurityContextFixed: true, ...own },
  };
}

/**
 * The pods the PostgreSQL operators run for their clusters, where the object writes what runs in them: Crunchy's
 * PostgresCluster (crunchyPods) and Zalando's postgresql (zalandoPods), viewed as a Deployment whose templates are
 * their pods, so that every workload policy judges what the object adds to them; each finding names the object's own
 * field. Undefined for any other object.
 */
export function postgresPods(manifest: Record<string, unknown>): WorkflowPods | undefined {
  const { apiVersion, kind, spec } = manifest;
  if (typeof apiVersion !== "string" || !isMap(spec)) return undefined;
  const group = groupOf(apiVersion);
  const crunchy = group === "postgres-operator.crunchydata.com";
  const pods =
    crunchy && kind === "PostgresCluster"
      ? crunchyPods(spec)
      : crunchy && kind === "PGAdmin"
        ? pgAdminPods(spec)
        : group === "acid.zalan.do" && kind === "postgresql"
          ? zalandoPods(spec)
          : undefined;
  return pods && { ...pods, view: { ...manifest, ...pods.view } };
}
