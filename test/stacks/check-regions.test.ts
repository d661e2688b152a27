import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkRegions } from "../../stacks/check-regions";
import { synthesizeRegions } from "../../stacks/synthesize";
import { testToday } from "../helpers/environments";

describe("the shipped regions", () => {
  it("pass every policy of every pack; the only exceptions are the log shipper's, approved in the environment file", async () => {
    const result = synthesizeRegions({ all: true, outdir: join(mkdtempSync(join(tmpdir(), "eds-regions-")), "out"), today: testToday });
    const checks = await checkRegions(result, testToday);
    expect(checks.map((c) => c.region.config.id)).toEqual(["bretagne", "nouvelle-aquitaine"]);
    for (const { run } of checks) {
      expect(run.policies.length).toBeGreaterThanOrEqual(45);
      expect(run.outcomes.filter((o) => o.status !== "compliant" && o.status !== "suppressed").map((o) => `${o.policyId} ${o.address} ${o.message}`)).toEqual(
        [],
      );
      expect([...new Set(run.outcomes.filter((o) => o.status === "suppressed").map((o) => `${o.policyId} ${o.address.replace(/_[0-9A-F]{8}$/, "")}`))]).toEqual(
        [
          "k8s-no-host-path kubernetes_daemon_set_v1.Eds_LogShipper",
          "k8s-run-as-non-root kubernetes_daemon_set_v1.Eds_LogShipper",
          "k8s-namespace-restricted-pss kubernetes_namespace_v1.Eds_LoggingNamespace",
        ],
      );
      expect(run.outcomes.filter((o) => o.status === "compliant").length).toBeGreaterThan(50);
    }
  });
});
