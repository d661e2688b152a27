import type { Outcome } from "../engine/run";
import { escapeHtml as escapeXml } from "../../lib/html";
import type { Reporter } from "./report";
import { inBatches, notJudged, notJudgedEntryText, samePlace, sourceText } from "./report";
import { groupedBy } from "../../lib/groups";

/**
 * The outcomes of one policy by place (stack and address): the run's order is stacks, then addresses, so a place's
 * outcomes are neighbours, and cutting the list where the place changes groups them without a map of every place.
 */
function byPlace(outcomes: readonly Outcome[], each: (place: readonly Outcome[]) => void): void {
  let start = 0;
  for (let i = 1; i <= outcomes.length; i++) {
    const first = outcomes[start]!;
    const current = outcomes[i];
    if (current && samePlace(current, first)) continue;
    each(i === start + 1 ? [first] : outcomes.slice(start, i));
    start = i;
  }
}

/** JUnit XML for GitLab and Jenkins: one suite per policy, one test case per policy × resource. */
export const junitReporter: Reporter = function* (run, context) {
  const byPolicy = groupedBy(run.outcomes, (o) => o.policyId);
  const inputProblems = context.inputProblems ?? [];
  // Each suite's counts, and the root's (readers such as GitLab's add them up), before any suite is written.
  const suites = run.policies.map(({ policy, level }) => {
    const counts = { tests: 0, failure: 0, skipped: 0 };
    byPlace(byPolicy.get(policy.metadata.id) ?? [], (outcomes) => {
      counts.tests++;
      const kind = caseKind(outcomes, level);
      if (kind) counts[kind]++;
    });
    return { policy, level, counts };
  });
  const unjudged = notJudged(run);
  const unjudgedCases = unjudged.reduce((n, note) => n + note.entries.length, 0);
  const tests = suites.reduce((n, suite) => n + suite.counts.tests, inputProblems.length + unjudgedCases);
  const failures = suites.reduce((n, suite) => n + suite.counts.failure, 0);
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="eds check ${escapeXml(context.subject)}" tests="${tests}" failures="${failures}" errors="${inputProblems.length}">\n`;
  // One suite at a time, its counts before its cases.
  for (const { policy, level, counts } of suites) {
    const classname = escapeXml(policy.metadata.id);
    const cases: string[] = [];
    byPlace(byPolicy.get(policy.metadata.id) ?? [], (outcomes) => {
      cases.push(`${testCase(outcomes, classname, escapeXml(`${outcomes[0]!.stack}/${outcomes[0]!.address}`), level)}\n`);
    });
    yield `  <testsuite name="${classname}" tests="${counts.tests}" failures="${counts.failure}" errors="0" skipped="${counts.skipped}">\n`;
    yield* inBatches(cases, (line) => line);
    yield "  </testsuite>\n";
  }
  // A file that could not be read is an error of its own suite: the reader's, not a policy's.
  if (inputProblems.length > 0)
    yield `  <testsuite name="input" tests="${inputProblems.length}" failures="0" errors="${inputProblems.length}">\n${inputProblems
      .map(
        (problem) =>
          `    <testcase classname="input" name="${escapeXml(sourceText(problem))}"><error message="${escapeXml(problem.message)}" type="input"/></testcase>\n`,
      )
      .join("")}  </testsuite>\n`;
  // What no policy judged is a test skipped: CI shows it beside the passes, which say nothing of it.
  for (const note of unjudged)
    yield `  <testsuite name="${note.id}" tests="${note.entries.length}" failures="0" errors="0" skipped="${note.entries.length}">\n${note.entries
      .map(
        (entry) =>
          `    <testcase classname="${note.id}" name="${escapeXml(notJudgedEntryText(entry))}"><skipped>${escapeXml(`${note.title}. ${note.why}`)}</skipped></testcase>\n`,
      )
      .join("")}  </testsuite>\n`;
  yield "</testsuites>\n";
};

/** What one policy × place counts as: a failure (a mandatory finding), skipped (suppressed, not evaluable), or a pass. */
function caseKind(outcomes: readonly Outcome[], level: string): "failure" | "skipped" | undefined {
  if (outcomes.length === 1 && outcomes[0]!.status === "compliant") return undefined;
  if (outcomes.some((o) => o.status === "violation" || o.status === "error")) return level === "mandatory" ? "failure" : undefined;
  return outcomes.some((o) => o.status === "suppressed" || o.status === "cannot-evaluate") ? "skipped" : undefined;
}

/** One policy × place: a failure (mandatory), the advisory findings as output, skipped (suppressed, not evaluable), or a pass. */
function testCase(outcomes: readonly Outcome[], classname: string, name: string, level: string): string {
  const open = `    <testcase classname="${classname}" name="${name}"`;
  // Most cases are one compliant outcome: written without sorting the outcomes by status.
  if (outcomes.length === 1 && outcomes[0]!.status === "compliant") return `${open}/>`;
  const failing = outcomes.filter((o) => o.status === "violation" || o.status === "error");
  const suppressed = outcomes.filter((o) => o.status === "suppressed");
  const unknown = outcomes.filter((o) => o.status === "cannot-evaluate");
  const detail = (list: Outcome[]) => escapeXml(list.map((o) => `${o.path ? `${o.path}: ` : ""}${o.message ?? ""}`).join("\n"));
  if (failing.length > 0 && level === "mandatory")
    return `${open}><failure message="${escapeXml(failing[0]!.message ?? "")}" type="${level}">${detail(failing)}</failure></testcase>`;
  if (failing.length > 0) return `${open}><system-out>advisory: ${detail(failing)}</system-out></testcase>`;
  // The reason is the element's text: the strict JUnit schema (Jenkins dtkit junit-4.xsd) gives `skipped` no attribute.
  if (suppressed.length > 0) return `${open}><skipped>suppressed: ${escapeXml(suppressed[0]!.suppression?.reason ?? "")}</skipped></testcase>`;
  if (unknown.length > 0) return `${open}><skipped>cannot evaluate: ${escapeXml(unknown[0]!.message ?? "")}</skipped></testcase>`;
  return `${open}/>`;
}
