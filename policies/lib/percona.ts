import type { TfResource } from "../engine/model";
import type { BackupArchive, DatabaseBackups } from "./cloudnative-pg";
import { type AppliedManifest, appliedManifests, isKind } from "./helm";
import { cronFrequency, runsPerDay } from "./schedules";
import { fieldAt, isMap, mapsIn } from "./values";

/**
 * The clusters of Percona's MySQL and MongoDB operators, which run the backups their spec.backup schedules, each to a
 * storage it names (s3, azure, a volume), from a cron registry of the operator's own:
 * - PerconaXtraDBCluster (pxc.percona.com): `schedule`; a spec.backup is all it needs (pkg/controller/pxc/backup.go);
 * - PerconaServerMySQL (ps.percona.com): `schedule`, with `backup.enabled` (pkg/controller/psbackup, which refuses a
 *   backup of a cluster whose backups are not enabled);
 * - PerconaServerMongoDB (psmdb.percona.com): `tasks`, each `enabled`, with `backup.enabled`
 *   (pkg/controller/perconaservermongodb/backup.go, reconcileBackupTasks).
 */
const operators = [
  { kind: "PerconaXtraDBCluster", group: "pxc.percona.com", schedules: "schedule", enabledNeeded: false, readsRetention: () => true },
  { kind: "PerconaServerMySQL", group: "ps.percona.com", schedules: "schedule", enabledNeeded: true, readsRetention: () => false },
  // BackupTaskSpec.GetRetention reads `retention` from crVersion 1.21.0, `keep` before (the operator fills an unset crVersion with its own).
  {
    kind: "PerconaServerMongoDB",
    group: "psmdb.percona.com",
    schedules: "tasks",
    enabledNeeded: true,
    readsRetention: (manifest: Record<string, unknown>) => !olderThan(fieldAt(manifest, "spec", "crVersion"), [1, 21]),
  },
] as const;

type Operator = (typeof operators)[number];

/** The clusters of Percona's MySQL and MongoDB operators, each with the operator that runs it. */
const perconaClusters = (resources: readonly TfResource[]): (AppliedManifest & { operator: Operator })[] =>
  appliedManifests(resources).flatMap((applied) => {
    const operator = operators.find(({ kind, group }) => isKind(applied.manifest, kind, group));
    return operator === undefined ? [] : [{ ...applied, operator }];
  });

/**
 * The claim specs from which the operators create the database's volumes, by where they are written: PXC's
 * `pxc.volumeSpec` and its backup storages of type filesystem (`backup.storages.<name>.volume`), Percona Server's
 * `mysql.volumeSpec`, MongoDB's `replsets[].volumeSpec`, their non-voting members' and the config servers'
 * (`sharding.configsvrReplSet.volumeSpec`). A volumeSpec that is an emptyDir or a hostPath makes no claim.
 */
export function perconaClaimSpecs(resources: readonly TfResource[]): { applied: AppliedManifest; section: string; claim: unknown }[] {
  return perconaClusters(resources).flatMap((applied) => {
    const spec = fieldAt(applied.manifest, "spec");
    const volumeSpecs: [string, unknown][] =
      applied.operator.kind === "PerconaXtraDBCluster"
        ? [
            ["pxc.volumeSpec", fieldAt(spec, "pxc", "volumeSpec")],
            ...Object.entries(isMap(fieldAt(spec, "backup", "storages")) ? (fieldAt(spec, "backup", "storages") as Record<string, unknown>) : {})
              .filter(([, storage]) => fieldAt(storage, "type") === "filesystem")
              .map(([name, storage]): [string, unknown] => [`backup.storages.${name}.volume`, fieldAt(storage, "volume")]),
          ]
        : applied.operator.kind === "PerconaServerMySQL"
          ? [["mysql.volumeSpec", fieldAt(spec, "mysql", "volumeSpec")]]
          : [
              ...mapsIn(fieldAt(spec, "replsets")).flatMap((replset, i): [string, unknown][] => [
                [`replsets[${i}].volumeSpec`, replset.volumeSpec],
                [`replsets[${i}].nonvoting.volumeSpec`, fieldAt(replset, "nonvoting", "volumeSpec")],
              ]),
              ["sharding.configsvrReplSet.volumeSpec", fieldAt(spec, "sharding", "configsvrReplSet", "volumeSpec")],
            ];
    return volumeSpecs
      .filter(([, volumeSpec]) => fieldAt(volumeSpec, "persistentVolumeClaim") !== undefined)
      .map(([section, volumeSpec]) => ({ applied, section: `${section}.persistentVolumeClaim`, claim: fieldAt(volumeSpec, "persistentVolumeClaim") }));
  });
}

