import { cite, resourcePolicy } from "../../engine/policy";
import { isEveryProtocol, isIcmp, publicRemote, remoteShown, securityGroupRuleType } from "../../lib/openstack";
import { icmpErrorTypes as errorTypes } from "../../lib/openstack-rules";
import { isUnknown, literalNumber } from "../../lib/values";

export default resourcePolicy(
  {
    id: "secgroup-public-icmp-errors-only",
    title: "From the whole Internet, ICMP carries error messages only, in IPv4 as in IPv6",
    description:
      "Flags ingress ICMP and ICMPv6 rules from 0.0.0.0/0, ::/0 or a block larger than any one network holds (0.0.0.0/1, ::/1) unless they are restricted to one error type (destination unreachable, packet too big, time exceeded, parameter problem). One rule for both families. A rule that names no remote admits any address of its family; one that names no protocol admits every ICMP type.",
    rationale:
      "Echo and the other informational messages let anyone map the region's hosts; the error messages must pass, or path MTU discovery and routing errors fail silently (RFC 4890 for ICMPv6, RFC 1191 for IPv4).",
    remediation: "Limit the rule to the error type it is for (port_range_min is the ICMP type), or to the declared source prefixes.",
    severity: "medium",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R16")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [securityGroupRuleType],
  (rule, { graph }) => {
    // The protocol before the remote: a rule for TCP is judged whatever its remote, even one known only at apply.
    const everyProtocol = isEveryProtocol(rule);
    if (rule.values.direction !== "ingress" || !(everyProtocol || isIcmp(rule))) return [];
    const family = publicRemote(rule, graph);
    if (family === undefined) return [];
    const icmp = family === "IPv6" ? "ICMPv6" : "ICMP";
    const errorTypesShown = `only the error types ${errorTypes[family].join(", ")} may come from anywhere`;
    // Neutron refuses a port range on a rule without a protocol (SecurityGroupProtocolRequiredWithPorts,
    // neutron/db/securitygroups_db.py _validate_port_range): such a rule admits every packet of every protocol.
    if (everyProtocol)
      return [{ message: `ingress of every protocol from ${remoteShown(rule, graph)} admits ${icmp} of every type: ${errorTypesShown}`, path: "protocol" }];
    if (isUnknown(rule.values.port_range_min)) return [];
    // Type 0 is no type: gophercloud leaves a zero port_range_min out (omitempty, security/rules/requests.go), and
    // Neutron reads a rule without one as every type.
    const type = literalNumber(rule.values.port_range_min) || undefined;
    if (type !== undefined && (errorTypes[family] as readonly number[]).includes(type)) return [];
    return [
      {
        message: `ingress ${icmp} from ${remoteShown(rule, graph)} ${type === undefined ? "of every type" : `of type ${type}`}: ${errorTypesShown}`,
        path: "port_range_min",
      },
    ];
  },
);
