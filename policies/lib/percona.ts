import { allowsVersion } from "../../lib/version-constraint";
import type { ResourceGraph } from "../engine/graph";
import type { BackupArchive, DatabaseBackups } from "./cloudnative-pg";
import { type AppliedManifest, appliedManifests, isKind, objectName } from "./helm";
import { cronFrequency, refusedTimeZone, runsPerDay, withoutTimeZone } from "./schedules";
import { fieldAt, isMap, isUnknownValue, mapsIn } from "./values";

type Manifest = Record<string, unknown>;

/** How one of Percona's MySQL or MongoDB operators reads its cluster's backups. */
export interface PerconaOperator {
  readonly kind: string;
  readonly group: string;
  /** Where spec.backup lists its scheduled backups. */
  readonly schedules: "schedule" | "tasks";
  /** Whether backups run only with `backup.enabled: true`. */
  readonly enabledNeeded: boolean;
  /** Whether each scheduled backup runs only with its own `enabled: true` (a Go bool: unset is false). */
  readonly taskEnabledNeeded: boolean;
  /** Whether its cron registry takes `@every`, which XtraDB's and Percona Server's cast to a SpecSchedule and panic on. */
  readonly takesEvery: boolean;
  /** Whether a scheduled backup it cannot schedule (its storage not declared, its schedule refused) stops the later ones. */
  readonly stopsAtUnscheduled: boolean;
  /** How many of a schedule's backups it keeps (0: all), and whether it deletes the others' copies from the storage. */
  readonly retentionOf: (entry: Manifest, manifest: Manifest) => { count: number; deletes: boolean };
}

/** A count of backups as Go reads an int field: a number, or 0. */
const countOf = (value: unknown): number => (typeof value === "number" && Number.isInteger(value) ? value : 0);

/**
 * The clusters of Percona's MySQL and MongoDB operators, which run the backups their spec.backup schedules, each to a
 * storage it names (s3, azure, a volume):
 * - PerconaXtraDBCluster (pxc.percona.com): `schedule`; a spec.backup is all it needs (pkg/controller/pxc/backup.go,
 *   reconcileBackups: a schedule whose storage is not declared is skipped). Its retention is `retention` (count,
 *   deleteFromStorage) or the older `keep` (GetRetention), deleteFromStorage read from crVersion 1.18 (backupFinalizers);
 * - PerconaServerMySQL (ps.percona.com): `schedule` with `keep`, and `backup.enabled` (pkg/controller/psbackup refuses
 *   a backup of a cluster whose backups are not enabled);
 * - PerconaServerMongoDB (psmdb.percona.com): `tasks`, each `enabled`, with `backup.enabled`
 *   (pkg/controller/perconaservermongodb/backup.go, reconcileBackupTasks, which skips a disabled task and returns at an
 *   enabled one whose storage is not declared or whose schedule it cannot add); `retention` from crVersion 1.21, `keep` before (GetRetention), and none for incremental tasks
 *   (deleteOldBackupTasks keeps them all).
 * Each schedules with robfig/cron's ParseStandard: five fields, or a descriptor.
 */
const operators: readonly PerconaOperator[] = [
  {
    kind: "PerconaXtraDBCluster",
    group: "pxc.percona.com",
    schedules: "schedule",
    enabledNeeded: false,
    taskEnabledNeeded: false,
    takesEvery: false,
    stopsAtUnscheduled: false,
    retentionOf: (entry, manifest) => {
      const retention = isMap(entry.retention) ? entry.retention : undefined;
      const honoursKeepInStorage = !olderThan(fieldAt(manifest, "spec", "crVersion"), "1.18.0");
      return { count: countOf(retention ? retention.count : entry.keep), deletes: !(honoursKeepInStorage && retention?.deleteFromStorage === false) };
    },
  },
  {
    kind: "PerconaServerMySQL",
    group: "ps.percona.com",
    schedules: "schedule",
    enabledNeeded: true,
    taskEnabledNeeded: false,
    takesEvery: false,
    stopsAtUnscheduled: false,
    retentionOf: (entry) => ({ count: countOf(entry.keep), deletes: true }),
  },
  {
    kind: "PerconaServerMongoDB",
    group: "psmdb.percona.com",
    schedules: "tasks",
    enabledNeeded: true,
    taskEnabledNeeded: true,
    takesEvery: true,
    stopsAtUnscheduled: true,
    retentionOf: (entry, manifest) => {
      if (entry.type === "incremental") return { count: 0, deletes: false };
      // The operator fills an unset crVersion with its own.
      const retention = isMap(entry.retention) && !olderThan(fieldAt(manifest, "spec", "crVersion"), "1.21.0") ? entry.retention : undefined;
      return { count: countOf(retention ? retention.count : entry.keep), deletes: retention?.deleteFromStorage !== false };
    },
  },
];

