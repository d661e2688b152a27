import { cite, resourcePolicy } from "../../engine/policy";
import { publicIngressOn } from "../../lib/openstack-rules";
import { securityGroupRuleType } from "../../lib/openstack";

export default resourcePolicy(
  {
    id: "secgroup-no-public-ingress-any-port",
    title: "No security group rule opens every port to the Internet",
    description:
      "Flags ingress rules from 0.0.0.0/0, or from a block larger than any one network holds (0.0.0.0/1), without a protocol or port range. A rule that names no remote admits any address, as 0.0.0.0/0 does.",
    rationale: "Only the flows of the authorised flow matrix may reach the region; a rule open on every port exposes every service listening on the instance.",
    remediation: "Restrict the rule to the declared source CIDRs and to the ports the service needs.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R16"), cite("hds-2", "EXI 05", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [securityGroupRuleType],
  (rule, { graph }) => publicIngressOn(rule, graph, "all", "every port"),
);
