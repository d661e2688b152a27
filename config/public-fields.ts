import type { YamlPath } from "../lib/yaml-source";
import type { RegionConfig } from "./resolve";
import type { RegionEnvironment } from "./schema/region";

/**
 * The fields of an environment file that the transparency site publishes; every other value (endpoints, addresses,
 * group names, images, keys, containers) stays private. An allow-list rather than a deny-list, so that a field added
 * to the model later is private until someone decides otherwise here. `*` stands for any key or list index, `**` for
 * everything below.
 */
export const publicFields = [
  "id",
  "name",
  "transparency.**",
  "datasets.**",
  "projects.*.id",
  "projects.*.title",
  "projects.*.principalInvestigator",
  "projects.*.legalBasis.**",
  "projects.*.dataCategories.**",
  "projects.*.start",
  "projects.*.expiry",
  "projects.*.publicSummary.**",
  "projects.*.publishedOn",
  "projects.*.status",
  "projects.*.datasets.**",
  "projects.*.results.**",
  // How long copies are kept, which the patients' page states (GDPR Art. 14(2)(a)).
  "storage.backups.retentionDays",
  "platform.dataTier.archiveDays",
] as const;

const patterns = publicFields.map((field) => field.split("."));

/** Whether `path` matches `pattern` entirely (`exact`), or is a prefix of it (an ancestor of public fields). */
function matches(pattern: readonly string[], path: YamlPath, exact: boolean): boolean {
  for (const [i, segment] of path.entries()) {
    const part = pattern[i];
    if (part === "**") return true;
    if (part === undefined) return false;
    if (part !== "*" && part !== String(segment)) return false;
  }
  return !exact || path.length === pattern.length || pattern[path.length] === "**";
}

/** Whether the value at `path` of an environment file is published. */
export const isPublicField = (path: YamlPath): boolean => patterns.some((pattern) => matches(pattern, path, true));

const leadsToPublic = (path: YamlPath): boolean => patterns.some((pattern) => matches(pattern, path, false));

/** What the site may show of a project. */
export type PublicProject = Pick<
  RegionEnvironment["projects"][number],
  | "id"
  | "title"
  | "principalInvestigator"
  | "legalBasis"
  | "dataCategories"
  | "start"
  | "expiry"
  | "publicSummary"
  | "publishedOn"
  | "status"
  | "datasets"
  | "results"
>;

/** What the site may show of a region: the public fields, nothing else. */
export interface PublicRegion {
  readonly id: string;
  readonly name: string;
  readonly transparency?: RegionEnvironment["transparency"];
  readonly datasets: RegionEnvironment["datasets"];
  readonly projects: readonly PublicProject[];
  /** How long the warehouse's backups are kept. */
  readonly storage?: { readonly backups: { readonly retentionDays: number } };
  /** How long a finished project's extract is kept, closed. */
  readonly platform?: { readonly dataTier: { readonly archiveDays: number } };
}

/** Keeps of `value` only what the allow-list publishes. */
function pick(value: unknown, path: YamlPath): unknown {
  if (isPublicField(path)) return value;
  if (Array.isArray(value)) return value.map((item, i) => pick(item, [...path, i]));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => leadsToPublic([...path, key]))
        .map(([key, item]) => [key, pick(item, [...path, key])]),
    );
  return undefined;
}

/** What the public view is taken from: the region's fields as the environment file names them. */
export type PublicSource = Pick<RegionEnvironment, "id" | "name" | "transparency" | "datasets" | "projects"> & {
  readonly storage?: unknown;
  readonly platform?: unknown;
};

/**
 * The public part of a region, built by the allow-list itself: the site is generated from this and from nothing else,
 * so it cannot show a private value even by mistake.
 */
export const publicView = (region: PublicSource): PublicRegion => pick(region, []) as PublicRegion;

/** The public part of a loaded region (its projects live in the platform part once resolved). */
export const publicViewOf = (config: RegionConfig): PublicRegion =>
  publicView({
    id: config.id,
    name: config.name,
    transparency: config.transparency,
    datasets: config.datasets,
    projects: [...(config.platform?.projects ?? [])],
    storage: config.storage,
    ...(config.platform ? { platform: config.platform } : {}),
  });
