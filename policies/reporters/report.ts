import type { Answer } from "../answers";
import type { RegionFlows } from "../flows/report";
import type { InputProblem } from "../engine/model";
import type { PolicyRun, Outcome } from "../engine/run";
import { findings } from "../engine/run";
import type { EdsPolicy } from "../engine/policy";
import { packsOf } from "../packs/index";
import type { Suppression } from "../settings";
import { printable } from "../../lib/printable";
import { groupedBy } from "../../lib/groups";

/** What reporters know besides the run itself. Nothing here may change between two runs on the same input and day. */
export interface ReportContext {
  /** What was checked, for titles: the region or the paths given. */
  readonly subject: string;
  /** Git commit of the checked configuration, when known. */
  readonly commit?: string;
  /** The flow analysis of the same configurations, with each region's diagram (SVG), for the reports that show it. */
  readonly flows?: readonly (RegionFlows & { readonly diagram: string })[];
  /** Manual answers to the controls a person answers for (compliance/answers.yaml), for the framework view. */
  readonly answers?: readonly Answer[];
  /** Files that could not be read or parsed: everything else was checked. */
  readonly inputProblems?: readonly InputProblem[];
}

/**
 * A reporter turns one run into one document, given in pieces as it is written: a large input's report goes to its file
 * piece by piece, never whole in memory (V8 refuses a string over 2^29 characters). Adding a format never touches the
 * engine.
 */
export type Reporter = (run: PolicyRun, context: ReportContext) => Iterable<string>;

/** The whole document, for the callers that want it at once (small runs, tests). */
export const reportText = (reporter: Reporter, run: PolicyRun, context: ReportContext): string => [...reporter(run, context)].join("");

/** Pieces of a few thousand lines each, so that writing a large document costs a few hundred writes, not a million. */
export function* inBatches<T>(items: Iterable<T>, line: (item: T) => string, size = 2000): Generator<string> {
  let batch: string[] = [];
  for (const item of items) {
    batch.push(line(item));
    if (batch.length === size) {
      yield batch.join("");
      batch = [];
    }
  }
  if (batch.length > 0) yield batch.join("");
}

/**
 * `JSON.stringify(document, null, 2)` and a newline, byte for byte, with the array at `path` (its value in `document`
 * is left aside) written from `items` a batch at a time.
 */
export function* indentedJson(document: object, path: readonly [...(string | number)[], string], items: readonly unknown[]): Generator<string> {
  const marker = JSON.stringify("\u0000eds-streamed-array\u0000");
  const key = path[path.length - 1] as string;
  let holder = document as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) holder = holder[step] as Record<string | number, unknown>;
  const text = JSON.stringify(
    document,
    function (this: unknown, name, value) {
      return this === holder && name === key ? JSON.parse(marker) : value;
    },
    2,
  );
  // Found as structure: inside a string value, its quotes would be escaped.
  const at = text.indexOf(`${JSON.stringify(key)}: ${marker}`) + JSON.stringify(key).length + 2;
  const indent = /^ */.exec(text.slice(text.lastIndexOf("\n", at) + 1))![0];
  yield text.slice(0, at);
  if (items.length === 0) yield "[]";
  else {
    const inner = `\n${indent}  `;
    yield "[";
    yield* inBatches(items.keys(), (i) => `${i === 0 ? "" : ","}${inner}${JSON.stringify(items[i], null, 2).replaceAll("\n", inner)}`);
    yield `\n${indent}]`;
  }
  yield `${text.slice(at + marker.length)}\n`;
}

export interface Summary {
  readonly resources: number;
  readonly policies: number;
  readonly compliant: number;
  readonly violations: { readonly mandatory: number; readonly advisory: number };
  readonly suppressed: number;
  readonly cannotEvaluate: number;
  readonly errors: number;
  /** Files that could not be read: the check exits with 2, whatever the policies found in the others. */
  readonly inputProblems: number;
  /** What was left to another tool (a chart, a Kustomize folder, a template): named in the report, judged by no policy. */
  readonly leftToTheirTools: number;
  /** As the exit code: no mandatory violation or error, and every file read. */
  readonly passed: boolean;
  /** The verdict in words, for the reports' first or last line. */
  readonly result: string;
}

