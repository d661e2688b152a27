// Refreshes the built-in roles the RBAC policies judge bindings to: every role of Kubernetes' bootstrap policy with its
// labels, aggregation and rules, from the golden files the Kubernetes project checks its bootstrap policy against
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/): the ClusterRoles of cluster-roles.yaml and
// controller-roles.yaml into policies/lib/kubernetes-bootstrap-roles.ts, the Roles of namespace-roles.yaml (in
// kube-system and kube-public) into policies/lib/kubernetes-bootstrap-namespace-roles.ts. Each file is written from the
// inputs that hold its kind, and only when one does.
// Usage: npm run kubernetes-bootstrap-roles -- <roles.yaml> <source> [<roles.yaml> <source>]...
//   <source> says where the file comes from, e.g. "kubernetes/kubernetes@<commit>:plugin/.../testdata/cluster-roles.yaml"
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

interface RoleItem {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  aggregationRule?: { clusterRoleSelectors?: unknown[] };
  rules?: Record<string, string[]>[] | null;
}

/** A role as the data file writes it. */
interface WrittenRole {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  aggregationSelectors?: unknown[];
  rules: Record<string, string[]>[];
}

/** The fields of a policy rule, in the order Kubernetes' PolicyRule declares them. */
const ruleFields = ["apiGroups", "resources", "resourceNames", "nonResourceURLs", "verbs"] as const;

/** What each kind is written to: the file, the array it exports, and the words of the summary. */
const outputs = {
  ClusterRole: { file: "kubernetes-bootstrap-roles.ts", name: "bootstrapRoles", what: "built-in ClusterRoles" },
  Role: { file: "kubernetes-bootstrap-namespace-roles.ts", name: "bootstrapNamespaceRoles", what: "built-in Roles" },
} as const;

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error("usage: npm run kubernetes-bootstrap-roles -- <roles.yaml> <source> [<roles.yaml> <source>]...");
  process.exit(2);
}
const read = Object.fromEntries(Object.keys(outputs).map((kind) => [kind, { sources: [] as string[], roles: [] as WrittenRole[] }]));
for (let i = 0; i < args.length; i += 2) {
  const { items } = parse(readFileSync(args[i]!, "utf8")) as { items: RoleItem[] };
  for (const kind of Object.keys(outputs)) {
    const ofKind = items.filter((candidate) => candidate.kind === kind);
    if (ofKind.length > 0) read[kind]!.sources.push(args[i + 1]!);
    for (const item of ofKind)
      read[kind]!.roles.push({
        name: item.metadata.name,
        ...(item.metadata.namespace ? { namespace: item.metadata.namespace } : {}),
        labels: item.metadata.labels ?? {},
        ...(item.aggregationRule ? { aggregationSelectors: item.aggregationRule.clusterRoleSelectors ?? [] } : {}),
        rules: (item.rules ?? []).map((rule) => Object.fromEntries(ruleFields.flatMap((field) => (rule[field] ? [[field, rule[field]]] : [])))),
      });
  }
}
for (const [kind, { file, name, what }] of Object.entries(outputs)) {
  const { sources, roles } = read[kind]!;
  if (roles.length === 0) continue;
  const key = (role: WrittenRole) => `${role.namespace ?? ""}/${role.name}`;
  roles.sort((a, b) => (key(a) < key(b) ? -1 : 1));
  // One rule per line, so that a refresh reads as a diff of rules.
  const lines = roles.map((role) => {
    const { rules, ...rest } = role;
    const head = JSON.stringify(rest).slice(0, -1);
    return rules.length === 0 ? `  ${head},"rules":[]}` : `  ${head},"rules":[\n${rules.map((rule) => `    ${JSON.stringify(rule)}`).join(",\n")},\n  ]}`;
  });
  const text = `// Written by scripts/refresh-kubernetes-bootstrap-roles.ts (npm run kubernetes-bootstrap-roles) from:
${sources.map((source) => `//   ${source}`).join("\n")}
import type { BootstrapRole } from "./rbac";

export const ${name}: readonly BootstrapRole[] = [
${lines.join(",\n")},
];
`;
  writeFileSync(join(import.meta.dirname, "..", "policies", "lib", file), text);
  console.log(`${roles.length} ${what} from ${sources.length} file(s) into policies/lib/${file}`);
}
