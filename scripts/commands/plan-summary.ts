import { UsageError } from "../../lib/errors";
import { planSummary } from "../../policies/reporters/plan-summary";
import { exitCode, type Command } from "../cli";

export const run: Command = async (args, io) => {
  if (args.positionals.length === 0) throw new UsageError("give at least one plan (tofu show -json plan.out > plan.json)");
  io.out(planSummary(args.positionals).trimEnd());
  return exitCode.ok;
};
