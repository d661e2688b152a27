import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { appliedManifests, isKind, objectName } from "./helm";
import { cronFrequency, type Frequency } from "./schedules";
import { fieldAt, isUnknown, isUnset, list, type LooseObject } from "./values";
import { groupedBy } from "../../lib/groups";

/** How a PostgreSQL cluster an operator runs archives its WAL and takes its base backups, as the operator reads its objects. */
export interface DatabaseBackups {
  readonly resource: TfResource;
  /** `namespace/name`. */
  readonly name: string;
  /**
   * What archives the WAL: CloudNativePG's own barmanObjectStore (deprecated, removed in 1.32), or the plugin marked
   * `isWALArchiver` (api/v1/cluster_types.go, PluginConfiguration); pgBackRest for Crunchy's and Percona's clusters;
   * the backups of Percona's MySQL and MongoDB operators to the storages their cluster declares; Spilo's WAL-E or WAL-G
   * for Zalando's clusters, or the operator's logical backups alone; undefined when nothing does.
   */
  readonly archiver:
    | { readonly method: "barmanObjectStore" }
    | { readonly method: "plugin"; readonly plugin: string }
    | { readonly method: "pgBackRest" }
    | { readonly method: "operator backups" }
    | { readonly method: "Spilo" }
    | { readonly method: "logical backups" }
    | undefined;
  /** Where the backups go: CloudNativePG's one archive, or each pgBackRest repository. */
  readonly archives: readonly BackupArchive[];
  /** What it lacks to be backed up at all, when it has no archiver and the reader can say it better than "no WAL archive". */
  readonly lacks?: string;
  /** What of its backups is known only at apply, when a finding about them would then not be certain. */
  readonly undecided?: string;
  /** Why the operator suspends the scheduled backups, when it does. */
  readonly suspended?: string;
}

/** One place a cluster's backups go. */
export interface BackupArchive {
  /** In words, for a message: "its archive", "its pgBackRest repository repo1". */
  readonly what: string;
  /** Days it keeps backups and WAL (Infinity when nothing deletes them), or why that is not known here. */
  readonly retention: { readonly days: number } | { readonly unknown: string };
  /** How often each scheduled backup that goes there runs (not suspended, by the archiver's method). */
  readonly scheduled: readonly Frequency[];
}

/** The Barman Cloud plugin (plugin-barman-cloud, internal/cnpgi/metadata/constants.go), which keeps its settings in an ObjectStore. */
const barmanCloudPlugin = "barman-cloud.cloudnative-pg.io";

/**
 * Days of a Barman retention policy, `XXd`, `XXw` or `XXm` (api/v1/cluster_types.go, BarmanObjectStore's
 * RetentionPolicy): a month counted as its shortest, 28 days, so that a minimum is never overstated.
 */
function retentionDays(policy: unknown): number {
  if (isUnset(policy)) return Number.POSITIVE_INFINITY;
  const [, count, unit] = /^([1-9]\d*)([dwm])$/.exec(String(policy)) ?? [];
  return count === undefined ? 0 : Number(count) * { d: 1, w: 7, m: 28 }[unit as "d" | "w" | "m"];
}

/**
 * What of a cluster's backups is known only at apply, as `undecided` says it: its spec, its backup section or retention,
 * its plugins, or a scheduled backup in its namespace that may be its own.
 */
function unknownBackups(spec: unknown, scheduled: readonly LooseObject[], name: unknown, archives: boolean): string | undefined {
  if (isUnknown(spec)) return "its spec is known only at apply";
  if (isUnknown(fieldAt(spec, "backup")) || isUnknown(fieldAt(spec, "backup", "barmanObjectStore")) || isUnknown(fieldAt(spec, "backup", "retentionPolicy")))
    return "its backup section (spec.backup) is known only at apply";
  const plugins = fieldAt(spec, "plugins");
  if (
    isUnknown(plugins) ||
    list(plugins).some((plugin) => ["", "enabled", "isWALArchiver", "name"].some((field) => isUnknown(field ? fieldAt(plugin, field) : plugin)))
  )
    return "its plugins (spec.plugins) are known only at apply";
  // A scheduled backup whose cluster is known only at apply may be this cluster's; a cluster with no archive has no
  // base backup to take, whatever the schedules.
  if (!archives) return undefined;
  const unknownSchedule = scheduled.find(
    (backup) =>
      isUnknown(fieldAt(backup, "spec", "cluster", "name")) ||
      (fieldAt(backup, "spec", "cluster", "name") === name &&
        [["schedule"], ["suspend"], ["method"], ["pluginConfiguration", "name"]].some((field) => isUnknown(fieldAt(backup, "spec", ...field)))),
  );
  return unknownSchedule ? `the scheduled backup ${objectName(unknownSchedule)} is known only at apply` : undefined;
}

