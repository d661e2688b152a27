import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import type { Violation } from "../engine/policy";
import { bindingTypes, metadataName, namespaceOf, resolvedName, withV1 } from "./kubernetes";
import { bootstrapNamespaceRoles } from "./kubernetes-bootstrap-namespace-roles";
import { bootstrapRoles } from "./kubernetes-bootstrap-roles";
import { type Labels, matches, type Selector, selectorOf } from "./label-selectors";
import { attributePath, block, blocks, hasUnknownItem, isUnknown, list, literalString } from "./values";

/** An RBAC rule in the shape of a role's rule block as the provider writes it (api_groups, resources, resource_names, verbs). */
export type RbacRule = Readonly<Record<string, unknown>>;

/** What one rule grants that a policy forbids (after "grants"), what that lets its holder do, and the field that grants it. */
export interface RuleFinding {
  readonly grants: string;
  readonly so: string;
  readonly field: "api_groups" | "resources" | "verbs" | "non_resource_urls";
}

/**
 * Where a rule grants: "namespace" for a Role's and a RoleBinding's, which RBAC consults only for a request in their
 * namespace (VisitRulesFor in kubernetes pkg/registry/rbac/validation/rule.go lists RoleBindings only when the request
 * names one), so that they grant nothing on a cluster-scoped resource; "cluster" for a ClusterRole's and a
 * ClusterRoleBinding's.
 */
export type RbacScope = "cluster" | "namespace";

/** How a policy judges one rule, where it grants. */
export type RuleJudge = (rule: RbacRule, scope: RbacScope) => readonly RuleFinding[];

const namespacedTypes = withV1("kubernetes_role", "kubernetes_role_binding");

/**
 * Whether a rule names the objects it grants (resource_names, none of them empty): RBAC then authorizes a request only on
 * an object of those names, so that a create, a list or a watch, which name none, gets nothing (kubernetes
 * pkg/apis/rbac/v1/evaluation_helpers.go, ResourceNameMatches: a name "" matches the requests that name no object, and
 * restricts nothing). "unknown" when the names are known only at apply.
 */
export function boundByName(rule: RbacRule): boolean | "unknown" {
  if (isUnknown(rule.resource_names) || hasUnknownItem(rule.resource_names)) return "unknown";
  const names = list(rule.resource_names);
  return names.length > 0 && !names.includes("");
}

/** Whether an RBAC rule's list (api_groups, resources, verbs), when known, grants one of `wanted`, or every one ("*"). */
export const grantsAny = (value: unknown, wanted: readonly string[]): boolean =>
  !isUnknown(value) && list(value).some((item) => item === "*" || wanted.includes(String(item)));

/** A built-in ClusterRole, or a Role of kube-system or kube-public, as Kubernetes' bootstrap policy writes it. */
export interface BootstrapRole {
  readonly name: string;
  /** The namespace of a Role; none for a ClusterRole. */
  readonly namespace?: string;
  readonly labels: Labels;
  readonly aggregationSelectors?: readonly { readonly matchLabels?: Labels }[];
  readonly rules: readonly { apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[]; verbs: string[] }[];
}

const selectorOfData = (selector: { readonly matchLabels?: Labels }): Selector => ({ matchLabels: selector.matchLabels ?? {}, expressions: [] });

const filledRules = new Map<BootstrapRole, readonly RbacRule[]>();

/**
 * The rules of a built-in role once the aggregation controller has filled it: its own, or, for an aggregated role
 * (admin, edit, view), those of every built-in role its selectors match, aggregated in turn.
 */
function rulesOf(role: BootstrapRole): readonly RbacRule[] {
  const known = filledRules.get(role);
  if (known) return known;
  filledRules.set(role, []); // a role its own selectors reach again adds nothing
  const rules = role.aggregationSelectors
    ? collected(role.aggregationSelectors.map(selectorOfData)).flatMap((member) => (member === role ? [] : rulesOf(member)))
    : role.rules.map((rule) => ({
        api_groups: rule.apiGroups ?? [],
        resources: rule.resources ?? [],
        resource_names: rule.resourceNames ?? [],
        non_resource_urls: rule.nonResourceURLs ?? [],
        verbs: rule.verbs,
      }));
  filledRules.set(role, rules);
  return rules;
}

/**
 * The built-in ClusterRoles (Kubernetes' bootstrap policy, as its golden files list them: sources in
 * kubernetes-bootstrap-roles.ts, which `npm run kubernetes-bootstrap-roles` refreshes) that selectors match.
 */
const collected = (selectors: readonly Selector[]): readonly BootstrapRole[] =>
  bootstrapRoles.filter((role) => selectors.some((selector) => matches(selector, role.labels)));

const clusterRoleTypes = withV1("kubernetes_cluster_role");

