// Generates the OpenStack provider bindings into .gen/ with cdktf's own generator (`cdktf get`), from `npm ci`.
// Offline, cdktf reads the provider schema from its schema cache; we seed that cache from the schema file
// ($OPENSTACK_PROVIDER_SCHEMA, else the reference snapshot). With neither, plain `cdktf get` asks Terraform and the registry.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { providerOf, type ProviderSchemaDocument } from "../policies/schema/provider-schema";
import { providerSchemaPath, referenceSchemaPath, referenceSchemaVersion } from "../policies/schema/source";
import { projectRoot } from "../config/regions";

const { codeMakerOutput, terraformProviders } = JSON.parse(readFileSync(join(projectRoot, "cdktf.json"), "utf8")) as {
  codeMakerOutput: string;
  terraformProviders: string[];
};
const outputDir = join(projectRoot, codeMakerOutput);
const stampFile = join(outputDir, ".schema-sha256");

function fail(message: string): never {
  console.error(`eds: cannot generate the OpenStack bindings: ${message}`);
  process.exit(1);
}

/** Writes the schema where cdktf's cache looks for it: `<encoded name>@<encoded constraint>.json`. */
function seedCache(schemaPath: string): string {
  const match = /^(?:[^/]+\/)?([^@]+)@(.+)$/.exec(terraformProviders[0] ?? "");
  if (!match) fail("cdktf.json: terraformProviders[0] must read <namespace>/<name>@<constraint>");
  const [, name, constraint] = match;
  let schema: ProviderSchemaDocument & { provider_versions?: Record<string, string> };
  try {
    schema = JSON.parse(readFileSync(schemaPath, "utf8"));
    providerOf(schema);
  } catch (error) {
    fail(`${schemaPath}: ${(error as Error).message}`);
  }
  const version = schemaPath === referenceSchemaPath ? referenceSchemaVersion : process.env.OPENSTACK_PROVIDER_VERSION;
  if (!schema.provider_versions && version) schema.provider_versions = { [Object.keys(schema.provider_schemas)[0]!]: version };
  const cacheDir = join(projectRoot, "node_modules", ".cache", "eds-provider-schema");
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, `${encodeURIComponent(name!)}@${encodeURIComponent(constraint!)}.json`), JSON.stringify(schema));
  return cacheDir;
}

const schemaPath = providerSchemaPath();
if (schemaPath && !existsSync(schemaPath)) fail(`OPENSTACK_PROVIDER_SCHEMA names ${schemaPath}, which does not exist`);
const stamp = schemaPath ? createHash("sha256").update(readFileSync(schemaPath)).digest("hex") : "live provider";
if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) {
  console.log(`eds: OpenStack bindings in ${codeMakerOutput}/ are up to date`);
  process.exit(0);
}

const args = ["get", "--force", ...(schemaPath ? ["--experimental-provider-schema-cache-path", seedCache(schemaPath)] : [])];
console.log(`eds: generating OpenStack bindings into ${codeMakerOutput}/ from ${schemaPath ?? "the live provider (terraform + registry)"}`);
const run = spawnSync(join(projectRoot, "node_modules", ".bin", "cdktf"), args, {
  cwd: projectRoot,
  encoding: "utf8",
  env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" },
});
if (run.status !== 0) {
  process.stderr.write(`${run.stdout ?? ""}${run.stderr ?? ""}`);
  fail(schemaPath ? "cdktf get failed (output above)" : "cdktf get needs Terraform and registry access, or a schema file in OPENSTACK_PROVIDER_SCHEMA");
}
writeFileSync(stampFile, stamp);
