import { describe, expect, it } from "vitest";
import { defaultSettings } from "../../policies/settings";
import { policySettingsSchema } from "../../policies/settings-schema";

describe("policy settings", () => {
  it("default to what the schema gives an empty settings file", () => {
    expect(defaultSettings("2026-11-28")).toEqual({ today: "2026-11-28", ...policySettingsSchema.parse({}) });
  });
});
