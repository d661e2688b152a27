import { IntervalSet, publicAddresses } from "../../../lib/interval-set";
import { ipv4Block } from "../../../lib/cidr";
import { cite, resourcePolicy } from "../../engine/policy";
import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { isEveryProtocol, publicRemote, remotePath, remotePrefixes, remoteShown, rulesOf, securityGroupRuleType } from "../../lib/openstack";
import { literalNumber, literalString } from "../../lib/values";

/** A rule's protocol and port range as written ("any" protocol, every port when absent). */
function portsOf(rule: TfResource): { protocol: string; first: number; last: number } {
  const min = literalNumber(rule.values.port_range_min);
  const max = literalNumber(rule.values.port_range_max);
  const every = (min === undefined || min === 0) && (max === undefined || max === 0);
  return {
    protocol: isEveryProtocol(rule) ? "any" : (literalString(rule.values.protocol)?.toLowerCase() ?? "?"),
    first: every ? 1 : (min ?? 1),
    last: every ? 65535 : (max ?? 65535),
  };
}

/** Whether `other` lets out at least what `rule` does: its protocol or every protocol, its ports or more. */
function admitsAsMuch(other: TfResource, rule: TfResource): boolean {
  const [a, b] = [portsOf(other), portsOf(rule)];
  return (a.protocol === "any" || a.protocol === b.protocol) && a.first <= b.first && b.last <= a.last;
}

/**
 * The IPv4 egress rules of the rule's group that open its ports, when their prefixes together hold every public
 * address (0.0.0.0/1 and 128.0.0.0/1, a rule per continent's ranges); undefined otherwise.
 */
function splitInternet(rule: TfResource, graph: ResourceGraph): TfResource[] | undefined {
  const own = ipv4Block(String(rule.values.remote_ip_prefix));
  if (!own || !IntervalSet.of([own.first, own.last]).meets(publicAddresses)) return undefined;
  const group = graph.targetOf(rule.values.security_group_id, rule);
  if (!group) return undefined;
  const together = rulesOf(group, graph).filter(
    (other) => other.values.direction === "egress" && other.values.ethertype !== "IPv6" && admitsAsMuch(other, rule),
  );
  const blocks = together.flatMap((other) => (remotePrefixes(other, graph)?.prefixes ?? []).map((prefix) => ipv4Block(String(prefix))));
  if (blocks.some((block) => block === undefined)) return undefined;
  return IntervalSet.of(...blocks.map((block) => [block!.first, block!.last] as const)).covers(publicAddresses) ? together : undefined;
}

export default resourcePolicy(
  {
    id: "secgroup-no-public-egress",
    title: "No security group rule lets traffic out to the whole Internet",
    description:
      "Flags egress rules to 0.0.0.0/0 or ::/0, and IPv4 egress rules of a group that, with the group's other rules opening the same ports, hold every public address (0.0.0.0/1 and 128.0.0.0/1).",
    rationale: "Health data must not leave by an unlisted path; outbound flows go to declared services (mirrors, DNS, log store) only.",
    remediation: "Replace the rule with egress rules to the declared destinations (mirrors, resolvers, log store).",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.14"), cite("anssi", "PA-022 R9-R10"), cite("ehds-spe", "Art. 73(2)", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [securityGroupRuleType],
  (rule, { graph }) => {
    if (rule.values.direction !== "egress") return [];
    const remote = publicRemote(rule, graph);
    if (remote === "IPv4" || remote === "IPv6")
      return [{ message: `egress to ${remoteShown(rule, graph)} lets traffic out to the whole Internet`, path: remotePath(rule) }];
    const together = remote === undefined && rule.values.remote_ip_prefix !== undefined ? splitInternet(rule, graph) : undefined;
    if (!together) return [];
    const shown = together
      .filter((other) => other !== rule)
      .map((other) => remoteShown(other, graph))
      .join(", ");
    return [
      {
        message: `egress to ${remoteShown(rule, graph)}, with the group's other rules to ${shown}, lets traffic out to the whole Internet`,
        path: remotePath(rule),
      },
    ];
  },
);
