// The yardstick of the start-up benchmarks: a bare cdktf app with one empty stack, run with plain node.
// Usage: node bench/bare-cdktf-app.mjs <outdir>
import { App, TerraformStack } from "cdktf";

const app = new App({ outdir: process.argv[2] ?? "cdktf.out" });
new TerraformStack(app, "empty");
app.synth();