export function summarize(run: PolicyRun, context: Pick<ReportContext, "inputProblems"> = {}): Summary {
  const counts = { compliant: 0, mandatory: 0, advisory: 0, suppressed: 0, cannotEvaluate: 0, errors: 0, mandatoryErrors: 0 };
  // One pass: a large input has hundreds of thousands of outcomes.
  for (const o of run.outcomes) {
    if (o.status === "compliant") counts.compliant++;
    else if (o.status === "violation") counts[o.level]++;
    else if (o.status === "suppressed") counts.suppressed++;
    else if (o.status === "cannot-evaluate") counts.cannotEvaluate++;
    else {
      counts.errors++;
      if (o.level === "mandatory") counts.mandatoryErrors++;
    }
  }
  // What failsRun says, from the same pass.
  const fails = counts.mandatory + counts.mandatoryErrors > 0;
  return {
    resources: run.configurations.reduce((n, c) => n + c.resourceCount, 0),
    policies: run.policies.length,
    compliant: counts.compliant,
    violations: { mandatory: counts.mandatory, advisory: counts.advisory },
    suppressed: counts.suppressed,
    cannotEvaluate: counts.cannotEvaluate,
    errors: counts.errors,
    inputProblems: context.inputProblems?.length ?? 0,
    leftToTheirTools: run.configurations.reduce((n, c) => n + (c.leftToTheirTools?.length ?? 0), 0),
    passed: !fails && !context.inputProblems?.length,
    result: fails ? "FAIL (a mandatory policy is violated)" : context.inputProblems?.length ? "FAIL (some input could not be checked)" : "PASS",
  };
}

/** The findings, mandatory first, then advisory; each group in the run's (stable) order. */
export function orderedFindings(run: PolicyRun): Outcome[] {
  const rank = (o: Outcome) =>
    o.status === "error" ? 0 : o.status === "violation" ? (o.level === "mandatory" ? 1 : 2) : o.status === "cannot-evaluate" ? 3 : 4;
  // Array.prototype.sort is stable (ECMAScript 2019): equal ranks keep the run's order.
  return findings(run).sort((a, b) => rank(a) - rank(b));
}

/**
 * Whether two outcomes are at the same place (stack and address). The run's order is stacks, then addresses, so the
 * outcomes of one place are neighbours and a new place starts where this turns false.
 */
export const samePlace = (a: Outcome, b: Outcome): boolean => a.address === b.address && a.stack === b.stack;

/** The policy behind an outcome. */
export function policyOf(run: PolicyRun, id: string): EdsPolicy {
  const entry = run.policies.find((p) => p.policy.metadata.id === id);
  if (!entry) throw new Error(`no policy ${id} in this run`);
  return entry.policy;
}

/** "secnumcloud-3.2 13.2.e; anssi PA-022 R16" */
export const referencesText = (policy: EdsPolicy): string =>
  policy.metadata.references.map((r) => `${r.framework} ${r.section}${r.confidence === "verified" ? "" : ` (${r.confidence})`}`).join("; ");

export const packsText = (policy: EdsPolicy): string => packsOf(policy).join(", ");

/** Where an outcome is: file, then address and attribute path. */
export const locationText = (o: Outcome): string => printable(`${o.address}${o.path ? ` ${o.path}` : ""}`);

/** The file, and the line of the block when known: file.tf:12. */
export const sourceText = (o: Pick<Outcome, "file" | "line">): string => printable(`${o.file}${o.line ? `:${o.line}` : ""}`);

/** An input problem on one line: file.tf:12: what is wrong. */
export const problemText = (problem: InputProblem): string => `${sourceText(problem)}: ${problem.message}`;

/** Suppressions that silenced at least one finding, each once. */
export function appliedSuppressions(run: PolicyRun) {
  const seen = new Map<string, { suppression: NonNullable<Outcome["suppression"]>; addresses: string[] }>();
  for (const outcome of run.outcomes) {
    if (!outcome.suppression) continue;
    const key = `${outcome.suppression.policy} ${outcome.suppression.resource} ${outcome.suppression.location ?? ""}`;
    const entry = seen.get(key) ?? { suppression: outcome.suppression, addresses: [] };
    if (!entry.addresses.includes(outcome.address)) entry.addresses.push(outcome.address);
    seen.set(key, entry);
  }
  return [...seen.values()];
}

/**
 * Exceptions that silenced nothing in what was checked: a resource renamed, a typo in the glob, or a finding fixed
 * since. They should go, or be corrected, before they silence something else.
 */
export function unusedSuppressions(run: PolicyRun): Suppression[] {
  const keyOf = (s: Suppression) => `${s.policy} ${s.resource} ${s.location ?? ""}`;
  const used = new Set(appliedSuppressions(run).map(({ suppression }) => keyOf(suppression)));
  const declared = new Map(run.contexts.flatMap((settings) => settings.suppressions).map((s) => [keyOf(s), s]));
  return [...declared.values()].filter((s) => !used.has(keyOf(s)));
}

/** A part of what was checked that no policy judged, by configuration: a pass says nothing of it. */
export interface NotJudged {
  readonly id:
    | "module-alone"
    | "namespaces-not-declared"
    | "left-to-their-tools"
    | "charts-not-rendered"
    | "objects-known-at-apply"
    | "left-out-by-count"
    | "variables-given-no-value"
    | "files-not-here"
    | "evaluations-failing";
  /** What it is, as a heading: "Namespaces used but not declared here". */
  readonly title: string;
  /** Why it matters, as a sentence. */
  readonly why: string;
  /** Each configuration concerned, with what it names (namespaces; nothing for a module judged alone). */
  readonly entries: readonly { readonly stack: string; readonly names: readonly string[] }[];
}

