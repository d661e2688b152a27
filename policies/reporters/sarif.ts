import { normalize } from "node:path";
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { Reporter } from "./report";
import { indentedJson, packsText, referencesText } from "./report";
import { packsOf } from "../packs/index";
import { findings } from "../engine/run";

const severityScore = { low: "3.0", medium: "5.5", high: "8.0", critical: "9.5" } as const;

/**
 * The same id for the same input however its paths are spelled (./cdktf.out/, cdktf.out), so code scanning matches a
 * run with the previous one: paths normalized, without leading ./ or trailing /, in order.
 */
const automationId = (subject: string): string =>
  subject
    .split(/\s+/)
    .filter(Boolean)
    .map((path) => normalize(path).replace(/\/+$/, "").replace(/^\.\//, "") || ".")
    .sort()
    .join(" ");

/** SARIF 2.1.0 for code scanning: one rule per policy, one result per finding, suppressed ones marked as such. */
export const sarifReporter: Reporter = (run, context) => {
  const rules: ReportingDescriptor[] = run.policies.map(({ policy, level }) => {
    const m = policy.metadata;
    return {
      id: m.id,
      name: m.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: m.title },
      fullDescription: { text: m.description },
      help: {
        text: `${m.rationale}\nRemediation: ${m.remediation}\nReferences: ${referencesText(policy)}`,
        markdown: `${m.rationale}\n\n**Remediation:** ${m.remediation}\n\n**References:** ${referencesText(policy)}\n\n**Packs:** ${packsText(policy)}`,
      },
      defaultConfiguration: { level: level === "mandatory" ? "error" : "warning" },
      properties: {
        tags: ["security", ...packsOf(policy)],
        "security-severity": severityScore[m.severity ?? "medium"],
        precision: "high",
        references: m.references,
      },
    };
  });
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const results: Result[] = findings(run).map((o) => ({
    ruleId: o.policyId,
    ruleIndex: ruleIndex.get(o.policyId)!,
    level: o.status === "violation" || o.status === "suppressed" ? (o.level === "mandatory" ? "error" : "warning") : o.status === "error" ? "error" : "note",
    kind: o.status === "cannot-evaluate" ? "review" : "fail",
    message: { text: `${o.message ?? o.policyId}${o.path ? ` (${o.path})` : ""}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: o.file.split("\\").join("/") }, ...(o.line ? { region: { startLine: o.line } } : {}) },
        logicalLocations: [{ fullyQualifiedName: o.address, kind: "resource" }],
      },
    ],
    partialFingerprints: { "edsFinding/v1": `${o.policyId}|${o.stack}|${o.address}|${o.path ?? ""}` },
    ...(o.suppression
      ? {
          suppressions: [
            {
              kind: "external",
              status: "accepted",
              justification: `${o.suppression.reason} (approved by ${o.suppression.approver}, until ${o.suppression.expires})`,
            },
          ],
        }
      : {}),
  }));
  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "eds-regional", semanticVersion: "0.1.0", rules } },
        automationDetails: { id: `eds-check/${automationId(context.subject)}` },
        // Files that could not be read, as the tool's own notifications: code scanning shows them beside the results.
        invocations: [
          {
            executionSuccessful: !context.inputProblems?.length,
            toolExecutionNotifications: (context.inputProblems ?? []).map(({ file, message }) => ({
              level: "error" as const,
              message: { text: `${file}: ${message}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: file.split("\\").join("/") } } }],
            })),
          },
        ],
        results: [],
      },
    ],
  };
  return indentedJson(log, ["runs", 0, "results"], results);
};
