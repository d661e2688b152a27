// How `eds check` grows with the size of a configuration, shape by shape (bench/shapes.ts): each shape checked at n and
// at 4n units, whole processes, beside a check of one unit (the fixed cost: start, load, report). Linear growth reads
// 1.0; a lookup that scans the whole configuration for each object reads near 4 (four times the objects, each scanning
// four times as many).
// Usage: npm run bench:scaling [-- units runs]   (needs the build: npm ci or npm run build)
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileOf, shapes } from "./shapes";
import { median, wallMs } from "./stats";

const units = Number(process.argv[2] ?? 2_000);
const runs = Number(process.argv[3] ?? 3);
const folder = mkdtempSync(join(tmpdir(), "eds-bench-scaling-"));
const settings = join(folder, "settings.yaml");
writeFileSync(settings, "allowedRegistries: [registry.example.fr]\nencryptedVolumeTypes: [encrypted-ssd]\n");

/** The median wall time of a check of `count` units of a shape (a check that finds violations exits 1). */
function checkMs(shape: string, count: number): number {
  const { name, text } = fileOf(shape, count);
  const file = join(folder, name);
  writeFileSync(file, text);
  const check = [process.execPath, "bin/eds", "check", file, "--settings", settings, "--output", join(folder, "report.txt")];
  wallMs(check, [0, 1]);
  return median(Array.from({ length: runs }, () => wallMs(check, [0, 1])));
}

console.log(`scaling benchmark: each shape at ${units} and ${4 * units} units, whole processes, medians of ${runs}`);
for (const [shape, { what }] of Object.entries(shapes)) {
  const [one, small, large] = [1, units, 4 * units].map((count) => checkMs(shape, count)) as [number, number, number];
  const growth = (large - one) / (4 * (small - one));
  console.log(`  ${shape.padEnd(22)}: ${small.toFixed(0).padStart(6)} ms, ${large.toFixed(0).padStart(6)} ms at 4x  growth ${growth.toFixed(2)}  (${what})`);
}
