// The floor of the projects benchmark: a bare cdktf app that declares the very resources a synthesized stack holds
// (same types, same bodies, as escape-hatch overrides) and synthesizes them, run with plain node. What cdktf itself
// spends per resource (it resolves every element twice and the merged document once) is a cost no construct avoids.
// Usage: node bench/bare-cdktf-replay.mjs <cdk.tf.json> <outdir>
import { readFileSync } from "node:fs";
import { App, TerraformResource, TerraformStack } from "cdktf";

const synthesized = JSON.parse(readFileSync(process.argv[2], "utf8"));
const app = new App({ outdir: process.argv[3] ?? "cdktf.out" });
const stack = new TerraformStack(app, "replay");
for (const [type, resources] of Object.entries(synthesized.resource ?? {})) {
  for (const [name, body] of Object.entries(resources)) {
    const resource = new TerraformResource(stack, name, { terraformResourceType: type });
    for (const [key, value] of Object.entries(body)) if (key !== "//") resource.addOverride(key, value);
  }
}
app.synth();
