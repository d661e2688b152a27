import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkRegions } from "../../stacks/check-regions";
import { synthesizeRegions } from "../../stacks/synthesize";
import { testToday } from "../helpers/environments";

describe("the shipped regions", () => {
  it("pass every policy of every pack, with no finding at all", async () => {
    const result = synthesizeRegions({ all: true, outdir: join(mkdtempSync(join(tmpdir(), "eds-regions-")), "out"), today: testToday });
    const checks = await checkRegions(result, testToday);
    expect(checks.map((c) => c.region.config.id)).toEqual(["bretagne", "nouvelle-aquitaine"]);
    for (const { run } of checks) {
      expect(run.policies.length).toBeGreaterThanOrEqual(45);
      expect(run.outcomes.filter((o) => o.status !== "compliant").map((o) => `${o.policyId} ${o.address} ${o.message}`)).toEqual([]);
      expect(run.outcomes.filter((o) => o.status === "compliant").length).toBeGreaterThan(50);
    }
  });
});
