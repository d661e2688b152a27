import { cite, type PolicyContext, resourcePolicy } from "../../engine/policy";
import { bindingTypes, roleTypes } from "../../lib/kubernetes";
import { boundByName, grantsAny, type RbacRule, type RuleFinding, rbacRuleViolations } from "../../lib/rbac";
import { list } from "../../lib/values";

/**
 * The verbs that hand out a secret's content: get one, list or watch all of them ("*" holds them all); patch one (a
 * patch that changes nothing answers with the secret, as get does); deletecollection answers with every secret it
 * deleted (apiserver's Store.DeleteCollection returns the list of deleted objects).
 */
const readingVerbs = new Set(["get", "list", "watch", "patch", "deletecollection", "*"]);

function readsEverySecret(rule: RbacRule): RuleFinding[] {
  if (!grantsAny(rule.api_groups, [""]) || !grantsAny(rule.resources, ["secrets"])) return [];
  const verbs = list(rule.verbs).filter((verb) => readingVerbs.has(String(verb)));
  if (verbs.length === 0) return [];
  // Names known only at apply may be none: read here, the engine reports the rule as not evaluable.
  if (boundByName(rule) !== false) return [];
  return [{ grants: `${verbs.join(", ")} on secrets`, so: "its subjects read every secret in its scope", field: "verbs" }];
}

export default resourcePolicy(
  {
    id: "k8s-rbac-no-secret-reads",
    title: "Roles do not read every secret of their scope",
    description:
      "Flags every rule of a Role or ClusterRole that grants get, list, watch, patch or deletecollection (each answers with secrets' content) on the core API group's secrets (named or through \"*\") without naming the secrets it may read (resource_names, none of them empty), every ClusterRole that aggregates such a rule of Kubernetes' built-in roles, and every binding to a built-in ClusterRole with such a rule (admin and edit, system:node, system:kube-controller-manager, the namespace, garbage-collector and quota controllers' roles, which read everything).",
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
