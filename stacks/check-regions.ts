import { checkConfigurations, flowsOf, readInContext } from "../policies/check";
import type { RegionFlows } from "../policies/flows/report";
import type { PolicyRun } from "../policies/engine/run";
import type { InputProblem } from "../policies/engine/model";
import { defaultSettings } from "../policies/settings";
import type { LoadedEnvironment } from "../config/load";
import { stackFoldersOf, type SynthResult } from "./synthesize";

export interface RegionCheck {
  readonly region: LoadedEnvironment;
  readonly run: PolicyRun;
  readonly flows: readonly RegionFlows[];
}

/**
 * Runs every pack on each synthesized region, exactly as `eds check <stack folder>` does: each stack with the policy
 * context written beside it, so synth and a later check give the same verdict; and the region's flow check, on the
 * same configurations read once. Synthesized output that Terraform could not read throws.
 */
export async function checkRegions(result: SynthResult, today: string): Promise<RegionCheck[]> {
  const checks: RegionCheck[] = [];
  for (const region of result.regions) {
    const folders = stackFoldersOf(result, region);
    const problems: InputProblem[] = [];
    const configurations = await readInContext(folders, today, problems);
    // What the constructs wrote and Terraform could not read (a shell `${...}` left unescaped) is a defect of ours.
    if (problems.length > 0)
      throw new Error(
        `the synthesized configuration of ${region.config.id} would not load in Terraform:\n${problems.map((p) => `  ${p.file}: ${p.message}`).join("\n")}`,
      );
    const settings = defaultSettings(today);
    checks.push({ region, run: checkConfigurations(configurations, { settings }), flows: flowsOf(configurations, settings, region.config.id) });
  }
  return checks;
}
