/**
 * Neutron's filtering as its API reference describes it (security groups and rules, port security): a port accepts
 * what one rule of one of its groups allows, in each direction; a rule's remote is an address prefix, another group's
 * members, or anyone when it names none; a group created without `delete_default_rules` keeps Neutron's two default
 * rules that let every packet out. Addresses outside the region's networks reach a port only through a floating IP,
 * and the Internet is reached from inside only through a router with an external gateway. The flows follow IPv4: a
 * member with an IPv6 address is routed without floating IP, and what its IPv6 rules admit is not judged but named.
 */
import { ipv4Block, isIpv6 } from "../../lib/cidr";
import { addresses, allPorts, IntervalSet, portsOf as portRange } from "../../lib/interval-set";
import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { floatingIpType, instanceAssociationType, portAssociationType, portForwardingType } from "../lib/floating-ips";
import {
  associatedGroups,
  instancesOnPort,
  instanceType,
  isEveryProtocol,
  isIcmp,
  onExternalNetwork,
  portGroups,
  portSecurityOff,
  protocolOf,
  remoteAddressGroup,
  securityGroupRuleType,
  takesNamedGroups,
} from "../lib/openstack";
import { clusterType, templateOf } from "../lib/magnum";
import { blocks, isUnknownValue, isUnset, list, literalBool, literalNumber, literalString } from "../lib/values";
import { RouterFirewalls } from "./firewall";
import { everyPort, type Grant, noPorts, type Ports, portsFor, unionPorts } from "./ports";
import { addToGroup } from "../../lib/groups";

const groupType = "openstack_networking_secgroup_v2";
const portType = "openstack_networking_port_v2";
const subnetType = "openstack_networking_subnet_v2";
const routerType = "openstack_networking_router_v2";
const routerInterfaceType = "openstack_networking_router_interface_v2";
/** Floating IPs and associations bound by port (port_id); the compute association is bound by instance (instance_id). */
const boundByPort = [floatingIpType, portAssociationType];
const interfaceAttachType = "openstack_compute_interface_attach_v2";

interface Rule {
  readonly at: string;
  readonly ports: Ports;
  /** The remote: addresses, or the members of a group (by address). */
  readonly remote: { readonly addresses: IntervalSet } | { readonly group: string };
}

interface Group {
  readonly address: string;
  /** Its name as written; its address when the name is known only at apply (a module's groups, made twice, share a block name). */
  readonly name: string;
  readonly ingress: Rule[];
  readonly egress: Rule[];
  /** Stateless (stateful = false): Neutron tracks no connection, so a reply passes only by a rule of its own. */
  readonly stateless?: boolean;
  /**
   * Rules the flows cannot judge, by direction, each with the reason: values known only at apply, a protocol or an
   * address group they do not model. They may open anything.
   */
  readonly unknown: ByDirection;
  /** Its IPv6 rules: the flows follow IPv4 only, so these may open anything to a member with an IPv6 address (ipv6Rules). */
  readonly ipv6: ByDirection;
}

interface ByDirection {
  readonly ingress: string[];
  readonly egress: string[];
}

const noRules = (): ByDirection => ({ ingress: [], egress: [] });

/** A port (or an instance without ports of its own) and what filters it. */
export interface Member {
  readonly address: string;
  readonly groups: readonly Group[];
  /** Its addresses: the subnets its fixed IPs are on. */
  readonly addresses: IntervalSet;
  readonly floatingIp: boolean;
  /** The ports a floating IP's port forwarding sends to it from the Internet (with no floating IP of its own). */
  readonly forwarded: Ports;
  /** On an external network (onExternalNetwork): an address of the Internet, and a way out, without router or floating IP. */
  readonly externalNetwork: boolean;
  /** Port security off: Neutron filters nothing. */
  readonly unfiltered: boolean;
  /** The subnet that gives it an IPv6 address, if one does: routed without floating IP, through rules the flows do not follow. */
  readonly ipv6: string | undefined;
  /**
   * The addresses its allowed address pairs let it send from: Neutron puts them in the address set of each of its
   * groups, so a rule whose remote is one of them admits them too, wherever they come from.
   */
  readonly pairs: IntervalSet;
}

/**
 * The project's `default` security group, which Neutron gives a port created without groups (the provider's
 * openstack_networking_port_v2: "If set to false and no security_group_ids are specified, then the port will yield to
 * the default behavior of the Networking service, which is to usually apply the default security group") and Nova an
 * instance that names none. Its rules, as Neutron creates it: every packet out, and in from its own members.
 */
