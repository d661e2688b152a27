import { App } from "cdktf";
import type { RegionConfig } from "./config/resolve";
import { FoundationStack } from "./foundation-stack";

export interface RegionalAppOptions {
  /** Folder cdktf writes into. @default - cdktf's own choice (CDKTF_OUTDIR, else cdktf.out) */
  readonly outdir?: string;
  readonly localState?: boolean;
}

/** The cdktf app: for each region, its stacks. */
export function buildApp(configs: readonly RegionConfig[], options: RegionalAppOptions = {}): App {
  const app = new App({ ...(options.outdir ? { outdir: options.outdir } : {}), skipBackendValidation: false });
  for (const config of configs) {
    new FoundationStack(app, { config, localState: options.localState ?? false });
  }
  return app;
}
