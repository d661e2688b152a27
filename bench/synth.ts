// Synthesis cost as the number of research projects grows: the default region (both stacks, every policy) with
// 1, 10, 25 and 50 projects, whole `eds synth` processes; prints the medians and the cost of each extra project, beside
// the floor: a bare cdktf app declaring the same platform resources (bench/bare-cdktf-replay.mjs).
// Usage: npm run bench:synth [-- runs]   (needs the build: npm ci or npm run build)
import { tmpdir } from "node:os";
import { join } from "node:path";
import { regionWithProjects } from "./projects";
import { formatMs, median, wallMs } from "./stats";

const runs = Number(process.argv[2] ?? 5);
const counts = [1, 10, 25, 50];

const files = new Map(counts.map((count) => [count, regionWithProjects(count)]));
const out = (count: number) => join(tmpdir(), `eds-bench-synth-${count}`);
const synth = (count: number) => [process.execPath, "bin/eds", "synth", "--env", files.get(count)!, "--out", out(count)];
const replay = (count: number) => [
  process.execPath,
  "bench/bare-cdktf-replay.mjs",
  join(out(count), "stacks", "nouvelle-aquitaine-platform", "cdk.tf.json"),
  join(tmpdir(), `eds-bench-replay-${count}`),
];
for (const count of counts) wallMs(synth(count));
const samples = new Map(counts.map((count) => [count, { eds: [] as number[], floor: [] as number[] }]));
for (let i = 0; i <= runs; i++) {
  for (const count of counts) {
    const [eds, floor] = [wallMs(synth(count)), wallMs(replay(count))];
    if (i === 0) continue;
    samples.get(count)!.eds.push(eds);
    samples.get(count)!.floor.push(floor);
  }
}
console.log(`synth benchmark: eds synth of the default region with N projects, whole processes, ${runs} runs, medians`);
console.log("  floor: a bare cdktf app declaring the same platform resources");
const medians = counts.map((count) => ({ count, eds: median(samples.get(count)!.eds), floor: median(samples.get(count)!.floor) }));
for (const { count, eds, floor } of medians) console.log(`  ${String(count).padStart(2)} projects: ${formatMs(eds)} (floor ${formatMs(floor)})`);
for (let i = 1; i < medians.length; i++) {
  const [a, b] = [medians[i - 1]!, medians[i]!];
  const perProject = (ms: (m: typeof a) => number) => ((ms(b) - ms(a)) / (b.count - a.count)).toFixed(1);
  console.log(`  ${a.count} → ${b.count}: ${perProject((m) => m.eds)} ms per extra project, floor ${perProject((m) => m.floor)} (target ≤ 5)`);
}
