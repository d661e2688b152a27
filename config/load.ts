import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { addressingPlanFileName, loadAddressingPlan } from "./addressing-plan";
import { ConfigError, type ConfigIssue } from "../lib/issues";
import { resolveEnvironment, type RegionConfig } from "./resolve";
import { regionEnvironment } from "./schema/region";
import { placeholderIssues } from "./placeholders";
import { parseYamlSource, type YamlSource } from "../lib/yaml-source";
import { validateAdminCidrs } from "./validators/admin-cidrs";
import type { EnvironmentContext, EnvironmentValidator } from "./validators/context";
import { validateCrossRegion, validateSharedSettings } from "./validators/cross-region";
import { validateNetworkPlan } from "./validators/network-plan";
import { validatePlatform } from "./validators/platform";
import { validateProviderReferences } from "./validators/provider-references";
import { validateQualificationDates } from "./validators/qualification-dates";
import { toConfigIssues } from "../lib/zod-issues";

export interface LoadedEnvironment {
  /** The file, as the user would write it (relative to the working directory). */
  readonly file: string;
  readonly config: RegionConfig;
  readonly source: YamlSource;
}

export interface LoadOptions {
  /** Date against which validity dates are checked, YYYY-MM-DD. */
  readonly today: string;
}

const validators: readonly EnvironmentValidator[] = [validateNetworkPlan, validateAdminCidrs, validateProviderReferences, validateQualificationDates, validatePlatform];

/** YAML files of the environments folder that are not regions. */
const notEnvironments = new Set(["addressing-plan.yaml"]);

/** The environment files of a folder, in name order (the addressing plan, schema.json and other files are not environments). */
export function environmentFilesIn(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name) && !notEnvironments.has(name))
    .sort()
    .map((name) => join(directory, name));
}

/**
 * Reads, validates and resolves environment files: the schema, then the semantic rules per file, then the rules
 * across files. Throws one ConfigError listing every issue of every file.
 */
export function loadEnvironments(files: readonly string[], options: LoadOptions): LoadedEnvironment[] {
  const issues: ConfigIssue[] = [];
  const contexts: EnvironmentContext[] = [];
  for (const path of files) {
    const file = relative(process.cwd(), resolve(path)) || path;
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      issues.push({ file, path: [], line: 1, column: 1, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
      continue;
    }
    const parsed = parseYamlSource(file, text);
    issues.push(...parsed.issues);
    if (!parsed.source) continue;
    const placeholders = placeholderIssues(parsed.source);
    if (placeholders.length > 0) {
      issues.push(...placeholders);
      continue;
    }
    const result = regionEnvironment.safeParse(parsed.source.data, { reportInput: true });
    if (!result.success) {
      issues.push(...toConfigIssues(result.error.issues, parsed.source, regionEnvironment));
      continue;
    }
    const context = { env: result.data, source: parsed.source, today: options.today };
    issues.push(...validators.flatMap((validate) => validate(context)));
    contexts.push(context);
  }
  issues.push(...validateCrossRegion(contexts), ...validateSharedSettings(contexts));
  if (issues.length > 0) throw new ConfigError(issues);
  return contexts.map(({ env, source }) => ({ file: source.file, config: resolveEnvironment(env), source }));
}

/**
 * Loads the given environment files, validated together with every other environment of their folders (so that the
 * cross-region rules always see all regions), and returns the given ones.
 */
export function loadWithPeers(files: readonly string[], options: LoadOptions): LoadedEnvironment[] {
  const selected = files.map((file) => resolve(file));
  const folders = [...new Set(selected.map((file) => dirname(file)))];
  const peers = folders.flatMap((folder) => (existsSync(folder) ? environmentFilesIn(folder).map((file) => resolve(file)) : []));
  const loaded = loadEnvironments([...new Set([...selected, ...peers])], options);
  const issues = folders.flatMap((folder) => planMismatches(folder, loaded.filter((region) => dirname(resolve(region.file)) === folder)));
  if (issues.length > 0) throw new ConfigError(issues);
  return loaded.filter((region) => selected.includes(resolve(region.file)));
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
