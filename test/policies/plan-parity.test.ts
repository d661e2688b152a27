import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readConfigurations } from "../../policies/inputs/read";
import { terraform, terraformInCopy } from "./terraform-console";

/**
 * The evaluator does what `terraform plan` does first: the resources of plan-parity/ are held, address by address and
 * value by value, to the planned values Terraform 1.11 gave (plan-parity.expected.json), and, where terraform is on the
 * PATH, to what an offline init and plan give now.
 */
const folder = join(import.meta.dirname, "plan-parity");
const expected = JSON.parse(readFileSync(join(import.meta.dirname, "plan-parity.expected.json"), "utf8")) as Record<string, unknown>;

describe("the evaluation of a configuration of modules, variables and locals", () => {
  it("makes the resources terraform plan makes, with the values it plans", async () => {
    const [configuration] = await readConfigurations([folder]);
    const evaluated = Object.fromEntries(configuration!.resources.map((resource) => [resource.address, resource.values.input]));
    expect(evaluated).toEqual(expected);
  });

  it.skipIf(!terraform)(
    "recorded values are what terraform plan gives (runs when terraform is on the PATH)",
    () => {
      const step = terraformInCopy(folder, "eds-plan-parity-");
      expect(step("plan", "-input=false", "-out=plan.out").status).toBe(0);
      const plan = JSON.parse(step("show", "-json", "plan.out").stdout);
      const planned: Record<string, unknown> = {};
      const collect = (module: { resources?: { address: string; values: { input: unknown } }[]; child_modules?: unknown[] }) => {
        for (const resource of module.resources ?? []) planned[resource.address] = resource.values.input;
        for (const child of module.child_modules ?? []) collect(child as typeof module);
      };
      collect(plan.planned_values.root_module);
      expect(planned).toEqual(expected);
    },
    120_000,
  );
});
