import { cite, resourcePolicy } from "../../engine/policy";
import { bindingTypes, roleTypes } from "../../lib/kubernetes";
import { type RbacRule, type RuleFinding, rbacRuleViolations } from "../../lib/rbac";
import { isUnknown, list } from "../../lib/values";

/** Verbs that let a subject grant itself more than it has (kubernetes.io/docs/concepts/security/rbac-good-practices). */
const escalationVerbs = new Set(["bind", "escalate", "impersonate"]);

function wildcardsOf(rule: RbacRule): RuleFinding[] {
  const found: RuleFinding[] = (["verbs", "resources", "api_groups"] as const).flatMap((field) =>
    !isUnknown(rule[field]) && list(rule[field]).includes("*")
      ? [{ grants: `every one of its ${field.replace("_", " ")} ("*")`, so: "today's rights and those of any API added later", field }]
      : [],
  );
  // "*/scale" matches that subresource of every resource, and "*" among non-resource URLs every URL (RBAC's
  // ResourceMatches and NonResourceURLMatches).
  const subresources = isUnknown(rule.resources) ? [] : list(rule.resources).filter((item) => typeof item === "string" && item.startsWith("*/"));
  if (subresources.length > 0)
    found.push({
      grants: `${subresources.join(", ")}, the subresource of every resource`,
      so: "today's rights and those of any API added later",
      field: "resources",
    });
  if (!isUnknown(rule.non_resource_urls) && list(rule.non_resource_urls).includes("*"))
    found.push({
      grants: 'every non-resource URL ("*")',
      so: "every endpoint the API server serves outside its resources, today's and later ones",
      field: "non_resource_urls",
    });
  const escalating = list(rule.verbs).filter((verb) => typeof verb === "string" && escalationVerbs.has(verb));
  if (escalating.length > 0) found.push({ grants: escalating.join(", "), so: "a subject gives itself more rights with them", field: "verbs" });
  return found;
}
export default resourcePolicy(
  {
    id: "k8s-rbac-no-wildcards",
    title: "Roles grant named rights: no wildcard, no bind, escalate or impersonate",
    description:
      'Flags every rule of a Role or ClusterRole whose verbs, resources or API groups hold "*", whose resources hold a "*/<subresource>", whose non-resource URLs hold "*", or whose verbs include bind, escalate or impersonate; the same rules collected from Kubernetes\' built-in roles by a ClusterRole\'s aggregation, and granted by a binding to a built-in ClusterRole (edit impersonates service accounts; the namespace, garbage-collector and quota controllers\' roles hold "*").',
    rationale:
      "A wildcard grants today's and tomorrow's resources alike (a new CRD holding secrets included); bind, escalate and impersonate let the holder give itself any right. Least privilege is a list of named rights.",
    remediation: "List the API groups, resources and verbs the subject needs; give the escalation verbs to no workload.",
    severity: "high",
    references: [cite("cis-kubernetes", "5.1.3"), cite("cis-kubernetes", "5.1.8"), cite("anssi", "PA-022 R39-R40"), cite("secnumcloud-3.2", "9.3.d-f")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [...roleTypes, ...bindingTypes],
  (resource, { graph }) => rbacRuleViolations(resource, graph, wildcardsOf),
);
