import { cite, resourcePolicy } from "../../engine/policy";
import { firewallAllowsAny, firewallRuleTypes } from "../../lib/openstack-rules";

export default resourcePolicy(
  {
    id: "fw-rule-no-any-destination",
    title: "Firewall rules that allow traffic name their destination",
    description:
      "Flags FWaaS allow rules without a destination address or with 0.0.0.0/0, ::/0 or a block larger than any one network holds (0.0.0.0/1, ::/1) as destination.",
    rationale:
      "Each allowed flow reaches a declared service; an allow rule to any destination opens every address behind the firewall (or, outbound, the whole Internet).",
    remediation: "Set destination_ip_address to the CIDR of the service the flow reaches.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("secnumcloud-3.2", "12.14")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  firewallRuleTypes,
  (rule, { graph }) => firewallAllowsAny(rule, graph, "destination_ip_address", "destination"),
);