/** The summary's words for what was left to other tools, after its counts: nothing when nothing was. */
export const leftToTheirToolsSaid = ({ leftToTheirTools }: Pick<Summary, "leftToTheirTools">): string =>
  leftToTheirTools === 0 ? "" : `; ${leftToTheirTools} source(s) of other tools not judged (listed above: check what they render)`;

/** What the run left unjudged, in the same words in every format. */
export function notJudged(run: PolicyRun): NotJudged[] {
  type Configuration = PolicyRun["configurations"][number];
  /** Each configuration that names something unjudged, with what it names. */
  const entries = (names: (c: Configuration) => readonly string[] | undefined) =>
    run.configurations.flatMap((c) => {
      const named = names(c);
      return named?.length ? [{ stack: c.stack, names: named }] : [];
    });
  const modulesAlone = run.configurations.filter((c) => c.moduleAlone).map((c) => ({ stack: c.stack, names: [] }));
  const namespaces = entries((c) => c.namespacesNotDeclared);
  // The files of one kind (ytt templates, files SOPS encrypts) are named together, the note once after them.
  const sources = entries(
    (c) =>
      c.leftToTheirTools &&
      [...groupedBy(c.leftToTheirTools, ({ message }) => message)].map(([message, files]) => `${files.map(({ file }) => file).join(", ")} (${message})`),
  );
  const charts = entries((c) => c.chartsNotRendered);
  const unknownObjects = entries((c) => c.objectsKnownAtApply);
  const leftOut = entries((c) => c.leftOutByCount);
  const givenNoValue = entries((c) => c.variablesGivenNoValue);
  const filesNotHere = entries((c) => c.filesNotHere);
  const failing = entries((c) => c.evaluationFailures);
  const notes: NotJudged[] = [
    {
      id: "module-alone",
      title: "Modules judged alone",
      why: "No backend, state encryption, provider, variable file Terraform reads in its working directory (terraform.tfvars, *.auto.tfvars) or dependency lock file (but the one terraform init writes for a module's own tests), or an output declared ephemeral, which only a module another calls may give, or a Terragrunt unit's, whose backend Terragrunt writes: where their state lives is their callers' choice, not judged here.",
      entries: modulesAlone,
    },
    {
      id: "namespaces-not-declared",
      title: "Namespaces used but not declared here",
      why: "Their Pod Security labels and NetworkPolicies were not judged.",
      entries: namespaces,
    },
    {
      id: "left-to-their-tools",
      title: "Sources of other tools, and files that could not be used",
      why: "What they render was not judged: check it with the command each names.",
      entries: sources,
    },
    {
      id: "charts-not-rendered",
      title: "Charts installed, not rendered",
      why: "The objects their templates make were not judged, only the values each chart is given: render each with its version, values and namespace, and check what it makes with helm template <release> <chart> --version <version> -f <values> --namespace <namespace> | eds check - --namespace <namespace>.",
      entries: charts,
    },
    {
      id: "objects-known-at-apply",
      title: "Objects whose manifest is not known here",
      why: "Nor is their kind, so no Kubernetes policy judged them; each finding at them says what they wait on (values known only at apply, data sources Terraform reads at plan, variables given no value). A plan (terraform show -json) holds them rendered.",
      entries: unknownObjects,
    },
    {
      id: "left-out-by-count",
      title: "Blocks the values given leave out",
      why: "Their count, for_each or lifecycle.enabled makes no instance with the variables given: Terraform creates none of them, and no policy judged them; give the values a deployment uses (--var-file) to judge them.",
      entries: leftOut,
    },
    {
      id: "variables-given-no-value",
      title: "Variables given no value",
      why: "No default, tfvars file, --var, --var-file or TF_VAR_ sets them, and terraform plan would ask for them: what depends on them was not evaluable here; give the values a deployment uses (--var-file) to judge it.",
      entries: givenNoValue,
    },
    {
      id: "files-not-here",
      title: "Files read that are not here",
      why: "The configuration's functions read them (file, templatefile...) and they do not exist: terraform plan stops on each (no file exists at the path); what depends on them was not evaluable here. Write them, as a deployment would, to judge it.",
      entries: filesNotHere,
    },
    {
      id: "evaluations-failing",
      title: "Values whose evaluation fails here",
      why: "Evaluating them fails with the values given here (a key a map lacks, a function refusing its argument): terraform plan stops on such an error; what depends on them was not evaluable here. Give the values a deployment uses (--var-file), or correct them, to judge it.",
      entries: failing,
    },
  ];
  return notes.filter((note) => note.entries.length > 0);
}

/** One entry of a NotJudged as a line: `stack: a, b`, or the stack alone. */
export const notJudgedEntryText = (entry: NotJudged["entries"][number]): string =>
  entry.names.length ? `${entry.stack}: ${entry.names.join(", ")}` : entry.stack;
