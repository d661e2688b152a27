import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../lib/issues";
import { defaultSettings } from "../../policies/settings";
import { loadSettingsFile, policySettingsSchema } from "../../policies/settings-schema";

/** The error loading a settings file throws, or undefined when it loads. */
const refusal = (path: string): unknown => {
  try {
    loadSettingsFile(path, "2026-11-28");
    return undefined;
  } catch (thrown) {
    return thrown;
  }
};

describe("policy settings", () => {
  it("default to what the schema gives an empty settings file", () => {
    expect(defaultSettings("2026-11-28")).toEqual({ today: "2026-11-28", ...policySettingsSchema.parse({}) });
  });

  it("name the Magnum driver the cloud runs, and refuse one the policies do not know, at its line", () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-settings-"));
    const file = (text: string) => {
      const path = join(folder, "settings.yaml");
      writeFileSync(path, text);
      return path;
    };
    expect(loadSettingsFile(file("magnumDriver: magnum-capi-helm\n"), "2026-11-28").magnumDriver).toBe("magnum-capi-helm");
    expect(loadSettingsFile(file("allowedRegistries: []\n"), "2026-11-28").magnumDriver).toBe("magnum-cluster-api");
    const error = refusal(file("allowedRegistries: []\nmagnumDriver: heat\n"));
    expect(error).toBeInstanceOf(ConfigError);
    const [issue] = (error as ConfigError).issues;
    expect(issue).toMatchObject({ path: ["magnumDriver"], line: 2 });
    expect(issue?.message).toContain("magnum-cluster-api");
    expect(issue?.message).toContain("magnum-capi-helm");
  });

  it("take a registry with its port, an address or localhost, as an image names it, and refuse a URL at its line", () => {
    const entries = ["registry.example.fr", "registry.example.fr:5000", "192.0.2.10:5000", "localhost:5000", "[2001:db8::1]:5000"];
    expect(policySettingsSchema.parse({ allowedRegistries: entries }).allowedRegistries).toEqual(entries);
    for (const refused of ["https://registry.example.fr", "registry.example.fr/eds", "registry.example.fr:", "Registry.example.fr", "registry"]) {
      expect(policySettingsSchema.safeParse({ allowedRegistries: [refused] }).success, refused).toBe(false);
    }
    const path = join(mkdtempSync(join(tmpdir(), "eds-settings-")), "settings.yaml");
    writeFileSync(path, "allowedRegistries:\n  - registry.example.fr:5000\n  - https://registry.example.fr\n");
    const error = refusal(path);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]).toMatchObject({ path: ["allowedRegistries", 1], line: 3 });
  });
});
