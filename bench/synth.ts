// Synthesis cost: the default region beside a bare cdktf app with one empty stack, each in a fresh process
// (module loading included, as a user pays it), then the default region again inside one warm process, then the
// default region with 1 to 50 research projects.
// Usage: npx tsx bench/synth.ts [runs]   (prints medians, peak memory and the ratio)
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, formatMs } from "./stats";

const [, , mode, outdir] = process.argv;

async function child(kind: string, out: string): Promise<void> {
  const start = performance.now();
  if (kind === "bare") {
    const { App, TerraformStack } = await import("cdktf");
    const app = new App({ outdir: out });
    new TerraformStack(app, "empty");
    app.synth();
  } else {
    const { synthesizeRegions } = await import("../stacks/synthesize");
    synthesizeRegions({ outdir: out, today: new Date().toISOString().slice(0, 10) });
  }
  console.log(JSON.stringify({ ms: performance.now() - start, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

function cold(kind: string, runs: number): { wallMs: number; inProcessMs: number; maxRssMiB: number } {
  const self = fileURLToPath(import.meta.url);
  const samples = Array.from({ length: runs }, () => {
    const out = join(mkdtempSync(join(tmpdir(), "eds-bench-")), "out");
    const start = performance.now();
    const run = spawnSync(process.execPath, ["--import", "tsx", self, `--child=${kind}`, out], {
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
    const wallMs = performance.now() - start;
    if (run.status !== 0) throw new Error(`${kind} run failed:\n${run.stderr}`);
    const reported = JSON.parse(run.stdout.trim().split("\n").pop()!) as { ms: number; maxRssMiB: number };
    return { wallMs, inProcessMs: reported.ms, maxRssMiB: reported.maxRssMiB };
  });
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    inProcessMs: median(samples.map((s) => s.inProcessMs)),
    maxRssMiB: Math.max(...samples.map((s) => s.maxRssMiB)),
  };
}

async function warm(runs: number): Promise<number> {
  const { synthesizeRegions } = await import("../stacks/synthesize");
  const today = new Date().toISOString().slice(0, 10);
  const samples: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const out = join(mkdtempSync(join(tmpdir(), "eds-bench-")), "out");
    const start = performance.now();
    synthesizeRegions({ outdir: out, today });
    if (i > 0) samples.push(performance.now() - start);
  }
  return median(samples);
}

/** The default region with `count` projects, in a folder of its own. */
async function regionWithProjects(count: number): Promise<string> {
  const { parseDocument } = await import("yaml");
  const { readFileSync, writeFileSync } = await import("node:fs");
  const { environmentFile } = await import("../config/regions");
  const document = parseDocument(readFileSync(environmentFile("nouvelle-aquitaine"), "utf8"));
  const template = (document.toJS() as { projects: Record<string, unknown>[] }).projects[0]!;
  document.set(
    "projects",
    Array.from({ length: count }, (_, i) => ({ ...template, id: `project-${String(i).padStart(3, "0")}`, membersGroup: `eds-project-${i}` })),
  );
  const folder = mkdtempSync(join(tmpdir(), "eds-bench-projects-"));
  const file = join(folder, "nouvelle-aquitaine.yaml");
  writeFileSync(file, document.toString());
  return file;
}

/** Warm synthesis time of the default region (both stacks) as the number of projects grows. */
async function growth(counts: readonly number[], runs: number): Promise<void> {
  const { synthesizeRegions } = await import("../stacks/synthesize");
  const today = new Date().toISOString().slice(0, 10);
  const rows: { count: number; ms: number }[] = [];
  for (const count of counts) {
    const file = await regionWithProjects(count);
    const samples: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const start = performance.now();
      synthesizeRegions({ envFiles: [file], outdir: join(mkdtempSync(join(tmpdir(), "eds-bench-")), "out"), today });
      if (i > 0) samples.push(performance.now() - start);
    }
    rows.push({ count, ms: median(samples) });
  }
  console.log(`  synth time by number of projects (warm, both stacks):`);
  for (const { count, ms } of rows) console.log(`    ${String(count).padStart(3)} projects: ${formatMs(ms)}`);
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  console.log(
    `    growth: ${((last.ms - first.ms) / (last.count - first.count)).toFixed(1)} ms per project (${(last.ms / first.ms).toFixed(1)}x from ${first.count} to ${last.count})`,
  );
}

if (mode?.startsWith("--child=")) {
  await child(mode.slice("--child=".length), outdir!);
} else {
  const runs = Number(mode ?? 7);
  const bare = cold("bare", runs);
  const region = cold("default", runs);
  const warmMs = await warm(runs);
  console.log(`synth benchmark, ${runs} runs each, medians`);
  console.log(
    `  bare cdktf app, one empty stack : wall ${formatMs(bare.wallMs)}  (synth ${formatMs(bare.inProcessMs)})  peak RSS ${bare.maxRssMiB.toFixed(0)} MiB`,
  );
  console.log(
    `  default region (both stacks)    : wall ${formatMs(region.wallMs)}  (synth ${formatMs(region.inProcessMs)})  peak RSS ${region.maxRssMiB.toFixed(0)} MiB`,
  );
  console.log(`  default region, warm process    : synth ${formatMs(warmMs)}`);
  console.log(
    `  ratio region / bare             : wall ${(region.wallMs / bare.wallMs).toFixed(2)}x  memory ${(region.maxRssMiB / bare.maxRssMiB).toFixed(2)}x`,
  );
  await growth([1, 10, 25, 50], Math.max(3, Math.floor(runs / 2)));
}
