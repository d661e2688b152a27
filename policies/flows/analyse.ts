import { addresses, type IntervalSet, nonPublicAddresses } from "../../lib/interval-set";
import { ResourceGraph } from "../engine/graph";
import { clusterType as magnumCluster } from "../lib/magnum";
import type { TfConfiguration } from "../engine/model";
import { KubernetesNetwork } from "./kubernetes";
import { OpenStackNetwork } from "./openstack";
import { describePorts, everyPort, hasAnyPort, includesPort, intersectPorts, noPorts, type Ports, unionPorts } from "./ports";
import { type Endpoint, type FlowContext, type FlowRequirement, forbiddenFlows, internet, type PodsEndpoint } from "./requirements";

/** One way through: from a source to a destination (a pod, a member, or addresses), on some ports, by some rules. */
export interface Path {
  /** The pod or member the requirement is judged for: the source, or the destination when the source is outside. */
  readonly subject: string;
  readonly source: string;
  readonly destination: string;
  /** For destinations outside: the addresses reached. */
  readonly addresses?: IntervalSet;
  readonly ports: Ports;
  /** The rules that let it through, with the ports each opens. */
  readonly because: readonly Rule[];
}

export interface Rule {
  readonly at: string;
  readonly ports: Ports;
}

export interface Reachability {
  /** Every pod or member the requirement is judged for (see Path.subject). */
  readonly subjects: readonly string[];
  readonly paths: readonly Path[];
  /** What stops the flows that do not get through: isolating policies, missing floating IP or gateway. */
  readonly stoppedBy: readonly string[];
  /** Why it cannot be answered before apply, if it cannot. */
  readonly unknown?: string;
  /** What the flows cannot judge (rules known only at apply, IPv6 rules, a router looked up), which may open what the known rules keep closed. */
  readonly mayOpen?: readonly string[];
  /** For destinations outside: the addresses asked about. */
  readonly target?: IntervalSet;
  /** Stateless security groups on the way: their replies pass by rules of their own, which the flows do not follow. */
  readonly stateless?: readonly string[];
}

export interface FlowVerdict {
  readonly requirement: FlowRequirement;
  readonly status: "holds" | "violated" | "not-evaluable";
  readonly detail: string;
}

export interface FlowAnalysis {
  readonly verdicts: readonly FlowVerdict[];
  /** Who reaches whom among the region's named endpoints, on which ports. */
  readonly matrix: readonly { readonly from: string; readonly to: string; readonly ports: string }[];
  readonly endpoints: readonly Endpoint[];
}

/** The region's flows: every requirement (declared and forbidden) judged on the configurations, and the matrix of its named endpoints. */
export function analyseFlows(configurations: readonly TfConfiguration[], context: FlowContext): FlowAnalysis {
  const graphs = configurations.map((configuration) => new ResourceGraph(configuration));
  const podNetwork = addresses.of(...(context.podNetwork ?? []));
  const network = new Network(new KubernetesNetwork(graphs, podNetwork), new OpenStackNetwork(graphs), context);
  const groups = [...new Set([...network.openstack.groups.values()].filter((group) => network.openstack.membersOf(group.name).length > 0).map((g) => g.name))];
  const clusters = configurations.flatMap((configuration) => configuration.resources.filter((r) => r.type === magnumCluster).map((r) => r.address));
  const requirements = [...context.intended, ...forbiddenFlows(context, groups, clusters)];
  const verdicts = requirements.map((requirement) =>
    judge(requirement, network.reach(requirement.from, requirement.to, requirement.acrossNamespaces ?? false)),
  );
  // The matrix pairs every endpoint with every other: security groups join it only while they are few enough to draw.
  const drawnGroups = groups.length <= matrixGroupLimit ? groups : [];
  const endpoints = [
    ...Object.values(context.roles),
    ...drawnGroups.map((group): Endpoint => ({ securityGroup: group, name: `members of ${group}` })),
    ...Object.keys(context.zones).map((zone): Endpoint => ({ zone, name: zone })),
    internet,
  ];
  const matrix = endpoints.flatMap((from) =>
    endpoints
      .filter((to) => to !== from && !(isOutside(from) && isOutside(to)) && !crossesLayers(from, to))
      .map((to) => {
        const reach = network.reach(from, to, false);
        const ports = reach.paths.reduce((all, path) => unionPorts(all, path.ports), noPorts);
        return { from: from.name, to: to.name, ports: reach.unknown ? "unknown before apply" : describePorts(ports) };
      })
      .filter((cell) => cell.ports !== ""),
  );
  return { verdicts, matrix, endpoints };
}