const projectDefaultAddress = "the project's default security group (Neutron's)";
const projectDefault = (): Group => ({
  address: projectDefaultAddress,
  name: "default",
  ingress: [{ at: `${projectDefaultAddress}, from its own members`, ports: everyPort, remote: { group: projectDefaultAddress } }],
  egress: [{ at: `${projectDefaultAddress}, every packet out`, ports: everyPort, remote: { addresses: addresses.all } }],
  unknown: noRules(),
  ipv6: noRules(),
});

/**
 * What ports with port security off belong to: no group (Neutron refuses one on such a port), but the flows judge
 * members of groups, so they are named together. Their rules are never read: an unfiltered port lets everything pass.
 */
const unfilteredAddress = "ports without port security";
const unfilteredPorts = (): Group => ({ address: unfilteredAddress, name: "unfiltered", ingress: [], egress: [], unknown: noRules(), ipv6: noRules() });

/**
 * Where a Magnum cluster's nodes are: the subnets of its fixed network (the cluster's, else its template's), and the
 * routers that take them out; or a network Magnum makes itself, with a router to the external network, where neither
 * names one (the Heat driver's network.yaml; the Cluster API driver, through CAPO's managed network).
 */
export type ClusterNodes =
  | { readonly network: "magnum's own" }
  | { readonly network: "not declared"; readonly written: string }
  | {
      readonly network: "declared";
      readonly subnets: readonly string[];
      readonly addresses: IntervalSet;
      /** The router interfaces on its subnets, where a firewall group filters what leaves them. */
      readonly routerInterfaces: readonly string[];
      /** The routers of its subnets that have an external gateway. */
      readonly gateways: readonly string[];
      /** The routers of its subnets looked up, whose gateway is not in the configuration. */
      readonly routersLookedUp: readonly string[];
    };

/**
 * The IPv4 addresses that CIDRs or single addresses hold: Neutron reads an address as its /32 (netaddr.IPNetwork, in
 * convert_ip_prefix_to_cidr for a rule's remote_ip_prefix and in an address group's addresses). IPv6 ones hold none.
 */
const ipv4Addresses = (written: readonly string[]): IntervalSet =>
  IntervalSet.of(...written.flatMap((text) => ipv4Block(text) ?? []).map((held) => [held.first, held.last] as const));

/** The IPv4 addresses of subnets whose CIDR is written. */
const ipv4AddressesOf = (subnets: readonly TfResource[]): IntervalSet => ipv4Addresses(subnets.flatMap((subnet) => literalString(subnet.values.cidr) ?? []));

/** A subnet of IPv6 addresses: so declared (ip_version 6), or by its CIDR. */
const isIpv6Subnet = (subnet: TfResource): boolean => literalNumber(subnet.values.ip_version) === 6 || isIpv6(literalString(subnet.values.cidr) ?? "");

/** Whether a rule's protocol is one the flows do not model: neither every protocol, TCP, UDP nor ICMP. */
const unmodelledProtocol = (rule: TfResource): boolean => !isEveryProtocol(rule) && !isIcmp(rule) && portsOfRule(rule) === noPorts;

function portsOfRule(rule: TfResource): Ports {
  const protocol = protocolOf(rule);
  const min = literalNumber(rule.values.port_range_min);
  const max = literalNumber(rule.values.port_range_max);
  const range = min === undefined || (min === 0 && (max === undefined || max === 0)) ? allPorts : portRange(min, max ?? min);
  if (protocol === undefined || isEveryProtocol(rule)) return everyPort;
  if (protocol === "tcp" || protocol === "6") return portsFor("TCP", range);
  if (protocol === "udp" || protocol === "17") return portsFor("UDP", range);
  return noPorts;
}

export class OpenStackNetwork {
  readonly groups = new Map<string, Group>();
  readonly members: Member[] = [];
  /** Whether some router has an external gateway: the only way out to the Internet. */
  internetGateway: string | undefined;
  /** A router looked up as a data source: it exists already, with or without a gateway this configuration cannot see. */
  routerLookedUp: string | undefined;
  /** The firewall groups on router interfaces (FWaaS v2). */
  readonly firewalls = new RouterFirewalls();
  /** Where each Magnum cluster's nodes are, by the cluster's address. */
  readonly clusters = new Map<string, ClusterNodes>();

