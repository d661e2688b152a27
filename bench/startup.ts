// Start-up cost of the eds command, as a user pays it (whole processes, side by side):
//   eds synth (default region, both stacks, every policy)  vs  a bare cdktf app with one empty stack, plain node
//   eds --help                                              vs  node -e 0
//   eds check of a one-resource file                        vs  the bare cdktf app
// Usage: npm run bench:startup [-- runs]   (needs the build: npm ci or npm run build)
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatMs, pair } from "./stats";

const runs = Number(process.argv[2] ?? 9);
const scratch = mkdtempSync(join(tmpdir(), "eds-bench-startup-"));
const oneResource = join(scratch, "main.tf.json");
writeFileSync(oneResource, JSON.stringify({ resource: { openstack_networking_secgroup_v2: { admin: { name: "admin", description: "administration" } } } }));
const node = process.execPath;
const bare = [node, "bench/bare-cdktf-app.mjs", join(scratch, "bare.out")];

const rows = [
  { what: "eds synth, default region  vs bare cdktf app", target: 3, ...pair([node, "bin/eds", "synth", "--out", join(scratch, "eds.out")], bare, runs) },
  { what: "eds --help                 vs node -e 0     ", target: 1.5, ...pair([node, "bin/eds", "--help"], [node, "-e", "0"], runs) },
  { what: "eds check, one resource    vs bare cdktf app", target: 2, ...pair([node, "bin/eds", "check", oneResource], bare, runs, [0, 1]) },
];
console.log(`start-up benchmark: whole processes, ${runs} runs each in turn, medians`);
for (const row of rows) {
  console.log(`  ${row.what}: ${formatMs(row.a)} vs ${formatMs(row.b)}  ratio ${row.ratio.toFixed(2)}x  (target ≤ ${row.target}x)`);
}
