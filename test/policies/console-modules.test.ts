import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readConfigurations, type VariableInputs } from "../../policies/inputs/read";
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

/**
 * The value of `local.result` as the evaluator computes it: the input of a probe resource added beside it, read back
 * from its Terraform JSON form, where a known string's `${` is written `$${`.
 */
async function evaluated(root: string, variables: VariableInputs = {}): Promise<unknown> {
  writeFileSync(join(root, "probe.tf.json"), JSON.stringify({ resource: { terraform_data: { probe: { input: "${local.result}" } } } }));
  const [configuration] = await readConfigurations([root], undefined, variables);
  const input = configuration!.resources.find((resource) => resource.address === "terraform_data.probe")?.values.input;
  return readBack(input);
}

/** A value read back from its Terraform JSON form: strings and object keys with their `$${` and `%%{` unescaped. */
const readBack = (value: unknown): unknown => {
  const unescaped = (text: string) => text.replace(/([$%])\1\{/g, "$1{");
  if (typeof value === "string") return unescaped(value);
  if (Array.isArray(value)) return value.map(readBack);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [unescaped(key), readBack(item)]));
  return value;
};

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

describe("values given as text, with -var and TF_VAR_, read as terraform reads them for each variable's type", () => {
  const declarations = [
    'variable "port_security" { type = bool }',
    'variable "code" { type = string }',
    'variable "port" { type = number }',
    'variable "untyped" {}',
    'variable "cidrs" { type = list(string) }',
    'variable "from_environment" { type = string }',
    'variable "overridden" { type = string }',
  ].join("\n");
  const vars = ["port_security=0", "code=0022", "port=0022", "untyped=[1]", 'cidrs=["192.0.2.0/24"]', "overridden=var"];
  const environment = { TF_VAR_from_environment: "${x}", TF_VAR_overridden: "env", TF_VAR_code: "env", TF_VAR_undeclared: "x" };
  const names = "[var.port_security, var.code, var.port, var.untyped, var.cidrs, var.from_environment, var.overridden]";
  // What terraform console 1.11 printed, given the same -var options and environment.
  const printed = [false, "0022", 22, "[1]", ["192.0.2.0/24"], "${x}", "var"];

  it("gives what terraform console gives", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-given-as-text-"));
    writeFileSync(join(root, "main.tf"), `${declarations}\nlocals {\n  result = ${names}\n}\n`);
    expect(await evaluated(root, { given: vars.map((value) => ({ option: "var", value })), environment })).toEqual(printed);
  });

  it.skipIf(!terraform)("recorded values are what terraform console prints (runs when terraform is on the PATH)", () => {
    const root = mkdtempSync(join(tmpdir(), "eds-given-as-text-"));
    writeFileSync(join(root, "main.tf"), declarations);
    const options = vars.flatMap((assignment) => ["-var", assignment]);
    const env = { ...process.env, ...environment, TF_CLI_CONFIG_FILE: "/dev/null" };
    const output = spawnSync("terraform", ["console", ...options], { cwd: root, env, input: `jsonencode(${names})\n`, encoding: "utf8" });
    expect(JSON.parse(JSON.parse(output.stdout.trim()))).toEqual(printed);
  });
});
