import { renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildApp, type RegionalApp } from "./app";
import { environmentFilesIn, loadWithPeers, type LoadedEnvironment } from "../config/load";
import { foundationStackName } from "./foundation-stack";
import { platformStackName } from "./platform-stack";
import type { RetiredProject } from "./projects";
import { defaultRegionId, environmentFile, environmentsDir } from "../config/regions";

export interface SynthOptions {
  /** Environment files to synthesize. @default - the default region, unless `all` */
  readonly envFiles?: readonly string[];
  /** Synthesize every environment of environments/. */
  readonly all?: boolean;
  /** @default "cdktf.out" */
  readonly outdir?: string;
  readonly localState?: boolean;
  /** Date validity dates are checked against, YYYY-MM-DD. */
  readonly today: string;
}

export interface SynthResult {
  readonly regions: readonly LoadedEnvironment[];
  readonly outdir: string;
  /** Stack name → its cdk.tf.json. */
  readonly stacks: Readonly<Record<string, string>>;
  /** Per region, the projects left out and why. */
  readonly retired: Readonly<Record<string, readonly RetiredProject[]>>;
}

/**
 * Validates the environments (each file, then all files of their folders together), synthesizes the stacks of the
 * selected regions, and only then replaces the output folder: bad input leaves nothing half-written.
 */
export function synthesizeRegions(options: SynthOptions): SynthResult {
  const selected = options.all ? environmentFilesIn(environmentsDir) : options.envFiles?.length ? options.envFiles : [environmentFile(defaultRegionId)];
  const regions = loadWithPeers(selected, { today: options.today });

  const outdir = resolve(options.outdir ?? "cdktf.out");
  const staging = `${outdir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  let built: RegionalApp | undefined;
  try {
    built = buildApp(
      regions.map((region) => region.config),
      { outdir: staging, localState: options.localState ?? false, today: options.today },
    );
    built.app.synth();
    rmSync(outdir, { recursive: true, force: true });
    renameSync(staging, outdir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const stacks = Object.fromEntries(
    regions.flatMap((region) => [foundationStackName(region.config.id), ...(region.config.platform ? [platformStackName(region.config.id)] : [])]).map((name) => [name, join(outdir, "stacks", name, "cdk.tf.json")]),
  );
  return { regions, outdir, stacks, retired: built?.retired ?? {} };
}
