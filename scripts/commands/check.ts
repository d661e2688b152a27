import { today } from "../../lib/dates";
import { UsageError } from "../../lib/errors";
import { printBlocks, writeOutput } from "../../lib/output";
import { checkConfigurations, flowsOf, readInContext } from "../../policies/check";
import type { InputProblem } from "../../policies/engine/model";
import { flowDiagrams } from "../../policies/flows/report";
import { failsRun } from "../../policies/engine/run";
import { packIds } from "../../policies/packs/index";
import { loadReporter } from "../../policies/reporters/index";
import { problemText } from "../../policies/reporters/report";
import { defaultSettings, type PolicySettings } from "../../policies/settings";
import { commitOfPaths } from "../git";
import { reportFormats } from "../help";
import { exitCode, type Command } from "../cli";

/** A region's settings and exceptions; the environment model is loaded only when asked for. */
async function settingsOfRegion(env: string, date: string): Promise<PolicySettings> {
  const [{ environmentArgument, loadWithPeers }, { settingsFromEnvironment }] = await Promise.all([
    import("../../config/load"),
    import("../../config/policy-settings"),
  ]);
  return settingsFromEnvironment(loadWithPeers([environmentArgument(env)], { today: date }).regions[0]!, date);
}

/** The manual answers: from --answers, else the project's compliance/answers.yaml when there is one. */
async function manualAnswers(file: string | undefined) {
  const { loadAnswers, projectAnswers } = await import("../../policies/answers-schema");
  return file ? loadAnswers(file) : projectAnswers();
}

export const run: Command = async (args, io) => {
  const paths = args.positionals;
  if (paths.length === 0) throw new UsageError("give at least one path to check");
  const env = args.string("env");
  const settingsFile = args.string("settings");
  if (settingsFile && env) throw new UsageError("give either --settings or --env, not both");
  const format = args.string("format") ?? "text";
  if (!(reportFormats as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"; expected one of ${reportFormats.join(", ")}`);
  const packs = args.strings("pack");
  const unknownPack = packs.find((pack) => !(packIds as readonly string[]).includes(pack));
  if (unknownPack !== undefined) throw new UsageError(`unknown pack "${unknownPack}"; expected one of ${packIds.join(", ")}`);

  const date = today();
  let settings: PolicySettings = defaultSettings(date);
  if (env) settings = await settingsOfRegion(env, date);
  if (settingsFile) settings = (await import("../../policies/settings-schema")).loadSettingsFile(settingsFile, date);
  const inputProblems: InputProblem[] = [];
  const configurations = await readInContext(paths, date, inputProblems, { given: args.inOrder(["var-file", "var"]) }, args.string("namespace"));
  const strict = args.flag("strict");
  // What was left to another tool (a chart, a Kustomize folder, a Terragrunt unit, a Heat template), or a file that could not be used,
  // was not judged: --strict takes it for input that could not be checked (said once, not also as a note), as it takes
  // a value known only at apply for a failure.
  if (strict)
    for (const source of configurations.flatMap(({ configuration }) => configuration.leftToTheirTools ?? []))
      inputProblems.push({ ...source, message: `${source.message}; --strict fails what was not judged` });
  const checked = strict ? configurations.map((read) => ({ ...read, configuration: { ...read.configuration, leftToTheirTools: undefined } })) : configurations;
  const run = checkConfigurations(checked, { settings, packs, strict });
  const commit = format === "text" ? undefined : commitOfPaths(paths);
  // The HTML report shows who reaches whom in the regions synthesized with their flow context (eds flows judges any
  // other input), and the manual answers in its framework view.
  const regional = configurations.filter((configuration) => configuration.context?.settings.flows);
  const flows = format === "html" && regional.length > 0 ? await flowDiagrams(flowsOf(regional, settings, paths.join(" "))) : undefined;
  const answers = format === "html" ? await manualAnswers(args.string("answers")) : undefined;
  const report = (await loadReporter(format))(run, {
    subject: paths.join(" "),
    ...(commit ? { commit } : {}),
    ...(flows ? { flows } : {}),
    ...(answers ? { answers } : {}),
    ...(inputProblems.length ? { inputProblems } : {}),
  });
  const output = args.string("output");
  if (output) {
    writeOutput(output, report);
    io.out(`eds check: ${format} report written to ${output}`);
  } else {
    printBlocks(report, io.out);
  }
  // Every other file was checked and reported; a problem in the input is still bad input.
  for (const problem of inputProblems) io.err(problemText(problem));
  if (inputProblems.length > 0) return exitCode.badInput;
  return failsRun(run) ? exitCode.policyFailed : exitCode.ok;
};