/** Beyond this many CIDRs, a flow's detail names the first ones and counts the others. */
const shownCidrs = 5;

/** Beyond this many security groups with members, the matrix leaves them out (the verdicts still judge every one). */
export const matrixGroupLimit = 30;

const isOutside = (endpoint: Endpoint): boolean => "zone" in endpoint || "internet" in endpoint;

/** Pods on one side and instances on the other: their addresses are the cluster's, which the model does not follow. */
const crossesLayers = (a: Endpoint, b: Endpoint): boolean => ("pods" in a && "securityGroup" in b) || ("securityGroup" in a && "pods" in b);

function judge(requirement: FlowRequirement, reach: Reachability): FlowVerdict {
  const { port, protocol = "TCP", expect } = requirement;
  const on = port === undefined ? "on any port" : `on ${protocol} ${port}`;
  if (reach.unknown) return { requirement, status: "not-evaluable", detail: reach.unknown };
  if (reach.subjects.length === 0) {
    const missing = isOutside(requirement.from) ? requirement.to : requirement.from;
    return { requirement, status: "not-evaluable", detail: `nothing in the configuration is ${missing.name}` };
  }
  const open = reach.paths.filter((path) => includesPort(path.ports, port, protocol));
  /** The rules of a path that open the requirement's port. */
  const through = (path: Path) => [...new Set(path.because.filter((rule) => includesPort(rule.ports, port, protocol)).map((rule) => rule.at))].join(" and ");
  const unknownRules = reach.mayOpen?.length ? `what the flows cannot judge may open it: ${reach.mayOpen.slice(0, 3).join(", ")}` : undefined;
  if (expect === "impossible") {
    if (open.length === 0 && unknownRules)
      return { requirement, status: "not-evaluable", detail: `no path ${on} through the known rules, but ${unknownRules}` };
    const shown = open.slice(0, 3).map((path) => `${path.source} → ${path.destination} (${describePorts(path.ports)}) through ${through(path)}`);
    return open.length === 0
      ? { requirement, status: "holds", detail: `no path ${on}${reach.stoppedBy.length ? `; stopped by ${reach.stoppedBy.slice(0, 3).join(", ")}` : ""}` }
      : { requirement, status: "violated", detail: `possible ${on}: ${shown.join("; ")}${open.length > 3 ? `; and ${open.length - 3} more` : ""}` };
  }
  const stranded = reach.subjects.filter((subject) => {
    const own = open.filter((path) => path.subject === subject);
    if (!reach.target) return own.length === 0;
    const reached = own.reduce((all, path) => all.union(path.addresses!), addresses.all.minus(addresses.all));
    return !reached.covers(reach.target);
  });
  if (stranded.length > 0 && unknownRules)
    return { requirement, status: "not-evaluable", detail: `${stranded.slice(0, 3).join(", ")} cannot ${on} through the known rules, but ${unknownRules}` };
  if (stranded.length === 0 && reach.stateless?.length)
    return {
      requirement,
      status: "not-evaluable",
      detail: `the way there is open, but ${reach.stateless.slice(0, 3).join(", ")} ${reach.stateless.length > 1 ? "are" : "is"} stateless: whether the replies come back is not followed`,
    };
  return stranded.length === 0
    ? {
        requirement,
        status: "holds",
        detail: `through ${[...new Set(open.map(through))].slice(0, 2).join("; ")}`,
      }
    : {
        requirement,
        status: "violated",
        detail: `${stranded.slice(0, 3).join(", ")} cannot ${on}${reach.stoppedBy.length ? `: stopped by ${reach.stoppedBy.slice(0, 3).join(", ")}` : ""}`,
      };
}

/** Reachability between any two endpoints, on whichever side (Kubernetes or OpenStack) they live. */
class Network {
  private readonly internetAddresses: IntervalSet;

