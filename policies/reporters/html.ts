import { escapeHtml as esc } from "../../lib/html";
import type { Outcome, PolicyRun } from "../engine/run";
import { allPacks, packsOf } from "../packs/index";
import { type Answer, answerState } from "../answers";
import { type Coverage, controlTitle, type Pack, packControls } from "../packs/pack";
import { flowsSummary } from "../flows/report";
import type { ReportContext, Reporter } from "./report";
import {
  appliedSuppressions,
  inBatches,
  leftToTheirToolsSaid,
  locationText,
  notJudged,
  orderedFindings,
  samePlace,
  sourceText,
  summarize,
  unusedSuppressions,
} from "./report";

type Verdict = "fail" | "warn" | "suppressed" | "unknown" | "pass" | "idle";

/** What one outcome says of its policy; a policy's verdict is the worst of its outcomes' (idle when it has none). */
function verdictOfOutcome(o: Outcome): Verdict {
  if ((o.status === "violation" || o.status === "error") && o.level === "mandatory") return "fail";
  if (o.status === "violation" || o.status === "error") return "warn";
  if (o.status === "cannot-evaluate") return "unknown";
  if (o.status === "suppressed") return "suppressed";
  return "pass";
}

const verdictLabel: Record<Verdict, string> = {
  fail: "fails",
  warn: "advisory finding",
  suppressed: "passes with exception",
  unknown: "not evaluable",
  pass: "passes",
  idle: "nothing to check",
};

/** What one policy found: its verdict, the places it judged (as bits of the place numbers) and the exceptions applied. */
interface PolicySummary {
  verdict: Verdict;
  places: number;
  readonly checked: Uint32Array;
  readonly exceptions: Set<string>;
}

/**
 * Every policy's summary, in one pass over the outcomes (large inputs have hundreds of thousands). A place (stack and
 * address) gets a number: the run's order is stacks, then addresses, so a new place starts where the previous ends.
 * `placeOf` gives an outcome at each place, for showing it.
 */
function policySummaries(run: PolicyRun): { summaries: Map<string, PolicySummary>; placeOf: Outcome[] } {
  const placeOf: Outcome[] = [];
  for (const o of run.outcomes) {
    const previous = placeOf[placeOf.length - 1];
    if (!previous || !samePlace(previous, o)) placeOf.push(o);
  }
  const words = Math.ceil(placeOf.length / 32);
  const summaries = new Map(
    run.policies.map(({ policy }) => [
      policy.metadata.id,
      { verdict: "idle", places: 0, checked: new Uint32Array(words), exceptions: new Set() } as PolicySummary,
    ]),
  );
  const rank: Record<Verdict, number> = { idle: 0, pass: 1, suppressed: 2, unknown: 3, warn: 4, fail: 5 };
  let place = -1;
  let previous: Outcome | undefined;
  for (const o of run.outcomes) {
    if (!previous || !samePlace(previous, o)) place++;
    previous = o;
    const summary = summaries.get(o.policyId)!;
    const bit = 1 << (place & 31);
    if ((summary.checked[place >>> 5]! & bit) === 0) {
      summary.checked[place >>> 5]! |= bit;
      summary.places++;
    }
    const verdict = verdictOfOutcome(o);
    if (rank[verdict] > rank[summary.verdict]) summary.verdict = verdict;
    if (o.suppression)
      summary.exceptions.add(`${esc(o.address)}: ${esc(o.suppression.approver)}, until <span class="date">${esc(o.suppression.expires)}</span>`);
  }
  return { summaries, placeOf };
}

