import { join } from "node:path";
import * as z from "zod";
import { environmentsDir } from "./regions";
import { regionEnvironment } from "./schema/region";

/** The JSON Schema editors use for autocompletion, generated from the zod schema (environments/schema.json). */
export function environmentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(regionEnvironment, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
}

/** Where the generated schema is checked in, referenced by each environment file. */
export const environmentSchemaFile = join(environmentsDir, "schema.json");

/** The schema file's content: stable key order, two-space indent, final newline. */
export const renderEnvironmentSchema = (): string => `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`;
