import { basename, extname } from "node:path";
import { block, overlaps } from "../../lib/cidr";
import type { ConfigIssue } from "../../lib/issues";
import { sharedSettings } from "../schema/deviation";
import type { CrossEnvironmentValidator } from "./context";

/** Across all environment files: one file per id, named after it, and disjoint address ranges. */
export const validateCrossRegion: CrossEnvironmentValidator = (contexts) => {
  const issues: ConfigIssue[] = [];
  contexts.forEach((a, i) => {
    const stem = basename(a.source.file, extname(a.source.file));
    if (stem !== a.env.id) issues.push(a.source.issueAt(["id"], `id "${a.env.id}" must match the file name (${stem}); rename one of them`));
    for (const b of contexts.slice(0, i)) {
      if (b.env.id === a.env.id) issues.push(a.source.issueAt(["id"], `region id "${a.env.id}" is already used by ${b.source.file}`));
      if (overlaps(block(a.env.network.range), block(b.env.network.range))) {
        issues.push(a.source.issueAt(["network", "range"], `${a.env.network.range} overlaps the range ${b.env.network.range} of ${b.source.file}; regions must not share addresses`));
      }
    }
  });
  return issues;
};

const valueAt = (env: object, setting: string): unknown => setting.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], env);

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
        issues.push(context.source.issueAt(path, `${setting} is ${JSON.stringify(value)} while ${users} of ${declared.length} regions use ${national}; use the national value, or record a deviation with its reason and approver`));
      }
      if (JSON.stringify(value) === national && deviation >= 0) {
        issues.push(context.source.issueAt(["deviations", deviation], `the deviation for ${setting} is not needed: the region uses the national value ${national}`));
      }
    }
  }
  return issues;
};
