import { environmentsDir } from "../../config/regions";
import { UsageError } from "../../lib/errors";
import { displayPath } from "../../lib/paths";
import { newRegion } from "../../regions/new-region";
import { exitCode, type Command } from "../cli";

export const run: Command = async (args, io) => {
  const id = args.string("id");
  const name = args.string("name");
  if (!id || !name) throw new UsageError("give --id <id> and --name <display name>");
  const from = args.string("from");
  const provider = args.string("provider");
  const result = newRegion({ id, name, directory: environmentsDir, ...(from ? { from } : {}), ...(provider ? { provider } : {}) });
  io.out(
    `wrote ${displayPath(result.file)}: range ${result.range}${result.allocated ? " (allocated from the pool and recorded in the addressing plan)" : " (from the addressing plan)"}`,
  );
  if (result.placeholders.length > 0) io.out(`fill in before synthesizing:\n${result.placeholders.map((p) => `  - ${p}`).join("\n")}`);
  return exitCode.ok;
};
