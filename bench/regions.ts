// Cost of synthesizing and checking 1, 6 and 18 regions in one process (module loading included, as CI pays it),
// and peak memory. The 18 regions are every region of France, cloned from the default one by eds new-region.
// Usage: npx tsx bench/regions.ts [runs]
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { formatMs, median } from "./stats";

const [, , mode, folderArg, countArg] = process.argv;

/** Every region of the addressing plan, cloned from the default region and filled in. */
async function allRegions(): Promise<string> {
  const { environmentsDir } = await import("../config/regions");
  const { loadAddressingPlan } = await import("../config/addressing-plan");
  const { newRegion } = await import("../regions/new-region");
  const folder = join(mkdtempSync(join(tmpdir(), "eds-bench-regions-")), "environments");
  cpSync(environmentsDir, folder, { recursive: true });
  for (const id of Object.keys(loadAddressingPlan(folder).regions)) {
    if (id === "nouvelle-aquitaine" || id === "bretagne") continue;
    newRegion({ id, name: id, from: "nouvelle-aquitaine", directory: folder });
    const file = join(folder, `${id}.yaml`);
    const document = parseDocument(readFileSync(file, "utf8"));
    document.setIn(["network", "adminCidrs"], ["192.0.2.16/28"]);
    document.setIn(["bastion", "sshPublicKeys"], ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyNotARealKeyBenchmark00000000001 admin@example.fr"]);
    for (const [path, value] of [
      [["provider", "qualification", "secNumCloud", "reference"], "EXAMPLE-SNC-BENCH"],
      [["provider", "qualification", "secNumCloud", "validUntil"], "2028-12-31"],
      [["provider", "qualification", "hds", "certificate"], "EXAMPLE-HDS-BENCH"],
      [["provider", "qualification", "hds", "validUntil"], "2028-12-31"],
    ] as const)
      document.setIn(path, value);
    for (let i = 0; i < 3; i++) {
      document.setIn(["suppressions", i, "approver"], "RSSI example");
      document.setIn(["suppressions", i, "expires"], "2027-11-30");
    }
    writeFileSync(file, document.toString());
  }
  return folder;
}

async function child(folder: string, count: number): Promise<void> {
  const start = performance.now();
  const { environmentFilesIn } = await import("../config/load");
  const { synthesizeRegions } = await import("../stacks/synthesize");
  const { checkRegions } = await import("../stacks/check-regions");
  const today = new Date().toISOString().slice(0, 10);
  const files = environmentFilesIn(folder).slice(0, count);
  const result = synthesizeRegions({ envFiles: files, outdir: join(mkdtempSync(join(tmpdir(), "eds-bench-out-")), "out"), today });
  const checks = await checkRegions(result, today);
  console.log(JSON.stringify({ ms: performance.now() - start, regions: checks.length, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

if (mode === "--child") {
  await child(folderArg!, Number(countArg));
} else {
  const runs = Number(mode ?? 3);
  const folder = await allRegions();
  const self = fileURLToPath(import.meta.url);
  const rows = [1, 6, 18].map((count) => {
    const samples = Array.from({ length: runs }, () => {
      const started = performance.now();
      const run = spawnSync(process.execPath, ["--import", "tsx", self, "--child", folder, String(count)], {
        encoding: "utf8",
        env: { ...process.env, CHECKPOINT_DISABLE: "1" },
      });
      if (run.status !== 0) throw new Error(run.stderr);
      const reported = JSON.parse(run.stdout.trim().split("\n").pop()!) as { ms: number; maxRssMiB: number };
      return { wall: performance.now() - started, ...reported };
    });
    return { count, wall: median(samples.map((s) => s.wall)), work: median(samples.map((s) => s.ms)), rss: Math.max(...samples.map((s) => s.maxRssMiB)) };
  });
  console.log(`regions benchmark: synthesize and check N regions (both stacks each) in one process, ${runs} runs, medians`);
  for (const row of rows)
    console.log(
      `  ${String(row.count).padStart(2)} region(s): wall ${formatMs(row.wall)}  (in process ${formatMs(row.work)})  peak RSS ${row.rss.toFixed(0)} MiB`,
    );
  const one = rows[0]!;
  const all = rows[2]!;
  console.log(
    `  18 regions cost ${(all.wall / one.wall).toFixed(1)}x one region (wall), ${((all.wall / 18 / one.wall) * 100).toFixed(0)}% of one region per region`,
  );
}
