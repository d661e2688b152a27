import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { environmentSchemaFile, renderEnvironmentSchema } from "../../config/json-schema";
import { environmentFilesIn } from "../../config/load";
import { environmentsDir } from "../../config/regions";

describe("environments/schema.json", () => {
  it("is up to date with the zod schema (regenerate with npm run schema)", () => {
    expect(readFileSync(environmentSchemaFile, "utf8")).toBe(renderEnvironmentSchema());
  });

  it("refuses unknown keys, like the zod schema", () => {
    const schema = JSON.parse(renderEnvironmentSchema());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.network.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(["id", "name", "provider", "network", "bastion"]));
  });

  it("is referenced by every environment file for editors", () => {
    const files = environmentFilesIn(environmentsDir);
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) expect(readFileSync(file, "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=./schema.json");
  });
});