  constructor(
    readonly kubernetes: KubernetesNetwork,
    readonly openstack: OpenStackNetwork,
    private readonly context: FlowContext,
  ) {
    const declared = Object.values(context.zones).flat();
    this.internetAddresses = addresses.all.minus(nonPublicAddresses).minus(addresses.of(...declared));
  }

  /** Addresses as a person reads them: "the Internet" when they are all of it, else their CIDRs (the first few). */
  private addressesText(set: IntervalSet): string {
    if (set.covers(this.internetAddresses)) return "the Internet (every public address)";
    const cidrs = addresses.toCidrs(set);
    return cidrs.length > shownCidrs ? `${cidrs.slice(0, shownCidrs).join(", ")} and ${cidrs.length - shownCidrs} more ranges` : cidrs.join(", ");
  }

  private addressesOf(endpoint: Endpoint): IntervalSet | string {
    if ("internet" in endpoint) return this.internetAddresses;
    if ("zone" in endpoint) {
      const cidrs = this.context.zones[endpoint.zone];
      return cidrs ? addresses.of(...cidrs) : `the region declares no zone "${endpoint.zone}"`;
    }
    return "not an address zone";
  }

  reach(from: Endpoint, to: Endpoint, acrossNamespaces: boolean): Reachability {
    if ("clusterNodes" in from && !("clusterNodes" in to)) return this.nodesReach(from, to);
    if ("clusterNodes" in from || "clusterNodes" in to)
      return {
        subjects: ["clusterNodes" in from ? from.name : to.name],
        paths: [],
        stoppedBy: [],
        unknown: "Magnum gives the cluster's nodes security groups of its own when it builds them, with rules the configuration does not hold",
      };
    if ("pods" in from || "pods" in to) return this.podsReach(from, to, acrossNamespaces);
    return this.membersReach(from, to);
  }

  /**
   * What a Magnum cluster's nodes reach outside. Magnum gives them security groups of its own that let every packet out:
   * the Cluster API driver's are CAPO's managed groups, with their "Full open" egress rules
   * (cluster-api-provider-openstack, pkg/cloud/services/networking: defaultRules), and the Heat driver's keep
   * Neutron's default egress rules. What stops them is the way out: no router with an external gateway on their subnet,
   * or a firewall group on that router's interface.
   */
  private nodesReach(from: Endpoint & { clusterNodes: string }, to: Endpoint): Reachability {
    const none: Reachability = { subjects: [from.name], paths: [], stoppedBy: [] };
    const outside = this.addressesOf(to);
    if (typeof outside === "string") return { ...none, unknown: outside };
    const nodes = this.openstack.clusters.get(from.clusterNodes);
    if (!nodes) return { ...none, unknown: `${from.clusterNodes} is not a Magnum cluster of this configuration` };
    const openEgress = { at: `the security groups Magnum gives the nodes of ${from.clusterNodes} (every packet out)`, ports: everyPort };
    const path = (destinations: IntervalSet, ports: Ports, ...because: string[]): Path => ({
      subject: from.name,
      source: from.name,
      destination: this.addressesText(destinations),
      addresses: destinations,
      ports,
      because: [openEgress, ...because.map((at) => ({ at, ports }))],
    });
    if (nodes.network === "not declared")
      return { ...none, unknown: `the cluster's fixed network or subnet (${nodes.written}) is not declared here: its way out is not known` };
    if (nodes.network === "magnum's own")
      return {
        ...none,
        paths: [
          path(
            outside,
            everyPort,
            `the network Magnum makes for ${from.clusterNodes}, with a router to the external network (no fixed_network or fixed_subnet)`,
          ),
        ],
      };
    if (nodes.gateways.length === 0) {
      const mayOpen = nodes.routersLookedUp.map(
        (router) => `${router} (a router that exists already: whether it has an external gateway is not in this configuration)`,
      );
      return { ...none, stoppedBy: [`no router with an external gateway on ${nodes.subnets.join(", ")}`], mayOpen };
    }
    const filtered = this.openstack.firewalls.filter(nodes.routerInterfaces, nodes.addresses, outside);
    if (!filtered)
      return { ...none, paths: [path(outside, everyPort, `${nodes.gateways[0]} (no firewall group on its interface to ${nodes.subnets.join(", ")})`)] };
    return {
      ...none,
      paths: filtered.grants.map((grant) => path(grant.addresses, grant.ports, grant.because, nodes.gateways[0]!)),
      stoppedBy: [...filtered.stoppedBy],
      mayOpen: [...filtered.mayOpen],
    };
  }

