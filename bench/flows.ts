// Cost of the flow check beside synthesis: the default region with 1, 10, 25 and 50 projects, each synthesized once
// (whole `eds synth`, flows included), then its flows analysed in this process (reading the stacks included); prints
// the medians, the share of synthesis, and the cost of each extra project.
// Usage: npm run bench:flows [-- runs]   (needs the build: npm ci or npm run build)
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flowsOfPaths } from "../policies/check";
import { defaultSettings } from "../policies/settings";
import { regionWithProjects } from "./projects";
import { formatMs, median, wallMs } from "./stats";

const runs = Number(process.argv[2] ?? 7);
const counts = [1, 10, 25, 50];
const settings = defaultSettings(new Date().toISOString().slice(0, 10));

console.log(`flows benchmark: eds flows on the default region with N projects, in process, ${runs} runs, medians`);
const rows: { count: number; flows: number }[] = [];
for (const count of counts) {
  const out = join(mkdtempSync(join(tmpdir(), "eds-bench-flows-")), "out");
  const synth = median(Array.from({ length: 3 }, () => wallMs([process.execPath, "bin/eds", "synth", "--env", regionWithProjects(count), "--out", out])));
  const stacks = ["foundation", "platform"].map((stack) => join(out, "stacks", `nouvelle-aquitaine-${stack}`));
  await flowsOfPaths(stacks, { settings });
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await flowsOfPaths(stacks, { settings });
    samples.push(performance.now() - start);
  }
  const flows = median(samples);
  rows.push({ count, flows });
  console.log(
    `  ${String(count).padStart(2)} projects: flows ${formatMs(flows)}, synth ${formatMs(synth)}: ${((100 * flows) / synth).toFixed(1)}% (target ≤ 10%)`,
  );
}
for (let i = 1; i < rows.length; i++) {
  const [a, b] = [rows[i - 1]!, rows[i]!];
  console.log(`  ${a.count} → ${b.count}: ${((b.flows - a.flows) / (b.count - a.count)).toFixed(2)} ms per extra project`);
}
