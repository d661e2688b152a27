import { basename, extname } from "node:path";
import { block, overlaps } from "../../../policies/lib/cidr";
import type { ConfigIssue } from "../issues";
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
