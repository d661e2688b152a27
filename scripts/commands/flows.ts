import { today } from "../../lib/dates";
import { UsageError } from "../../lib/errors";
import { writeOutput } from "../../lib/output";
import { flowsOfPaths } from "../../policies/check";
import type { InputProblem } from "../../policies/engine/model";
import {
  type FlowFormat,
  flowFormats,
  flowsFail,
  flowsJson,
  flowsMarkdown,
  flowsSvg,
  flowsText,
  type RegionFlows,
  withNothingToCheck,
} from "../../policies/flows/report";
import { problemText } from "../../policies/reporters/report";
import { defaultSettings } from "../../policies/settings";
import { stackFoldersOf, synthesizeRegions } from "../../stacks/synthesize";
import { exitCode, type Command } from "../cli";

const render: Record<FlowFormat, (regions: readonly RegionFlows[], all: boolean) => string | Promise<string>> = {
  text: (regions, all) => flowsText(regions, { all }),
  json: flowsJson,
  markdown: flowsMarkdown,
  svg: flowsSvg,
};

export const run: Command = async (args, io) => {
  const format = (args.string("format") ?? "text") as FlowFormat;
  if (!flowFormats.includes(format)) throw new UsageError(`unknown format "${format}"; expected one of ${flowFormats.join(", ")}`);
  const date = today();
  let paths = args.positionals;
  if (paths.length === 0) {
    const result = synthesizeRegions({ today: date });
    paths = result.regions.flatMap((region) => stackFoldersOf(result, region));
  }
  // As eds check: a file that cannot be read is reported, and the flows of everything else are given.
  const inputProblems: InputProblem[] = [];
  const regions = await flowsOfPaths(paths, { settings: defaultSettings(date) }, inputProblems);
  // An input with no flow to judge at all is refused; in a repository, a root module with none (a bootstrap stack) is
  // named in the report, and the others judged.
  if (regions.length > 0 && withNothingToCheck(regions).length === regions.length)
    for (const { subject } of regions) inputProblems.push({ file: subject, message: "nothing to check: no flow is needed or forbidden here" });
  const text = await render[format](regions, args.flag("all"));
  const output = args.string("output");
  if (output) {
    writeOutput(output, text);
    io.out(`eds flows: ${format} written to ${output}`);
  } else io.out(text.trimEnd());
  for (const problem of inputProblems) io.err(problemText(problem));
  if (inputProblems.length > 0) return exitCode.badInput;
  return flowsFail(regions) ? exitCode.policyFailed : exitCode.ok;
};
