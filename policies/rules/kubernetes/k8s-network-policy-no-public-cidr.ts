import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { ipv4Block, wholeFamily } from "../../../lib/cidr";
import { IntervalSet, publicAddresses } from "../../../lib/interval-set";
import { networkPolicyTypes } from "../../lib/kubernetes";
import { attributePath, blocks, isUnknown, list, literalString, mayBeAbsent } from "../../lib/values";

const peersOf = { ingress: "from", egress: "to" } as const;

/** A rule's IPv4 blocks, their except taken out; undefined when one is not a literal IPv4 CIDR. */
function ipv4Addresses(rule: Record<string, unknown>, peers: "from" | "to"): IntervalSet | undefined {
  let all = IntervalSet.of();
  for (const peer of blocks(rule[peers]))
    for (const ipBlock of blocks(peer.ip_block)) {
      const cidr = literalString(ipBlock.cidr);
      const own = cidr === undefined ? undefined : ipv4Block(cidr);
      if (!own) return undefined;
      const except = list(ipBlock.except).map((text) => ipv4Block(String(text)));
      if (except.some((block) => block === undefined)) return undefined;
      all = all.union(IntervalSet.of([own.first, own.last]).minus(IntervalSet.of(...except.map((block) => [block!.first, block!.last] as const))));
    }
  return all;
}

/**
 * Rules of one direction that open the same ports and, together, every public IPv4 address (0.0.0.0/1 and
 * 128.0.0.0/1, in one rule or several): one violation, on the first of them.
 */
function splitInternet(rules: readonly Record<string, unknown>[], direction: "ingress" | "egress", s: number): Violation[] {
  const peers = peersOf[direction];
  const byPorts = new Map<string, { indexes: number[]; addresses: IntervalSet }>();
  for (const [r, rule] of rules.entries()) {
    const cidrs = blocks(rule[peers]).flatMap((peer) => blocks(peer.ip_block).map((ipBlock) => literalString(ipBlock.cidr)));
    if (cidrs.length === 0 || cidrs.some((cidr) => cidr !== undefined && wholeFamily(cidr) !== undefined)) continue;
    const addresses = ipv4Addresses(rule, peers);
    if (!addresses?.meets(publicAddresses)) continue;
    const key = JSON.stringify(rule.ports ?? null);
    const group = byPorts.get(key) ?? { indexes: [], addresses: IntervalSet.of() };
    byPorts.set(key, { indexes: [...group.indexes, r], addresses: group.addresses.union(addresses) });
  }
  return [...byPorts.values()]
    .filter((group) => group.addresses.covers(publicAddresses))
    .map((group) => ({
      message: `${direction} rule${group.indexes.length > 1 ? "s" : ""} ${group.indexes.join(", ")} together allow traffic ${peers} every public address: the whole Internet, in parts`,
      path: attributePath("spec", s, direction, group.indexes[0]!),
    }));
}

export default resourcePolicy(
  {
    id: "k8s-network-policy-no-public-cidr",
    title: "No NetworkPolicy opens pods to or from the whole Internet",
    description:
      "Flags every ip_block of a NetworkPolicy ingress.from or egress.to whose cidr covers a whole address family (0.0.0.0/0, ::/0), every ingress or egress rule that names no peer at all, which Kubernetes reads as every address, and IPv4 blocks of rules opening the same ports that hold every public address together (0.0.0.0/1 and 128.0.0.0/1).",
    rationale:
      "Every flow must be justified in the flow matrix: 0.0.0.0/0 inbound bypasses the ingress, and outbound it is an open road for exfiltrating health data.",
    remediation: "Replace the cidr with the precise networks of the flow matrix (the ingress, the mirrors, the peers).",
    severity: "high",
    references: [
      cite("secnumcloud-3.2", "13.2.e"),
      cite("secnumcloud-3.2", "13.2.a"),
      cite("cis-kubernetes", "5.3.2"),
      cite("ehds-spe", "Art. 73(2)", "secondary"),
    ],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  networkPolicyTypes,
  (policy) =>
    blocks(policy.values.spec).flatMap((spec, s) =>
      (["ingress", "egress"] as const).flatMap((direction) => [
        ...splitInternet(blocks(spec[direction]), direction, s),
        ...blocks(spec[direction]).flatMap((rule, r): Violation[] => {
          const peers = peersOf[direction];
          if (!isUnknown(rule[peers]) && blocks(rule[peers]).length === 0) {
            // NetworkPolicy API reference: a rule whose from (to) is empty or missing matches all sources (destinations).
            const message = `${direction} rule ${r} names no ${peers}: it allows traffic ${peers} every address, the whole Internet included`;
            const path = attributePath("spec", s, direction, r);
            return [
              mayBeAbsent(rule) ? { message: `${message}, if the dynamic block that makes it makes any`, path, outcome: "cannot-evaluate" } : { message, path },
            ];
          }
          return blocks(rule[peers]).flatMap((peer, p) =>
            blocks(peer.ip_block).flatMap((ipBlock, b) => {
              const cidr = literalString(ipBlock.cidr);
              if (cidr === undefined || wholeFamily(cidr) === undefined) return [];
              const path = attributePath("spec", s, direction, r, peers, p, "ip_block", b, "cidr");
              return [{ message: `${direction} rule ${r} allows traffic ${peers} ${cidr}, the whole Internet`, path }];
            }),
          );
        }),
      ]),
    ),
);
