import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { holdsIpv6Internet, internetWide, ipv4Block } from "../../../lib/cidr";
import { IntervalSet, publicAddresses, publicHeldBy } from "../../../lib/interval-set";
import { portsToAddresses } from "../../flows/kubernetes";
import { coversPorts, hasAnyPort } from "../../flows/ports";
import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { appliedObjects, helmReleaseType, isKind, isMap } from "../../lib/helm";
import { namespaceOf, networkPolicyIsolates, networkPolicyTypes } from "../../lib/kubernetes";
import { attributePath, blocks, hasUnknownItem, isUnknown, list, literalString, mayBeAbsent } from "../../lib/values";
import { addToGroup } from "../../../lib/groups";

const peersOf = { ingress: "from", egress: "to" } as const;

/** An ip_block's cidr as the policy reads it: written, or read from the argument it references. */
type CidrOf = (ipBlock: Record<string, unknown>) => string | undefined;

/** A rule's literal IPv4 blocks, their except taken out (IPv6 blocks and blocks known only at apply add nothing). */
function ipv4Addresses(rule: Record<string, unknown>, peers: "from" | "to", cidrOf: CidrOf): IntervalSet {
  let all = IntervalSet.none;
  for (const peer of blocks(rule[peers]))
    for (const ipBlock of blocks(peer.ip_block)) {
      const own = ipv4Block(cidrOf(ipBlock) ?? "");
      if (!own) continue;
      const except = list(ipBlock.except).flatMap((text) => ipv4Block(String(text)) ?? []);
      all = all.union(IntervalSet.of([own.first, own.last]).minus(IntervalSet.of(...except.map((block) => [block.first, block.last] as const))));
    }
  return all;
}

/** A rule that opens public IPv4 addresses on some ports: its index among its direction's rules, what it opens. */
interface OpenRule {
  readonly index: number;
  readonly addresses: IntervalSet;
  readonly ports: NonNullable<ReturnType<typeof portsToAddresses>>;
}

/** The rules of one direction that open public IPv4 addresses on some ports. */
function openRules(rules: readonly Record<string, unknown>[], direction: "ingress" | "egress", cidrOf: CidrOf): OpenRule[] {
  const peers = peersOf[direction];
  return rules.flatMap((rule, index) => {
    // A block as large as the Internet is flagged on its own.
    const cidrs = blocks(rule[peers]).flatMap((peer) => blocks(peer.ip_block).map((ipBlock) => cidrOf(ipBlock) ?? ""));
    if (cidrs.some((cidr) => internetWide(cidr) !== undefined)) return [];
    const addresses = ipv4Addresses(rule, peers, cidrOf).intersect(publicAddresses);
    const ports = portsToAddresses(rule);
    return addresses.isEmpty || !ports || !hasAnyPort(ports) ? [] : [{ index, addresses, ports }];
  });
}

/** An ip_block's cidr as a NetworkPolicy reads it: written, or read from the argument it references. */
const cidrIn =
  (policy: TfResource, graph: ResourceGraph): CidrOf =>
  (ipBlock) =>
    literalString(graph.readValue(ipBlock.cidr, policy));

/** The rules of a direction a policy isolates: those of a direction it does not isolate have no effect (networkPolicyIsolates). */
const rulesOf = (spec: Record<string, unknown> | undefined, direction: "ingress" | "egress"): Record<string, unknown>[] =>
  networkPolicyIsolates(spec, direction === "ingress" ? "Ingress" : "Egress") ? blocks(spec?.[direction]) : [];

/**
 * The open rules of a NetworkPolicy's first spec in one direction, read once: each policy of a namespace's that select
 * the same pods reads those of all the others (samePods).
 */
function openRulesOf(policy: TfResource, direction: "ingress" | "egress", graph: ResourceGraph): OpenRule[] {
  const read = graph.cached("k8s-network-policy-no-public-cidr/open-rules", () => new Map<string, OpenRule[]>());
  const key = `${direction} ${policy.address}`;
  let open = read.get(key);
  if (!open) {
    open = openRules(rulesOf(blocks(policy.values.spec)[0], direction), direction, cidrIn(policy, graph));
    read.set(key, open);
  }
  return open;
}

