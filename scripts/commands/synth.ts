import { environmentArgument } from "../../config/load";
import { failsRun } from "../../policies/engine/run";
import { appliedSuppressions, summarize } from "../../policies/reporters/report";
import { textReporter } from "../../policies/reporters/text";
import { printBlocks } from "../../lib/output";
import { today } from "../../lib/dates";
import { displayPath } from "../../lib/paths";
import { UsageError } from "../../lib/errors";
import { checkRegions } from "../../stacks/check-regions";
import { synthesizeRegions } from "../../stacks/synthesize";
import { flowsFail, flowsText } from "../../policies/flows/report";
import { exitCode, type Command } from "../cli";

export const run: Command = async (args, io) => {
  const envs = args.strings("env");
  if (args.flag("all") && envs.length > 0) throw new UsageError("give either --all or --env, not both");
  const date = today();
  const result = synthesizeRegions({
    envFiles: envs.map(environmentArgument),
    all: args.flag("all"),
    ...(args.string("out") ? { outdir: args.string("out") } : {}),
    localState: args.flag("local-state"),
    today: date,
  });
  for (const { file, placeholders } of result.pending) {
    io.out(`${file}: left out, it still has ${placeholders} placeholder(s) to fill in (only its id and range were checked against the others)`);
  }
  for (const [stack, file] of Object.entries(result.stacks)) io.out(`synthesized ${stack} → ${displayPath(file)}`);
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
  return failed ? exitCode.policyFailed : exitCode.ok;
};