/**
 * Whether a cluster is a replica cluster, as CloudNativePG decides it (api/v1/cluster_funcs.go, IsReplica): its
 * spec.replica.enabled when written, otherwise whether the primary its spec.replica names is another cluster than
 * itself (spec.replica.self, or its name); no spec.replica is none. "unknown" when that is known only at apply.
 */
function isReplicaCluster(manifest: Record<string, unknown>): boolean | "unknown" {
  const replica = fieldAt(manifest, "spec", "replica");
  if (replica === undefined || replica === null) return false;
  const enabled = fieldAt(replica, "enabled");
  const [self, primary, name] = [fieldAt(replica, "self"), fieldAt(replica, "primary"), fieldAt(manifest, "metadata", "name")];
  if (isUnknown(replica) || isUnknown(enabled)) return "unknown";
  if (enabled !== undefined && enabled !== null) return enabled === true;
  if ([self, primary, name].some(isUnknown)) return "unknown";
  return (isUnset(self) ? name : self) !== (primary ?? "");
}

/** The CloudNativePG clusters a configuration applies (as manifests or through the raw chart), with their backups. */
export function databaseBackups(graph: ResourceGraph): DatabaseBackups[] {
  const manifests = appliedManifests(graph);
  const key = (kind: unknown, namespace: unknown) => JSON.stringify([kind, namespace]);
  const byKindAndNamespace = groupedBy(manifests, (applied) => key(applied.manifest.kind, applied.manifest.metadata?.namespace));
  const inNamespace = (kind: string, group: string, namespace: unknown) =>
    (byKindAndNamespace.get(key(kind, namespace)) ?? []).filter((applied) => isKind(applied.manifest, kind, group)).map(({ manifest }) => manifest);
  // A replica cluster replays what its source writes, whose backups hold its data (as a pgBackRest standby's do).
  return manifests
    .filter(({ manifest }) => isKind(manifest, "Cluster", "postgresql.cnpg.io"))
    .map(({ manifest, resource }) => ({ manifest, resource, replica: isReplicaCluster(manifest) }))
    .filter(({ replica }) => replica !== true)
    .map(({ manifest, resource, replica }) => {
      const { namespace, name } = manifest.metadata ?? {};
      const archivingPlugin = (list(manifest.spec?.plugins) as LooseObject[]).find((plugin) => plugin?.enabled !== false && plugin?.isWALArchiver === true);
      const archiver = manifest.spec?.backup?.barmanObjectStore
        ? ({ method: "barmanObjectStore" } as const)
        : archivingPlugin
          ? ({ method: "plugin", plugin: String(archivingPlugin.name) } as const)
          : undefined;
      const store =
        archiver?.method === "plugin" && archiver.plugin === barmanCloudPlugin
          ? inNamespace("ObjectStore", "barmancloud.cnpg.io", namespace).find((other) => other.metadata?.name === archivingPlugin?.parameters?.barmanObjectName)
          : undefined;
      const scheduledBackups = inNamespace("ScheduledBackup", "postgresql.cnpg.io", namespace);
      const undecided =
        (replica === "unknown" ? "whether it is a replica cluster (spec.replica) is known only at apply" : undefined) ??
        unknownBackups(manifest.spec, scheduledBackups, name, archiver !== undefined);
      const ownBackups = scheduledBackups.filter((backup) => backup.spec?.cluster?.name === name && backup.spec?.suspend !== true);
      const scheduled = ownBackups
        .filter((backup) => {
          const method = backup.spec?.method ?? "barmanObjectStore";
          return archiver?.method === "plugin"
            ? method === "plugin" && backup.spec?.pluginConfiguration?.name === archiver.plugin
            : method === archiver?.method;
        })
        .map((backup) => cronFrequency(String(backup.spec?.schedule ?? ""), "seconds first"));
      const retention =
        archiver?.method === "barmanObjectStore"
          ? { days: retentionDays(manifest.spec?.backup?.retentionPolicy) }
          : store && isUnknown(fieldAt(store, "spec", "retentionPolicy"))
            ? { unknown: `the retention of its object store ${objectName(store)} is known only at apply` }
            : store
              ? { days: retentionDays(store.spec?.retentionPolicy) }
              : { unknown: "it archives through a plugin whose object store is not in this configuration" };
      // Without a WAL archive a hot base backup cannot be restored: the WAL written while it runs is lost (CloudNativePG
      // documentation, "WAL archiving": the archive is the foundation of both object store and snapshot backups).
      return {
        resource,
        name: objectName(manifest),
        archiver,
        ...(archiver || ownBackups.length === 0
          ? {}
          : {
              lacks: `archives no WAL (no barmanObjectStore, no plugin marked isWALArchiver), without which the base backups of its ScheduledBackup ${objectName(ownBackups[0]!)} cannot be restored`,
            }),
        archives: archiver ? [{ what: "its archive", retention, scheduled }] : [],
        ...(undecided ? { undecided } : {}),
      };
    });
}
