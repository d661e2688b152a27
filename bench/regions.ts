// Cost of synthesizing and checking 1, 6 and 18 regions in one eds synth (module loading included, as CI pays it).
// The 18 regions are every region of France, cloned from the default one by eds new-region.
// Usage: npm run bench:regions [-- runs]   (needs the build: npm ci or npm run build)
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fillIn } from "../test/helpers/fill-in";
import { formatMs, median, wallMs } from "./stats";

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
    fillIn(join(folder, `${id}.yaml`));
  }
  return folder;
}

const runs = Number(process.argv[2] ?? 3);
const folder = await allRegions();
const { environmentFilesIn } = await import("../config/load");
const files = environmentFilesIn(folder);
const rows = [1, 6, 18].map((count) => {
  const command = [
    process.execPath,
    "bin/eds",
    "synth",
    ...files.slice(0, count).flatMap((file) => ["--env", file]),
    "--out",
    join(tmpdir(), `eds-bench-regions-${count}`),
  ];
  wallMs(command);
  return { count, wall: median(Array.from({ length: runs }, () => wallMs(command))) };
});
console.log(`regions benchmark: eds synth of N regions (both stacks each, every policy), whole processes, ${runs} runs, medians`);
for (const row of rows) console.log(`  ${String(row.count).padStart(2)} region(s): ${formatMs(row.wall)}`);
const one = rows[0]!;
const all = rows[2]!;
console.log(
  `  18 regions cost ${(all.wall / one.wall).toFixed(1)}x one region, ${(((all.wall - one.wall) / 17 / one.wall) * 100).toFixed(0)}% of one region per extra region`,
);
