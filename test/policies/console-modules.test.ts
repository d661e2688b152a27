import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readConfigurations } from "../../policies/inputs/read";
import { terraform } from "./terraform-console";

/**
 * Configurations of local modules, variables and locals (console-modules/<name>), each with a `result` local: what the
 * evaluator makes of it is held to what `terraform console` (1.11) printed for it (expected.json), and, where terraform
 * is on the PATH, to what it prints now, after an offline `terraform init` (local modules need no download).
 */
const folder = join(import.meta.dirname, "console-modules");
const expected = JSON.parse(readFileSync(join(folder, "expected.json"), "utf8")) as Record<string, unknown>;
const scenarios = readdirSync(folder, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== "common")
  .map((entry) => entry.name)
  .sort();

/** A copy of the scenarios, so that nothing is written into the repository. */
const copied = (): string => {
  const copy = mkdtempSync(join(tmpdir(), "eds-console-modules-"));
  cpSync(folder, copy, { recursive: true });
  return copy;
};

/** The value of `local.result` as the evaluator computes it: the input of a probe resource added beside it. */
async function evaluated(root: string): Promise<unknown> {
  writeFileSync(join(root, "probe.tf.json"), JSON.stringify({ resource: { terraform_data: { probe: { input: "${local.result}" } } } }));
  const [configuration] = await readConfigurations([root]);
  return configuration!.resources.find((resource) => resource.address === "terraform_data.probe")?.values.input;
}

describe("modules, variables and locals evaluated as terraform console evaluates them", () => {
  it("has a recorded value for every scenario", () => {
    expect(Object.keys(expected).sort()).toEqual(scenarios);
  });

  it.each(scenarios)("%s", async (name) => {
    expect(await evaluated(join(copied(), name))).toEqual(expected[name]);
  });

  it.skipIf(!terraform)(
    "recorded values are what terraform console prints (runs when terraform is on the PATH)",
    () => {
      const copy = copied();
      const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" };
      for (const name of scenarios) {
        const root = join(copy, name);
        expect(spawnSync("terraform", ["init", "-input=false"], { cwd: root, env, encoding: "utf8" }).status, name).toBe(0);
        const printed = spawnSync("terraform", ["console"], { cwd: root, env, input: "jsonencode(local.result)\n", encoding: "utf8" });
        expect(JSON.parse(JSON.parse(printed.stdout.trim())), name).toEqual(expected[name]);
      }
    },
    120_000,
  );
});