  /** From the configurations of one region (its stacks). */
  constructor(graphs: readonly ResourceGraph[]) {
    // Every stack's groups first: a group one stack looks up by name may be another stack's (lookedUp).
    for (const graph of graphs) this.declareGroups(graph);
    for (const graph of graphs) this.read(graph);
  }

  /** The groups the configurations declare, by name. */
  private readonly declaredByName = new Map<string, Group[]>();

  private declareGroups(graph: ResourceGraph): void {
    for (const resource of graph.ofType([groupType]).filter((candidate) => candidate.mode !== "data")) {
      const group: Group = {
        address: resource.address,
        name: literalString(resource.values.name) ?? resource.address,
        ingress: [],
        egress: [],
        unknown: noRules(),
        ipv6: noRules(),
        ...(literalBool(resource.values.stateful) === false ? { stateless: true } : {}),
      };
      if (literalBool(resource.values.delete_default_rules) !== true)
        group.egress.push({
          at: `${resource.address} (Neutron's default egress rules: delete_default_rules is not set)`,
          ports: everyPort,
          remote: { addresses: addresses.all },
        });
      this.groups.set(resource.address, group);
      addToGroup(this.declaredByName, group.name, group);
    }
  }

  private read(graph: ResourceGraph): void {
    for (const resource of graph.ofType([groupType]).filter((candidate) => candidate.mode === "data"))
      this.groups.set(resource.address, this.lookedUp(resource));
    for (const rule of graph.ofType([securityGroupRuleType])) {
      const group = this.groups.get(graph.targetOf(rule.values.security_group_id, rule)?.address ?? "");
      if (!group) continue;
      const direction = literalString(rule.values.direction) === "egress" ? "egress" : "ingress";
      const { remote_group_id, protocol, port_range_min, port_range_max, ethertype } = rule.values;
      const remote_ip_prefix = graph.readValue(rule.values.remote_ip_prefix, rule);
      // An address group admits the addresses it holds; one this configuration does not declare may hold any. A
      // protocol the flows do not model (SCTP, GRE: neither TCP, UDP nor ICMP) carries traffic they cannot judge.
      const addressGroup = remoteAddressGroup(rule, graph);
      const cannotJudge =
        addressGroup === "unknown"
          ? "an address group this configuration does not declare"
          : [remote_ip_prefix, protocol, port_range_min, port_range_max, ethertype].some(isUnknownValue)
            ? "known only at apply"
            : unmodelledProtocol(rule)
              ? "a protocol the flows do not model"
              : undefined;
      if (literalString(ethertype) === "IPv6") {
        group.ipv6[direction].push(`${rule.address} (an IPv6 rule: the flows follow IPv4 only)`);
        continue;
      }
      if (cannotJudge) {
        group.unknown[direction].push(`${rule.address} (${cannotJudge})`);
        continue;
      }
      // An empty prefix or remote group names none: the provider sends "" and gophercloud leaves it out, so Neutron
      // reads any address (namesNoRemote).
      const prefix = literalString(remote_ip_prefix) || undefined;
      // An IPv4 rule with an IPv6 prefix, or a prefix that is none, is refused by Neutron (neutron/db/securitygroups_db.py,
      // _validate_ip_prefix: the ethertype must be the prefix's family): it admits nothing.
      if (prefix !== undefined && ipv4Block(prefix) === undefined) continue;
      // A remote group outside the configuration (or known only at apply) admits its members, whoever they are: never
      // an address zone or the Internet.
      const remote = !isUnset(remote_group_id)
        ? // A group looked up stands for the group it names: the project's default one for "default" (lookedUp).
          { group: this.groups.get(graph.targetOf(remote_group_id, rule)?.address ?? "")?.address ?? "(a group this configuration does not declare)" }
        : addressGroup && addressGroup !== "unknown"
          ? { addresses: ipv4Addresses(addressGroup.addresses) }
          : { addresses: prefix ? ipv4Addresses([prefix]) : addresses.all };
      group[direction].push({ at: rule.address, ports: portsOfRule(rule), remote });
    }
    // A port_id may name a port of ours, an instance's own port (`${openstack_compute_instance_v2.x.network[0].port}`), or
    // that port looked up as a data source, which stands for the instance it names (instancesOnPort).
    const withFloatingIp = new Set(
      [
        ...graph.ofType(boundByPort).flatMap((fip) => graph.targetsOf(fip.values.port_id, fip)),
        ...graph.ofType([instanceAssociationType]).flatMap((association) => graph.targetsOf(association.values.instance_id, association)),
      ]
        .flatMap((bound) => (bound.mode === "data" ? instancesOnPort(bound, graph) : [bound]))
        .map((bound) => bound.address),
    );
    // A port forwarding of a floating IP: the Internet reaches its internal port on the port it forwards to.
    const forwardedTo = new Map<string, Ports>();
    for (const forwarding of graph.ofType([portForwardingType])) {
      const protocol = literalString(forwarding.values.protocol)?.toLowerCase();
      const port = literalNumber(forwarding.values.internal_port);
      const range = port === undefined ? allPorts : portRange(port, port);
      const ports = protocol === "tcp" ? portsFor("TCP", range) : protocol === "udp" ? portsFor("UDP", range) : everyPort;
      for (const target of graph.targetsOf(forwarding.values.internal_port_id, forwarding))
        forwardedTo.set(target.address, unionPorts(forwardedTo.get(target.address) ?? noPorts, ports));
    }
    /** The subnets a network declared here holds. */
    const subnetsOfNetwork = (network: TfResource | undefined) => (network ? graph.referrers(network, { type: subnetType, path: "network_id" }) : []);
    // A port with no fixed_ip takes an address of its network's subnet (Neutron allocates one from each subnet of the
    // network's address family): the network's declared subnets.
    const subnetsOf = (port: TfResource) => {
      const fixed = blocks(port.values.fixed_ip);
      if (fixed.length > 0) return fixed.flatMap((ip) => graph.targetsOf(ip.subnet_id, port).filter((subnet) => subnet.type === subnetType));
      return subnetsOfNetwork(graph.targetOf(port.values.network_id, port));
    };
    // A port looked up as a data source exists already: it stands for the instance it names (instancesOnPort).
    const ports = graph.ofType([portType]).filter((port) => port.mode !== "data");
    for (const port of ports) {
      const subnets = subnetsOf(port);
      // A subnet this configuration does not show the CIDR of (an existing network's, one looked up) may hold any address.
      const addressesKnown = subnets.length > 0 && subnets.every((subnet) => literalString(subnet.values.cidr) !== undefined || isIpv6Subnet(subnet));
      const { references, withDefault } = portGroups(port, graph);
      const unfiltered = portSecurityOff(port, graph);
      this.members.push({
        address: port.address,
        groups: [
          ...(withDefault ? [this.namedGroup(unfiltered ? unfilteredPorts : projectDefault)] : []),
          ...references.flatMap((id) => graph.targetsOf(id, port).flatMap((group) => this.groups.get(group.address) ?? [])),
        ],
        addresses: addressesKnown ? ipv4AddressesOf(subnets) : addresses.all,
        floatingIp: withFloatingIp.has(port.address),
        forwarded: forwardedTo.get(port.address) ?? noPorts,
        externalNetwork: onExternalNetwork(port, graph),
        unfiltered,
        ipv6: subnets.find(isIpv6Subnet)?.address,
        pairs: ipv4Addresses(blocks(port.values.allowed_address_pairs).flatMap((pair) => literalString(graph.readValue(pair.ip_address, port)) ?? [])),
      });
    }
    // Instances attached to networks rather than to ports of ours (by every network block, or by one beside ports: Nova
    // makes that port with the instance's groups) take their groups by name, written or read from the group
    // (`[openstack_networking_secgroup_v2.web.name]`, whose name may be known only at apply).
    for (const instance of graph.ofType([instanceType]).filter((instance) => takesNamedGroups(instance))) {
      const entries = list(instance.values.security_groups);
      const names = entries.map(literalString);
      const referenced = new Set(entries.flatMap((entry) => graph.targetsOf(entry, instance)).map((group) => group.address));
      const declared = [...this.groups.values()].filter((group) => names.includes(group.name) || referenced.has(group.address));
      // Nova gives an instance that names no group the project's default one; "default" names it too, when the
      // configuration declares no group of that name.
      const usesDefault = entries.length === 0 || (names.includes("default") && !declared.some((group) => group.name === "default"));
      // The ports Nova creates on a network without port security have none, as a port of ours there would.
      const networks = blocks(instance.values.network).flatMap((network) => graph.targetsOf(network.uuid, instance));
      const unfiltered = networks.some((network) => literalBool(network.values.port_security_enabled) === false);
      // Its own port looked up (by device_id) may take groups from a port-groups association: added, or in place of its
      // own with enforce (the provider's resource_openstack_networking_port_secgroup_associate_v2.go).
      const lookedUp = graph
        .ofType([portType])
        .filter((port) => port.mode === "data" && instancesOnPort(port, graph).some((on) => on.address === instance.address))
        .map((port) => associatedGroups(port, graph));
      const associated = lookedUp.flatMap(({ associated: written }) =>
        written.flatMap(({ reference, from }) => graph.targetsOf(reference, from).flatMap((group) => this.groups.get(group.address) ?? [])),
      );
      const own = usesDefault ? [...declared, this.namedGroup(projectDefault)] : declared;
      const enforced = lookedUp.some(({ enforced: replaces }) => replaces);
      this.members.push({
        address: instance.address,
        groups: unfiltered ? [this.namedGroup(unfilteredPorts)] : enforced ? associated : [...own, ...associated],
        addresses: addresses.all,
        floatingIp: withFloatingIp.has(instance.address),
        forwarded: noPorts,
        externalNetwork: onExternalNetwork(instance, graph),
        unfiltered,
        pairs: IntervalSet.none,
        // Nova's port on a network takes an address of each of its subnets' families.
        ipv6: networks.flatMap(subnetsOfNetwork).find(isIpv6Subnet)?.address,
      });
    }
    // An interface attached by network gets a port Nova makes with no group, which Neutron puts in the project's default
    // group (nova/network/neutron.py, allocate_port_for_instance); one attached by a port is that port's.
    for (const attachment of graph.ofType([interfaceAttachType])) {
      if (!isUnset(attachment.values.port_id)) continue;
      const network = graph.targetOf(attachment.values.network_id, attachment);
      const subnets = subnetsOfNetwork(network);
      const unfiltered = network !== undefined && literalBool(network.values.port_security_enabled) === false;
      this.members.push({
        address: attachment.address,
        groups: [this.namedGroup(unfiltered ? unfilteredPorts : projectDefault)],
        addresses: subnets.length > 0 ? ipv4AddressesOf(subnets) : addresses.all,
        floatingIp: false,
        forwarded: noPorts,
        externalNetwork: onExternalNetwork(attachment, graph),
        unfiltered,
        ipv6: subnets.find(isIpv6Subnet)?.address,
        pairs: IntervalSet.none,
      });
    }
    this.firewalls.read(graph);
    for (const cluster of graph.ofType([clusterType])) this.clusters.set(cluster.address, clusterNodes(cluster, graph, subnetsOfNetwork));
    this.internetGateway ??= graph.ofType([routerType]).find((router) => router.mode !== "data" && router.values.external_network_id !== undefined)?.address;
    this.routerLookedUp ??= graph.ofType([routerType]).find((router) => router.mode === "data")?.address;
  }