/** The clusters of Percona's MySQL and MongoDB operators, each with the operator that runs it. */
export const perconaClusters = (graph: ResourceGraph): (AppliedManifest & { operator: PerconaOperator })[] =>
  appliedManifests(graph).flatMap((applied) => {
    const operator = operators.find(({ kind, group }) => isKind(applied.manifest, kind, group));
    return operator === undefined ? [] : [{ ...applied, operator }];
  });

/** A member set whose `enabled` is true: the operator creates nothing for one left out or disabled. */
const enabledVolumeSpec = (member: unknown): unknown => (fieldAt(member, "enabled") === true ? fieldAt(member, "volumeSpec") : undefined);

/**
 * The claim specs from which the operators create the database's volumes, by where they are written: PXC's
 * `pxc.volumeSpec` and its backup storages of type filesystem (`backup.storages.<name>.volume`), Percona Server's
 * `mysql.volumeSpec`, MongoDB's `replsets[].volumeSpec` and, when enabled, their non-voting and hidden members' and the
 * config servers' of a sharded cluster (`sharding.configsvrReplSet.volumeSpec`). A volumeSpec that is an emptyDir or a
 * hostPath makes no claim.
 */
export function perconaClaimSpecs(graph: ResourceGraph): { applied: AppliedManifest; section: string; claim: unknown }[] {
  return perconaClusters(graph).flatMap((applied) => {
    const spec = fieldAt(applied.manifest, "spec");
    const storages = fieldAt(spec, "backup", "storages");
    const volumeSpecs: [string, unknown][] =
      applied.operator.kind === "PerconaXtraDBCluster"
        ? [
            ["pxc.volumeSpec", fieldAt(spec, "pxc", "volumeSpec")],
            ...Object.entries(isMap(storages) ? storages : {})
              .filter(([, storage]) => fieldAt(storage, "type") === "filesystem")
              .map(([name, storage]): [string, unknown] => [`backup.storages.${name}.volume`, fieldAt(storage, "volume")]),
          ]
        : applied.operator.kind === "PerconaServerMySQL"
          ? [["mysql.volumeSpec", fieldAt(spec, "mysql", "volumeSpec")]]
          : [
              ...mapsIn(fieldAt(spec, "replsets")).flatMap((replset, i): [string, unknown][] => [
                [`replsets[${i}].volumeSpec`, replset.volumeSpec],
                [`replsets[${i}].nonvoting.volumeSpec`, enabledVolumeSpec(replset.nonvoting)],
                [`replsets[${i}].hidden.volumeSpec`, enabledVolumeSpec(replset.hidden)],
              ]),
              [
                "sharding.configsvrReplSet.volumeSpec",
                fieldAt(spec, "sharding", "enabled") === true ? fieldAt(spec, "sharding", "configsvrReplSet", "volumeSpec") : undefined,
              ],
            ];
    return volumeSpecs
      .filter(([, volumeSpec]) => fieldAt(volumeSpec, "persistentVolumeClaim") !== undefined)
      .map(([section, volumeSpec]) => ({ applied, section: `${section}.persistentVolumeClaim`, claim: fieldAt(volumeSpec, "persistentVolumeClaim") }));
  });
}

/**
 * Whether robfig/cron's ParseStandard takes a schedule: five fields, or a descriptor (`@every` where the operator takes it),
 * after a time zone Go knows, if it names one.
 */
function parsesStandard(cron: string, takesEvery: boolean): boolean {
  if (refusedTimeZone(cron) !== undefined) return false;
  const text = withoutTimeZone(cron);
  if (text.startsWith("@every ")) return takesEvery;
  if (text.startsWith("@")) return ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"].includes(text);
  return text.split(/\s+/).length === 5;
}

