// Cost of `eds check` on a large configuration: 50,000 resources (OpenStack and Kubernetes, with references), in every
// report format, beside reading and parsing the same file with plain node; whole processes, as CI pays them.
// Usage: npm run bench:check [-- resources runs]   (needs the build: npm ci or npm run build)
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { formats } from "../policies/reporters/index";
import { generate } from "./large-configuration";
import { formatMs, pair } from "./stats";

const total = Number(process.argv[2] ?? 50_000);
const runs = Number(process.argv[3] ?? 3);

const file = join(mkdtempSync(join(tmpdir(), "eds-bench-check-")), "large.tf.json");
writeFileSync(file, JSON.stringify(generate(total)));
const settings = join(dirname(file), "settings.yaml");
writeFileSync(settings, "allowedRegistries: [registry.example.fr]\nencryptedVolumeTypes: [encrypted-ssd]\n");

console.log(`check benchmark: ${total} resources, whole processes, ${runs} runs each in turn, medians`);
for (const format of formats) {
  const check = [process.execPath, "bin/eds", "check", file, "--settings", settings, "--format", format, "--output", join(dirname(file), `report.${format}`)];
  const { a, b, ratio } = pair(check, [process.execPath, "bench/json-parse.mjs", file], runs, [0, 1]);
  console.log(`  eds check --format ${format.padEnd(8)}: ${formatMs(a)}  vs JSON.parse of the file ${formatMs(b)}  ratio ${ratio.toFixed(1)}x  (target ≤ 3x)`);
}
