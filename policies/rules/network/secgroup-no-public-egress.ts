import { IntervalSet, publicAddresses, publicHeldBy } from "../../../lib/interval-set";
import { cite, resourcePolicy } from "../../engine/policy";
import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { isEveryProtocol, protocolOf, publicRemote, remotePath, remotePrefixes, remoteShown, rulesOf, securityGroupRuleType } from "../../lib/openstack";
import { literalNumber } from "../../lib/values";

/** A rule's protocol and port range as written ("any" protocol, every port when absent). */
function portsOf(rule: TfResource): { protocol: string; first: number; last: number } {
  const min = literalNumber(rule.values.port_range_min);
  const max = literalNumber(rule.values.port_range_max);
  const every = (min === undefined || min === 0) && (max === undefined || max === 0);
  return {
    protocol: isEveryProtocol(rule) ? "any" : (protocolOf(rule) ?? "?"),
    first: every ? 1 : (min ?? 1),
    last: every ? 65535 : (max ?? 65535),
  };
}

/** Whether `other` lets out at least what `rule` does: its protocol or every protocol, its ports or more. */
function admitsAsMuch(other: TfResource, rule: TfResource): boolean {
  const [a, b] = [portsOf(other), portsOf(rule)];
  return (a.protocol === "any" || a.protocol === b.protocol) && a.first <= b.first && b.last <= a.last;
}

/** The public IPv4 addresses a rule's remote holds (none for an IPv6 rule, or a remote known only at apply). */
function publicHeld(rule: TfResource, graph: ResourceGraph): IntervalSet {
  if (rule.values.ethertype === "IPv6") return IntervalSet.none;
  return publicHeldBy((remotePrefixes(rule, graph)?.prefixes ?? []).map(String));
}

/**
 * The other egress rules of the rule's group that open at least its ports and hold public addresses, when with it they
 * hold every public address (0.0.0.0/1 and 128.0.0.0/1); undefined otherwise.
 */
function splitInternet(rule: TfResource, graph: ResourceGraph): TfResource[] | undefined {
  const own = publicHeld(rule, graph);
  const group = own.isEmpty ? undefined : graph.targetOf(rule.values.security_group_id, rule);
  if (!group) return undefined;
  const others = rulesOf(group, graph).filter(
    (other) => other.address !== rule.address && other.values.direction === "egress" && admitsAsMuch(other, rule) && !publicHeld(other, graph).isEmpty,
  );
  const held = others.reduce((all, other) => all.union(publicHeld(other, graph)), own);
  return held.covers(publicAddresses) ? others : undefined;
}

export default resourcePolicy(
  {
    id: "secgroup-no-public-egress",
    title: "No security group rule lets traffic out to the whole Internet",
    description:
      "Flags egress rules to 0.0.0.0/0, ::/0 or a block larger than any one network holds (0.0.0.0/1, ::/1), written as a prefix or in an address group, and IPv4 egress rules of a group that, with the group's other rules opening the same ports, hold every public address (the /8s of the Internet in two address groups). A rule that names no remote lets traffic out to any address, as 0.0.0.0/0 does.",
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
      return [{ message: `egress to ${remoteShown(rule, graph)} lets traffic out to the Internet`, path: remotePath(rule) }];
    const together = remote === undefined ? splitInternet(rule, graph) : undefined;
    if (!together) return [];
    const shown = together.map((other) => remoteShown(other, graph)).join(", ");
    const beside = together.length > 0 ? `, with the group's other rules to ${shown},` : "";
    return [{ message: `egress to ${remoteShown(rule, graph)}${beside} lets traffic out to the whole Internet`, path: remotePath(rule) }];
  },
);
