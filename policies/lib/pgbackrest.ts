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
      const unknown = unknownSetting(manifest);
      const undecided = unknown ? { undecided: `${unknown} is known only at apply` } : {};
      const read = repositoryRetentions(repos, option);
      if ("refused" in read)
        return { resource, name, archiver: undefined, archives: [], lacks: `takes no backup: pgBackRest refuses its options: ${read.refused}`, ...undecided };
      const archives = repos.map((repo, i): BackupArchive => {
        // Each schedule is a CronJob's, which the API server refuses when it names a time zone ("cannot use TZ or
        // CRON_TZ in schedule", pkg/apis/batch/validation): that backup never runs.
        const crons = ["full", "differential", "incremental"].flatMap((type) => {
          const cron = fieldAt(repo, "schedules", type);
          return typeof cron === "string" && !namesTimeZone(cron) ? [cron] : [];
        });
        return {
          what: `its pgBackRest repository ${String(repo.name)}`,
          retention: read.retentions[i]!,
          scheduled: crons.length > 0 ? [combinedFrequency(crons)] : [],
        };
      });
      const archiver = archives.length > 0 ? ({ method: "pgBackRest" } as const) : undefined;
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
        ...[`${name}-retention-full`, `${name}-retention-full-type`]
          .flatMap(namesOf)
          .map((option): Setting => [`spec.backups.pgbackrest.global.${option}`, fieldAt(pgbackrest, "global", option)]),
      ];
    }),
  ]);
}

/** The options of a repository read here: its retention (repositoryRetention) and where it writes (backup-destinations.ts). */
const repositoryOptions = ["retention-full", "retention-full-type", "storage-host", "storage-verify-tls", "azure-endpoint", "gcs-endpoint"];

/**
 * How long each repository keeps its backups (repositoryRetention), in their order; or what of the options read here
 * makes pgBackRest refuse to back the cluster up: pgBackRest checks every option the backup command reads before it
 * starts (src/config/parse.c), so one it refuses stops every backup of every repository.
 */
export function repositoryRetentions(
  repos: readonly Record<string, unknown>[],
  option: (name: string) => PgBackRestOption,
): { readonly retentions: readonly BackupArchive["retention"][] } | { readonly refused: string } {
  const retentions: BackupArchive["retention"][] = [];
  for (const repo of repos) {
    const retention = repositoryRetention(String(repo.name), option);
    if ("refused" in retention) return retention;
    for (const suffix of repositoryOptions) {
      const found = option(`${String(repo.name)}-${suffix}`);
      if (found && "refused" in found) return { refused: found.refused };
    }
    retentions.push(retention);
  }
  return { retentions };
}

/**
 * How long a repository keeps its backups, from the pgBackRest options the cluster gives: full backups and the WAL they
 * need expire by `<repo>-retention-full`, a number of days when `<repo>-retention-full-type` is `time` (one full backup
 * older is kept, so at least that many days), a number of backups when it is `count`, the default; unset, nothing
 * expires (pgBackRest's expire command). pgBackRest refuses to back up with a retention that is not an integer from 1 to
 * 9999999 (`+` and leading zeros allowed, strtoll's) or a type other than `count` and `time` (build/config.yaml,
 * allow-range and allow-list; src/config/parse.c, "is out of range", "is not allowed").
 */
function repositoryRetention(repo: string, option: (name: string) => PgBackRestOption): BackupArchive["retention"] | { readonly refused: string } {
  const full = option(`${repo}-retention-full`);
  const type = option(`${repo}-retention-full-type`);
  for (const each of [full, type]) if (each !== undefined && "refused" in each) return each;
  for (const each of [full, type])
    if (each !== undefined && "unknown" in each) return { unknown: `its retention may be set where it is not known: ${each.unknown}` };
  const fullGiven = full && "value" in full ? full : undefined;
  const typeGiven = type && "value" in type ? type : undefined;
  const kind = typeGiven ? String(typeGiven.value) : "count";
  if (typeGiven && kind !== "count" && kind !== "time") return { refused: `${written(typeGiven)} (count or time)` };
  if (!fullGiven) return { days: Number.POSITIVE_INFINITY };
  const value = String(fullGiven.value);
  const count = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(count >= 1 && count <= 9_999_999)) return { refused: `${written(fullGiven)} (an integer from 1 to 9999999)` };
  if (kind === "time") return { days: count };
  return { unknown: `${repo} keeps its last ${count} full backups (${repo}-retention-full-type count): the days they span depend on when they run` };
}

