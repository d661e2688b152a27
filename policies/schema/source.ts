import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { projectRoot } from "../../lib/paths";
import { precompiledFolder, ProviderSchemaValidator } from "./conformance";
import type { ProviderSchemaDocument } from "./provider-schema";

/** Where the project keeps the OpenStack provider schema it is built against: providers/openstack/schema-<version>.json. */
export const providerSchemaDir = join(projectRoot, "providers", "openstack");

const schemaFile = /^schema-(\d+)\.(\d+)\.(\d+)\.json$/;

/** The provider schema carried by the repository (the highest version in providers/openstack/), with its version. */
export function bundledProviderSchema(directory = providerSchemaDir): { path: string; version: string } | undefined {
  const versions = (existsSync(directory) ? readdirSync(directory) : [])
    .map((name) => ({ name, parts: schemaFile.exec(name)?.slice(1).map(Number) }))
    .filter((entry): entry is { name: string; parts: number[] } => entry.parts !== undefined)
    .sort((a, b) => a.parts[0]! - b.parts[0]! || a.parts[1]! - b.parts[1]! || a.parts[2]! - b.parts[2]!);
  const newest = versions.at(-1);
  return newest ? { path: join(directory, newest.name), version: newest.parts.join(".") } : undefined;
}

/** Where the OpenStack provider schema is read from: $OPENSTACK_PROVIDER_SCHEMA when set, else the repository's own. */
export function providerSchemaPath(): string | undefined {
  const fromEnv = process.env.OPENSTACK_PROVIDER_SCHEMA;
  return fromEnv ? resolve(fromEnv) : bundledProviderSchema()?.path;
}

export function readProviderSchema(path: string): ProviderSchemaDocument {
  return JSON.parse(readFileSync(path, "utf8")) as ProviderSchemaDocument;
}

/** Where `npm run build` writes the precompiled validators of each provider schema (see conformance.ts). */
export const precompiledValidatorsRoot = join(projectRoot, ".gen", "conformance");

/** A validator for the provider schema in use, with its precompiled validators when the build wrote them. */
export function openstackSchemaValidator(path: string): ProviderSchemaValidator {
  const text = readFileSync(path, "utf8");
  const converter = readFileSync(join(projectRoot, "policies", "schema", "json-schema.ts"), "utf8");
  const version = schemaFile.exec(basename(path))?.slice(1, 4).join(".");
  return new ProviderSchemaValidator(JSON.parse(text) as ProviderSchemaDocument, precompiledFolder(precompiledValidatorsRoot, text, converter), version);
}