/**
 * Each rule of one direction whose IPv4 blocks, with those of the rules opening at least its ports, hold every public
 * address (0.0.0.0/1 and 128.0.0.0/1, in one rule or several): the policy's own rules, and those of the policies of
 * its namespace that select the same pods, since policies add up (Kubernetes, "Network Policies": the union of what
 * the policies that apply allow).
 */
function splitInternet(
  own: readonly OpenRule[],
  beside: readonly { owner: string; open: readonly OpenRule[] }[],
  direction: "ingress" | "egress",
  s: number,
): Violation[] {
  const peers = peersOf[direction];
  const open = [
    ...own.map((rule) => ({ ...rule, name: `rule ${rule.index}` })),
    ...beside.flatMap(({ owner, open: theirs }) => theirs.map((rule) => ({ ...rule, name: `${owner} rule ${rule.index}` }))),
  ];
  return open.slice(0, own.length).flatMap((rule) => {
    const together = open.filter((other) => coversPorts(other.ports, rule.ports));
    if (!together.reduce((all, other) => all.union(other.addresses), IntervalSet.none).covers(publicAddresses)) return [];
    const others = together.filter((other) => other !== rule).map((other) => other.name);
    return [
      {
        message: `${direction} rule ${rule.index}${others.length > 0 ? `, with ${others.join(", ")} opening its ports,` : ""} allows traffic ${peers} every public address: the whole Internet, in parts`,
        path: attributePath("spec", s, direction, rule.index),
      },
    ];
  });
}

/** The pods a NetworkPolicy applies to, as a key: its namespace and its pod_selector, as written. */
const podsKey = (policy: TfResource, graph: ResourceGraph): string =>
  JSON.stringify([namespaceOf(policy, graph) ?? null, blocks(policy.values.spec)[0]?.pod_selector ?? null]);

/** The other NetworkPolicies of the policy's namespace that select the same pods (the same pod_selector, as written). */
function samePods(policy: TfResource, graph: ResourceGraph): TfResource[] {
  const byPods = graph.cached("k8s-network-policy-no-public-cidr/by-pods", () => {
    const groups = new Map<string, TfResource[]>();
    for (const candidate of graph.ofType(networkPolicyTypes).filter((other) => other.mode !== "data")) {
      const key = podsKey(candidate, graph);
      addToGroup(groups, key, candidate);
    }
    return groups;
  });
  return (byPods.get(podsKey(policy, graph)) ?? []).filter((other) => other.address !== policy.address);
}

/**
 * The rules of a Cilium policy (cilium.io CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy, its `spec` and each of
 * its `specs`) that allow traffic from or to the whole Internet: a fromCIDR, toCIDR or CIDR set as large as an address
 * family's half, or the entity `world` (outside the cluster) or `all` (Cilium, Policy Language: CIDR based, Entities
 * based). Deny rules (ingressDeny, egressDeny) take traffic away and are not read.
 */
