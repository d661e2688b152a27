// Refreshes the list of values a chart's templates read (test/constructs/chart-schemas/<chart>.values-read.json): every
// `.Values.a.b` a template names. The platform tests check that each value a release sets is one of them or lies under
// one (a map the chart renders whole): a value no template reads is a setting Helm accepts and nothing applies.
// Usage: npm run chart-values-read -- <chart> <templates folder> <source>
//   <source> says where the folder comes from, e.g. "oauth2-proxy/manifests@oauth2-proxy-8.3.2:helm/oauth2-proxy/templates"
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [chart, templates, source] = process.argv.slice(2);
if (!chart || !templates || !source) {
  console.error("usage: npm run chart-values-read -- <chart> <templates folder> <source>");
  process.exit(2);
}
const files = readdirSync(templates, { recursive: true, encoding: "utf8" }).filter((name) => /\.(ya?ml|tpl|txt)$/.test(name));
const read = new Set<string>();
for (const file of files)
  for (const [, path] of readFileSync(join(templates, file), "utf8").matchAll(/\.Values((?:\.[A-Za-z0-9_-]+)+)/g)) read.add(path!.slice(1));
const out = join(import.meta.dirname, "..", "test", "constructs", "chart-schemas", `${chart}.values-read.json`);
writeFileSync(out, `${JSON.stringify({ "//": `values the templates of the ${chart} chart read, from ${source}`, read: [...read].sort() }, null, 1)}\n`);
console.log(`wrote ${out} (${read.size} paths)`);
