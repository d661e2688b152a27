import { existsSync } from "node:fs";
import { dirname, join, normalize, resolve, sep } from "node:path";
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { InputProblem } from "../engine/model";
import type { Reporter } from "./report";
import { indentedJson, notJudged, notJudgedEntryText, packsText, problemText, referencesText } from "./report";
import { packsOf } from "../packs/index";
import { findings } from "../engine/run";
import { standardInput } from "../inputs/kubernetes-yaml";
import { pathWithin } from "../../lib/paths";

const severityScore = { low: "3.0", medium: "5.5", high: "8.0", critical: "9.5" } as const;

/** The repository the check runs in: the closest folder up from the working directory that holds `.git`. */
function repositoryRoot(): string | undefined {
  for (let folder = process.cwd(); ; folder = dirname(folder)) {
    if (existsSync(join(folder, ".git"))) return folder;
    if (dirname(folder) === folder) return undefined;
  }
}

/**
 * Where a file is, as code scanning finds it: a path from the repository's root (`%SRCROOT%`, the checkout), whatever
 * folder the check ran from and however the path was given; outside a repository, the path as given.
 */
function artifactOf(file: string, root: string | undefined): { uri: string; uriBaseId?: string } {
  const fromRoot = root === undefined ? undefined : pathWithin(root, resolve(file));
  return fromRoot ? { uri: fromRoot.split(sep).join("/"), uriBaseId: "%SRCROOT%" } : { uri: file.split("\\").join("/") };
}

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

/** The rule under which the files the check could not read are reported: code scanning reads results, not notifications. */
const inputRule: ReportingDescriptor = {
  id: "eds-input",
  name: "EdsInput",
  shortDescription: { text: "Every file given to the check is read" },
  fullDescription: { text: "A file the check could not read or parse: nothing in it was judged." },
  help: { text: "Fix the file (or leave it out of the paths checked): the check exits with 2 until it is read." },
  defaultConfiguration: { level: "error" },
  properties: { tags: ["correctness"], precision: "high" },
};

/**
 * SARIF 2.1.0 for code scanning, which turns every result into an alert and reads neither `kind` nor `suppressions`
 * (docs.github.com, "SARIF support for code scanning"): one rule per policy, and one result per finding that fails
 * or warns: mandatory violations as errors, advisory ones as warnings, errors of a policy, and the files the check
 * could not read. Findings under an approved exception and values not evaluable (without --strict) are in the other
 * formats, not here, where they would open alerts that fail the check while the exit code passes. Only mandatory
 * policies carry a security severity, which code scanning turns into High or Critical, a failed check by default.
 */
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
        ...(level === "mandatory" ? { "security-severity": severityScore[m.severity ?? "medium"] } : {}),
        precision: "high",
        references: m.references,
      },
    };
  });
  rules.push(inputRule);
  const root = repositoryRoot();
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const results: Result[] = findings(run)
    .filter((o) => o.status === "violation" || o.status === "error")
    .map((o) => ({
      ruleId: o.policyId,
      ruleIndex: ruleIndex.get(o.policyId)!,
      level: o.status === "violation" && o.level !== "mandatory" ? "warning" : "error",
      kind: "fail",
      message: { text: `${o.message ?? o.policyId}${o.path ? ` (${o.path})` : ""}` },
      locations: [
        {
          // What the standard input held is in no file: the finding names its object only.
          ...(o.file === standardInput
            ? {}
            : { physicalLocation: { artifactLocation: artifactOf(o.file, root), ...(o.line ? { region: { startLine: o.line } } : {}) } }),
          logicalLocations: [{ fullyQualifiedName: o.address, kind: "resource" }],
        },
      ],
      partialFingerprints: { "edsFinding/v1": `${o.policyId}|${o.stack}|${o.address}|${o.path ?? ""}` },
    }));
  const problemLocations = ({ file, line }: InputProblem) =>
    file === standardInput ? [] : [{ physicalLocation: { artifactLocation: artifactOf(file, root), ...(line ? { region: { startLine: line } } : {}) } }];
  for (const problem of context.inputProblems ?? [])
    results.push({
      ruleId: inputRule.id,
      ruleIndex: ruleIndex.get(inputRule.id)!,
      level: "error",
      kind: "fail",
      message: { text: problem.message },
      locations: problemLocations(problem),
    });
  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "eds-regional", semanticVersion: "0.1.0", rules } },
        // Code scanning reads what comes before the last "/" as the analysis's category: one per input checked.
        automationDetails: { id: `eds-check/${automationId(context.subject)}/` },
        // Files that could not be read, as the tool's own notifications: code scanning shows them beside the results.
        invocations: [
          {
            executionSuccessful: !context.inputProblems?.length,
            toolExecutionNotifications: [
              ...(context.inputProblems ?? []).map((problem) => ({
                level: "error" as const,
                message: { text: problemText(problem) },
                locations: problemLocations(problem),
              })),
              // What no policy judged, as notes: a run with no result says nothing of it.
              ...notJudged(run).map((note) => ({
                level: "note" as const,
                descriptor: { id: note.id },
                message: { text: `${note.title}: ${note.entries.map(notJudgedEntryText).join("; ")}. ${note.why}` },
              })),
            ],
          },
        ],
        results: [],
      },
    ],
  };
  return indentedJson(log, ["runs", 0, "results"], results);
};