  /**
   * A group looked up as a data source: the project's default group when it is named "default"; the group of that name
   * another stack of the region declares, when one does, with the rules both write; any other exists with rules this
   * configuration does not hold, which may let anything through (the rules written here are added to it).
   */
  private lookedUp(resource: TfResource): Group {
    const name = literalString(resource.values.name);
    if (name === "default") return this.namedGroup(projectDefault);
    const declared = name === undefined ? [] : (this.declaredByName.get(name) ?? []);
    if (declared.length === 1) return declared[0]!;
    const because = `${resource.address} (a group that exists already: its rules are not in this configuration)`;
    return {
      address: resource.address,
      name: name ?? resource.address,
      ingress: [],
      egress: [],
      unknown: { ingress: [because], egress: [because] },
      ipv6: noRules(),
    };
  }

  /** A group the configuration does not declare (projectDefault, unfilteredPorts), one for the configurations read together. */
  private namedGroup(make: () => Group): Group {
    const group = make();
    if (!this.groups.has(group.address)) this.groups.set(group.address, group);
    return this.groups.get(group.address)!;
  }

  /** The members of the group with this name. */
  membersOf(groupName: string): Member[] {
    if (!this.byGroupName) {
      this.byGroupName = new Map();
      for (const member of this.members) for (const name of new Set(member.groups.map((group) => group.name))) addToGroup(this.byGroupName, name, member);
    }
    return this.byGroupName.get(groupName) ?? [];
  }

