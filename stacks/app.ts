import { App } from "cdktf";
import type { RegionConfig } from "../config/resolve";
import { FoundationStack } from "./foundation-stack";
import { PlatformStack } from "./platform-stack";
import { partitionProjects, type RetiredProject } from "./projects";

export interface RegionalAppOptions {
  /** Folder cdktf writes into. @default - cdktf's own choice (CDKTF_OUTDIR, else cdktf.out) */
  readonly outdir?: string;
  readonly localState?: boolean;
  /** Day of synthesis, YYYY-MM-DD: projects whose authorization is not in force that day get no workspace. */
  readonly today: string;
}

export interface RegionalApp {
  readonly app: App;
  /** Per region, the projects left out and why. */
  readonly retired: Readonly<Record<string, readonly RetiredProject[]>>;
}

/** The cdktf app: for each region, its foundation stack, and its platform stack when the environment declares one. */
export function buildApp(configs: readonly RegionConfig[], options: RegionalAppOptions): RegionalApp {
  const app = new App({ ...(options.outdir ? { outdir: options.outdir } : {}), skipBackendValidation: false, stackTraces: false });
  const retired: Record<string, readonly RetiredProject[]> = {};
  for (const config of configs) {
    const localState = options.localState ?? false;
    const foundation = new FoundationStack(app, { config, localState, today: options.today });
    if (!config.platform) continue;
    const projects = partitionProjects(config.platform.projects, options.today, config.platform.dataTier.archiveDays);
    retired[config.id] = projects.retired;
    new PlatformStack(app, { config, platform: config.platform, foundation, projects: projects.projects, localState });
  }
  return { app, retired };
}
