import type { Reporter } from "./report";
import { appliedSuppressions, inBatches, locationText, notJudged, orderedFindings, policyOf, sourceText, summarize } from "./report";

/** Text on one line of a GitHub-flavoured table: its pipes escaped, its lines joined. */
const oneLine = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** What a comment shows of each character it would otherwise read as markup: an entity, or a backslash escape. */
const asText: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "`": "\\`" };

/**
 * Text a comment shows as written: a resource's name, a message quoting a value or a file may hold `<img>`, `</td>` or a
 * backtick, which a merge request's comment would otherwise render as HTML or as code.
 */
const cell = (text: string): string => oneLine(text.replace(/[&<>`]/g, (character) => asText[character]!));

/** Text shown as code (an address, a file): in a span of more backticks than any run it holds (CommonMark, code spans). */
function code(text: string): string {
  const fence = "`".repeat(Math.max(0, ...[...text.matchAll(/`+/g)].map(([run]) => run.length)) + 1);
  const padded = text.startsWith("`") || text.endsWith("`") ? ` ${text} ` : text;
  return `${fence}${oneLine(padded)}${fence}`;
}

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
      `| ${o.status === "violation" ? o.level : o.status} | ${code(o.policyId)} | ${code(locationText(o))} ${cell(sourceText(o))} | ${cell(o.message ?? "")} | ${cell(policyOf(run, o.policyId).metadata.remediation)} |\n`,
  );
  const tail: string[] = [];
  const suppressions = appliedSuppressions(run);
  if (suppressions.length > 0) {
    tail.push("", "### Exceptions applied", "", "| policy | resources | reason | approver | expires |", "|---|---|---|---|---|");
    for (const { suppression, addresses } of suppressions) {
      tail.push(
        `| ${code(suppression.policy)} | ${addresses.map(code).join(", ")} | ${cell(suppression.reason)} | ${cell(suppression.approver)} | ${suppression.expires} |`,
      );
    }
  }
  for (const note of notJudged(run)) {
    tail.push("", `### ${note.title}`, "", note.why, "");
    for (const entry of note.entries) tail.push(`- ${code(entry.stack)}${entry.names.length ? `: ${entry.names.map(code).join(", ")}` : ""}`);
  }
  if (context.inputProblems?.length) {
    tail.push("", "### Input problems", "", "Everything else was checked.", "");
    for (const problem of context.inputProblems) tail.push(`- ${code(sourceText(problem))}: ${cell(problem.message)}`);
  }
  if (tail.length > 0) yield `${tail.join("\n")}\n`;
};
