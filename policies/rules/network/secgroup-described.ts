import { cite, resourcePolicy } from "../../engine/policy";
import { securityGroupRuleType } from "../../lib/openstack";

export default resourcePolicy(
  {
    id: "secgroup-described",
    title: "Every security group and rule says why it exists",
    description: "Flags security groups and rules without a description.",
    rationale: "The flow matrix must carry a justification for every flow so that the yearly review can tell a needed flow from a forgotten one.",
    remediation: "Write in the description what the group protects, or why the rule's flow is needed.",
    severity: "low",
    references: [cite("secnumcloud-3.2", "13.1.a")],
    enforcementLevel: "advisory",
    onUnknown: "pass",
  },
  ["openstack_networking_secgroup_v2", securityGroupRuleType],
  (resource) => {
    const description = resource.values.description;
    return typeof description === "string" && description.trim() !== ""
      ? []
      : [{ message: `the ${resource.type === securityGroupRuleType ? "rule" : "group"} has no description`, path: "description" }];
  },
);