/** One value a cluster gives an option: the name it is written by, where (`from`, for a message; its path, for a finding). */
interface GivenOption {
  readonly value: unknown;
  readonly name: string;
  readonly path: string;
  readonly from?: string;
}

/** An option as it is written, for a message: `repo2-retention-full: 35 days in [global] of retention.conf of …`. */
const written = (given: GivenOption): string => `${given.name}: ${String(given.value)}${given.from ? ` in ${given.from}` : ""}`;

/** A pgBackRest option as a cluster's pods read it: its value, the name it is written by and where (`from`, for a message), unset, refused, or why it is not known. */
export type PgBackRestOption =
  | GivenOption
  /** `projected` when what is not known is a projected file, which the cluster's own spec does not show. */
  | { readonly unknown: string; readonly projected?: true }
  /** What makes pgBackRest refuse its configuration, and so run no backup. */
  | { readonly refused: string }
  | undefined;

/** The stanza the operators name their clusters' (Crunchy internal/pgbackrest/config.go, DefaultStanzaName). */
const stanza = "db";

/**
 * The sections pgBackRest reads a backup's options from, the most specific first: the stanza's for the command, the
 * stanza's, the command's for every stanza, then [global] (src/config/parse.c, the section list of cfgParse).
 */
const sections = [`${stanza}:backup`, stanza, "global:backup", "global"];

/**
 * The other names pgBackRest reads an option by, among those read here (build/config.yaml, each option's `deprecate`):
 * `repo?-` stands for the option's own repository, and a name with no index is repo1's.
 */
const formerNames: Readonly<Record<string, readonly string[]>> = {
  "repo-storage-host": ["repo-s3-host", "repo?-azure-host", "repo?-s3-host"],
  "repo-storage-verify-tls": ["repo-s3-verify-ssl", "repo?-azure-verify-tls", "repo?-s3-verify-ssl", "repo?-s3-verify-tls"],
  "repo-retention-full": ["retention-full"],
};

/** Every name of a repository's option (`repo2-storage-host`): its own, then those it had, as pgBackRest parses them. */
function namesOf(option: string): string[] {
  const [, index, base] = /^repo(\d+)-(.+)$/.exec(option) ?? [];
  if (index === undefined) return [option];
  return [option, ...(formerNames[`repo-${base}`] ?? []).flatMap((name) => (name.includes("?") ? [name.replace("?", index)] : index === "1" ? [name] : []))];
}

/** One `key=value` line of a pgBackRest INI text, in its section. */
interface IniOption {
  readonly section: string;
  readonly key: string;
  readonly value: string;
}

/**
 * The options of a pgBackRest INI text as pgBackRest reads them (src/common/ini.c, iniValueNext): lines trimmed, blank
 * and `#` lines skipped, `[section]` headers, `key=value` lines (a `#` later on the line is part of the value); a header
 * without its `]`, an empty header, or a line with no `=` or no key is refused. A `key=value` before the first header
 * belongs to the section the file read before it ends with (pgBackRest joins the files of conf.d in the order of their
 * names), which is not known here.
 */
function iniOptions(text: string): { readonly options: IniOption[] } | { readonly refused: string } | { readonly beforeHeader: string } {
  const options: IniOption[] = [];
  let section: string | undefined;
  for (const [index, line] of text
    .split(/\r?\n/)
    .map((each) => each.trim())
    .entries()) {
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("[")) {
      if (!line.endsWith("]") || line === "[]") return { refused: `line ${index + 1} opens a section header it does not close or leaves empty` };
      section = line.slice(1, -1);
      continue;
    }
    const equal = line.indexOf("=");
    // The line itself is not quoted: the file may be a Secret's, and the line a credential.
    if (equal <= 0 || line.slice(0, equal).trim() === "") return { refused: `line ${index + 1} is neither a section header nor key=value` };
    if (section === undefined) return { beforeHeader: line.slice(0, equal).trim() };
    options.push({ section, key: line.slice(0, equal).trim(), value: line.slice(equal + 1).trim() });
  }
  return { options };
}