/** The names of the ClusterRoles a configuration declares, computed once per configuration. */
const declaredClusterRoles = (graph: ResourceGraph): ReadonlySet<string> =>
  graph.cached(
    "kubernetes: declared cluster roles",
    // A data source only reads a role that exists, such as the built-in one itself.
    () => new Set(graph.ofType(clusterRoleTypes).flatMap((role) => (role.mode === "data" ? [] : (metadataName(role) ?? [])))),
  );

const roleTypes = withV1("kubernetes_role");

/** The Roles a configuration declares, as `namespace/name`, the namespace `*` where it is known only at apply. */
const declaredRoles = (graph: ResourceGraph): ReadonlySet<string> =>
  graph.cached(
    "kubernetes: declared roles",
    () => new Set(graph.ofType(roleTypes).flatMap((role) => (role.mode === "data" ? [] : [`${namespaceOf(role, graph) ?? "*"}/${metadataName(role)}`]))),
  );

/**
 * The built-in role a binding grants, when the configuration declares none of that name (a declared one is judged by its
 * own rules): a ClusterRole, or a Role of the binding's namespace (the bootstrap policy's Roles of kube-system and
 * kube-public, which the controllers' bindings use). cluster-admin has a policy of its own (k8s-no-cluster-admin-binding).
 */
function boundBuiltInRole(binding: TfResource, graph: ResourceGraph): BootstrapRole | undefined {
  const roleRef = block(binding.values.role_ref);
  const kind = literalString(roleRef?.kind);
  if (kind === "Role") {
    const namespace = namespaceOf(binding, graph);
    const name = resolvedName(roleRef?.name, binding, graph, roleTypes);
    const declared = declaredRoles(graph);
    if (namespace === undefined || name === undefined || declared.has(`${namespace}/${name}`) || declared.has(`*/${name}`)) return undefined;
    return bootstrapNamespaceRoles.find((role) => role.name === name && role.namespace === namespace);
  }
  if (kind !== "ClusterRole") return undefined;
  const name = resolvedName(roleRef?.name, binding, graph, clusterRoleTypes);
  if (name === undefined || name === "cluster-admin" || declaredClusterRoles(graph).has(name)) return undefined;
  return bootstrapRoles.find((role) => role.name === name);
}

/** One violation per consequence of what the built-in rules grant, at `path`, each message opened by `who`. */
function builtInViolations(who: string, rules: readonly RbacRule[], judge: RuleJudge, scope: RbacScope, path: string): Violation[] {
  const granted = new Map<string, Set<string>>();
  for (const finding of rules.flatMap((rule) => judge(rule, scope))) granted.set(finding.so, (granted.get(finding.so) ?? new Set()).add(finding.grants));
  return [...granted].map(([so, grants]) => ({ message: `${who}, whose rules grant ${[...grants].join(", ")}: ${so}`, path }));
}

/** What a ClusterRole collects of the built-in roles through its aggregation rule. */
function aggregatedViolations(role: TfResource, judge: RuleJudge): Violation[] {
  const aggregation = block(role.values.aggregation_rule);
  if (!aggregation) return [];
  const read = blocks(aggregation.cluster_role_selectors).map(selectorOf);
  const members = collected(read.filter((selector): selector is Selector => selector !== "unknown"));
  const found = builtInViolations(
    `the ClusterRole aggregates the rules of the built-in ${members.map((member) => member.name).join(", ")}`,
    members.flatMap(rulesOf),
    judge,
    "cluster",
    "aggregation_rule",
  );
  if (found.length > 0 || !read.includes("unknown")) return found;
  return [
    {
      message: "a selector of the ClusterRole's aggregation is known only at apply: which roles it collects is not known",
      path: "aggregation_rule",
      outcome: "cannot-evaluate",
    },
  ];
}

/**
 * Judges every RBAC rule a Role, ClusterRole or binding grants with `judge`: a role's rule blocks, each finding at its
 * rule; the rules of the built-in roles a ClusterRole aggregates (the aggregation controller sets its rules to those of
 * every ClusterRole its selectors match: Kubernetes RBAC documentation, "Aggregated ClusterRoles"), at its aggregation;
 * and those of the built-in ClusterRole a binding grants, at its role reference.
 */
export function rbacRuleViolations(resource: TfResource, graph: ResourceGraph, judge: RuleJudge): Violation[] {
  const scope: RbacScope = namespacedTypes.includes(resource.type) ? "namespace" : "cluster";
  if (!bindingTypes.includes(resource.type))
    return [
      ...aggregatedViolations(resource, judge),
      ...blocks(resource.values.rule).flatMap((rule, index) =>
        judge(rule, scope).map((finding) => ({
          message: `rule ${index} grants ${finding.grants}: ${finding.so}`,
          path: attributePath("rule", index, finding.field),
        })),
      ),
    ];
  const role = boundBuiltInRole(resource, graph);
  const named = role?.namespace ? `Role ${role.namespace}/${role.name}` : `ClusterRole ${role?.name}`;
  return role ? builtInViolations(`the binding grants the built-in ${named}`, rulesOf(role), judge, scope, "role_ref[0].name") : [];
}
