import { checkPaths } from "../policies/check";
import type { PolicyRun } from "../policies/engine/run";
import type { LoadedEnvironment } from "../config/load";
import { settingsFromEnvironment } from "../config/policy-settings";
import type { SynthResult } from "./synthesize";

export interface RegionCheck {
  readonly region: LoadedEnvironment;
  readonly run: PolicyRun;
}

/** Runs every pack on each synthesized region, with the settings of its environment file. */
export async function checkRegions(result: SynthResult, today: string): Promise<RegionCheck[]> {
  const checks: RegionCheck[] = [];
  for (const region of result.regions) {
    const files = Object.entries(result.stacks)
      .filter(([stack]) => stack.startsWith(`${region.config.id}-`))
      .map(([, file]) => file);
    checks.push({ region, run: await checkPaths(files, { settings: settingsFromEnvironment(region, today) }) });
  }
  return checks;
}
