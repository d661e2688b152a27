import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../lib/errors";
import { planSummary } from "../../../policies/reporters/plan-summary";
import { runEds } from "../../helpers/cli";

const base = JSON.parse(readFileSync(join(import.meta.dirname, "..", "equivalence", "plan.json"), "utf8"));

/** A plan for stack `stack` where each listed address gets the given actions (the others keep theirs). */
function planFile(folder: string, stack: string, actions: Record<string, string[]>): string {
  const plan = structuredClone(base);
  for (const change of plan.resource_changes) if (actions[change.address]) change.change.actions = actions[change.address];
  mkdirSync(join(folder, stack), { recursive: true });
  const file = join(folder, stack, "plan.json");
  writeFileSync(file, JSON.stringify(plan));
  return file;
}

describe("eds plan-summary", () => {
  const folder = mkdtempSync(join(tmpdir(), "eds-plans-"));
  const foundation = planFile(folder, "region-foundation", {
    "openstack_blockstorage_volume_v3.data": ["delete", "create"],
    "openstack_networking_secgroup_v2.app": ["update"],
    "openstack_networking_floatingip_v2.app": ["delete"],
    "openstack_networking_network_v2.net": ["no-op"],
  });
  const platform = planFile(folder, "region-platform", { "openstack_networking_port_v2.app": ["delete"] });

  it("calls out destroys and replacements of data-bearing resources first, then counts changes per stack", () => {
    const summary = planSummary([foundation, platform]);
    const lines = summary.split("\n");
    expect(lines[2]).toBe("### ⚠️ 1 data-bearing resource(s) destroyed or replaced");
    expect(lines[4]).toBe("- **replace** volume `openstack_blockstorage_volume_v3.data` (region-foundation)");
    expect(summary).toContain("| region-foundation | 3 | 1 | 1 | 1 |");
    expect(summary).toContain("| region-platform | 6 | 0 | 0 | 1 |");
    expect(summary).toContain("- destroy `openstack_networking_floatingip_v2.app`");
    expect(summary).not.toContain("openstack_networking_network_v2.net`");
  });

  it("says when no data-bearing resource is at risk", () => {
    expect(planSummary([planFile(folder, "quiet", {})])).toContain("No data-bearing resource is destroyed or replaced.");
  });

  it("refuses what is not a plan, with exit code 2 from the command", async () => {
    const notPlan = join(folder, "main.tf.json");
    writeFileSync(notPlan, JSON.stringify({ resource: {} }));
    expect(() => planSummary([notPlan])).toThrow(InputError);
    const result = await runEds("plan-summary", notPlan);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/main\.tf\.json: not a plan: expected the output of terraform show -json <plan file>/);
    expect((await runEds("plan-summary", foundation)).code).toBe(0);
  });

  it("refuses a plan whose changes are not as terraform show -json writes them, and an errored plan", () => {
    const malformed = join(folder, "malformed.json");
    writeFileSync(malformed, JSON.stringify({ resource_changes: "x" }));
    expect(() => planSummary([malformed])).toThrow(/not a plan as terraform show -json writes it: resource_changes is not a list/);
    const errored = join(folder, "errored.json");
    writeFileSync(errored, JSON.stringify({ errored: true, planned_values: { root_module: {} }, resource_changes: [] }));
    expect(() => planSummary([errored])).toThrow(/the plan errored/);
  });
});
