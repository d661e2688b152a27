import { existsSync, readdirSync } from "node:fs";
import { readInputText } from "../lib/files";
import { basename, dirname, extname, join, resolve } from "node:path";
import { describeFsError, InputError } from "../lib/errors";
import { displayPath } from "../lib/paths";
import { cidr, regionId } from "../lib/zod-types";
import { defaultRegionId, environmentFile, environmentsDir } from "./regions";
import { addressingPlanFileName, loadAddressingPlan } from "./addressing-plan";
import { directoryFileName } from "./directory";
import { ConfigError, type ConfigIssue } from "../lib/issues";
import { resolveEnvironment, type RegionConfig } from "./resolve";
import { regionEnvironment } from "./schema/region";
import { placeholderIssues } from "./placeholders";
import { parseYamlSource, type YamlSource } from "../lib/yaml-source";
import { validateAdminCidrs } from "./validators/admin-cidrs";
import type { EnvironmentContext, EnvironmentValidator } from "./validators/context";
import { validateCrossRegion, validateSharedSettings, type RegionFootprint } from "./validators/cross-region";
import { validateNetworkPlan } from "./validators/network-plan";
import { validatePlatform } from "./validators/platform";
import { validateProviderReferences } from "./validators/provider-references";
import { validateQualificationDates } from "./validators/qualification-dates";
import { validateTransparency } from "./validators/transparency";
import { toConfigIssues, yamlParseOptions } from "../lib/zod-issues";

export interface LoadedEnvironment {
  /** The file, as the user would write it (relative to the working directory). */
  readonly file: string;
  readonly config: RegionConfig;
  readonly source: YamlSource;
}

const validators: readonly EnvironmentValidator[] = [
  validateNetworkPlan,
  validateAdminCidrs,
  validateProviderReferences,
  validateQualificationDates,
  validatePlatform,
  validateTransparency,
];

/** YAML files of the environments folder that are not regions. */
const notEnvironments = new Set([addressingPlanFileName, directoryFileName]);

/** The environment files of a folder, in name order (the addressing plan, schema.json and other files are not environments). */
export function environmentFilesIn(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name) && !notEnvironments.has(name))
    .sort()
    .map((name) => join(directory, name));
}

export interface LoadOptions {
  /** Date against which validity dates are checked, YYYY-MM-DD. */
  readonly today: string;
  /**
   * The files asked for (resolved paths). A peer outside this set that still has placeholders (a region being filled
   * in after `eds new-region`) does not block them: it is only checked for a unique id and a disjoint range.
   * @default - every file is asked for
   */
  readonly selected?: ReadonlySet<string>;
}

/** A peer region that still has placeholders, left out of this synthesis. */
export interface PendingRegion {
  readonly file: string;
  readonly placeholders: number;
}

export interface LoadResult {
  readonly regions: LoadedEnvironment[];
  readonly pending: PendingRegion[];
}

const regionKeys = ["id", "name", "provider", "network", "bastion"];

/** Whether a parsed YAML document is meant as a region (has any of its top-level keys), to refuse other files in one line. */
const looksLikeRegion = (data: unknown): boolean => !!data && typeof data === "object" && !Array.isArray(data) && regionKeys.some((key) => key in data);

/** The id and range of a region being filled in, when already written, for the cross-region checks. */
function footprintOfPending(source: YamlSource): RegionFootprint | undefined {
  const data = source.data as { id?: unknown; network?: { range?: unknown } };
  const id = regionId.safeParse(data.id);
  const range = cidr.safeParse(data.network?.range);
  return id.success && range.success ? { id: id.data, range: range.data, source } : undefined;
}

/**
 * Reads, validates and resolves environment files: the schema, then the semantic rules per file, then the rules
 * across files. Throws one ConfigError listing every issue of every file.
 */
