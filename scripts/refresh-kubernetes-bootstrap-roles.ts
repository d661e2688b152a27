// Refreshes the built-in ClusterRoles the RBAC policies judge bindings to (policies/lib/kubernetes-bootstrap-roles.ts):
// every role of Kubernetes' bootstrap policy with its labels, aggregation and rules, from the golden files the Kubernetes
// project checks its bootstrap policy against (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/
// cluster-roles.yaml and controller-roles.yaml).
// Usage: npm run kubernetes-bootstrap-roles -- <roles.yaml> <source> [<roles.yaml> <source>]...
//   <source> says where the file comes from, e.g. "kubernetes/kubernetes@<commit>:plugin/.../testdata/cluster-roles.yaml"
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

interface ClusterRoleItem {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  aggregationRule?: { clusterRoleSelectors?: unknown[] };
  rules?: Record<string, string[]>[] | null;
}

/** The fields of a policy rule, in the order Kubernetes' PolicyRule declares them. */
const ruleFields = ["apiGroups", "resources", "resourceNames", "nonResourceURLs", "verbs"] as const;

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error("usage: npm run kubernetes-bootstrap-roles -- <roles.yaml> <source> [<roles.yaml> <source>]...");
  process.exit(2);
}
const sources: string[] = [];
const roles: object[] = [];
for (let i = 0; i < args.length; i += 2) {
  sources.push(args[i + 1]!);
  const { items } = parse(readFileSync(args[i]!, "utf8")) as { items: ClusterRoleItem[] };
  for (const item of items.filter((candidate) => candidate.kind === "ClusterRole"))
    roles.push({
      name: item.metadata.name,
      labels: item.metadata.labels ?? {},
      ...(item.aggregationRule ? { aggregationSelectors: item.aggregationRule.clusterRoleSelectors ?? [] } : {}),
      rules: (item.rules ?? []).map((rule) => Object.fromEntries(ruleFields.flatMap((field) => (rule[field] ? [[field, rule[field]]] : [])))),
    });
}
roles.sort((a, b) => ((a as { name: string }).name < (b as { name: string }).name ? -1 : 1));
// One rule per line, so that a refresh reads as a diff of rules.
const lines = roles.map((role) => {
  const { rules, ...rest } = role as { rules: object[] };
  const head = JSON.stringify(rest).slice(0, -1);
  return rules.length === 0 ? `  ${head},"rules":[]}` : `  ${head},"rules":[\n${rules.map((rule) => `    ${JSON.stringify(rule)}`).join(",\n")},\n  ]}`;
});
const text = `// Written by scripts/refresh-kubernetes-bootstrap-roles.ts (npm run kubernetes-bootstrap-roles) from:
${sources.map((source) => `//   ${source}`).join("\n")}
import type { BootstrapRole } from "./rbac";

export const bootstrapRoles: readonly BootstrapRole[] = [
${lines.join(",\n")},
];
`;
writeFileSync(join(import.meta.dirname, "..", "policies", "lib", "kubernetes-bootstrap-roles.ts"), text);
console.log(`${roles.length} built-in ClusterRoles from ${sources.length} file(s)`);
