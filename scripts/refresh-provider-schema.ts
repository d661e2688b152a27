// Refreshes providers/openstack/schema-<version>.json from a live provider (`tofu|terraform providers schema -json`)
// or from a dump made elsewhere. Usage: see providers/openstack/SOURCE.md.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { providerOf, type ProviderSchemaDocument } from "../policies/schema/provider-schema";
import { providerSchemaDir } from "../policies/schema/source";
import { openstackProvider } from "./provider-constraint";

function fail(message: string): never {
  console.error(`provider-schema: ${message}`);
  process.exit(2);
}

function run(engine: string, args: string[], cwd: string): string {
  const result = spawnSync(engine, args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.error) fail(`cannot run ${engine}: ${result.error.message}`);
  if (result.status !== 0) fail(`${engine} ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

/** Asks the engine for the schema and the selected version, in an empty folder that requires only the provider. */
function fromLiveProvider(engine: string): { schema: string; version: string } {
  const folder = mkdtempSync(join(tmpdir(), "eds-provider-schema-"));
  try {
    const { source, constraint } = openstackProvider();
    writeFileSync(join(folder, "main.tf.json"), JSON.stringify({ terraform: { required_providers: { openstack: { source, version: constraint } } } }));
    run(engine, ["init", "-backend=false", "-input=false"], folder);
    const versions = JSON.parse(run(engine, ["version", "-json"], folder)) as { provider_selections?: Record<string, string> };
    const version = Object.entries(versions.provider_selections ?? {}).find(([name]) => name.endsWith(`/${source}`))?.[1];
    if (!version) fail(`${engine} did not report the selected version of ${source}`);
    return { schema: run(engine, ["providers", "schema", "-json"], folder), version };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const { values } = parseArgs({ options: { engine: { type: "string", default: "tofu" }, from: { type: "string" }, version: { type: "string" } } });
if (values.from && !values.version) fail("give --version <x.y.z> with --from: a schema dump does not say which provider version it describes");
if (values.version && !/^\d+\.\d+\.\d+$/.test(values.version)) fail(`--version: expected x.y.z, got "${values.version}"`);
const { schema: text, version } = values.from ? { schema: readFileSync(values.from, "utf8"), version: values.version! } : fromLiveProvider(values.engine!);

let document: ProviderSchemaDocument;
try {
  document = JSON.parse(text) as ProviderSchemaDocument;
  providerOf(document);
} catch (error) {
  fail(`not an OpenStack provider schema: ${(error as Error).message}`);
}
const output = `${JSON.stringify(document)}`;
for (const old of readdirSync(providerSchemaDir).filter((name) => /^schema-.*\.json$/.test(name))) rmSync(join(providerSchemaDir, old));
const file = join(providerSchemaDir, `schema-${version}.json`);
writeFileSync(file, output);
console.log(
  `wrote ${file} (SHA-256 ${createHash("sha256").update(output).digest("hex")}); record it in providers/openstack/SOURCE.md, then run npm run get and npm test`,
);
