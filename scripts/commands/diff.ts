import { today } from "../../lib/dates";
import { UsageError } from "../../lib/errors";
import { diffRegions, renderDiff } from "../../regions/diff";
import { exitCode, type Command } from "../cli";

export const run: Command = async (args, io) => {
  const [a, b, ...rest] = args.positionals;
  if (!a || !b || rest.length > 0) throw new UsageError("give two regions (ids or environment files) to compare");
  io.out(renderDiff(await diffRegions(a, b, today())).trimEnd());
  return exitCode.ok;
};
