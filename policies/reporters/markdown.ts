import type { Reporter } from "./report";
import { appliedSuppressions, inBatches, locationText, notJudged, orderedFindings, policyOf, sourceText, summarize } from "./report";

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** A pull-request comment: verdict, counts, the findings that matter, the exceptions in force. */
export const markdownReporter: Reporter = function* (run, context) {
  const summary = summarize(run, context);
  const findings = orderedFindings(run).filter((o) => o.status !== "suppressed");
  const lines = [
    `## EDS Régional policy check: ${summary.passed ? "✅ pass" : "❌ fail"}`,
    "",
    `${cell(context.subject)}, ${run.settings.today}${context.commit ? `, commit \`${context.commit.slice(0, 12)}\`` : ""}: ${summary.policies} policies on ${summary.resources} resources.`,
    "",
    "| mandatory violations | advisory | suppressed | not evaluable | errors |",
    "|---:|---:|---:|---:|---:|",
    `| ${summary.violations.mandatory} | ${summary.violations.advisory} | ${summary.suppressed} | ${summary.cannotEvaluate} | ${summary.errors} |`,
  ];
  if (findings.length > 0) lines.push("", "### Findings", "", "| level | policy | resource | finding | fix |", "|---|---|---|---|---|");
  yield `${lines.join("\n")}\n`;
  yield* inBatches(
    findings,
    (o) =>
      `| ${o.status === "violation" ? o.level : o.status} | \`${o.policyId}\` | \`${cell(locationText(o))}\` ${cell(sourceText(o))} | ${cell(o.message ?? "")} | ${cell(policyOf(run, o.policyId).metadata.remediation)} |\n`,
  );
  const tail: string[] = [];
  const suppressions = appliedSuppressions(run);
  if (suppressions.length > 0) {
    tail.push("", "### Exceptions applied", "", "| policy | resources | reason | approver | expires |", "|---|---|---|---|---|");
    for (const { suppression, addresses } of suppressions) {
      tail.push(
        `| \`${suppression.policy}\` | ${addresses.map((a) => `\`${a}\``).join(", ")} | ${cell(suppression.reason)} | ${cell(suppression.approver)} | ${suppression.expires} |`,
      );
    }
  }
  for (const note of notJudged(run)) {
    tail.push("", `### ${note.title}`, "", note.why, "");
    for (const entry of note.entries)
      tail.push(`- \`${cell(entry.stack)}\`${entry.names.length ? `: ${entry.names.map((n) => `\`${cell(n)}\``).join(", ")}` : ""}`);
  }
  if (context.inputProblems?.length) {
    tail.push("", "### Input problems", "", "Everything else was checked.", "");
    for (const problem of context.inputProblems) tail.push(`- \`${cell(sourceText(problem))}\`: ${cell(problem.message)}`);
  }
  if (tail.length > 0) yield `${tail.join("\n")}\n`;
};
