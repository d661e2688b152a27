import type { TfConfiguration } from "./engine/model";
import { runPolicies, type PolicyRun } from "./engine/run";
import { readConfigurations } from "./inputs/read";
import { selectPolicies } from "./packs/index";
import type { PolicySettings } from "./settings";

export interface CheckOptions {
  readonly settings: PolicySettings;
  /** Packs to apply. @default - every pack */
  readonly packs?: readonly string[];
}

/** Runs the selected packs on configurations already read. */
export function checkConfigurations(configurations: readonly TfConfiguration[], options: CheckOptions): PolicyRun {
  const { policies, levels } = selectPolicies(options.packs?.length ? options.packs : undefined);
  return runPolicies(configurations, { policies, levels, settings: options.settings });
}

/** Reads Terraform from the given paths (any supported form) and runs the selected packs on it. */
export async function checkPaths(paths: readonly string[], options: CheckOptions): Promise<PolicyRun> {
  return checkConfigurations(await readConfigurations(paths), options);
}
