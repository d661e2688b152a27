import { join } from "node:path";
import { environmentArgument } from "../../config/load";
import { failsRun } from "../../policies/engine/run";
import { appliedSuppressions, summarize } from "../../policies/reporters/report";
import { textReporter } from "../../policies/reporters/text";
import { printBlocks, stagedFolder } from "../../lib/output";
import { today } from "../../lib/dates";
import { displayPath } from "../../lib/paths";
import { UsageError } from "../../lib/errors";
import { checkRegions } from "../../stacks/check-regions";
import { synthesizeRegions } from "../../stacks/synthesize";
import { flowsFail, flowsText } from "../../policies/flows/report";
import { type CommandArgs, exitCode, type Command, type Io } from "../cli";

export const run: Command = async (args, io) => {
  const envs = args.strings("env");
  if (args.flag("all") && envs.length > 0) throw new UsageError("give either --all or --env, not both");
  const out = args.string("out") ?? "cdktf.out";
  if (out === "") throw new UsageError("--out needs a folder");
  const date = today();
  // The output folder is replaced only when the synthesis and every check succeeded.
  const staged = stagedFolder(out, "manifest.json");
  try {
    return await synthesizeAndCheck(args, io, out, staged.staging, date, envs, () => staged.publish());
  } finally {
    staged.discard();
  }
};

async function synthesizeAndCheck(args: CommandArgs, io: Io, out: string, staging: string, date: string, envs: string[], publish: () => void): Promise<number> {
  const result = synthesizeRegions({
    envFiles: envs.map(environmentArgument),
    all: args.flag("all"),
    outdir: staging,
    localState: args.flag("local-state"),
    today: date,
  });
  for (const { file, placeholders } of result.pending) {
    io.out(`${file}: left out, it still has ${placeholders} placeholder(s) to fill in (only its id and range were checked against the others)`);
  }
  for (const stack of Object.keys(result.stacks)) io.out(`synthesized ${stack} → ${displayPath(join(out, "stacks", stack, "cdk.tf.json"))}`);
  for (const region of result.regions) {
    if (!region.config.platform) io.out(`${region.config.id}: no platform section, so only the foundation is synthesized`);
    for (const project of result.retired[region.config.id] ?? []) io.out(`${region.config.id}: project ${project.id} gets no workspace: ${project.reason}`);
    for (const exception of result.awaitingApproval[region.config.id] ?? []) {
      io.out(`${region.config.id}: exception ${exception.id} to ${exception.policy} awaits approval in ${region.file} (approvals:): ${exception.reason}`);
    }
  }
  let failed = false;
  const checks = await checkRegions(result, date);
  for (const { region, run } of checks) {
    const summary = summarize(run);
    if (summary.violations.mandatory + summary.violations.advisory + summary.errors + summary.cannotEvaluate > 0)
      printBlocks(textReporter(run, { subject: region.config.id }), io.out);
    io.out(
      `policies ${region.config.id}: ${summary.passed ? "pass" : "FAIL"} (${summary.policies} policies, ${summary.resources} resources, ${summary.violations.mandatory} mandatory violation(s), ${summary.violations.advisory} advisory, ${summary.suppressed} suppressed)`,
    );
    for (const { suppression, addresses } of appliedSuppressions(run)) {
      io.out(
        `  exception to ${suppression.policy} on ${addresses.join(", ")}: ${suppression.reason} (approved by ${suppression.approver}, until ${suppression.expires})`,
      );
    }
    failed ||= failsRun(run);
  }
  for (const { flows } of checks) {
    io.out(flowsText(flows));
    failed ||= flowsFail(flows);
  }
  if (failed) {
    io.out(`${displayPath(out)} was left as it was: the policies failed`);
    return exitCode.policyFailed;
  }
  publish();
  return exitCode.ok;
}