  /** The addresses the members of a group may send from by their allowed address pairs, built on first use. */
  private pairsOf(groupAddress: string): IntervalSet {
    if (!this.pairsByGroup) {
      this.pairsByGroup = new Map();
      for (const member of this.members.filter((candidate) => !candidate.pairs.isEmpty))
        for (const group of member.groups) this.pairsByGroup.set(group.address, (this.pairsByGroup.get(group.address) ?? IntervalSet.none).union(member.pairs));
    }
    return this.pairsByGroup.get(groupAddress) ?? IntervalSet.none;
  }

  private pairsByGroup: Map<string, IntervalSet> | undefined;

  /** Members by group name, built on first use (after every configuration is read). */
  private byGroupName: Map<string, Member[]> | undefined;

  /** The stateless groups of `member` (no connection tracking: a reply needs a rule of its own). */
  statelessGroups(member: Member): string[] {
    return member.unfiltered ? [] : member.groups.filter((group) => group.stateless).map((group) => group.address);
  }

  /** The rules of `member`'s groups that may let anything through in `direction`, which the flows cannot judge (Group.unknown). */
  unknownRules(member: Member, direction: "ingress" | "egress"): string[] {
    return member.unfiltered ? [] : [...new Set(member.groups.flatMap((group) => group.unknown[direction]))];
  }