/** One `.conf` file a cluster projects into pgBackRest's conf.d, read; refused by pgBackRest; or why it is not known. */
type ProjectedFile =
  | { readonly file: string; readonly options: readonly IniOption[] }
  | { readonly refused: string }
  | { readonly unknown: string; readonly projected: true };

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
      .map(({ key, file }): ProjectedFile => {
        const text = keptText(object, key);
        if (text === undefined || text === "absent") return { unknown: `${file} of the ${what} it projects is known only at apply`, projected: true };
        const read = iniOptions(text);
        const name = `${file} of the ${what} it projects`;
        if ("refused" in read) return { refused: `${name}, whose ${read.refused}` };
        if ("beforeHeader" in read)
          return { unknown: `${name} sets ${read.beforeHeader} before any section, in the section of the file pgBackRest reads before it`, projected: true };
        return { file: name, options: read.options };
      });
  });
}

/**
 * The pgBackRest options a cluster gives, as pgBackRest reads them (src/config/parse.c, cfgParse): by section, the
 * stanza's and the backup command's first, [global] last, where the operator writes spec.backups.pgbackrest.global beside
 * the projected files' [global]; an option is found by any of its names. pgBackRest refuses a file it cannot read, an
 * option written by two of its names in one section ("duplicate options"), set twice in the section it is read from
 * ("cannot be set multiple times": in two files, or in the spec and a file) or given no value ("must have a value"). An
 * option of the cluster's global options named at apply, or a projected file not known, may be any option.
 */
export function pgBackRestOptions(applied: AppliedManifest, graph: ResourceGraph): (name: string) => PgBackRestOption {
  const global = fieldAt(applied.manifest, "spec", "backups", "pgbackrest", "global");
  const files = projectedFiles(applied, graph);
  const inSpec = (names: readonly string[]): GivenOption[] =>
    isMap(global)
      ? Object.entries(global)
          .filter(([key]) => names.includes(key))
          // The operator writes `key = value` (internal/pgbackrest/options.go); pgBackRest trims the value.
          .map(([key, value]) => ({
            name: key,
            value: typeof value === "string" ? value.trim() : value,
            path: placeOf(applied, `spec.backups.pgbackrest.global.${key}`),
          }))
      : [];
  return (option) => {
    const names = namesOf(option);
    for (const file of files) if (!("file" in file)) return file;
    const given = (section: string): GivenOption[] => [
      ...(section === "global" ? inSpec(names) : []),
      ...files.flatMap((file) =>
        "file" in file
          ? file.options
              .filter((each) => each.section === section && names.includes(each.key))
              .map((each) => ({
                name: each.key,
                value: each.value,
                path: placeOf(applied, "spec.backups.pgbackrest.configuration"),
                from: `[${section}] of ${file.file}`,
              }))
          : [],
      ),
    ];
    const bySection = sections.map((section) => ({ section, found: given(section) }));
    for (const { section, found } of bySection) {
      const byName = [...new Set(found.map(({ name }) => name))];
      if (byName.length > 1) return { refused: `${byName.join(" and ")} in [${section}], two names of one option` };
    }
    for (const { section, found } of bySection) {
      if (section === "global") {
        if (isUnknown(global)) return { unknown: "spec.backups.pgbackrest.global is known only at apply" };
        const unknownValue = inSpec(names).find(({ value }) => isUnknown(value));
        if (unknownValue) return { unknown: `spec.backups.pgbackrest.global.${unknownValue.name} is known only at apply` };
        if (isMap(global) && Object.keys(global).some(isUnknown)) return { unknown: "an option of its pgBackRest global options is named at apply" };
      }
      if (found.length > 1) return { refused: `${option} set ${found.length} times in [${section}] (${found.map(written).join("; ")})` };
      if (found.length === 1)
        return found[0]!.value === "" ? { refused: `${found[0]!.name} with no value${found[0]!.from ? ` in ${found[0]!.from}` : ""}` } : found[0];
    }
    return undefined;
  };
}
