import { cite, resourcePolicy } from "../../engine/policy";
import { publicIngressOn } from "../../lib/openstack-rules";
import { securityGroupRuleType } from "../../lib/openstack";

export default resourcePolicy(
  {
    id: "secgroup-no-public-ssh",
    title: "SSH is not open to the Internet",
    description:
      "Flags ingress rules from 0.0.0.0/0, or from a block larger than any one network holds (0.0.0.0/1), that cover TCP port 22. A rule that names no remote admits any address, as 0.0.0.0/0 does.",
    rationale:
      "Administration goes through the bastion from the administrators' networks only; SSH open to the Internet invites brute force and bypasses the administration network.",
    remediation: "Allow port 22 only from the administrators' CIDRs declared in the environment file.",
    severity: "critical",
    references: [cite("anssi", "PA-022 R15-R16"), cite("secnumcloud-3.2", "13.2.c"), cite("secnumcloud-3.2", "12.12")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [securityGroupRuleType],
  // SSH is TCP (RFC 4253 §2): a UDP rule on 22 opens no SSH, and secgroup-public-web-ports-only judges it.
  (rule, { graph }) => publicIngressOn(rule, graph, { port: 22, transports: ["tcp"] }, "SSH (22)"),
);
