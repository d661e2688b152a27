import { cite, resourcePolicy } from "../../engine/policy";
import { isIcmp, publicRemote, remotePath, remoteShown, securityGroupRuleType } from "../../lib/openstack";
import { portsShown } from "../../lib/openstack-rules";

export default resourcePolicy(
  {
    id: "secgroup-no-public-ingress-ipv6",
    title: "No security group rule accepts the whole IPv6 Internet",
    description:
      "Flags ingress rules whose remote is ::/0, or a block that holds the IPv6 Internet or a registry's share of it (::/1, 2000::/3, a /12), on any port; ICMPv6 is judged with ICMP by secgroup-public-icmp-errors-only. A rule that names no remote admits any address, as ::/0 does.",
    rationale: "IPv6 rules are easy to forget in reviews that look for 0.0.0.0/0; ::/0 opens the port to every IPv6 host.",
    remediation: "Replace ::/0 with the declared source prefixes, or remove the rule.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R16")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [securityGroupRuleType],
  // An IPv4 rule admits no IPv6 address, whatever its remote, even one known only at apply: Neutron refuses a prefix of
  // the other family (EthertypeConflictWithRemoteIPPrefix), and matches a remote group's members by the rule's family.
  (rule, { graph }) =>
    rule.values.direction === "ingress" && !isIcmp(rule) && rule.values.ethertype !== "IPv4" && publicRemote(rule, graph) === "IPv6"
      ? [{ message: `ingress from ${remoteShown(rule, graph)} opens ${portsShown(rule)} to the whole IPv6 Internet`, path: remotePath(rule) }]
      : [],
);
