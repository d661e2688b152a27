import { basename, extname } from "node:path";
import { block, overlaps } from "../../lib/cidr";
import type { ConfigIssue } from "../../lib/issues";
import type { YamlSource } from "../../lib/yaml-source";
import { sharedSettings } from "../schema/deviation";
import type { CrossEnvironmentValidator } from "./context";

/** What the cross-region rules need of a region, also known for a region still being filled in. */
export interface RegionFootprint {
  readonly id: string;
  readonly range: string;
  readonly source: YamlSource;
}

/** Across all environment files: one file per id, named after it, and disjoint address ranges. */
export function validateCrossRegion(regions: readonly RegionFootprint[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  regions.forEach((a, i) => {
    const stem = basename(a.source.file, extname(a.source.file));
    if (stem !== a.id) issues.push(a.source.issueAt(["id"], `id "${a.id}" must match the file name (${stem}); rename one of them`));
    for (const b of regions.slice(0, i)) {
      if (b.id === a.id) issues.push(a.source.issueAt(["id"], `region id "${a.id}" is already used by ${b.source.file}`));
      if (overlaps(block(a.range), block(b.range))) {
        issues.push(a.source.issueAt(["network", "range"], `${a.range} overlaps the range ${b.range} of ${b.source.file}; regions must not share addresses`));
      }
    }
  });
  return issues;
}

const valueAt = (env: object, setting: string): unknown =>
  setting.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], env);

/**
 * Settings that carry the frameworks' requirements (retention, backups, airlock approvals, Kubernetes version) are
 * the same in every region, unless the region records a deviation with its reason and approver. The national value
 * is the one most regions use (on a tie, the smallest).
 */
export const validateSharedSettings: CrossEnvironmentValidator = (contexts) => {
  const issues: ConfigIssue[] = [];
  for (const setting of sharedSettings) {
    const declared = contexts.map((context) => ({ context, value: valueAt(context.env, setting) })).filter((entry) => entry.value !== undefined);
    const counts = new Map<string, number>();
    for (const { value } of declared) counts.set(JSON.stringify(value), (counts.get(JSON.stringify(value)) ?? 0) + 1);
    const [national, users] = [...counts.entries()].sort(([a, n], [b, m]) => m - n || (a < b ? -1 : 1))[0] ?? [];
    for (const { context, value } of declared) {
      const deviation = context.env.deviations.findIndex((d) => d.setting === setting);
      const path = setting.split(".");
      if (JSON.stringify(value) !== national && deviation < 0) {
        issues.push(
          context.source.issueAt(
            path,
            `${setting} is ${JSON.stringify(value)} while ${users} of ${declared.length} regions use ${national}; use the national value, or record a deviation with its reason and approver`,
          ),
        );
      }
      if (JSON.stringify(value) === national && deviation >= 0) {
        issues.push(
          context.source.issueAt(["deviations", deviation], `the deviation for ${setting} is not needed: the region uses the national value ${national}`),
        );
      }
    }
  }
  return issues;
};
