// Cost of synthesizing and checking 1, 6 and 18 regions in one eds synth (module loading included, as CI pays it).
// The 18 regions are every region of France, cloned from the default one by eds new-region.
// Usage: npm run bench:regions [-- runs]   (needs the build: npm ci or npm run build)
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
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
