import { checkPaths } from "../policies/check";
import type { PolicyRun } from "../policies/engine/run";
import { defaultSettings } from "../policies/settings";
import type { LoadedEnvironment } from "../config/load";
import { stackFoldersOf, type SynthResult } from "./synthesize";

export interface RegionCheck {
  readonly region: LoadedEnvironment;
  readonly run: PolicyRun;
}

/**
 * Runs every pack on each synthesized region, exactly as `eds check <stack folder>` does: each stack with the policy
 * context written beside it, so synth and a later check give the same verdict.
 */
export async function checkRegions(result: SynthResult, today: string): Promise<RegionCheck[]> {
  const checks: RegionCheck[] = [];
  for (const region of result.regions) checks.push({ region, run: await checkPaths(stackFoldersOf(result, region), { settings: defaultSettings(today) }) });
  return checks;
}
