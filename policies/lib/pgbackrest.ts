import type { ResourceGraph } from "../engine/graph";
import type { BackupArchive, DatabaseBackups } from "./cloudnative-pg";
import { configurationObject, keptText } from "./gitops-charts";
import { type AppliedManifest, appliedManifests, isKind, objectName, placeOf } from "./helm";
import { fieldAt, firstUnknown, isMap, isUnknown, list, mapsIn, type Setting } from "./values";
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
    .map((applied) => {
      const { manifest, resource } = applied;
      const name = objectName(manifest);
      const option = pgBackRestOptions(applied, graph);
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
          retention: repositoryRetention(String(repo.name), option),
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
 * How long a repository keeps its backups, from the pgBackRest options the cluster gives: full backups and the WAL they
 * need expire by `<repo>-retention-full`, a number of days when `<repo>-retention-full-type` is `time` (one full backup
 * older is kept, so at least that many days), a number of backups when it is `count`, the default; unset, nothing
 * expires (pgBackRest's expire command).
 */
function repositoryRetention(repo: string, option: (name: string) => PgBackRestOption): BackupArchive["retention"] {
  const full = option(`${repo}-retention-full`);
  const type = option(`${repo}-retention-full-type`);
  for (const each of [full, type])
    if (each !== undefined && "unknown" in each) return { unknown: `its retention may be set where it is not known: ${each.unknown}` };
  if (full === undefined) return { days: Number.POSITIVE_INFINITY };
  const value = "value" in full ? full.value : undefined;
  const count = /^[1-9]\d*$/.test(String(value)) ? Number(value) : 0;
  if ((type && "value" in type ? type.value : "count") === "time") return { days: count };
  return { unknown: `${repo} keeps its last ${count} full backups (${repo}-retention-full-type count): the days they span depend on when they run` };
}

/** A pgBackRest option as a cluster's pods read it: its value and where it is written (`from`, for a message), unset, or why it is not known. */
export type PgBackRestOption =
  | { readonly value: unknown; readonly path: string; readonly from?: string }
  /** `projected` when what is not known is a projected file, which the cluster's own spec does not show. */
  | { readonly unknown: string; readonly projected?: true }
  | undefined;

/** The stanza the operators name their clusters' (Crunchy internal/pgbackrest/config.go, DefaultStanzaName). */
const stanza = "db";

/**
 * The sections pgBackRest reads a backup's options from, the most specific first: the stanza's for the command, the
 * stanza's, the command's for every stanza (pgBackRest's configuration reference, "Configuration File"); [global]
 * comes after them.
 */
const overridingSections = [`${stanza}:backup`, stanza, "global:backup"];

/** The options of a pgBackRest INI text, by section: `[section]` headers, `key=value` lines, `#` comments. */
function iniOptions(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  for (const line of text.split(/\r?\n/).map((each) => each.trim())) {
    if (line === "" || line.startsWith("#")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = sections.get(header[1]!) ?? new Map();
      sections.set(header[1]!, section);
    } else if (section && line.includes("=")) section.set(line.slice(0, line.indexOf("=")).trim(), line.slice(line.indexOf("=") + 1).trim());
  }
  return sections;
}

/** One `.conf` file a cluster projects into pgBackRest's conf.d, read; or why it is not known. */
type ProjectedFile = { readonly file: string; readonly sections: Map<string, Map<string, string>> } | { readonly unknown: string; readonly projected: true };

/**
 * The `.conf` files of the Secrets and ConfigMaps a cluster projects into /etc/pgbackrest/conf.d
 * (spec.backups.pgbackrest.configuration), each a key, or an item's path, at the top of the folder: pgBackRest loads
 * every `*.conf` file there (Crunchy internal/pgbackrest/config.md). An object not in this configuration, or a text known
 * only at apply, is not known.
 */
function projectedFiles(applied: AppliedManifest, graph: ResourceGraph): ProjectedFile[] {
  const projections = fieldAt(applied.manifest, "spec", "backups", "pgbackrest", "configuration");
  if (isUnknown(projections) || list(projections).some(isUnknown))
    return [{ unknown: "the configuration it projects (backups.pgbackrest.configuration) is known only at apply", projected: true }];
  const namespace = fieldAt(applied.manifest, "metadata", "namespace") ?? "default";
  return mapsIn(projections).flatMap((projection): ProjectedFile[] => {
    const [kind, source] = isMap(projection.secret)
      ? (["Secret", projection.secret] as const)
      : isMap(projection.configMap)
        ? (["ConfigMap", projection.configMap] as const)
        : [];
    if (!kind) return [];
    const what = `${kind} ${String(namespace)}/${String(source.name)}`;
    const object = configurationObject(graph, kind, namespace, source.name);
    if (!object) return [{ unknown: `the configuration it projects (${what}) is not in this configuration`, projected: true }];
    const keys = [...Object.keys(isMap(object.data) ? object.data : {}), ...Object.keys(isMap(object.stringData) ? object.stringData : {})];
    const items = Array.isArray(source.items)
      ? mapsIn(source.items).map((item) => ({ key: String(item.key), file: String(item.path) }))
      : keys.map((key) => ({ key, file: key }));
    return items
      .filter(({ file }) => file.endsWith(".conf") && !file.includes("/"))
      .map(({ key, file }) => {
        const text = keptText(object, key);
        return text === undefined || text === "absent"
          ? { unknown: `${file} of the ${what} it projects is known only at apply`, projected: true }
          : { file: `${file} of the ${what} it projects`, sections: iniOptions(text) };
      });
  });
}

/**
 * The pgBackRest options a cluster gives, as pgBackRest reads them: those of the projected files' stanza and backup
 * sections first, then [global], where the operator writes spec.backups.pgbackrest.global and where the projected
 * files' [global] options come after (pgBackRest refuses an option set in two files). An option of the cluster's
 * global options named at apply, or a projected file not known, may be any option.
 */
export function pgBackRestOptions(applied: AppliedManifest, graph: ResourceGraph): (name: string) => PgBackRestOption {
  const global = fieldAt(applied.manifest, "spec", "backups", "pgbackrest", "global");
  const files = projectedFiles(applied, graph);
  const inFiles = (sections: readonly string[], name: string): PgBackRestOption => {
    for (const section of sections)
      for (const file of files) {
        if ("unknown" in file) return file;
        const value = file.sections.get(section)?.get(name);
        if (value !== undefined) return { value, path: placeOf(applied, "spec.backups.pgbackrest.configuration"), from: `[${section}] of ${file.file}` };
      }
    return undefined;
  };
  return (name) => {
    const overriding = inFiles(overridingSections, name);
    if (overriding) return overriding;
    if (isUnknown(global)) return { unknown: "spec.backups.pgbackrest.global is known only at apply" };
    const written = fieldAt(global, name);
    if (written !== undefined)
      return isUnknown(written)
        ? { unknown: `spec.backups.pgbackrest.global.${name} is known only at apply` }
        : { value: written, path: placeOf(applied, `spec.backups.pgbackrest.global.${name}`) };
    if (isMap(global) && Object.keys(global).some(isUnknown)) return { unknown: "an option of its pgBackRest global options is named at apply" };
    return inFiles(["global"], name);
  };
}
