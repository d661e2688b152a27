import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { projectRoot } from "../../lib/paths";
import { allowsVersion } from "../../lib/version-constraint";
import type { ProviderRequirement } from "../engine/model";
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

let openstack: ProviderSchemaValidator | null | undefined;

/** The OpenStack provider's schema in use (providerSchemaPath), read once per process; null when no schema file is available. */
export function openstackSchema(): ProviderSchemaValidator | null {
  if (openstack === undefined) {
    const path = providerSchemaPath();
    openstack = path ? openstackSchemaValidator(path) : null;
  }
  return openstack;
}

/**
 * The source address of the provider whose schema is carried: `terraform-provider-openstack/openstack`, on Terraform's
 * registry or OpenTofu's, which serve the same releases (a source address is [hostname/]namespace/type, in any case).
 * Another is another provider's build: the pre-0.13 `terraform-providers/openstack` holds the 1.x releases alone (the
 * registry warns "this provider has moved to terraform-provider-openstack/openstack"), a fork its own schema.
 */
const carriedSource = /^(?:registry\.terraform\.io\/|registry\.opentofu\.org\/)?terraform-provider-openstack\/openstack$/i;

/**
 * The requirement under which the schema carried does not describe the OpenStack provider Terraform installs: one that
 * takes it from another source, or whose version constraint excludes the schema's version; undefined where none does.
 */
export function requirementNotCarried(
  requirements: readonly ProviderRequirement[] | undefined,
  schema: ProviderSchemaValidator,
): { readonly requirement: ProviderRequirement; readonly differs: "source" | "version" } | undefined {
  const openstackOnes = (requirements ?? []).filter((requirement) => requirement.name === "openstack");
  const otherSource = openstackOnes.find((requirement) => requirement.source !== undefined && !carriedSource.test(requirement.source));
  if (otherSource) return { requirement: otherSource, differs: "source" };
  const otherVersion = openstackOnes.find(
    (requirement) => requirement.version !== undefined && schema.version !== undefined && allowsVersion(requirement.version, schema.version) === false,
  );
  return otherVersion && { requirement: otherVersion, differs: "version" };
}
