// Writes environments/schema.json, the JSON Schema editors use for the environment files, from the zod schema.
import { writeFileSync } from "node:fs";
import { environmentSchemaFile, renderEnvironmentSchema } from "../config/json-schema";

writeFileSync(environmentSchemaFile, renderEnvironmentSchema());
console.log(`eds: wrote ${environmentSchemaFile}`);
