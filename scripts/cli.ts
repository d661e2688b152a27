import { writeFileSync } from "node:fs";
import { relative } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { checkPaths } from "../policies/check";
import { failsRun } from "../policies/engine/run";
import { InputError } from "../policies/inputs/errors";
import { formats, reporters } from "../policies/reporters/index";
import { appliedSuppressions, summarize } from "../policies/reporters/report";
import { defaultSettings, loadSettingsFile } from "../policies/settings";
import { policyCatalogue } from "../policies/catalogue";
import { planSummary } from "../policies/reporters/plan-summary";
import { checkRegions } from "../stacks/check-regions";
import { ConfigError } from "../lib/issues";
import { loadWithPeers } from "../config/load";
import { settingsFromEnvironment } from "../config/policy-settings";

import { diffRegions, renderDiff } from "../regions/diff";
import { newRegion } from "../regions/new-region";
import { environmentsDir } from "../config/regions";
import { synthesizeRegions } from "../stacks/synthesize";
import { today } from "../lib/dates";
import { gitCommit } from "./git";

/** Exit codes of every command. */
export const exitCode = { ok: 0, policyFailed: 1, badInput: 2, internalError: 3 } as const;

/** Where a command writes; tests pass their own to capture the output. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };

class UsageError extends Error {}

const usage = `usage: eds <command> [options]

commands:
  synth [--env <file>]... [--all] [--out <dir>] [--local-state]
        validate the environments, synthesize the stacks of the default region (or those named), run every policy
  check <path>... [--format ${formats.join("|")}] [--output <file>] [--settings <file.yaml> | --env <environment.yaml>] [--pack <name>]...
        run the policies on Terraform: a cdktf.out folder, cdk.tf.json, .tf or .tf.json files, a plan in JSON
  new-region --id <id> --name "<display name>" [--from <region>] [--provider <profile>]
        write environments/<id>.yaml on the national addressing plan, with placeholders for what a person decides
  diff <region-a> <region-b>
        how two regions differ (configuration and resources), beyond their names and address plans
  plan-summary <plan.json>...
        a Markdown summary of Terraform plans for reviewers, destroys of data-bearing resources first
  policies [--format text|markdown]
        list every policy with its packs and references

exit codes: 0 fine, 1 a mandatory policy failed, 2 bad input, 3 internal error`;

type Command = (args: string[], io: Io) => Promise<number>;

function parse<const T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, positionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: positionals });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function chosenFormat(format: string | undefined, allowed: readonly string[]): string {
  const chosen = format ?? "text";
  if (!allowed.includes(chosen)) throw new UsageError(`unknown format "${chosen}"; expected one of ${allowed.join(", ")}`);
  return chosen;
}

const commands: Record<string, Command> = {
  async synth(args, io) {
    const { values } = parse(args, {
      env: { type: "string", multiple: true },
      all: { type: "boolean" },
      out: { type: "string" },
      "local-state": { type: "boolean" },
    });
    if (values.all && values.env?.length) throw new UsageError("give either --all or --env, not both");
    const date = today();
    const result = synthesizeRegions({
      ...(values.env ? { envFiles: values.env } : {}),
      all: values.all ?? false,
      ...(values.out ? { outdir: values.out } : {}),
      localState: values["local-state"] ?? false,
      today: date,
    });
    for (const [stack, file] of Object.entries(result.stacks)) io.out(`synthesized ${stack} → ${relative(process.cwd(), file)}`);
    for (const region of result.regions) {
      if (!region.config.platform) io.out(`${region.config.id}: no platform section, so only the foundation is synthesized`);
      for (const project of result.retired[region.config.id] ?? []) io.out(`${region.config.id}: project ${project.id} gets no workspace: ${project.reason}`);
    }
    let failed = false;
    for (const { region, run } of await checkRegions(result, date)) {
      const summary = summarize(run);
      if (summary.violations.mandatory + summary.violations.advisory + summary.errors + summary.cannotEvaluate > 0) io.out(reporters.text!(run, { subject: region.config.id }));
      io.out(
        `policies ${region.config.id}: ${summary.passed ? "pass" : "FAIL"} (${summary.policies} policies, ${summary.resources} resources, ${summary.violations.mandatory} mandatory violation(s), ${summary.violations.advisory} advisory, ${summary.suppressed} suppressed)`,
      );
      for (const { suppression, addresses } of appliedSuppressions(run)) {
        io.out(`  exception to ${suppression.policy} on ${addresses.join(", ")}: ${suppression.reason} (approved by ${suppression.approver}, until ${suppression.expires})`);
      }
      failed ||= failsRun(run);
    }
    return failed ? exitCode.policyFailed : exitCode.ok;
  },

  async check(args, io) {
    const { values, positionals } = parse(
      args,
      { format: { type: "string" }, output: { type: "string" }, settings: { type: "string" }, env: { type: "string" }, pack: { type: "string", multiple: true } },
      true,
    );
    if (positionals.length === 0) throw new UsageError("give at least one path to check");
    if (values.settings && values.env) throw new UsageError("give either --settings or --env, not both");
    const format = chosenFormat(values.format, formats);
    const date = today();
    const settings = values.env
      ? settingsFromEnvironment(loadWithPeers([values.env], { today: date })[0]!, date)
      : values.settings
        ? loadSettingsFile(values.settings, date)
        : defaultSettings(date);
    let run;
    try {
      run = await checkPaths(positionals, { settings, ...(values.pack ? { packs: values.pack } : {}) });
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("unknown pack")) throw new UsageError(error.message);
      throw error;
    }
    const report = reporters[format]!(run, { subject: positionals.join(" "), ...commitOf() });
    if (values.output) {
      writeFileSync(values.output, report);
      io.out(`eds check: ${format} report written to ${values.output}`);
    } else {
      io.out(report.trimEnd());
    }
    return failsRun(run) ? exitCode.policyFailed : exitCode.ok;
  },

  async "new-region"(args, io) {
    const { values } = parse(args, { id: { type: "string" }, name: { type: "string" }, from: { type: "string" }, provider: { type: "string" } });
    if (!values.id || !values.name) throw new UsageError("give --id <id> and --name <display name>");
    const result = newRegion({
      id: values.id,
      name: values.name,
      directory: environmentsDir,
      ...(values.from ? { from: values.from } : {}),
      ...(values.provider ? { provider: values.provider } : {}),
    });
    io.out(`wrote ${result.file}: range ${result.range}${result.allocated ? " (allocated from the pool and recorded in the addressing plan)" : " (from the addressing plan)"}`);
    if (result.placeholders.length > 0) io.out(`fill in before synthesizing:\n${result.placeholders.map((p) => `  - ${p}`).join("\n")}`);
    return exitCode.ok;
  },

  async diff(args, io) {
    const { positionals } = parse(args, {}, true);
    if (positionals.length !== 2) throw new UsageError("give two regions (ids or environment files) to compare");
    io.out(renderDiff(await diffRegions(positionals[0]!, positionals[1]!, today())).trimEnd());
    return exitCode.ok;
  },

  async "plan-summary"(args, io) {
    const { positionals } = parse(args, {}, true);
    if (positionals.length === 0) throw new UsageError("give at least one plan (terraform show -json plan.out > plan.json)");
    io.out(planSummary(positionals).trimEnd());
    return exitCode.ok;
  },

  async policies(args, io) {
    const { values } = parse(args, { format: { type: "string" } });
    io.out(policyCatalogue(chosenFormat(values.format, ["text", "markdown"]) as "text" | "markdown").trimEnd());
    return exitCode.ok;
  },
};

const commitOf = (): { commit?: string } => {
  const commit = gitCommit();
  return commit ? { commit } : {};
};

/** Runs one command; returns its exit code and never throws. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    io.err(name && name !== "--help" ? `eds: unknown command "${name}"\n\n${usage}` : usage);
    return name && name !== "--help" ? exitCode.badInput : exitCode.ok;
  }
  try {
    return await command(args, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message);
      return exitCode.badInput;
    }
    if (error instanceof InputError) {
      io.err(`eds ${name}: ${error.message}`);
      return exitCode.badInput;
    }
    if (error instanceof UsageError) {
      io.err(`eds ${name}: ${error.message}\n\n${usage}`);
      return exitCode.badInput;
    }
    io.err(`eds ${name}: internal error: ${(error as Error).message}${process.env.EDS_DEBUG ? `\n${(error as Error).stack}` : " (set EDS_DEBUG=1 for details)"}`);
    return exitCode.internalError;
  }
}
