// Entry point of `npx cdktf synth` (cdktf.json "app"): the default region, like `eds synth`.
import { loadEnvironments } from "../config/load";
import { ConfigError } from "../lib/issues";
import { buildApp } from "./app";
import { defaultRegionId, environmentFile } from "../config/regions";
import { today } from "../lib/dates";

try {
  const date = today();
  const [region] = loadEnvironments([environmentFile(defaultRegionId)], { today: date });
  buildApp([region!.config], { today: date }).app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}