function ciliumViolations(manifest: Record<string, unknown>, at: string): Violation[] {
  if (!isKind(manifest, "CiliumNetworkPolicy", "cilium.io") && !isKind(manifest, "CiliumClusterwideNetworkPolicy", "cilium.io")) return [];
  const specs = [
    ...(isMap(manifest.spec) ? [{ spec: manifest.spec, path: `${at}.spec` }] : []),
    ...list(manifest.specs).flatMap((spec, i) => (isMap(spec) ? [{ spec, path: `${at}.specs[${i}]` }] : [])),
  ];
  const sides = [
    { direction: "ingress", peers: "from", cidrs: "fromCIDR", sets: "fromCIDRSet", entities: "fromEntities" },
    { direction: "egress", peers: "to", cidrs: "toCIDR", sets: "toCIDRSet", entities: "toEntities" },
  ] as const;
  return specs.flatMap(({ spec, path }) =>
    sides.flatMap(({ direction, peers, cidrs, sets, entities }) =>
      list(spec[direction]).flatMap((rule, r): Violation[] => {
        if (!isMap(rule)) return [];
        const at = `${path}.${direction}[${r}]`;
        const wide = [
          ...list(rule[cidrs]).map((cidr, i) => ({ cidr: literalString(cidr), at: `${at}.${cidrs}[${i}]` })),
          ...list(rule[sets]).map((set, i) => ({ cidr: literalString(isMap(set) ? set.cidr : undefined), at: `${at}.${sets}[${i}].cidr` })),
        ].filter(({ cidr }) => cidr !== undefined && internetWide(cidr) !== undefined);
        const entity = list(rule[entities])
          .map(literalString)
          .find((name) => name === "world" || name === "all");
        return [
          ...wide.map(({ cidr, at }) => ({ message: `${direction} rule ${r} allows traffic ${peers} ${cidr}, the Internet`, path: at })),
          ...(entity
            ? [{ message: `${direction} rule ${r} allows traffic ${peers} the entity ${entity}, the Internet included`, path: `${at}.${entities}` }]
            : []),
        ];
      }),
    ),
  );
}

/** Calico's policy kinds, in its API server's group and in the CRDs' it stores them in without one. */
const calicoKinds = ["NetworkPolicy", "GlobalNetworkPolicy"].flatMap((kind) =>
  ["projectcalico.org", "crd.projectcalico.org"].map((group) => [kind, group] as const),
);

/**
 * The Allow rules of a Calico policy (NetworkPolicy, GlobalNetworkPolicy) that admit the Internet from their source
 * (ingress) or to their destination (egress): nets holding a CIDR as large as an address family's half, or no nets at
 * all (every address but its notNets, unless they hold the whole Internet of each family the rule matches: its
 * ipVersion, else both), with nothing else to match. An entity rule
 * matches a packet only when all its criteria do, so a selector, namespaceSelector, serviceAccounts or services
 * beside the nets keeps the rule to what they select; one written empty is unset (Calico, Rule and EntityRule resource
 * reference; its Go API omits empty fields). Deny, Log and Pass rules allow nothing and are not read.
 */
function calicoViolations(manifest: Record<string, unknown>, at: string): Violation[] {
  if (!calicoKinds.some(([kind, group]) => isKind(manifest, kind, group)) || !isMap(manifest.spec)) return [];
  const spec = manifest.spec;
  const sides = [
    { direction: "ingress", peers: "from", entity: "source" },
    { direction: "egress", peers: "to", entity: "destination" },
  ] as const;
  const written = (value: unknown) =>
    value !== undefined && value !== null && value !== "" && !(isMap(value) && Object.keys(value).length === 0) && list(value).length > 0;
  const narrowing = ["selector", "namespaceSelector", "serviceAccounts", "services"];
  return sides.flatMap(({ direction, peers, entity }) =>
    list(spec[direction]).flatMap((rule, r): Violation[] => {
      if (!isMap(rule) || rule.action !== "Allow") return [];
      const matched = isMap(rule[entity]) ? rule[entity] : {};
      if (narrowing.some((field) => written(matched[field]))) return [];
      const path = `${at}.spec.${direction}[${r}]`;
      const nets = list(matched.nets);
      if (nets.length > 0)
        return nets.flatMap((net, i) => {
          const cidr = literalString(net);
          return cidr !== undefined && internetWide(cidr) !== undefined
            ? [{ message: `${direction} rule ${r} allows traffic ${peers} ${cidr}, the Internet`, path: `${path}.${entity}.nets[${i}]` }]
            : [];
        });
      const notNets = list(matched.notNets).map(literalString);
      if (notNets.some((cidr) => cidr === undefined)) return [];
      // Every address but the notNets: the Internet of a family the rule matches (its ipVersion, else both) unless
      // they hold all of it.
      const version = rule.ipVersion;
      const texts = notNets as string[];
      const ipv4Open = version !== 6 && !publicHeldBy(texts).covers(publicAddresses);
      const ipv6Open = version !== 4 && !texts.some(holdsIpv6Internet);
      if (!ipv4Open && !ipv6Open) return [];
      const but = notNets.length > 0 ? ` but ${notNets.join(", ")}` : "";
      return [
        {
          message: `${direction} rule ${r} names no ${entity} nets nor selector: it allows traffic ${peers} every address${but}, the whole Internet included`,
          path,
        },
      ];
    }),
  );
}