  private podsReach(from: Endpoint, to: Endpoint, acrossNamespaces: boolean): Reachability {
    const k8s = this.kubernetes;
    const none: Reachability = { subjects: [], paths: [], stoppedBy: [] };
    if ("securityGroup" in from || "securityGroup" in to)
      return { ...none, unknown: "flows between pods and instances are not modelled: the pods' addresses are the cluster's" };
    if ("pods" in from && "pods" in to) {
      const sources = k8s.podsOf(from, from.name);
      const destinations = k8s.podsOf(to, to.name);
      const paths: Path[] = [];
      const stoppedBy = new Set<string>();
      let unknown: string | undefined;
      for (const source of sources)
        for (const destination of destinations) {
          if (source === destination || (acrossNamespaces && source.namespace === destination.namespace)) continue;
          const egress = k8s.reach(source, "egress", destination);
          const ingress = k8s.reach(destination, "ingress", source);
          unknown ??= egress.unknown ?? ingress.unknown;
          // Most pairs (one workspace and another's pods, say) have no grant on one side: no port sets to combine.
          const ports =
            egress.grants.length === 0 || ingress.grants.length === 0
              ? noPorts
              : intersectPorts(
                  egress.grants.reduce((all, grant) => unionPorts(all, grant.ports), noPorts),
                  ingress.grants.reduce((all, grant) => unionPorts(all, grant.ports), noPorts),
                );
          if (hasAnyPort(ports))
            paths.push({
              subject: label(source),
              source: label(source),
              destination: label(destination),
              ports,
              because: [...egress.grants, ...ingress.grants].map((grant) => ({ at: grant.because, ports: intersectPorts(grant.ports, ports) })),
            });
          else
            for (const policy of [...(egress.grants.length ? [] : egress.isolatedBy), ...(ingress.grants.length ? [] : ingress.isolatedBy)])
              stoppedBy.add(policy);
        }
      return { subjects: sources.map(label), paths, stoppedBy: [...stoppedBy], ...(unknown ? { unknown } : {}) };
    }
    const podsSide = ("pods" in from ? from : to) as PodsEndpoint & Endpoint;
    const outside = this.addressesOf("pods" in from ? to : from);
    if (typeof outside === "string") return { ...none, unknown: outside };
    const direction = "pods" in from ? "egress" : "ingress";
    const pods = k8s.podsOf(podsSide, podsSide.name);
    const paths: Path[] = [];
    const stoppedBy = new Set<string>();
    let unknown: string | undefined;
    for (const pod of pods) {
      const reach = k8s.reach(pod, direction, outside);
      unknown ??= reach.unknown;
      if (reach.grants.length === 0) for (const policy of reach.isolatedBy) stoppedBy.add(policy);
      for (const grant of reach.grants) {
        const cidrs = this.addressesText(grant.addresses);
        const [source, destination] = direction === "egress" ? [label(pod), cidrs] : [cidrs, label(pod)];
        paths.push({
          subject: label(pod),
          source,
          destination,
          addresses: grant.addresses,
          ports: grant.ports,
          because: [{ at: grant.because, ports: grant.ports }],
        });
      }
    }
    return { subjects: pods.map(label), paths, stoppedBy: [...stoppedBy], target: outside, ...(unknown ? { unknown } : {}) };
  }

