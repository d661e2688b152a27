import { block as cidrBlock, contains, ipv4Block } from "../../../lib/cidr";
import { cite, resourcePolicy } from "../../engine/policy";
import { coversPort, instanceType, instancesOnPort, isBastion, securityGroupRuleType } from "../../lib/openstack";
import { literalString } from "../../lib/values";

export default resourcePolicy(
  {
    id: "bastion-ssh-admin-cidrs-only",
    title: "The bastion accepts SSH only from the administrators' networks",
    description:
      "For each SSH ingress rule of a security group attached to a bastion, checks that the source lies inside one of the declared administration CIDRs.",
    rationale: "Administration flows come only from the dedicated administration networks; any other source turns the bastion into a public SSH server.",
    remediation: "Restrict remote_ip_prefix of the bastion's SSH rules to the adminCidrs of the environment file.",
    severity: "critical",
    references: [cite("anssi", "PA-022 R15-R16"), cite("secnumcloud-3.2", "13.2.e"), cite("secnumcloud-3.2", "Annex 2 i")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [securityGroupRuleType],
  (rule, { graph, settings }) => {
    if (settings.adminCidrs.length === 0 || rule.values.direction !== "ingress" || !coversPort(rule, 22)) return [];
    const group = graph.targetOf(rule.values.security_group_id, rule);
    if (!group) return [];
    const ports = graph.referrers(group, { type: "openstack_networking_port_v2", path: "security_group_ids" });
    const bastions = [
      ...ports.flatMap((port) => instancesOnPort(port, graph)),
      ...graph.referrers(group, { type: instanceType, path: "security_groups" }),
    ].filter(isBastion);
    if (bastions.length === 0) return [];
    const source = literalString(rule.values.remote_ip_prefix);
    if (source === undefined)
      return [
        {
          message: "the SSH source of the bastion is not a literal CIDR, so it cannot be checked against the administrators' networks",
          outcome: "cannot-evaluate",
        },
      ];
    // An IPv6 source is outside the administrators' networks, which are IPv4 (settings: adminCidrs).
    const from = ipv4Block(source);
    const allowed = from !== undefined && settings.adminCidrs.some((admin) => contains(cidrBlock(admin), from));
    return allowed
      ? []
      : [{ message: `SSH to the bastion from ${source}, outside the administrators' networks ${settings.adminCidrs.join(", ")}`, path: "remote_ip_prefix" }];
  },
);
