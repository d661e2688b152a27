// Generates the OpenStack provider bindings into .gen/ with cdktf's own generator (`cdktf get`), offline: cdktf reads
// the provider schema from its schema cache, which we seed from the repository's schema file
// (providers/openstack/schema-<version>.json, or $OPENSTACK_PROVIDER_SCHEMA). Skipped when the bindings are up to date.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { providerOf, type ProviderSchemaDocument } from "../policies/schema/provider-schema";
import { bundledProviderSchema } from "../policies/schema/source";
import { openstackProvider } from "./provider-constraint";

const projectRoot = fileURLToPath(new URL("..", import.meta.url));

function fail(message: string): never {
  console.error(`eds: cannot generate the OpenStack bindings: ${message}`);
  process.exit(1);
}

/** The schema to generate from, with the provider version cdktf records in the bindings. */
function schemaSource(): { path: string; version: string } {
  const fromEnv = process.env.OPENSTACK_PROVIDER_SCHEMA;
  if (fromEnv) {
    if (!existsSync(fromEnv)) fail(`OPENSTACK_PROVIDER_SCHEMA names ${fromEnv}, which does not exist`);
    const version = process.env.OPENSTACK_PROVIDER_VERSION;
    if (!version) fail("set OPENSTACK_PROVIDER_VERSION (x.y.z) with OPENSTACK_PROVIDER_SCHEMA");
    return { path: fromEnv, version };
  }
  return bundledProviderSchema() ?? fail("providers/openstack/ holds no schema-<version>.json (see providers/openstack/SOURCE.md)");
}

/** Writes the schema where cdktf's cache looks for it: `<encoded name>@<encoded constraint>.json`. */
function seedCache(path: string, version: string, name: string, constraint: string): string {
  let schema: ProviderSchemaDocument & { provider_versions?: Record<string, string> };
  try {
    schema = JSON.parse(readFileSync(path, "utf8"));
    providerOf(schema);
  } catch (error) {
    fail(`${path}: ${(error as Error).message}`);
  }
  schema.provider_versions ??= { [Object.keys(schema.provider_schemas)[0]!]: version };
  const cacheDir = join(projectRoot, "node_modules", ".cache", "eds-provider-schema");
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, `${encodeURIComponent(name)}@${encodeURIComponent(constraint)}.json`), JSON.stringify(schema));
  return cacheDir;
}

const { name, constraint, outputDir } = openstackProvider();
const { path, version } = schemaSource();
const stampFile = join(projectRoot, outputDir, ".schema-sha256");
const stamp = createHash("sha256").update(readFileSync(path)).update(version).digest("hex");
if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) {
  console.log(`eds: OpenStack bindings in ${outputDir}/ are up to date`);
  process.exit(0);
}
console.log(`eds: generating OpenStack bindings (provider ${version}) into ${outputDir}/`);
const run = spawnSync(
  join(projectRoot, "node_modules", ".bin", "cdktf"),
  ["get", "--force", "--experimental-provider-schema-cache-path", seedCache(path, version, name, constraint)],
  {
    cwd: projectRoot,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" },
  },
);
if (run.status !== 0) {
  process.stderr.write(`${run.stdout ?? ""}${run.stderr ?? ""}`);
  fail("cdktf get failed (output above)");
}
writeFileSync(stampFile, stamp);
