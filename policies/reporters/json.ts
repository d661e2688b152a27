import type { Reporter } from "./report";
import { appliedSuppressions, indentedJson, summarize, unusedSuppressions } from "./report";
import { packsOf } from "../packs/index";
import { findings } from "../engine/run";

/** Everything the run concluded, for other tools: policies with their references, findings, exceptions. */
export const jsonReporter: Reporter = (run, context) =>
  indentedJson(
    {
      subject: context.subject,
      date: run.settings.today,
      ...(context.commit ? { commit: context.commit } : {}),
      summary: summarize(run, context),
      configurations: run.configurations,
      policies: run.policies.map(({ policy, level }) => ({ ...policy.metadata, level, packs: packsOf(policy) })),
      findings: [],
      suppressions: appliedSuppressions(run),
      unusedSuppressions: unusedSuppressions(run),
      inputProblems: context.inputProblems ?? [],
    },
    ["findings"],
    findings(run),
  );
