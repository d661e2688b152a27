// Cost of `eds check` on HCL: 26,000 resources across 20 .tf files (a large repository), beside JSON.parse of the same
// configuration in JSON (whole processes), and the native-syntax reader alone beside @cdktf/hcl2json (Go's HCL parser in
// WebAssembly, the reference the reader is held to), both in this process.
// Usage: npm run bench:hcl [-- resources files runs]   (needs the build: npm ci or npm run build)
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "@cdktf/hcl2json";
import { parseHclFile } from "../policies/inputs/hcl-file";
import { asHclFiles, generate } from "./large-configuration";
import { formatMs, median, pair } from "./stats";

const total = Number(process.argv[2] ?? 26_000);
const fileCount = Number(process.argv[3] ?? 20);
const runs = Number(process.argv[4] ?? 5);

const folder = mkdtempSync(join(tmpdir(), "eds-bench-hcl-"));
const module = join(folder, "module");
mkdirSync(module);
const configuration = generate(total);
const texts = asHclFiles(configuration, fileCount);
for (const [i, text] of texts.entries()) writeFileSync(join(module, `part-${String(i).padStart(2, "0")}.tf`), text);
writeFileSync(join(module, "backend.tf.json"), JSON.stringify({ terraform: configuration.terraform }));
const json = join(folder, "same.tf.json");
writeFileSync(json, JSON.stringify(configuration));

const check = pair(
  [process.execPath, "bin/eds", "check", module, "--output", join(folder, "report.txt")],
  [process.execPath, "bench/json-parse.mjs", json],
  runs,
  [0, 1],
);
/** Median of three passes over the files, one after the other. */
async function inProcess(read: (name: string, text: string) => unknown): Promise<number> {
  const times: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const start = performance.now();
    for (const [i, text] of texts.entries()) await read(`part-${i}.tf`, text);
    times.push(performance.now() - start);
  }
  return median(times);
}
const reader = await inProcess((_, text) => parseHclFile(text));
const reference = await inProcess(parse);
const megabytes = texts.reduce((size, text) => size + text.length, 0) / 2 ** 20;

console.log(`HCL benchmark: ${total} resources in ${fileCount} .tf files (${megabytes.toFixed(1)} MiB), medians of ${runs}`);
console.log(`  eds check of the folder       : ${formatMs(check.a)}  (${check.ratio.toFixed(1)}x JSON.parse of the same configuration)`);
console.log(`  JSON.parse of the same, JSON  : ${formatMs(check.b)}`);
console.log(`  native-syntax reader, in process     : ${formatMs(reader)}`);
console.log(`  @cdktf/hcl2json (WebAssembly), same  : ${formatMs(reference)}  (${(reference / reader).toFixed(1)}x the reader)`);
