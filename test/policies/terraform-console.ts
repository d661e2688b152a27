import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect } from "vitest";

/** Terraform itself, when it is on the PATH: the reference the evaluator and the reader are held to. */
export const terraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;

/** What `terraform console` gives for an expression, in a folder holding `files` (paths with `/` make folders). */
export function terraformConsole(files: Record<string, string>, expression: string): unknown {
  const folder = mkdtempSync(join(tmpdir(), "eds-console-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  const printed = spawnSync("terraform", ["console"], {
    input: `jsonencode(${expression})\n`,
    encoding: "utf8",
    env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" },
    cwd: folder,
  });
  expect(printed.stderr.replace(/\s+/g, " "), expression).not.toMatch(/Error/);
  return JSON.parse(JSON.parse(printed.stdout.trim()));
}

/** `terraform init`, then `terraform plan` in a folder with no CLI configuration, given `variables`: what plan printed. */
export function terraformPlan(folder: string, variables: Record<string, string> = {}): { stdout: string; stderr: string } {
  expect(spawnSync("terraform", ["init", "-input=false"], { cwd: folder, encoding: "utf8" }).status).toBe(0);
  const given = Object.entries(variables).flatMap(([name, value]) => ["-var", `${name}=${value}`]);
  return spawnSync("terraform", ["plan", "-input=false", "-no-color", ...given], {
    cwd: folder,
    encoding: "utf8",
    env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" },
  });
}

/** `terraform init`, then `terraform validate` in a folder with no CLI configuration: what validate printed on stderr. */
export function terraformValidate(folder: string): string {
  const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" };
  expect(spawnSync("terraform", ["init", "-input=false"], { cwd: folder, encoding: "utf8", env }).status).toBe(0);
  return spawnSync("terraform", ["validate", "-no-color"], { cwd: folder, encoding: "utf8", env }).stderr;
}

/** What terraform refuses in `folder`: what init prints where it stops (a removed provisioner, a type it cannot read), else what validate does. */
export function terraformRefusals(folder: string): string {
  const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" };
  const init = spawnSync("terraform", ["init", "-input=false", "-no-color"], { cwd: folder, encoding: "utf8", env });
  return init.status === 0 ? spawnSync("terraform", ["validate", "-no-color"], { cwd: folder, encoding: "utf8", env }).stderr : init.stderr;
}

/**
 * Terraform run in a copy of `folder` (a temporary folder named from `prefix`) with no CLI configuration: each call one
 * command, with what it printed and its status, after `terraform init` there.
 */
export function terraformInCopy(folder: string, prefix: string): (...args: string[]) => SpawnSyncReturns<string> {
  const copy = mkdtempSync(join(tmpdir(), prefix));
  cpSync(folder, copy, { recursive: true });
  const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" };
  const step = (...args: string[]) => spawnSync("terraform", args, { cwd: copy, env, encoding: "utf8" });
  expect(step("init", "-input=false").status).toBe(0);
  return step;
}
