import { cite, resourcePolicy } from "../../engine/policy";
import { publicIngressOn } from "../../lib/openstack-rules";
import { securityGroupRuleType } from "../../lib/openstack";

export default resourcePolicy(
  {
    id: "secgroup-no-public-rdp",
    title: "RDP is not open to the Internet",
    description:
      "Flags ingress rules from 0.0.0.0/0, or from a block larger than any one network holds (0.0.0.0/1), that cover TCP port 3389. A rule that names no remote admits any address, as 0.0.0.0/0 does.",
    rationale: "Remote desktop is an administration protocol: it belongs behind the bastion, never on the Internet.",
    remediation: "Remove the rule, or allow port 3389 only from the administrators' CIDRs through the bastion.",
    severity: "critical",
    references: [cite("anssi", "PA-022 R15-R16"), cite("secnumcloud-3.2", "13.2.e")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [securityGroupRuleType],
  (rule, { graph }) => publicIngressOn(rule, graph, { port: 3389, transports: ["tcp", "udp"] }, "RDP (3389)"),
);
