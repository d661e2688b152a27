import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import * as z from "zod";
import { clusterNetworks } from "../constructs/kubernetes/defaults";
import { block, contains, overlaps, type Block } from "../lib/cidr";
import { ConfigError, type ConfigIssue } from "../lib/issues";
import { cidr, regionId } from "../lib/zod-types";
import type { YamlSource } from "../lib/yaml-source";
import { readValidatedYaml } from "./yaml-file";

/** The file, in the environments folder, that holds the national addressing plan. */
export const addressingPlanFileName = "addressing-plan.yaml";

/** Size of the range a region gets when the plan allocates one: a /16, enough for the four subnets and growth. */
const regionPrefix = 16;

const planSchema = z.strictObject({
  pool: cidr.meta({ description: "Where new regions' ranges are allocated from." }),
  administrationRanges: z.array(cidr).default([]).meta({ description: "Administrators' networks: no region range may overlap them." }),
  regions: z.record(regionId, cidr).default({}),
});

export interface AddressingPlan {
  readonly file: string;
  readonly pool: string;
  readonly administrationRanges: readonly string[];
  readonly regions: Readonly<Record<string, string>>;
}

/**
 * Reads and checks the plan: a pool apart from the clusters' own networks, ranges inside it, disjoint from each other
 * and from the administration ranges.
 */
export function loadAddressingPlan(directory: string): AddressingPlan {
  const { file, data, source } = readValidatedYaml(
    join(directory, addressingPlanFileName),
    planSchema,
    "the national addressing plan (pool, administrationRanges, regions)",
  );
  const plan = { file, ...data };
  const issues = planIssues(plan, source);
  if (issues.length > 0) throw new ConfigError(issues);
  return plan;
}

function planIssues(plan: AddressingPlan, source: YamlSource): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const pool = block(plan.pool);
  const entries = Object.entries(plan.regions).map(([id, range]) => ({ id, range: block(range) }));
  for (const [name, clusterCidr] of Object.entries(clusterNetworks))
    if (overlaps(pool, block(clusterCidr)))
      issues.push(
        source.issueAt(["pool"], `${plan.pool} overlaps the cluster's ${name} network ${clusterCidr}: a region's range there would be routed into its cluster`),
      );
  entries.forEach((entry, i) => {
    const at = ["regions", entry.id];
    if (!contains(pool, entry.range)) issues.push(source.issueAt(at, `${entry.range.cidr} lies outside the pool ${plan.pool}`));
    for (const other of entries.slice(0, i))
      if (overlaps(entry.range, other.range)) issues.push(source.issueAt(at, `${entry.range.cidr} overlaps the range of ${other.id} (${other.range.cidr})`));
    for (const admin of plan.administrationRanges)
      if (overlaps(entry.range, block(admin))) issues.push(source.issueAt(at, `${entry.range.cidr} overlaps the administration range ${admin}`));
  });
  return issues;
}

/** The region's range: its entry in the plan, or the first free /16 of the pool (undefined when the pool is full). */
export function rangeFor(plan: AddressingPlan, id: string): { range: string; allocated: boolean } | undefined {
  const existing = plan.regions[id];
  if (existing) return { range: existing, allocated: false };
  const pool = block(plan.pool);
  const taken: Block[] = [...Object.values(plan.regions), ...plan.administrationRanges].map(block);
  const size = 2 ** (32 - regionPrefix);
  for (let first = Math.ceil(pool.first / size) * size; first + size - 1 <= pool.last; first += size) {
    const candidate: Block = { cidr: "", first, last: first + size - 1 };
    if (!taken.some((t) => overlaps(t, candidate))) return { range: `${toAddress(first)}/${regionPrefix}`, allocated: true };
  }
  return undefined;
}

/** Records a newly allocated range in the plan file, keeping its comments. */
export function recordRange(directory: string, id: string, range: string): void {
  const path = join(directory, addressingPlanFileName);
  const document = parseDocument(readFileSync(path, "utf8"));
  document.setIn(["regions", id], range);
  writeFileSync(path, document.toString());
}

export const toAddress = (n: number): string => [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join(".");

/** The four subnets carved from a region's range: admin, dmz and data /24s at its start, nodes a /20 further on. */
export function carveSubnets(range: string): { admin: string; dmz: string; data: string; nodes: string } {
  const { first } = block(range);
  return { admin: `${toAddress(first)}/24`, dmz: `${toAddress(first + 256)}/24`, data: `${toAddress(first + 512)}/24`, nodes: `${toAddress(first + 4096)}/20` };
}