export default resourcePolicy(
  {
    id: "k8s-network-policy-no-public-cidr",
    title: "No NetworkPolicy opens pods to or from the whole Internet",
    description:
      "Flags every ip_block of a NetworkPolicy ingress.from or egress.to whose cidr covers a whole address family (0.0.0.0/0, ::/0) or a block as large as the Internet's halves (0.0.0.0/1, ::/1: larger than any one network holds), every ingress or egress rule that names no peer at all, which Kubernetes reads as every address, and IPv4 blocks of rules opening the same ports that hold every public address together (0.0.0.0/1 and 128.0.0.0/1), in one policy or in the policies of its namespace that select the same pods; Cilium policies' rules from or to such a CIDR or to the entities world or all; and Calico policies' Allow rules whose source or destination nets hold such a CIDR, or that name no nets (every address but their notNets), with no selector beside them.",
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
  [...networkPolicyTypes, "kubernetes_manifest", helmReleaseType],
  (policy, { graph }) => {
    if (!networkPolicyTypes.includes(policy.type))
      return appliedObjects(policy).flatMap(({ manifest, at }) => [...ciliumViolations(manifest, at), ...calicoViolations(manifest, at)]);
    const cidrOf = cidrIn(policy, graph);
    const siblings = samePods(policy, graph);
    // With policy_types known only at apply, a direction's rules may have no effect: what they open is not certain.
    const asTyped = (spec: Record<string, unknown>, direction: "ingress" | "egress", violations: Violation[]): Violation[] =>
      isUnknown(spec.policy_types)
        ? violations.map((violation) => ({
            ...violation,
            message: `${violation.message}, unless policy_types, known only at apply, leaves ${direction === "ingress" ? "Ingress" : "Egress"} out`,
            outcome: "cannot-evaluate",
          }))
        : violations;
    return blocks(policy.values.spec).flatMap((spec, s) =>
      (["ingress", "egress"] as const).flatMap((direction) =>
        asTyped(spec, direction, [
          ...splitInternet(
            s === 0 ? openRulesOf(policy, direction, graph) : openRules(rulesOf(spec, direction), direction, cidrOf),
            siblings.map((other) => ({ owner: other.address, open: openRulesOf(other, direction, graph) })),
            direction,
            s,
          ),
          ...rulesOf(spec, direction).flatMap((rule, r): Violation[] => {
            const peers = peersOf[direction];
            if (!hasUnknownItem(rule[peers]) && blocks(rule[peers]).length === 0) {
              // NetworkPolicy API reference: a rule whose from (to) is empty or missing matches all sources (destinations).
              const message = `${direction} rule ${r} names no ${peers}: it allows traffic ${peers} every address, the whole Internet included`;
              const path = attributePath("spec", s, direction, r);
              return [
                mayBeAbsent(rule)
                  ? { message: `${message}, if the dynamic block that makes it makes any`, path, outcome: "cannot-evaluate" }
                  : { message, path },
              ];
            }
            return blocks(rule[peers]).flatMap((peer, p) =>
              blocks(peer.ip_block).flatMap((ipBlock, b) => {
                const cidr = cidrOf(ipBlock);
                if (cidr === undefined || internetWide(cidr) === undefined) return [];
                const path = attributePath("spec", s, direction, r, peers, p, "ip_block", b, "cidr");
                return [{ message: `${direction} rule ${r} allows traffic ${peers} ${cidr}, the Internet`, path }];
              }),
            );
          }),
        ]),
      ),
    );
  },
);
