import { UsageError } from "../../lib/errors";
import { policyCatalogue } from "../../policies/catalogue";
import { exitCode, type Command } from "../cli";

export const run: Command = async (args, io) => {
  const format = args.string("format") ?? "text";
  if (format !== "text" && format !== "markdown") throw new UsageError(`unknown format "${format}"; expected text or markdown`);
  io.out(policyCatalogue(format).trimEnd());
  return exitCode.ok;
};