/** The backups of Percona's MySQL and MongoDB clusters: one archive per scheduled backup, with the storage it goes to. */
export function perconaBackups(graph: ResourceGraph): DatabaseBackups[] {
  return perconaClusters(graph).flatMap(({ manifest, resource, operator }): DatabaseBackups[] => {
    const name = objectName(manifest);
    const backup = fieldAt(manifest, "spec", "backup");
    const noBackup = (lacks: string): DatabaseBackups[] => [{ resource, name, archiver: undefined, archives: [], lacks }];
    const undecided = (what: string): DatabaseBackups[] => [{ resource, name, archiver: undefined, archives: [], undecided: `${what} is known only at apply` }];
    if (isUnknownValue(backup)) return undecided("its spec.backup");
    if (!isMap(backup)) return noBackup("takes no backup: it has no spec.backup");
    if (operator.enabledNeeded && isUnknownValue(backup.enabled)) return undecided("whether its backups are enabled (spec.backup.enabled)");
    if (operator.enabledNeeded && backup.enabled !== true) return noBackup("takes no backup: its backups are not enabled (spec.backup.enabled)");
    if (isUnknownValue(backup.storages) || isUnknownValue(backup[operator.schedules])) return undecided("where or when it backs up (spec.backup)");
    const storages = isMap(backup.storages) ? backup.storages : {};
    if (Object.keys(storages).length === 0) return noBackup("takes no backup: it declares no storage to keep them in (spec.backup.storages)");
    let stopped = false;
    const entries = mapsIn(backup[operator.schedules]);
    const unknownEntry = entries.find((entry) => [entry.schedule, entry.storageName, entry.enabled].some(isUnknownValue));
    const archives = entries.map((entry): BackupArchive => {
      const storage = String(entry.storageName);
      const declared = Object.hasOwn(storages, storage);
      const enabled = !operator.taskEnabledNeeded || entry.enabled === true;
      const parsed = typeof entry.schedule === "string" && parsesStandard(entry.schedule, operator.takesEvery);
      const runs = !stopped && enabled && parsed && declared;
      // MongoDB's operator skips a disabled task, and returns at an enabled one it cannot schedule.
      if (operator.stopsAtUnscheduled && enabled && (!declared || !parsed)) stopped = true;
      return {
        what: `its scheduled backup ${String(entry.name)} to ${storage}`,
        retention: [entry.keep, entry.retention, fieldAt(entry, "retention", "count")].some(isUnknownValue)
          ? { unknown: `how many backups it keeps is known only at apply` }
          : keptDays(entry, operator.retentionOf(entry, manifest)),
        scheduled: runs ? [cronFrequency(entry.schedule as string)] : [],
      };
    });
    const archiver = { method: "operator backups" } as const;
    const undecidedEntry = unknownEntry ? { undecided: `the scheduled backup ${String(unknownEntry.name)} is known only at apply` } : {};
    // A paused cluster has no database running to back up (PerconaXtraDBCluster.CanBackup wants it ready).
    if (fieldAt(manifest, "spec", "pause") === true)
      return [
        {
          resource,
          name,
          archiver,
          archives: archives.map((archive) => ({ ...archive, scheduled: [] })),
          suspended: "the cluster is paused",
          ...undecidedEntry,
        },
      ];
    return [{ resource, name, archiver, archives, ...undecidedEntry }];
  });
}

/**
 * How long a scheduled backup's copies are kept: the operator deletes all but the last `count` of the schedule's
 * backups, none when the count is 0, and leaves them in the storage when it does not delete from it. Right after a
 * backup, the oldest kept is count − 1 runs old.
 */
function keptDays(entry: Manifest, { count, deletes }: { count: number; deletes: boolean }): BackupArchive["retention"] {
  if (count <= 0 || !deletes) return { days: Number.POSITIVE_INFINITY };
  const perDay = typeof entry.schedule === "string" ? runsPerDay(entry.schedule) : undefined;
  if (perDay === undefined)
    return { unknown: `${String(entry.name)} keeps its last ${count} backups, and does not run every day: the days they span depend on when it runs` };
  return { days: (count - 1) / perDay };
}

/** Whether a cluster's crVersion (`1.20.1`) is older than a version; an unset one, or one not a version, is not. */
const olderThan = (crVersion: unknown, version: string): boolean => typeof crVersion === "string" && allowsVersion(`< ${version}`, crVersion) === true;
