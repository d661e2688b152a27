import { cite, resourcePolicy } from "../../engine/policy";
import { writtenAsReference } from "../../engine/unknowns";
import { namesNoRemote, securityGroupRuleType, writtenPrefixLength } from "../../lib/openstack";

export default resourcePolicy(
  {
    id: "secgroup-rule-has-remote",
    title: "Every security group rule names its remote end",
    description: "Flags rules with no remote_ip_prefix, remote_group_id or remote_address_group_id.",
    rationale: "Neutron reads a rule without a remote as 'any address': the rule silently opens the port to everyone.",
    remediation: "Set remote_ip_prefix to the CIDR of the other end, or remote_group_id to its security group.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("secnumcloud-3.2", "13.1.a")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [securityGroupRuleType],
  (rule) =>
    // A remote read from another resource (a looked-up subnet's cidr), or written with its prefix length after the
    // address ("${var.bastion_ip}/32"), is named, whatever its value.
    ["remote_ip_prefix", "remote_group_id", "remote_address_group_id"].some((key) => writtenAsReference(rule, key)) ||
    writtenPrefixLength(rule) !== undefined ||
    !namesNoRemote(rule)
      ? []
      : [{ message: `${String(rule.values.direction)} rule without any remote: Neutron reads it as any address` }],
);
