import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProviderSchemaDocument } from "./provider-schema";

/** The reference snapshot of the OpenStack provider schema, beside the project (provider v3.4.0). */
export const referenceSchemaPath = fileURLToPath(new URL("../../../shared/reference/openstack/provider-schema.json", import.meta.url));

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
