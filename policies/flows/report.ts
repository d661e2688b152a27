import type { FlowAnalysis, FlowVerdict } from "./analyse";
import type { Endpoint } from "./requirements";
import { groupedBy } from "../../lib/groups";

/** The analysis of one region (or of one configuration given without context). */
export interface RegionFlows {
  readonly subject: string;
  readonly analysis: FlowAnalysis;
}

export const flowFormats = ["text", "json", "markdown", "svg"] as const;
export type FlowFormat = (typeof flowFormats)[number];

/**
 * Why an input has no flow to judge: a pass would say nothing. The flows needed come from a region's synthesized output
 * (its zones, roles and intended flows), the forbidden ones from its roles and from OpenStack security groups.
 */
const nothingToCheck =
  "no flow is needed or forbidden here: give a region's synthesized output (cdktf.out, its stack folders), or Terraform with security groups that have members";

/** The regions with no flow to judge: each is an input problem, not a pass. */
export const withNothingToCheck = (regions: readonly RegionFlows[]): RegionFlows[] => regions.filter(({ analysis }) => analysis.verdicts.length === 0);

export const flowsFail = (regions: readonly RegionFlows[]): boolean =>
  regions.some(({ analysis }) => analysis.verdicts.some((verdict) => verdict.status === "violated"));

const statusWord = { holds: "ok", violated: "VIOLATED", "not-evaluable": "unknown" } as const;
const expectWord = { possible: "needed", impossible: "forbidden" } as const;

const portText = (verdict: FlowVerdict): string =>
  verdict.requirement.port === undefined ? "any port" : `${verdict.requirement.protocol ?? "TCP"} ${verdict.requirement.port}`;

function counts(analysis: FlowAnalysis) {
  const of = (expect: "possible" | "impossible", status: FlowVerdict["status"]) =>
    analysis.verdicts.filter((v) => v.requirement.expect === expect && v.status === status).length;
  return {
    needed: { ok: of("possible", "holds"), violated: of("possible", "violated"), unknown: of("possible", "not-evaluable") },
    forbidden: { ok: of("impossible", "holds"), violated: of("impossible", "violated"), unknown: of("impossible", "not-evaluable") },
  };
}

/** One line per region: how many needed flows are possible and forbidden flows impossible. */
export function flowsSummary({ subject, analysis }: RegionFlows): string {
  if (analysis.verdicts.length === 0) return `flows ${subject}: nothing to check (${nothingToCheck})`;
  const { needed, forbidden } = counts(analysis);
  const failed = needed.violated + forbidden.violated > 0;
  return `flows ${subject}: ${failed ? "FAIL" : "pass"} (${needed.ok} of ${needed.ok + needed.violated + needed.unknown} needed flows possible, ${forbidden.ok} of ${forbidden.ok + forbidden.violated + forbidden.unknown} forbidden flows impossible${needed.unknown + forbidden.unknown ? `, ${needed.unknown + forbidden.unknown} not evaluable` : ""})`;
}

export function flowsText(regions: readonly RegionFlows[], options: { all?: boolean } = {}): string {
  return regions
    .map((region) => {
      const shown = region.analysis.verdicts.filter((verdict) => options.all || verdict.status !== "holds");
      const lines = shown.map(
        (v) =>
          `${statusWord[v.status].padEnd(9)} ${expectWord[v.requirement.expect].padEnd(9)} ${v.requirement.id}: ${v.requirement.from.name} → ${v.requirement.to.name}, ${portText(v)}\n          ${v.detail}`,
      );
      return [...lines, flowsSummary(region)].join("\n");
    })
    .join("\n\n");
}

export function flowsJson(regions: readonly RegionFlows[]): string {
  return `${JSON.stringify(
    regions.map(({ subject, analysis }) => ({
      subject,
      verdicts: analysis.verdicts.map((v) => ({
        id: v.requirement.id,
        expect: v.requirement.expect,
        status: v.status,
        from: v.requirement.from.name,
        to: v.requirement.to.name,
        port: v.requirement.port ?? null,
        protocol: v.requirement.protocol ?? "TCP",
        why: v.requirement.why,
        references: (v.requirement.references ?? []).map((r) => `${r.framework} ${r.section}`),
        detail: v.detail,
      })),
      matrix: analysis.matrix,
    })),
    null,
    2,
  )}\n`;
}

const cell = (text: string): string => text.replace(/\|/g, "\\|");

export function flowsMarkdown(regions: readonly RegionFlows[]): string {
  return `${regions
    .flatMap(({ subject, analysis }) => [
      `## Flows of ${subject}`,
      "",
      flowsSummary({ subject, analysis }),
      "",
      "### Who reaches whom",
      "",
      "| from | to | ports |",
      "|---|---|---|",
      ...analysis.matrix.map((m) => `| ${cell(m.from)} | ${cell(m.to)} | ${cell(m.ports)} |`),
      "",
      "### Needed and forbidden flows",
      "",
      "| verdict | flow | from → to | port | why | references | evidence |",
      "|---|---|---|---|---|---|---|",
      ...analysis.verdicts.map(
        (v) =>
          `| ${statusWord[v.status]} (${expectWord[v.requirement.expect]}) | \`${v.requirement.id}\` | ${cell(v.requirement.from.name)} → ${cell(v.requirement.to.name)} | ${portText(v)} | ${cell(v.requirement.why)} | ${cell((v.requirement.references ?? []).map((r) => `${r.framework} ${r.section}`).join(", "))} | ${cell(v.detail)} |`,
      ),
      "",
    ])
    .join("\n")
    .trimEnd()}\n`;
}

const quoted = (text: string): string => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

const zoneOf = (endpoint: Endpoint): string =>
  "internet" in endpoint ? "outside" : "zone" in endpoint ? "region services" : "securityGroup" in endpoint ? "OpenStack" : "Kubernetes";

/** The diagram in Graphviz's language: the endpoints grouped by where they live, an edge per reachable pair with its ports. */
export function flowsDot({ subject, analysis }: RegionFlows): string {
  const zones = groupedBy(analysis.endpoints, zoneOf);
  const violated = new Set(analysis.verdicts.filter((v) => v.status === "violated").map((v) => `${v.requirement.from.name}\u0000${v.requirement.to.name}`));
  return [
    `digraph ${quoted(`flows of ${subject}`)} {`,
    "  rankdir=LR; node [shape=box, style=rounded, fontname=Helvetica]; edge [fontname=Helvetica, fontsize=10];",
    ...[...zones.entries()].flatMap(([zone, endpoints], i) => [
      `  subgraph cluster_${i} { label=${quoted(zone)};`,
      ...endpoints.map((endpoint) => `    ${quoted(endpoint.name)};`),
      "  }",
    ]),
    ...analysis.matrix.map(
      (m) => `  ${quoted(m.from)} -> ${quoted(m.to)} [label=${quoted(m.ports)}${violated.has(`${m.from}\u0000${m.to}`) ? ", color=red, fontcolor=red" : ""}];`,
    ),
    "}",
    "",
  ].join("\n");
}

/** Each region's diagram as SVG, drawn offline by Graphviz compiled to WebAssembly (@viz-js/viz). */
export async function flowDiagrams(regions: readonly RegionFlows[]): Promise<(RegionFlows & { diagram: string })[]> {
  const { instance } = await import("./graphviz");
  const viz = await instance();
  return regions.map((region) => ({ ...region, diagram: viz.renderString(flowsDot(region), { format: "svg", engine: "dot" }) }));
}

export const flowsSvg = async (regions: readonly RegionFlows[]): Promise<string> => (await flowDiagrams(regions)).map((region) => region.diagram).join("\n");
