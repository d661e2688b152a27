// Cost of `eds check` on HCL: 26,000 resources across 20 .tf files (a large repository), beside parsing the same
// files with the HCL parser alone and beside JSON.parse of the same configuration in JSON; whole processes.
// Usage: npm run bench:hcl [-- resources files runs]   (needs the build: npm ci or npm run build)
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asHclFiles, generate } from "./large-configuration";
import { formatMs, median, wallMs } from "./stats";

const total = Number(process.argv[2] ?? 26_000);
const fileCount = Number(process.argv[3] ?? 20);
const runs = Number(process.argv[4] ?? 3);

const folder = mkdtempSync(join(tmpdir(), "eds-bench-hcl-"));
const module = join(folder, "module");
mkdirSync(module);
const configuration = generate(total);
for (const [i, text] of asHclFiles(configuration, fileCount).entries()) writeFileSync(join(module, `part-${String(i).padStart(2, "0")}.tf`), text);
writeFileSync(join(module, "backend.tf.json"), JSON.stringify({ terraform: configuration.terraform }));
const json = join(folder, "same.tf.json");
writeFileSync(json, JSON.stringify(configuration));

const timed = (command: readonly string[], ok: readonly number[] = [0]) => median(Array.from({ length: runs }, () => wallMs(command, ok)));
const check = timed([process.execPath, "bin/eds", "check", module, "--output", join(folder, "report.txt")], [0, 1]);
const parse = timed([process.execPath, "bench/hcl-parse.mjs", module]);
const jsonParse = timed([process.execPath, "bench/json-parse.mjs", json]);
console.log(`HCL benchmark: ${total} resources in ${fileCount} .tf files, whole processes, medians of ${runs}`);
console.log(`  eds check of the folder      : ${formatMs(check)}  (${(check / jsonParse).toFixed(1)}x JSON.parse of the same configuration)`);
console.log(`  HCL parser alone (hcl2json)  : ${formatMs(parse)}  (${((parse / check) * 100).toFixed(0)}% of the check)`);
console.log(`  JSON.parse of the same, JSON : ${formatMs(jsonParse)}`);
