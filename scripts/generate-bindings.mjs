#!/usr/bin/env node
// Generates the OpenStack provider bindings into .gen/ with cdktf's own generator (`cdktf get`).
// Offline, cdktf reads the provider schema from a schema cache; we seed that cache from a schema file:
// $OPENSTACK_PROVIDER_SCHEMA, else the reference snapshot in ../shared when it exists.
// With neither, plain `cdktf get` asks Terraform and the registry for the schema.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { codeMakerOutput, terraformProviders } = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8"));
const outputDir = join(root, codeMakerOutput);
const stampFile = join(outputDir, ".schema-sha256");

/** The schema snapshot shipped beside the project, extracted from provider v3.4.0 (see its SOURCE.md). */
const referenceSchema = { path: resolve(root, "../shared/reference/openstack/provider-schema.json"), version: "3.4.0" };

function fail(message) {
  console.error(`eds: cannot generate the OpenStack bindings: ${message}`);
  process.exit(1);
}

function schemaSource() {
  const fromEnv = process.env.OPENSTACK_PROVIDER_SCHEMA;
  if (fromEnv) {
    if (!existsSync(fromEnv)) fail(`OPENSTACK_PROVIDER_SCHEMA names ${fromEnv}, which does not exist`);
    return { path: resolve(fromEnv), version: process.env.OPENSTACK_PROVIDER_VERSION };
  }
  return existsSync(referenceSchema.path) ? referenceSchema : undefined;
}

/** Writes the schema where cdktf's schema cache looks for it: `<encoded name>@<encoded constraint>.json`. */
function seedCache(source) {
  const [, name, constraint] = /^(?:[^/]+\/)?([^@]+)@(.+)$/.exec(terraformProviders[0]) ?? fail("cdktf.json: terraformProviders[0] must read <namespace>/<name>@<constraint>");
  const schema = JSON.parse(readFileSync(source.path, "utf8"));
  const providerKeys = Object.keys(schema.provider_schemas ?? {});
  if (providerKeys.length !== 1) fail(`${source.path}: expected the schema of exactly one provider, found ${providerKeys.length}`);
  if (!schema.provider_versions && source.version) schema.provider_versions = { [providerKeys[0]]: source.version };
  const cacheDir = join(root, "node_modules", ".cache", "eds-provider-schema");
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, `${encodeURIComponent(name)}@${encodeURIComponent(constraint)}.json`), JSON.stringify(schema));
  return cacheDir;
}

const source = schemaSource();
const stamp = source ? createHash("sha256").update(readFileSync(source.path)).digest("hex") : "live";
if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) {
  console.log(`eds: OpenStack bindings in ${codeMakerOutput}/ are up to date`);
  process.exit(0);
}

const args = ["get", "--force"];
if (source) args.push("--experimental-provider-schema-cache-path", seedCache(source));
console.log(`eds: generating OpenStack bindings into ${codeMakerOutput}/ from ${source ? source.path : "the live provider (terraform + registry)"}`);
const cdktf = join(root, "node_modules", ".bin", "cdktf");
const run = spawnSync(cdktf, args, { cwd: root, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" } });
if (run.status !== 0) {
  process.stderr.write(run.stdout + run.stderr);
  fail(source ? "cdktf get failed (output above)" : "cdktf get needs Terraform and registry access, or a schema file in OPENSTACK_PROVIDER_SCHEMA");
}
writeFileSync(stampFile, stamp);