/** The backups of Percona's MySQL and MongoDB clusters: one archive per scheduled backup, with the storage it goes to. */
export function perconaBackups(resources: readonly TfResource[]): DatabaseBackups[] {
  return perconaClusters(resources).flatMap(({ manifest, resource, operator }) => {
    const name = `${String(fieldAt(manifest, "metadata", "namespace"))}/${String(fieldAt(manifest, "metadata", "name"))}`;
    const backup = fieldAt(manifest, "spec", "backup");
    const noBackup = (lacks: string): DatabaseBackups[] => [{ resource, name, archiver: undefined, archives: [], lacks }];
    if (!isMap(backup)) return noBackup("takes no backup: it has no spec.backup");
    if (operator.enabledNeeded && backup.enabled !== true) return noBackup("takes no backup: its backups are not enabled (spec.backup.enabled)");
    const storages = isMap(backup.storages) ? backup.storages : {};
    if (Object.keys(storages).length === 0) return noBackup("takes no backup: it declares no storage to keep them in (spec.backup.storages)");
    const archives = mapsIn(backup[operator.schedules]).map((entry): BackupArchive => {
      const storage = String(entry.storageName);
      // A schedule whose storage is not declared, or a task not enabled, makes no backup.
      const runs = typeof entry.schedule === "string" && storage in storages && entry.enabled !== false;
      return {
        what: `its scheduled backup ${String(entry.name)} to ${storage}`,
        retention: keptDays(entry, operator.readsRetention(manifest)),
        scheduled: runs ? [cronFrequency(entry.schedule as string)] : [],
      };
    });
    const archiver = { method: "operator backups" } as const;
    // A paused cluster has no database running to back up (PerconaXtraDBCluster.CanBackup wants it ready).
    if (fieldAt(manifest, "spec", "pause") === true)
      return [{ resource, name, archiver, archives: archives.map((archive) => ({ ...archive, scheduled: [] })), suspended: "the cluster is paused" }];
    return [{ resource, name, archiver, archives }];
  });
}

/**
 * How long a scheduled backup's copies are kept: the operator deletes all but the last `count` of the schedule's
 * backups (its `retention` of type count, or the older `keep`), none when the count is 0, and leaves them in the storage when `deleteFromStorage` is false.
 * Right after a backup, the oldest kept is count − 1 runs old.
 */
function keptDays(entry: Record<string, unknown>, readsRetention: boolean): BackupArchive["retention"] {
  const retention = readsRetention && isMap(entry.retention) ? entry.retention : undefined;
  const count = Number(retention === undefined ? (entry.keep ?? 0) : (retention.count ?? 0));
  if (count <= 0 || retention?.deleteFromStorage === false) return { days: Number.POSITIVE_INFINITY };
  const perDay = typeof entry.schedule === "string" ? runsPerDay(entry.schedule) : undefined;
  if (perDay === undefined)
    return { unknown: `${String(entry.name)} keeps its last ${count} backups, and does not run every day: the days they span depend on when it runs` };
  return { days: (count - 1) / perDay };
}

/** Whether a cluster's crVersion (`1.20.1`) is older than a major and minor version; an unset one is not. */
function olderThan(crVersion: unknown, [major, minor]: readonly [number, number]): boolean {
  const match = /^(\d+)\.(\d+)/.exec(String(crVersion ?? ""));
  if (match === null) return false;
  return Number(match[1]) < major || (Number(match[1]) === major && Number(match[2]) < minor);
}
