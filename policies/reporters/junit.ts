import type { Outcome } from "../engine/run";
import type { Reporter } from "./report";
import { groupBy, summarize } from "./report";

const escapeXml = (text: string): string =>
  /[&<>"]/.test(text) ? text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;") : text;

/** JUnit XML for GitLab and Jenkins: one suite per policy, one test case per policy × resource. */
export const junitReporter: Reporter = (run, context) => {
  const byPolicy = new Map([...groupBy(run.outcomes, (o) => o.policyId)].map(([id, outcomes]) => [id, groupBy(outcomes, (o) => `${o.stack}/${o.address}`)]));
  const summary = summarize(run);
  const suites = run.policies.map(({ policy, level }) => {
    let failures = 0;
    let skipped = 0;
    const classname = escapeXml(policy.metadata.id);
    const cases = [...(byPolicy.get(policy.metadata.id) ?? new Map<string, Outcome[]>()).entries()].map(([key, outcomes]) => {
      const name = escapeXml(key);
      // Most cases are one compliant outcome: written without sorting the outcomes by status.
      if (outcomes.length === 1 && outcomes[0]!.status === "compliant") return `    <testcase classname="${classname}" name="${name}"/>`;
      const failing = outcomes.filter((o) => o.status === "violation" || o.status === "error");
      const suppressed = outcomes.filter((o) => o.status === "suppressed");
      const unknown = outcomes.filter((o) => o.status === "cannot-evaluate");
      const detail = (list: Outcome[]) => escapeXml(list.map((o) => `${o.path ? `${o.path}: ` : ""}${o.message ?? ""}`).join("\n"));
      if (failing.length > 0 && level === "mandatory") failures++;
      else if (failing.length === 0 && (suppressed.length > 0 || unknown.length > 0)) skipped++;
      if (failing.length > 0 && level === "mandatory")
        return `    <testcase classname="${classname}" name="${name}"><failure message="${escapeXml(failing[0]!.message ?? "")}" type="${level}">${detail(failing)}</failure></testcase>`;
      if (failing.length > 0) return `    <testcase classname="${classname}" name="${name}"><system-out>advisory: ${detail(failing)}</system-out></testcase>`;
      // The reason is the element's text: the strict JUnit schema (Jenkins dtkit junit-4.xsd) gives `skipped` no attribute.
      if (suppressed.length > 0)
        return `    <testcase classname="${classname}" name="${name}"><skipped>suppressed: ${escapeXml(suppressed[0]!.suppression?.reason ?? "")}</skipped></testcase>`;
      if (unknown.length > 0)
        return `    <testcase classname="${classname}" name="${name}"><skipped>cannot evaluate: ${escapeXml(unknown[0]!.message ?? "")}</skipped></testcase>`;
      return `    <testcase classname="${classname}" name="${name}"/>`;
    });
    return `  <testsuite name="${escapeXml(policy.metadata.id)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">\n${cases.join("\n")}${cases.length ? "\n" : ""}  </testsuite>`;
  });
  // A file that could not be read is an error of its own suite: the reader's, not a policy's.
  const inputProblems = context.inputProblems ?? [];
  if (inputProblems.length > 0)
    suites.push(
      `  <testsuite name="input" tests="${inputProblems.length}" failures="0" errors="${inputProblems.length}">\n${inputProblems
        .map(
          ({ file, message }) => `    <testcase classname="input" name="${escapeXml(file)}"><error message="${escapeXml(message)}" type="input"/></testcase>`,
        )
        .join("\n")}\n  </testsuite>`,
    );
  const tests = inputProblems.length + run.policies.reduce((n, { policy }) => n + (byPolicy.get(policy.metadata.id)?.size ?? 0), 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="eds check ${escapeXml(context.subject)}" tests="${tests}" failures="${summary.violations.mandatory + summary.errors}">\n${suites.join("\n")}\n</testsuites>\n`;
};