export function loadRegions(files: readonly string[], options: LoadOptions): LoadResult {
  const issues: ConfigIssue[] = [];
  const contexts: EnvironmentContext[] = [];
  const footprints: RegionFootprint[] = [];
  const pending: PendingRegion[] = [];
  for (const path of files) {
    const file = displayPath(path);
    let text: string;
    try {
      text = readInputText(path);
    } catch (error) {
      issues.push({ file, path: [], line: 1, column: 1, message: `cannot read the file: ${describeFsError(error)}` });
      continue;
    }
    const parsed = parseYamlSource(file, text);
    // A file beside the named ones that is no region (a compose file, notes) is no peer: it is not the user's to fix here.
    const peer = options.selected !== undefined && !options.selected.has(resolve(path));
    if (peer && (!parsed.source || !looksLikeRegion(parsed.source.data))) continue;
    issues.push(...parsed.issues);
    if (!parsed.source) continue;
    if (!looksLikeRegion(parsed.source.data)) {
      issues.push({
        file,
        path: [],
        line: 1,
        column: 1,
        message: `not a region environment file: expected a mapping with ${regionKeys.join(", ")} (see environments/${defaultRegionId}.yaml)`,
      });
      continue;
    }
    const placeholders = placeholderIssues(parsed.source);
    if (placeholders.length > 0) {
      const footprint = footprintOfPending(parsed.source);
      if (options.selected && !options.selected.has(resolve(path)) && footprint) {
        footprints.push(footprint);
        pending.push({ file, placeholders: placeholders.length });
      } else {
        issues.push(...placeholders);
      }
      continue;
    }
    const result = regionEnvironment.safeParse(parsed.source.data, yamlParseOptions);
    if (!result.success) {
      issues.push(...toConfigIssues(result.error.issues, parsed.source, regionEnvironment));
      continue;
    }
    const context = { env: result.data, source: parsed.source, today: options.today };
    issues.push(...validators.flatMap((validate) => validate(context)));
    contexts.push(context);
    footprints.push({ id: context.env.id, range: context.env.network.range, source: context.source });
  }
  issues.push(...validateCrossRegion(footprints), ...validateSharedSettings(contexts));
  if (issues.length > 0) throw new ConfigError(issues);
  return { regions: contexts.map(({ env, source }) => ({ file: source.file, config: resolveEnvironment(env), source })), pending };
}

/** Like loadRegions, when every file is asked for; returns the regions. */
export const loadEnvironments = (files: readonly string[], options: Omit<LoadOptions, "selected">): LoadedEnvironment[] => loadRegions(files, options).regions;

/**
 * Loads the given environment files, validated together with every other environment of their folders (so that the
 * cross-region rules always see all regions), and returns the given ones, with the peers left out because they still
 * have placeholders.
 */
export function loadWithPeers(files: readonly string[], options: Omit<LoadOptions, "selected">): LoadResult {
  const selected = files.map((file) => resolve(file));
  const folders = [...new Set(selected.map((file) => dirname(file)))];
  const peers = folders.flatMap((folder) => (existsSync(folder) ? environmentFilesIn(folder).map((file) => resolve(file)) : []));
  const { regions, pending } = loadRegions([...new Set([...selected, ...peers])], { ...options, selected: new Set(selected) });
  const issues = folders.flatMap((folder) =>
    planMismatches(
      folder,
      regions.filter((region) => dirname(resolve(region.file)) === folder),
    ),
  );
  if (issues.length > 0) throw new ConfigError(issues);
  return { regions: regions.filter((region) => selected.includes(resolve(region.file))), pending };
}

/**
 * An `--env` argument as a file: a region id (`bretagne`) names environments/<id>.yaml; anything with a path separator
 * or a YAML extension is a file.
 */
export function environmentArgument(value: string): string {
  if (value.includes("/") || value.includes("\\") || /\.ya?ml$/.test(value)) return value;
  if (!regionId.safeParse(value).success || !existsSync(environmentFile(value))) {
    const known = environmentFilesIn(environmentsDir).map((file) => basename(file, extname(file)));
    throw new InputError(value, `no such region in environments/ (known: ${known.join(", ")}); give a region id or an environment file`);
  }
  return environmentFile(value);
}

/** Regions whose range is not the one the folder's national addressing plan gives them (when the folder has a plan). */
function planMismatches(folder: string, regions: readonly LoadedEnvironment[]): ConfigIssue[] {
  if (!existsSync(join(folder, addressingPlanFileName))) return [];
  const plan = loadAddressingPlan(folder);
  return regions.flatMap(({ config, source }) => {
    const planned = plan.regions[config.id];
    if (planned === config.network.range) return [];
    const message = planned
      ? `${config.network.range} is not the range the addressing plan gives ${config.id} (${planned}, in ${plan.file})`
      : `${config.id} has no range in the addressing plan ${plan.file}; add it there (eds new-region does)`;
    return [source.issueAt(["network", "range"], message)];
  });
}
