import { cite, type PolicyContext, resourcePolicy } from "../../engine/policy";
import { bindingTypes, roleTypes } from "../../lib/kubernetes";
import { grantsAny, type RbacRule, type RuleFinding, rbacRuleViolations } from "../../lib/rbac";
import { isUnknown, list } from "../../lib/values";

/** The verbs that hand out a secret's content: get one, list or watch all of them ("*" holds them all). */
const readingVerbs = new Set(["get", "list", "watch", "*"]);

function readsEverySecret(rule: RbacRule): RuleFinding[] {
  const namedOnly = !isUnknown(rule.resource_names) && list(rule.resource_names).length > 0;
  if (namedOnly || !grantsAny(rule.api_groups, [""]) || !grantsAny(rule.resources, ["secrets"])) return [];
  const verbs = list(rule.verbs).filter((verb) => readingVerbs.has(String(verb)));
  return verbs.length > 0 ? [{ grants: `${verbs.join(", ")} on secrets`, so: "its subjects read every secret in its scope", field: "verbs" }] : [];
}

export default resourcePolicy(
  {
    id: "k8s-rbac-no-secret-reads",
    title: "Roles do not read every secret of their scope",
    description:
      "Flags every rule of a Role or ClusterRole that grants get, list or watch on the core API group's secrets (named or through \"*\") without naming the secrets it may read (resource_names), every ClusterRole that aggregates such a rule of Kubernetes' built-in roles, and every binding to a built-in ClusterRole with such a rule (admin and edit, system:node, system:kube-controller-manager, the namespace, garbage-collector and quota controllers' roles, which read everything).",
    rationale:
      "A secret holds the database passwords, keys and tokens that open the health data: whoever lists the secrets of a namespace holds every credential of it, and with a ServiceAccount's token acts as that account (the Kubernetes documentation's RBAC good practices: listing secrets is a privilege escalation path).",
    remediation:
      "Mount the secret a workload needs into its pod instead of reading it from the API; where a controller must read one, name it in resource_names.",
    severity: "high",
    references: [cite("cis-kubernetes", "5.1.2"), cite("anssi", "PA-022 R39-R40"), cite("secnumcloud-3.2", "9.3.d-f")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [...roleTypes, ...bindingTypes],
  (resource, { graph }: PolicyContext) => rbacRuleViolations(resource, graph, readsEverySecret),
);