  private membersReach(from: Endpoint, to: Endpoint): Reachability {
    const os = this.openstack;
    const none: Reachability = { subjects: [], paths: [], stoppedBy: [] };
    if ("securityGroup" in from && "securityGroup" in to) {
      const sources = os.membersOf(from.securityGroup);
      const destinations = os.membersOf(to.securityGroup);
      const paths: Path[] = [];
      const mayOpen = new Set<string>();
      const stateless = new Set<string>();
      for (const source of sources)
        for (const destination of destinations) {
          if (source === destination) continue;
          for (const rule of [...os.unknownRules(source, "egress"), ...os.unknownRules(destination, "ingress")]) mayOpen.add(rule);
          if (source.ipv6 && destination.ipv6)
            for (const rule of [...os.ipv6Rules(source, "egress"), ...os.ipv6Rules(destination, "ingress")]) mayOpen.add(rule);
          const out = os.reach(source, "egress", destination);
          const inward = os.reach(destination, "ingress", source);
          const ports = intersectPorts(unionAll(out.map((g) => g.ports)), unionAll(inward.map((g) => g.ports)));
          if (hasAnyPort(ports)) for (const group of [...os.statelessGroups(source), ...os.statelessGroups(destination)]) stateless.add(group);
          if (hasAnyPort(ports))
            paths.push({
              subject: source.address,
              source: source.address,
              destination: destination.address,
              ports,
              because: [...out, ...inward].map((grant) => ({ at: grant.because, ports: intersectPorts(grant.ports, ports) })),
            });
        }
      return { subjects: sources.map((m) => m.address), paths, stoppedBy: [], mayOpen: [...mayOpen], stateless: [...stateless] };
    }
    if (!("securityGroup" in from) && !("securityGroup" in to)) return { ...none, unknown: "a flow between two address zones does not cross the region" };
    const group = ("securityGroup" in from ? from : to) as { securityGroup: string };
    const outside = this.addressesOf("securityGroup" in from ? to : from);
    if (typeof outside === "string") return { ...none, unknown: outside };
    const members = os.membersOf(group.securityGroup);
    const fromInternet = "internet" in from;
    const toInternet = "internet" in to;
    const stoppedBy: string[] = [];
    const paths: Path[] = [];
    const mayOpen = new Set<string>();
    for (const member of members) {
      const direction = "securityGroup" in from ? "egress" : "ingress";
      // An IPv6 address is routed without floating IP, through a router with an external gateway or on an external
      // network: the flows, which follow IPv4, cannot judge what its IPv6 rules let through.
      if ((fromInternet || toInternet) && (os.internetGateway || os.routerLookedUp || member.externalNetwork))
        for (const rule of os.ipv6Rules(member, direction)) mayOpen.add(rule);
      // Without a floating IP of its own, a port forwarding may still bring the Internet to some of its ports.
      const forwardedOnly = fromInternet && !member.floatingIp && !member.externalNetwork ? member.forwarded : undefined;
      if (forwardedOnly && !hasAnyPort(forwardedOnly)) {
        stoppedBy.push(`${member.address} (no floating IP, not on an external network)`);
        continue;
      }
      if (toInternet && !os.internetGateway && !member.externalNetwork) {
        // A router looked up, not declared, may have a gateway: what the rules let out may reach the Internet.
        if (os.routerLookedUp && os.reach(member, direction, outside).length > 0)
          mayOpen.add(`${os.routerLookedUp} (a router that exists already: whether it has an external gateway is not in this configuration)`);
        else stoppedBy.push("no router with an external gateway");
        continue;
      }
      for (const rule of os.unknownRules(member, direction)) mayOpen.add(rule);
      for (const reached of os.reach(member, direction, outside)) {
        const grant = forwardedOnly ? { ...reached, ports: intersectPorts(reached.ports, forwardedOnly) } : reached;
        if (!hasAnyPort(grant.ports)) continue;
        const cidrs = this.addressesText(grant.addresses);
        paths.push({
          subject: member.address,
          source: "securityGroup" in from ? member.address : cidrs,
          destination: "securityGroup" in from ? cidrs : member.address,
          addresses: grant.addresses,
          ports: grant.ports,
          because: [
            { at: grant.because, ports: grant.ports },
            ...(toInternet
              ? [{ at: member.externalNetwork ? `${member.address} (on an external network)` : `${os.internetGateway}`, ports: grant.ports }]
              : []),
          ],
        });
      }
    }
    return { subjects: members.map((m) => m.address), paths, stoppedBy: [...new Set(stoppedBy)], target: outside, mayOpen: [...mayOpen] };
  }
}

const label = (pod: { namespace: string; source: string }): string => `${pod.namespace}/${pod.source}`;
const unionAll = (all: readonly Ports[]): Ports => all.reduce(unionPorts, noPorts);
