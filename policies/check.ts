import { dirname } from "node:path";
import { standardInput } from "./inputs/kubernetes-yaml";
import { type PolicyContextRead, readPolicyContext } from "./context";
import type { TfConfiguration } from "./engine/model";
import { mergeRuns, runPolicies, type PolicyRun } from "./engine/run";
import type { InputProblem } from "./engine/model";
import { readConfigurations, type VariableInputs } from "./inputs/read";
import { selectPolicies } from "./packs/index";
import type { PolicySettings } from "./settings";
import { analyseFlows } from "./flows/analyse";
import type { RegionFlows } from "./flows/report";
import { emptyFlowContext, type FlowContext } from "./flows/requirements";

export interface CheckOptions {
  /** Settings for configurations that carry no policy context of their own (see context.ts). */
  readonly settings: PolicySettings;
  /** Packs to apply. @default - every pack */
  readonly packs?: readonly string[];
  /** A mandatory policy that cannot evaluate fails (see RunOptions.strict). */
  readonly strict?: boolean;
}

/** A configuration with the policy context written beside it by `eds synth`, when there is one. */
export interface ConfigurationInContext {
  readonly configuration: TfConfiguration;
  readonly context?: PolicyContextRead;
}

/**
 * Runs the selected packs on configurations already read. A configuration synthesized by `eds synth` is checked with
 * the policy context written beside it (its region's settings and exceptions); the others with `options.settings`.
 * Configurations with the same context (a region's stacks) form one run, so its settings are judged once.
 */
export function checkConfigurations(configurations: readonly ConfigurationInContext[], options: CheckOptions): PolicyRun {
  const { policies, levels } = selectPolicies(options.packs?.length ? options.packs : undefined);
  const groups = new Map<string, { settings: PolicySettings; configurations: TfConfiguration[] }>();
  for (const { configuration, context } of configurations) {
    const key = context?.text ?? "";
    const group = groups.get(key) ?? { settings: context?.settings ?? options.settings, configurations: [] };
    group.configurations.push(configuration);
    groups.set(key, group);
  }
  const strict = options.strict ?? false;
  if (groups.size === 0) return runPolicies([], { policies, levels, settings: options.settings, strict });
  return mergeRuns([...groups.values()].map((group) => runPolicies(group.configurations, { policies, levels, settings: group.settings, strict })));
}

/** Reads Terraform from the given paths (any supported form), each configuration with the policy context beside it, if any. */
export async function readInContext(
  paths: readonly string[],
  today: string,
  inputProblems?: InputProblem[],
  variables?: VariableInputs,
  manifestNamespace?: string,
): Promise<ConfigurationInContext[]> {
  const inContext: ConfigurationInContext[] = [];
  for (const configuration of await readConfigurations(paths, inputProblems, variables, manifestNamespace)) {
    // A stack's policy context sits beside its file; the standard input has no folder.
    const [only] = configuration.files;
    const context = configuration.files.length === 1 && only !== standardInput ? await readPolicyContext(dirname(only!), today) : undefined;
    inContext.push(context ? { configuration, context } : { configuration });
  }
  return inContext;
}

/** Reads Terraform from the given paths and runs the selected packs on it, each in its context. */
export async function checkPaths(paths: readonly string[], options: CheckOptions): Promise<PolicyRun> {
  return checkConfigurations(await readInContext(paths, options.settings.today), options);
}

/**
 * The flow analysis of configurations already read: those written by `eds synth` with their region's zones, roles and
 * declared flows (one analysis per region, its stacks together), the others with `settings`' (none by default: only
 * the flows from and to the Internet are then judged), one analysis per root module: two root modules of a repository
 * are deployed apart, so one's router gives the other no way out. `subject` names the others (with the root module's
 * folder when there are several).
 */
export function flowsOf(configurations: readonly ConfigurationInContext[], settings: PolicySettings, subject: string): RegionFlows[] {
  const groups = new Map<string, { subject: string; flows: FlowContext; configurations: TfConfiguration[] }>();
  const roots = configurations.filter(({ context }) => !context).length;
  for (const { configuration, context } of configurations) {
    const key = context ? `region ${context.text}` : `root module ${configuration.stack}`;
    const group = groups.get(key) ?? {
      subject: context?.region ?? (roots > 1 ? `${subject}: ${configuration.stack}` : subject),
      flows: context?.settings.flows ?? settings.flows ?? emptyFlowContext,
      configurations: [],
    };
    group.configurations.push(configuration);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => ({ subject: group.subject, analysis: analyseFlows(group.configurations, group.flows) }));
}

/** Reads Terraform from the given paths and analyses its flows (see flowsOf). */
export async function flowsOfPaths(paths: readonly string[], options: Pick<CheckOptions, "settings">, inputProblems?: InputProblem[]): Promise<RegionFlows[]> {
  return flowsOf(await readInContext(paths, options.settings.today, inputProblems), options.settings, paths.join(" "));
}
