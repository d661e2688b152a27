import { cite, resourcePolicy } from "../../engine/policy";
import { firewallAllowsAny, firewallRuleTypes } from "../../lib/openstack-rules";

export default resourcePolicy(
  {
    id: "fw-rule-no-any-source",
    title: "Firewall rules that allow traffic name their source",
    description:
      "Flags FWaaS allow rules without a source address or with 0.0.0.0/0, ::/0 or a block larger than any one network holds (0.0.0.0/1, ::/1) as source.",
    rationale: "An allow rule without a source accepts the whole Internet, which defeats the perimeter filtering the firewall exists for.",
    remediation: "Set source_ip_address to the CIDR of the clients the flow serves.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R16")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  firewallRuleTypes,
  (rule, { graph }) => firewallAllowsAny(rule, graph, "source_ip_address", "source"),
);
