import type { Reporter } from "./report";
import {
  appliedSuppressions,
  inBatches,
  locationText,
  leftToTheirToolsSaid,
  notJudged,
  notJudgedEntryText,
  orderedFindings,
  problemText,
  sourceText,
  summarize,
  unusedSuppressions,
} from "./report";

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

const label = (status: string, level: string): string =>
  status === "violation" ? (level === "mandatory" ? "FAIL" : "WARN") : status === "cannot-evaluate" ? "UNKNOWN" : status === "error" ? "ERROR" : "SUPPRESSED";

/** A table for people at a terminal: one line per finding, then the totals. */
export const textReporter: Reporter = function* (run, context) {
  const summary = summarize(run, context);
  yield `eds check: ${context.subject}\n\n`;
  const findings = orderedFindings(run);
  if (findings.length === 0) yield "no finding\n";
  yield* inBatches(
    findings,
    (o) =>
      `${label(o.status, o.level).padEnd(10)} ${o.policyId.padEnd(38)} ${o.stack} ${locationText(o)}\n           ${sourceText(o)}: ${o.message ?? ""}${o.suppression ? ` [suppressed: ${o.suppression.reason}; approved by ${o.suppression.approver} until ${o.suppression.expires}]` : ""}\n`,
  );
  const lines: string[] = [];
  const suppressions = appliedSuppressions(run);
  if (suppressions.length > 0) {
    lines.push("", "exceptions applied:");
    for (const { suppression, addresses } of suppressions)
      lines.push(
        `  ${suppression.policy} on ${addresses.join(", ")}: ${suppression.reason} (approved by ${suppression.approver}, until ${suppression.expires})`,
      );
  }
  if (context.inputProblems?.length) {
    lines.push("", "input problems (everything else was checked):");
    for (const problem of context.inputProblems) lines.push(`  ${problemText(problem)}`);
  }
  for (const note of notJudged(run)) {
    lines.push("", `${lowerFirst(note.title)} (${lowerFirst(note.why).replace(/\.$/, "")}):`);
    for (const entry of note.entries) lines.push(`  ${notJudgedEntryText(entry)}`);
  }
  const unused = unusedSuppressions(run);
  if (unused.length > 0) {
    lines.push("", "exceptions that matched nothing in what was checked (remove them, or correct their resource):");
    for (const s of unused) lines.push(`  ${s.policy} on ${s.resource}${s.location ? ` (${s.location})` : ""}: ${s.reason}`);
  }
  lines.push(
    "",
    `${summary.policies} policies on ${summary.resources} resources: ${summary.violations.mandatory} mandatory violation(s), ${summary.violations.advisory} advisory, ${summary.suppressed} suppressed, ${summary.cannotEvaluate} not evaluable, ${summary.errors} error(s)${leftToTheirToolsSaid(summary)}`,
    `result: ${summary.result}`,
  );
  yield `${lines.join("\n")}\n`;
};
