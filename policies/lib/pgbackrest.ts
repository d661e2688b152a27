import type { ResourceGraph } from "../engine/graph";
import type { BackupArchive, DatabaseBackups } from "./cloudnative-pg";
import { type AppliedManifest, appliedManifests, isKind, objectName } from "./helm";
import { fieldAt, firstUnknown, isMap, isUnknown, mapsIn, type Setting } from "./values";
import { combinedFrequency, namesTimeZone } from "./schedules";

/**
 * The PostgreSQL clusters of the operators that back up with pgBackRest: Crunchy's PostgresCluster
 * (postgres-operator.crunchydata.com/v1beta1) and Percona's PerconaPGCluster (pgv2.percona.com/v2), a fork of it whose
 * instances and backups are written alike.
 */
export function pgBackRestClusters(graph: ResourceGraph): AppliedManifest[] {
  return appliedManifests(graph).filter(
    ({ manifest }) => isKind(manifest, "PostgresCluster", "postgres-operator.crunchydata.com") || isKind(manifest, "PerconaPGCluster", "pgv2.percona.com"),
  );
}

/** The pgBackRest repositories a cluster configures, as written: none where Percona's `backups.enabled` is false. */
export const configuredRepositories = (manifest: Record<string, unknown>): unknown =>
  fieldAt(manifest, "spec", "backups", "enabled") === false ? [] : fieldAt(manifest, "spec", "backups", "pgbackrest", "repos");

/**
 * The backups of pgBackRest clusters. The operator archives the WAL to every repository it is given and runs each
 * repository's scheduled full, differential and incremental backups as CronJobs (PGBackRestRepo.schedules), which
 * together set how often it is backed up; with no repository (Crunchy's backups are optional from 5.7) or Percona's
 * `backups.enabled: false`, nothing is archived.
 */
export function pgBackRestBackups(graph: ResourceGraph): DatabaseBackups[] {
  // A standby replays what its primary archives, to whose repository its backups belong: it is not judged here.
  return pgBackRestClusters(graph)
    .filter(({ manifest }) => fieldAt(manifest, "spec", "standby", "enabled") !== true)
    .map(({ manifest, resource }) => {
      const name = objectName(manifest);
      const pgbackrest = fieldAt(manifest, "spec", "backups", "pgbackrest");
      const repos = mapsIn(configuredRepositories(manifest));
      const archives = repos.map((repo): BackupArchive => {
        // Each schedule is a CronJob's, which the API server refuses when it names a time zone ("cannot use TZ or
        // CRON_TZ in schedule", pkg/apis/batch/validation): that backup never runs.
        const crons = ["full", "differential", "incremental"].flatMap((type) => {
          const cron = fieldAt(repo, "schedules", type);
          return typeof cron === "string" && !namesTimeZone(cron) ? [cron] : [];
        });
        return {
          what: `its pgBackRest repository ${String(repo.name)}`,
          retention: repositoryRetention(String(repo.name), fieldAt(pgbackrest, "global"), fieldAt(pgbackrest, "configuration") !== undefined),
          scheduled: crons.length > 0 ? [combinedFrequency(crons)] : [],
        };
      });
      const archiver = archives.length > 0 ? ({ method: "pgBackRest" } as const) : undefined;
      const unknown = unknownSetting(manifest);
      const undecided = unknown ? { undecided: `${unknown} is known only at apply` } : {};
      // The operator suspends the backup CronJobs of a cluster shut down (postgrescluster/pgbackrest.go), which
      // Percona's writes as spec.pause.
      if (fieldAt(manifest, "spec", "shutdown") === true || fieldAt(manifest, "spec", "pause") === true)
        return {
          resource,
          name,
          archiver,
          archives: archives.map((archive) => ({ ...archive, scheduled: [] })),
          suspended: "the cluster is shut down",
          ...undecided,
        };
      return { resource, name, archiver, archives, ...undecided };
    });
}

/**
 * The first setting that decides whether, how often and how long a cluster backs up which is known only at apply: its
 * spec, standby, shutdown or pause, its backups' switch, its repositories, their names and schedules, and their
 * retention options. Where a repository keeps its backups (its bucket, its volume) decides none of these.
 */
function unknownSetting(manifest: Record<string, unknown>): string | undefined {
  const spec = fieldAt(manifest, "spec");
  const pgbackrest = fieldAt(spec, "backups", "pgbackrest");
  const repos = fieldAt(pgbackrest, "repos");
  return firstUnknown([
    ["its spec", spec],
    ...["standby", "shutdown", "pause", "backups"].map((field): Setting => [`spec.${field}`, fieldAt(spec, field)]),
    ["spec.standby.enabled", fieldAt(spec, "standby", "enabled")],
    ["spec.backups.enabled", fieldAt(spec, "backups", "enabled")],
    ["spec.backups.pgbackrest", pgbackrest],
    ["spec.backups.pgbackrest.repos", repos],
    ["spec.backups.pgbackrest.global", fieldAt(pgbackrest, "global")],
    ...(Array.isArray(repos) ? repos : []).flatMap((repo, i): Setting[] => {
      const at = `spec.backups.pgbackrest.repos[${i}]`;
      const name = String(fieldAt(repo, "name"));
      return [
        [at, repo],
        [`${at}.name`, fieldAt(repo, "name")],
        [`${at}.schedules`, fieldAt(repo, "schedules")],
        ...["full", "differential", "incremental"].map((type): Setting => [`${at}.schedules.${type}`, fieldAt(repo, "schedules", type)]),
        ...["retention-full", "retention-full-type"].map(
          (option): Setting => [`spec.backups.pgbackrest.global.${name}-${option}`, fieldAt(pgbackrest, "global", `${name}-${option}`)],
        ),
      ];
    }),
  ]);
}

/**
 * How long a repository keeps its backups, from the pgBackRest options the cluster gives (`global`): full backups and
 * the WAL they need expire by `<repo>-retention-full`, a number of days when `<repo>-retention-full-type` is `time` (one
 * full backup older is kept, so at least that many days), a number of backups when it is `count`, the default; unset,
 * nothing expires (pgBackRest's expire command).
 */
function repositoryRetention(repo: string, global: unknown, projectsConfiguration: boolean): BackupArchive["retention"] {
  const full = fieldAt(global, `${repo}-retention-full`);
  const type = fieldAt(global, `${repo}-retention-full-type`) ?? "count";
  // An option whose name is built at apply (`${var.repo}-retention-full`) may be this repository's retention.
  if (full === undefined && isMap(global) && Object.keys(global).some(isUnknown))
    return { unknown: "an option of its pgBackRest global options is named at apply: it may set its retention" };
  if (full === undefined)
    return projectsConfiguration
      ? { unknown: `its retention is not in its options: it may be set in the configuration it projects (backups.pgbackrest.configuration)` }
      : { days: Number.POSITIVE_INFINITY };
  const count = /^[1-9]\d*$/.test(String(full)) ? Number(full) : 0;
  if (type === "time") return { days: count };
  return { unknown: `${repo} keeps its last ${count} full backups (${repo}-retention-full-type count): the days they span depend on when they run` };
}
