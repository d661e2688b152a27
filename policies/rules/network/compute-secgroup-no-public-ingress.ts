import { internetWide } from "../../../lib/cidr";
import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { beyondWebPorts, icmpErrorTypes } from "../../lib/openstack-rules";
import { computeSecurityGroupType, transportNamed } from "../../lib/openstack";
import { attributePath, blocks, isUnknown, literalNumber, literalString, stringArgument } from "../../lib/values";

/**
 * Judges one inline rule of the deprecated compute security group: from anywhere, only HTTP and HTTPS, and ICMP error
 * messages. The rule's `from_port` is the ICMP type for ICMP, -1 for every type.
 */
function publicRuleProblem(rule: Record<string, unknown>, cidr: string | undefined): string | undefined {
  const family = cidr === undefined ? undefined : internetWide(cidr);
  if (family === undefined) return undefined;
  const protocol = stringArgument(rule.ip_protocol)?.toLowerCase();
  const from = literalNumber(rule.from_port);
  const to = literalNumber(rule.to_port) ?? from;
  if (protocol === "icmp" || protocol === "ipv6-icmp") {
    const allowed: readonly number[] = icmpErrorTypes[family];
    return from !== undefined && allowed.includes(from) ? undefined : `ICMP from ${cidr} of ${from === undefined || from < 0 ? "every type" : `type ${from}`}`;
  }
  if (from === undefined || to === undefined) return `${protocol ?? "every protocol"} from ${cidr} on every port`;
  const exposed = beyondWebPorts(Math.max(from, 1), to, transportNamed(protocol));
  return exposed ? `${protocol} from ${cidr} reaches ${exposed}` : undefined;
}

export default resourcePolicy(
  {
    id: "compute-secgroup-no-public-ingress",
    title: "A compute security group opens only HTTP, HTTPS and ICMP errors to the Internet",
    description:
      "Flags the inline rules of openstack_compute_secgroup_v2 (removed in version 3 of the provider, still common in existing code) that admit 0.0.0.0/0, ::/0 or a block as large as the Internet's halves (0.0.0.0/1, ::/1) on a port other than 80 and 443, or ICMP other than error messages.",
    rationale:
      "The deprecated compute security group declares its rules inline, where the networking policies do not look: SSH or the Kubernetes API open to the whole Internet there is as exposed as anywhere else.",
    remediation:
      "Restrict the rule's cidr to the declared networks; better, move to openstack_networking_secgroup_v2 with one openstack_networking_secgroup_rule_v2 per flow.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "13.2.e"), cite("anssi", "PA-022 R16")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [computeSecurityGroupType],
  (group, { graph }) =>
    blocks(group.values.rule).flatMap((rule, index): Violation[] => {
      const cidr = graph.readValue(rule.cidr, group);
      if (isUnknown(cidr) || isUnknown(rule.from_port) || isUnknown(rule.to_port)) return [];
      const problem = publicRuleProblem(rule, literalString(cidr));
      return problem ? [{ message: `${problem}: only 80, 443 and ICMP errors may come from anywhere`, path: attributePath("rule", index, "cidr") }] : [];
    }),
);