function matrix(run: PolicyRun, summaries: ReadonlyMap<string, PolicySummary>): string {
  const header = `<tr><th scope="col">policy</th><th scope="col">level</th><th scope="col">checked</th><th scope="col">result</th>${allPacks.map((p) => `<th scope="col" title="${esc(p.title)}">${esc(p.id)}</th>`).join("")}</tr>`;
  const rows = run.policies.map(({ policy, level }) => {
    const { verdict, places } = summaries.get(policy.metadata.id)!;
    const cells = allPacks.map((pack) => {
      const sections = policy.metadata.references.filter((r) => r.framework === pack.id);
      if (sections.length === 0) return "<td></td>";
      const cited = sections.map(
        (r) => `<span title="${esc(controlTitle(pack, r.section) ?? "")} (${r.confidence})">${esc(r.section)}${r.confidence === "verified" ? "" : "*"}</span>`,
      );
      return `<td class="${verdict}">${cited.join("<br>")}</td>`;
    });
    return `<tr><td><a href="#${esc(policy.metadata.id)}">${esc(policy.metadata.id)}</a><br><small>${esc(policy.metadata.title)}</small></td><td class="words">${level}</td><td>${places}</td><td class="words ${verdict}">${verdictLabel[verdict]}</td>${cells.join("")}</tr>`;
  });
  return `<table class="matrix">${header}${rows.join("")}</table><p><small>* reference from a secondary source or not verified in the primary text.</small></p>`;
}

function qualification(run: PolicyRun): string {
  const q = run.settings.qualification;
  const row = (what: string, reference: string | undefined, until: string | undefined) =>
    `<tr><td>${what}</td><td>${esc(reference ?? "not declared")}</td><td class="date ${until === undefined ? "unknown" : until < run.settings.today ? "fail" : "pass"}">${esc(until ?? "-")}</td></tr>`;
  return `<table><tr><th scope="col">evidence</th><th scope="col">reference</th><th scope="col">valid until</th></tr>${row("SecNumCloud qualification", q?.secNumCloud?.reference, q?.secNumCloud?.validUntil)}${row("HDS certificate", q?.hds?.certificate, q?.hds?.validUntil)}<tr><td>qualified regions</td><td colspan="2">${esc(run.settings.qualifiedRegions.join(", ") || "not declared")}</td></tr></table>`;
}

/** One row per finding: the longest part of a large run's report, written a batch of rows at a time. */
function* findingsTable(run: PolicyRun): Generator<string> {
  const findings = orderedFindings(run);
  if (findings.length === 0) {
    yield "<p>No finding.</p>";
    return;
  }
  yield '<table><tr><th scope="col">level</th><th scope="col">policy</th><th scope="col">evidence</th><th scope="col">finding</th></tr>';
  yield* inBatches(
    findings,
    (o) =>
      `<tr class="${o.status === "violation" ? (o.level === "mandatory" ? "fail" : "warn") : o.status === "suppressed" ? "suppressed" : o.status === "error" ? "fail" : "unknown"}"><td class="words">${o.status === "violation" ? o.level : o.status}</td><td><a href="#${esc(o.policyId)}">${esc(o.policyId)}</a></td><td><code>${esc(locationText(o))}</code><br><small>${esc(o.stack)} · ${esc(sourceText(o))}</small></td><td>${esc(o.message ?? "")}</td></tr>`,
  );
  yield "</table>";
}

function exceptions(run: PolicyRun): string {
  const applied = appliedSuppressions(run);
  const unused = unusedSuppressions(run);
  const unusedText =
    unused.length === 0
      ? ""
      : `<p class="warn">Exceptions that matched nothing in what was checked (remove them, or correct their resource): ${unused.map((s) => `<code>${esc(s.policy)}</code> on <code>${esc(s.resource)}</code>${s.location ? ` (${esc(s.location)})` : ""}`).join("; ")}</p>`;
  if (applied.length === 0) return `<p>No exception applied.</p>${unusedText}`;
  return `${unusedText}<table><tr><th scope="col">policy</th><th scope="col">resources</th><th scope="col">reason</th><th scope="col">approver</th><th scope="col">expires</th><th scope="col">written at</th></tr>${applied
    .map(
      ({ suppression: s, addresses }) =>
        `<tr><td>${esc(s.policy)}</td><td>${addresses.map((a) => `<code>${esc(a)}</code>`).join("<br>")}</td><td>${esc(s.reason)}</td><td>${esc(s.approver)}</td><td class="date">${esc(s.expires)}</td><td>${esc(s.location ?? "")}</td></tr>`,
    )
    .join("")}</table>`;
}