  /** The IPv6 rules of `member`'s groups in `direction`, which may let anything through when it has an IPv6 address. */
  ipv6Rules(member: Member, direction: "ingress" | "egress"): string[] {
    return member.unfiltered || !member.ipv6 ? [] : [...new Set(member.groups.flatMap((group) => group.ipv6[direction]))];
  }

  /** What lets `member` send to (egress) or receive from (ingress) `peer`: addresses, or another member. */
  reach(member: Member, direction: "ingress" | "egress", peer: IntervalSet | Member): Grant[] {
    if (member.unfiltered) return [{ addresses: addresses.all, ports: everyPort, because: `${member.address} (port security disabled)` }];
    const grants: Grant[] = [];
    for (const group of member.groups)
      for (const rule of group[direction]) {
        if ("group" in rule.remote) {
          const remoteGroup = rule.remote.group;
          if (!(peer instanceof IntervalSet) && peer.groups.some((candidate) => candidate.address === remoteGroup))
            grants.push({ addresses: addresses.all, ports: rule.ports, because: rule.at });
          // Addresses the group's members may send from (their pairs) are admitted wherever they come from.
          const pairs = peer instanceof IntervalSet ? this.pairsOf(remoteGroup).intersect(peer) : IntervalSet.none;
          if (!pairs.isEmpty) grants.push({ addresses: pairs, ports: rule.ports, because: `${rule.at} (the address pairs of its remote group's members)` });
          continue;
        }
        // A member is reached at, and sends from, its allowed address pairs too (Neutron's anti-spoofing lets them pass).
        const peerAddresses = peer instanceof IntervalSet ? peer : peer.addresses.union(peer.pairs);
        const both = rule.remote.addresses.intersect(peerAddresses);
        if (!both.isEmpty) grants.push({ addresses: both, ports: rule.ports, because: rule.at });
      }
    return grants;
  }
}

/** Where a Magnum cluster's nodes are (ClusterNodes); a network looked up stands for its declared subnets, if any. */
function clusterNodes(cluster: TfResource, graph: ResourceGraph, subnetsOfNetwork: (network: TfResource | undefined) => TfResource[]): ClusterNodes {
  const template = templateOf(cluster, graph);
  const fixed = (argument: "fixed_subnet" | "fixed_network") => [cluster, template].map((source) => source?.values[argument]).find((value) => !isUnset(value));
  const subnet = fixed("fixed_subnet");
  const network = fixed("fixed_network");
  if (subnet === undefined && network === undefined) return { network: "magnum's own" };
  const subnets =
    subnet !== undefined ? graph.targetsOf(subnet, cluster).filter((target) => target.type === subnetType) : subnetsOfNetwork(graph.targetOf(network, cluster));
  if (subnets.length === 0) return { network: "not declared", written: String(subnet ?? network) };
  const interfaces = subnets.flatMap((declared) => graph.referrers(declared, { type: routerInterfaceType, path: "subnet_id" }));
  const routers = interfaces.flatMap((routerInterface) => graph.targetsOf(routerInterface.values.router_id, routerInterface));
  const addressesKnown = subnets.every((declared) => literalString(declared.values.cidr) !== undefined);
  return {
    network: "declared",
    subnets: subnets.map((declared) => declared.address),
    addresses: addressesKnown ? ipv4AddressesOf(subnets) : addresses.all,
    routerInterfaces: interfaces.map((routerInterface) => routerInterface.address),
    gateways: routers.filter((router) => router.mode !== "data" && !isUnset(router.values.external_network_id)).map((router) => router.address),
    routersLookedUp: routers.filter((router) => router.mode === "data").map((router) => router.address),
  };
}
