import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { roleTypes } from "../../lib/kubernetes";
import { attributePath, blocks, isUnknown, list } from "../../lib/values";

/** Verbs that let a subject grant itself more than it has (kubernetes.io/docs/concepts/security/rbac-good-practices). */
const escalationVerbs = new Set(["bind", "escalate", "impersonate"]);

export default resourcePolicy(
  {
    id: "k8s-rbac-no-wildcards",
    title: "Roles grant named rights: no wildcard, no bind, escalate or impersonate",
    description:
      'Flags every rule of a Role or ClusterRole whose verbs, resources or API groups hold "*", or whose verbs include bind, escalate or impersonate.',
    rationale:
      "A wildcard grants today's and tomorrow's resources alike (a new CRD holding secrets included); bind, escalate and impersonate let the holder give itself any right. Least privilege is a list of named rights.",
    remediation: "List the API groups, resources and verbs the subject needs; give the escalation verbs to no workload.",
    severity: "high",
    references: [cite("cis-kubernetes", "5.1.3"), cite("cis-kubernetes", "5.1.8"), cite("anssi", "PA-022 R39-R40"), cite("secnumcloud-3.2", "9.3.d-f")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  roleTypes,
  (role) =>
    blocks(role.values.rule).flatMap((rule, index): Violation[] => {
      const found: Violation[] = [];
      for (const field of ["verbs", "resources", "api_groups"] as const) {
        if (isUnknown(rule[field])) continue;
        if (list(rule[field]).includes("*"))
          found.push({ message: `rule ${index} grants every one of its ${field.replace("_", " ")} ("*")`, path: attributePath("rule", index, field) });
      }
      const escalating = list(rule.verbs).filter((verb) => typeof verb === "string" && escalationVerbs.has(verb));
      if (escalating.length > 0)
        found.push({
          message: `rule ${index} grants ${escalating.join(", ")}, with which a subject gives itself more rights`,
          path: attributePath("rule", index, "verbs"),
        });
      return found;
    }),
);