/** What no policy judged, each with why a pass says nothing of it. */
const notJudgedSections = (run: PolicyRun): string =>
  notJudged(run)
    .map(
      (note) =>
        `<h2>${esc(note.title)}</h2><p class="warn">${esc(note.why)}</p><ul>${note.entries.map((entry) => `<li><code>${esc(entry.stack)}</code>${entry.names.length ? `: ${entry.names.map((name) => `<code>${esc(name)}</code>`).join(", ")}` : ""}</li>`).join("")}</ul>`,
    )
    .join("\n");

/** An anchor for a control, so policies and controls link both ways. */
const controlAnchor = (pack: string, section: string): string => `control-${pack}-${section.replace(/[^A-Za-z0-9]+/g, "-")}`;

const coverageLabel: Record<Coverage, string> = { automated: "automated", partial: "partly automated", manual: "manual", "out-of-scope": "out of scope" };

/**
 * The auditor's framework view: per framework, every control that bears on the warehouse, how it is covered, its
 * status on this run (policies' verdicts, exceptions, manual answers and their age), the resources checked and the
 * exceptions with approver and expiry.
 */
function frameworks(run: PolicyRun, answers: readonly Answer[], { summaries, placeOf }: ReturnType<typeof policySummaries>): string {
  const today = run.settings.today;
  // A check is made in one region: its answer says nothing of another region's controls. A control is answered when
  // every region of the run has answered it.
  const regions = [...new Set(run.contexts.flatMap((settings) => settings.region ?? []))];
  const words = Math.ceil(placeOf.length / 32);
  const precedence: readonly Verdict[] = ["fail", "warn", "unknown", "suppressed", "pass", "idle"];
  const section = (pack: Pack) => {
    const rows = packControls(
      pack,
      run.policies.map(({ policy }) => policy),
    ).map((control) => {
      const found = control.policies.map((policy) => summaries.get(policy.metadata.id)!);
      const latest = regions.flatMap(
        (region) =>
          answers
            .filter((a) => a.region === region && a.framework === pack.id && a.control === control.section)
            .sort((a, b) => (a.date < b.date ? 1 : -1))[0] ?? [],
      );
      const unanswered = regions.filter((region) => !latest.some((a) => a.region === region));
      const stale = latest.some((a) => answerState(a, today) === "stale");
      // The control's answer: one per region of the run, none while a region has not answered.
      const answer = latest.length > 0 && unanswered.length === 0;
      const answerText = latest
        .map(
          (a) =>
            `${regions.length > 1 ? `<b>${esc(a.region)}</b>: ` : ""}${esc(a.answeredBy)}, <span class="date">${esc(a.date)}</span>${answerState(a, today) === "stale" ? " <b>(stale: over a year old)</b>" : ""}: ${esc(a.statement)} <small>(evidence: ${esc(a.evidence)})</small>`,
        )
        .join("<br>");
      const missing = latest.length > 0 ? ` in ${unanswered.join(", ")}` : "";
      const automated = precedence.find((verdict) => found.some((summary) => summary.verdict === verdict)) ?? "idle";
      const [css, status] =
        control.coverage === "out-of-scope"
          ? ["idle", `not applicable: ${control.detail?.why ?? ""}`]
          : control.coverage === "manual"
            ? answer
              ? [stale ? "warn" : "pass", stale ? "answer stale" : "answered"]
              : ["unknown", `unanswered${missing}: ${control.detail?.answeredBy ?? ""} to check`]
            : control.coverage === "partial" && !answer
              ? [automated === "pass" ? "unknown" : automated, `${verdictLabel[automated]}; manual part unanswered`]
              : [automated, verdictLabel[automated]];
      const checked = new Uint32Array(words);
      for (const summary of found) for (let i = 0; i < words; i++) checked[i]! |= summary.checked[i]!;
      const resources: string[] = [];
      let count = 0;
      for (let i = 0; i < words; i++)
        for (let bits = checked[i]!; bits !== 0; bits &= bits - 1) {
          count++;
          if (resources.length < 5) {
            const o = placeOf[i * 32 + 31 - Math.clz32(bits & -bits)]!;
            resources.push(`<code>${esc(`${o.stack}: ${o.address}`)}</code> <small>(${esc(sourceText(o))})</small>`);
          }
        }
      const shownResources = resources.join("<br>") + (count > 5 ? `<br>and ${count - 5} more (see the findings and the JSON report)` : "");
      const exceptionsText = [...new Set(found.flatMap((summary) => [...summary.exceptions]))].join("<br>");
      const procedure = control.detail?.procedure ? `<br><small>${esc(control.detail.answeredBy ?? "")}: ${esc(control.detail.procedure)}</small>` : "";
      const confidence =
        control.detail?.confidence ??
        control.policies.flatMap((p) => p.metadata.references).find((r) => r.framework === pack.id && r.section === control.section)?.confidence ??
        "verified";
      return `<tr id="${controlAnchor(pack.id, control.section)}"><th scope="row">${esc(control.section)}${confidence === "verified" ? "" : `<br><small>(${confidence})</small>`}</th><td>${esc(control.title)}${procedure}</td><td class="words">${coverageLabel[control.coverage]}</td><td class="${css}">${esc(status)}</td><td class="ids">${control.policies.map((p) => `<a href="#${esc(p.metadata.id)}">${esc(p.metadata.id)}</a>`).join("<br>")}</td><td class="resources">${shownResources}</td><td>${exceptionsText}</td><td>${answerText}</td></tr>`;
    });
    return `<section><h3>${esc(pack.title)} <small>(${esc(pack.version)})</small></h3><table><thead><tr><th scope="col">control</th><th scope="col">requirement</th><th scope="col">coverage</th><th scope="col">status</th><th scope="col">policies</th><th scope="col">resources checked</th><th scope="col">exceptions</th><th scope="col">manual answer</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
  };
  const note =
    regions.length === 0 && answers.length > 0
      ? "<p>This check names no region (its input carries no policy context): the manual answers, each a region's, are not shown.</p>\n"
      : "";
  return note + allPacks.map(section).join("\n");
}

function catalogue(run: PolicyRun): string {
  return run.policies
    .map(({ policy, level }) => {
      const m = policy.metadata;
      const refs = m.references.map(
        (r) =>
          `<li><a href="#${controlAnchor(r.framework, r.section)}">${esc(r.framework)} ${esc(r.section)}</a>: ${esc(controlTitle(allPacks.find((p) => p.id === r.framework)!, r.section) ?? "")} <small>(${r.confidence})</small></li>`,
      );
      return `<section id="${esc(m.id)}"><h3>${esc(m.id)}: ${esc(m.title)}</h3><p>${esc(m.description)}</p><p><b>Why:</b> ${esc(m.rationale)}</p><p><b>Fix:</b> ${esc(m.remediation)}</p><p><b>Level:</b> ${level} · <b>severity:</b> ${m.severity} · <b>packs:</b> ${esc(packsOf(policy).join(", "))} · <b>unknown values:</b> ${m.onUnknown}</p><ul>${refs.join("")}</ul></section>`;
    })
    .join("\n");
}

/** Who reaches whom: per region, the verdict on each needed and forbidden flow, the matrix, and the diagram. */
function flowsSection(flows: NonNullable<ReportContext["flows"]>): string {
  const rows = (region: (typeof flows)[number]) =>
    region.analysis.verdicts
      .map((v) => {
        const css = v.status === "violated" ? "fail" : v.status === "holds" ? "pass" : "unknown";
        const port = v.requirement.port === undefined ? "any" : `${v.requirement.protocol ?? "TCP"} ${v.requirement.port}`;
        const refs = (v.requirement.references ?? []).map((r) => `${r.framework} ${r.section}`).join(", ");
        return `<tr class="${css}"><td class="words">${v.status === "holds" ? "ok" : esc(v.status)}</td><td class="words">${v.requirement.expect === "possible" ? "needed" : "forbidden"}</td><td><code>${esc(v.requirement.id)}</code></td><td>${esc(v.requirement.from.name)} → ${esc(v.requirement.to.name)}</td><td>${esc(port)}</td><td>${esc(v.requirement.why)}${refs ? ` (${esc(refs)})` : ""}</td><td>${esc(v.detail)}</td></tr>`;
      })
      .join("");
  return `<h2>Flows</h2>${flows
    .map(
      (region) => `<section><h3>${esc(flowsSummary(region))}</h3>
<table><thead><tr><th scope="col">verdict</th><th scope="col">kind</th><th scope="col">flow</th><th scope="col">from → to</th><th scope="col">port</th><th scope="col">why</th><th scope="col">evidence</th></tr></thead><tbody>${rows(region)}</tbody></table>
<table><thead><tr><th scope="col">from</th><th scope="col">to</th><th scope="col">ports</th></tr></thead><tbody>${region.analysis.matrix.map((m) => `<tr><td>${esc(m.from)}</td><td>${esc(m.to)}</td><td>${esc(m.ports)}</td></tr>`).join("")}</tbody></table>
<figure>${region.diagram.slice(region.diagram.indexOf("<svg"))}<figcaption>The zones and allowed flows of ${esc(region.subject)}</figcaption></figure></section>`,
    )
    .join("\n")}`;
}

const style = `body{font-family:system-ui,sans-serif;margin:2rem;max-width:1400px;color:#1b1b1b}table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;font-size:.9rem}td{overflow-wrap:anywhere;min-width:3em}td.ids,td.words{overflow-wrap:normal}td.resources{min-width:12em}th{overflow-wrap:normal;hyphens:auto}table{table-layout:auto;max-width:100%}svg{max-width:100%;height:auto}.date{white-space:nowrap;overflow-wrap:normal}th{background:#f0f0f0}.fail{background:#fbd5d5}.warn{background:#fdf0c4}.suppressed{background:#dde7f7}.unknown{background:#eee}.pass{background:#d7f2dc}.idle{background:#fafafa;color:#555}code{font-size:.85rem}section{border-top:1px solid #ddd;padding-top:.5rem}`;

/** The auditor's report: verdict, provider evidence, control × framework matrix, findings, exceptions, catalogue. */
export const htmlReporter: Reporter = function* (run, context) {
  const summary = summarize(run, context);
  const policies = policySummaries(run);
  yield `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>EDS Régional compliance report: ${esc(context.subject)}</title><style>${style}</style></head>
<body>
<h1>EDS Régional compliance report</h1>
<p><b>Subject:</b> ${esc(context.subject)} · <b>date:</b> ${esc(run.settings.today)} · <b>commit:</b> ${esc(context.commit ?? "unknown")} · <b>configurations:</b> ${esc(run.configurations.map((c) => c.stack).join(", "))}</p>
<p class="${summary.passed ? "pass" : "fail"}"><b>${esc(summary.result)}</b>: ${summary.policies} policies on ${summary.resources} resources; ${summary.violations.mandatory} mandatory violation(s), ${summary.violations.advisory} advisory, ${summary.suppressed} suppressed, ${summary.cannotEvaluate} not evaluable, ${summary.errors} error(s)${esc(leftToTheirToolsSaid(summary))}.</p>
<h2>Provider qualification</h2>
${qualification(run)}
<h2>Frameworks</h2>
${frameworks(run, context.answers ?? [], policies)}
<h2>Controls × frameworks</h2>
${matrix(run, policies.summaries)}
<h2>Findings</h2>
`;
  yield* findingsTable(run);
  yield `
<h2>Exceptions</h2>
${exceptions(run)}
${notJudgedSections(run)}
${context.inputProblems?.length ? `<h2>Input problems</h2><p class="fail">Everything else was checked.</p><ul>${context.inputProblems.map((problem) => `<li><code>${esc(sourceText(problem))}</code>: ${esc(problem.message)}</li>`).join("")}</ul>` : ""}
${context.flows ? flowsSection(context.flows) : ""}
<h2>Policies</h2>
${catalogue(run)}
</body></html>
`;
};
