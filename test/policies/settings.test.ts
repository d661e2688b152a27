import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../lib/issues";
import { defaultSettings } from "../../policies/settings";
import { loadSettingsFile, policySettingsSchema } from "../../policies/settings-schema";

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
    let error: unknown;
    try {
      loadSettingsFile(file("allowedRegistries: []\nmagnumDriver: heat\n"), "2026-11-28");
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const [issue] = (error as ConfigError).issues;
    expect(issue).toMatchObject({ path: ["magnumDriver"], line: 2 });
    expect(issue?.message).toContain("magnum-cluster-api");
    expect(issue?.message).toContain("magnum-capi-helm");
  });
});
