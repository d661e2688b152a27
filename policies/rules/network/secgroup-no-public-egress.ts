import { cite, resourcePolicy } from "../../engine/policy";
import { publicRemote, remotePath, remoteShown, securityGroupRuleType } from "../../lib/openstack";

export default resourcePolicy(
  {
    id: "secgroup-no-public-egress",
    title: "No security group rule lets traffic out to the whole Internet",
    description: "Flags egress rules to 0.0.0.0/0 or ::/0.",
    rationale: "Health data must not leave by an unlisted path; outbound flows go to declared services (mirrors, DNS, log store) only.",
    remediation: "Replace the rule with egress rules to the declared destinations (mirrors, resolvers, log store).",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.14"), cite("anssi", "PA-022 R9-R10"), cite("ehds-spe", "Art. 73(2)", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [securityGroupRuleType],
  (rule, { graph }) => {
    const remote = publicRemote(rule, graph);
    return rule.values.direction === "egress" && (remote === "IPv4" || remote === "IPv6")
      ? [{ message: `egress to ${remoteShown(rule, graph)} lets traffic out to the whole Internet`, path: remotePath(rule) }]
      : [];
  },
);
