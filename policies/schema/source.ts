import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProviderSchemaDocument } from "./provider-schema";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/**
 * The reference snapshot of the OpenStack provider schema (provider v3.4.0): `shared/reference/openstack/` beside the
 * project, or beside one of its ancestor folders when the project is checked out deeper.
 */
export const referenceSchemaPath = findReferenceSchema(join("shared", "reference", "openstack", "provider-schema.json"));

function findReferenceSchema(relative: string): string {
  for (let folder = dirname(projectRoot); ; folder = dirname(folder)) {
    if (existsSync(join(folder, relative))) return join(folder, relative);
    if (dirname(folder) === folder) return join(dirname(projectRoot), relative);
  }
}

/** Provider version of the reference snapshot (see its SOURCE.md). */
export const referenceSchemaVersion = "3.4.0";

/**
 * Where the OpenStack provider schema is read from: $OPENSTACK_PROVIDER_SCHEMA, else the reference snapshot when it
 * exists. Undefined when neither is there.
 */
export function providerSchemaPath(): string | undefined {
  const fromEnv = process.env.OPENSTACK_PROVIDER_SCHEMA;
  if (fromEnv) return resolve(fromEnv);
  return existsSync(referenceSchemaPath) ? referenceSchemaPath : undefined;
}

export function readProviderSchema(path: string): ProviderSchemaDocument {
  return JSON.parse(readFileSync(path, "utf8")) as ProviderSchemaDocument;
}
