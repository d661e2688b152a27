import { contains, holdsAddress, internetWide, ipv4Block } from "../../lib/cidr";
import { publicAddresses, publicHeldBy } from "../../lib/interval-set";
import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import type { Violation } from "../engine/policy";
import { attributePath, block, blocks, isUnknown, isUnset, list, literalBool, literalNumber, literalString, stringArgument, unrecorded } from "./values";
import { groupedBy } from "../../lib/groups";

export const securityGroupType = "openstack_networking_secgroup_v2";
export const securityGroupRuleType = "openstack_networking_secgroup_rule_v2";
export const instanceType = "openstack_compute_instance_v2";
const addressGroupType = "openstack_networking_address_group_v2";

/**
 * The address group a rule names as its remote (`remote_address_group_id`, when it names no prefix) and the addresses
 * it holds: undefined when it names none; "unknown" when the configuration does not declare it (an existing group may
 * hold anything) or holds an address known only at apply.
 */
export function remoteAddressGroup(rule: TfResource, graph: ResourceGraph): { address: string; addresses: string[] } | "unknown" | undefined {
  const { remote_ip_prefix: prefix, remote_address_group_id: named } = rule.values;
  if (prefix !== undefined || named === undefined || named === null) return undefined;
  const group = graph.targetOf(named, rule);
  const addresses = group?.type === addressGroupType ? list(group.values.addresses) : undefined;
  if (!group || !addresses || addresses.some((address) => typeof address !== "string" || isUnknown(address))) return "unknown";
  return { address: group.address, addresses: addresses as string[] };
}

/** The prefixes a rule's remote admits, and how a message names it: its prefix, or its declared address group. */
export function remotePrefixes(rule: TfResource, graph: ResourceGraph): { prefixes: string[]; shown: string } | undefined {
  const prefix = graph.readValue(rule.values.remote_ip_prefix, rule);
  if (typeof prefix === "string" && prefix !== "" && !isUnknown(prefix))
    return { prefixes: [prefix], shown: prefix === rule.values.remote_ip_prefix ? prefix : `${prefix} (${String(rule.values.remote_ip_prefix)})` };
  const group = remoteAddressGroup(rule, graph);
  return typeof group === "object" ? { prefixes: group.addresses, shown: `address group ${group.address} (${group.addresses.join(", ")})` } : undefined;
}

/**
 * The prefix length of a remote written as a template with the length after its last interpolation
 * (`"${var.bastion_ip}/32"`, `"${openstack_compute_instance_v2.bastion.access_ip_v4}/32"`), read without the engine
 * recording the unknown address: undefined for any other remote. Whatever the address, the text is not empty, and
 * from 13 on it is no block that holds the Internet (internetWide: an IPv4 one is shorter than 8, an IPv6 one at most
 * 12), or not a prefix Neutron takes at all.
 */
export function writtenPrefixLength(rule: TfResource): number | undefined {
  const written = unrecorded(rule.values, "remote_ip_prefix");
  const length = typeof written === "string" && isUnknown(written) ? /\}\/(\d{1,3})\s*$/.exec(written)?.[1] : undefined;
  return length === undefined ? undefined : Number(length);
}

/** The shortest prefix length that holds no part of the Internet large enough for internetWide, in either family. */
const narrowerThanTheInternet = 13;

/**
 * Whether a rule names no remote: none written, or each null or empty. The provider sends "" for an unset or empty one
 * and gophercloud leaves it out (omitempty, security/rules/requests.go), which Neutron reads as any address.
 */
export const namesNoRemote = (rule: TfResource): boolean =>
  [rule.values.remote_ip_prefix, rule.values.remote_group_id, rule.values.remote_address_group_id].every(isUnset);

/**
 * The allowed address pairs of the ports in a rule's remote group, each once, when it names one declared here: Neutron puts them
 * in the group's address set beside its members' addresses, so the rule admits them from wherever they come.
 */
function remoteGroupPairs(rule: TfResource, graph: ResourceGraph): { group: TfResource; pairs: string[] } | undefined {
  const group = graph.targetOf(rule.values.remote_group_id, rule);
  if (group?.type !== securityGroupType) return undefined;
  const pairs = new Set(
    portsOfGroup(group, graph).flatMap((port) =>
      blocks(port.values.allowed_address_pairs).flatMap((pair) => literalString(graph.readValue(pair.ip_address, port)) ?? []),
    ),
  );
  return pairs.size > 0 ? { group, pairs: [...pairs] } : undefined;
}

/**
 * Whether a rule's remote admits the Internet of a family (0.0.0.0/0, ::/0 however written, or a block as large as
 * 0.0.0.0/1: internetWide), written as a prefix, held by the address group it names, whose blocks may hold every
 * public IPv4 address together (the Internet's /8s), or let in by its remote group's address pairs. A rule without any
 * remote admits any address of its ethertype (Neutron applies it without a source; python-openstackclient shows its
 * remote as 0.0.0.0/0 or ::/0 by ethertype, network/v2/security_group_rule.py format_remote_ip_prefix), so it is judged as
 * 0.0.0.0/0 or ::/0 is, beside secgroup-rule-has-remote: an exception to that one keeps the ports it opens judged.
 */
export function publicRemote(rule: TfResource, graph: ResourceGraph): "IPv4" | "IPv6" | undefined {
  if ((writtenPrefixLength(rule) ?? 0) >= narrowerThanTheInternet) return undefined;
  if (namesNoRemote(rule)) {
    if (isUnknown(rule.values.ethertype)) return undefined;
    return literalString(rule.values.ethertype) === "IPv6" ? "IPv6" : "IPv4";
  }
  const prefixes = remotePrefixes(rule, graph)?.prefixes ?? remoteGroupPairs(rule, graph)?.pairs ?? [];
  const wide = prefixes.map(internetWide).find((family) => family !== undefined);
  return wide ?? (prefixes.length > 1 && publicHeldBy(prefixes).covers(publicAddresses) ? "IPv4" : undefined);
}

/** Where a rule's remote is written: its prefix, else its address group, else its remote group. */
export const remotePath = (rule: TfResource): string =>
  rule.values.remote_ip_prefix !== undefined || namesNoRemote(rule)
    ? "remote_ip_prefix"
    : rule.values.remote_address_group_id !== undefined || rule.values.remote_group_id === undefined
      ? "remote_address_group_id"
      : "remote_group_id";

/** A rule's remote as a message names it: the prefix, the address group with its addresses, or the remote group's pairs. */
export function remoteShown(rule: TfResource, graph: ResourceGraph): string {
  const grouped = remotePrefixes(rule, graph) ? undefined : remoteGroupPairs(rule, graph);
  if (grouped) return `the address pairs of the members of ${grouped.group.address} (${grouped.pairs.join(", ")})`;
  return remotePrefixes(rule, graph)?.shown ?? "any address";
}

/**
 * A rule's protocol as Neutron reads it: a name in any case is taken as the same name in lower case (neutron-lib
 * api/converters.py, convert_to_protocol, which matches names case-insensitively); the provider's own validation
 * refuses a name in capitals, which provider-schema-conformance says. A number written unquoted is its text, as
 * Terraform converts it for the string argument, and the provider passes any from 0 to 255 on
 * (networking_secgroup_rule_v2.go, resourceNetworkingSecGroupRuleV2Protocol). Undefined where none is written or it is
 * not known.
 */
export const protocolOf = (rule: TfResource): string | undefined => stringArgument(rule.values.protocol)?.toLowerCase();

/**
 * Whether a rule's protocol is every protocol: none written, "any", or "0", which Neutron's iptables driver writes with
 * no -p at all ("protocol zero is a special case", neutron/agent/linux/iptables_firewall.py), so that it matches every
 * protocol there. Unknown before apply: not this.
 */
export function isEveryProtocol(rule: TfResource): boolean {
  if (isUnknown(rule.values.protocol)) return false;
  const protocol = protocolOf(rule);
  return protocol === undefined || protocol === "" || protocol === "any" || protocol === "0";
}

/** The transport protocols a service listens on, by the names and numbers Neutron takes for them. */
const transportNames = { tcp: ["tcp", "6"], udp: ["udp", "17"] } as const;
export type Transport = keyof typeof transportNames;

/**
 * A rule's port range where a bound is known only at apply (not an unset one, which opens every port): its known
 * bounds, read without the engine recording the unknown one, since Neutron refuses a range whose min exceeds its max
 * (neutron/db/securitygroups_db.py, _validate_port_range), so a known bound may decide alone. Undefined when both are
 * known. `undecided()` reads the unknown bounds as a policy does, for the engine to report the rule not evaluable.
 */
function partlyKnownRange(rule: TfResource): { min?: number; max?: number; sameExpression: boolean; undecided: () => false } | undefined {
  const [min, max] = [unrecorded(rule.values, "port_range_min"), unrecorded(rule.values, "port_range_max")];
  if (!isUnknown(min) && !isUnknown(max)) return undefined;
  return {
    ...(isUnknown(min) ? {} : { min: literalNumber(min) }),
    ...(isUnknown(max) ? {} : { max: literalNumber(max) }),
    sameExpression: min === max,
    undecided: () => {
      // Read as a policy reads them: the engine records the unknown value.
      rule.values.port_range_min;
      rule.values.port_range_max;
      return false;
    },
  };
}

/**
 * Whether a rule allows traffic on `port` of one of `transports` (SSH is TCP alone; RDP and HTTPS, over QUIC, are UDP
 * too): an absent protocol or port range means every port; a protocol known only at apply, or a bound where the other
 * does not decide (partlyKnownRange), covers none here, and the engine reports the rule not evaluable from the unknown
 * value read.
 */
export function coversPort(rule: TfResource, port: number, transports: readonly Transport[]): boolean {
  if (isUnknown(rule.values.protocol)) return false;
  const transport = transportNamed(protocolOf(rule));
  if (!isEveryProtocol(rule) && (transport === undefined || !transports.includes(transport))) return false;
  const partly = partlyKnownRange(rule);
  if (partly) {
    const { min, max } = partly;
    if ((min !== undefined && port < min) || (max !== undefined && max !== 0 && port > max)) return false;
    return port === min || port === max || partly.undecided();
  }
  const min = literalNumber(rule.values.port_range_min);
  const max = literalNumber(rule.values.port_range_max);
  if ((min === undefined || min === 0) && (max === undefined || max === 0)) return true;
  return (min ?? 0) <= port && port <= (max ?? 65535);
}

/**
 * The transport a rule's ports are of, for the service a port names: TCP for a rule of TCP or of every protocol, UDP
 * for UDP's, and none for another protocol with ports (SCTP, DCCP, UDP-Lite), where no well-known service is.
 */
export const portsTransport = (rule: TfResource): Transport | undefined => (isEveryProtocol(rule) ? "tcp" : transportNamed(protocolOf(rule)));

/** The transport a protocol's name or number names, in any case (`TCP`, `6`; `udp`, `17`); undefined for another protocol. */
export function transportNamed(protocol: string | undefined): Transport | undefined {
  const name = protocol?.toLowerCase() ?? "";
  return (Object.keys(transportNames) as Transport[]).find((transport) => (transportNames[transport] as readonly string[]).includes(name));
}

/**
 * The protocols whose rules take a port range, by name and number (neutron-lib constants SG_PORT_PROTO_NAMES: TCP,
 * UDP, UDP-Lite, SCTP and DCCP): such a rule without a range opens every port of its protocol.
 */
const portedProtocols = new Set(["tcp", "udp", "udplite", "sctp", "dccp", "6", "17", "136", "132", "33"]);

/**
 * The protocol of a rule whose protocol has no ports and is not ICMP (VRRP, GRE, ESP...): the rule admits every packet
 * of it. Undefined for every other rule.
 */
export function portlessProtocol(rule: TfResource): string | undefined {
  const protocol = protocolOf(rule);
  return protocol === undefined || isEveryProtocol(rule) || isIcmp(rule) || portedProtocols.has(protocol) ? undefined : protocol;
}

/** Whether a rule opens every port: no protocol (every protocol), or a protocol with ports without a port range (one known only at apply is not absent: partlyKnownRange). */
export function coversAllPorts(rule: TfResource): boolean {
  if (isUnknown(rule.values.protocol)) return false;
  if (isEveryProtocol(rule)) return true;
  if (!portedProtocols.has(protocolOf(rule) ?? "")) return false;
  const partly = partlyKnownRange(rule);
  // One port written twice is never every port; nor a range a known bound keeps inside 2-65534.
  if (partly)
    return partly.sameExpression || (partly.min !== undefined && partly.min > 1) || (partly.max !== undefined && partly.max !== 0 && partly.max < 65535)
      ? false
      : partly.undecided();
  const min = literalNumber(rule.values.port_range_min);
  const max = literalNumber(rule.values.port_range_max);
  return (min === undefined || min <= 1) && (max === undefined || max === 0 || max >= 65535);
}

/** The security-group rules that belong to a group. */
export const rulesOf = (group: TfResource, graph: ResourceGraph): TfResource[] =>
  graph.referrers(group, { type: securityGroupRuleType, path: "security_group_id" });

/**
 * An instance is a bastion by convention: metadata.role "bastion", a tag "bastion", or "bastion" among the Ansible
 * groups of Kubespray's metadata.kubespray_groups, split at each comma, each space then made `_` (kubespray
 * contrib/terraform/terraform.py, sanitize_groups): "kube-node, bastion" puts it in the group `_bastion`, not a bastion.
 */
export function isBastion(instance: TfResource): boolean {
  const metadata = instance.values.metadata as Record<string, unknown> | undefined;
  const tags = instance.values.tags;
  const kubesprayGroups = literalString(metadata?.kubespray_groups)?.split(",") ?? [];
  return metadata?.role === "bastion" || (Array.isArray(tags) && tags.includes("bastion")) || kubesprayGroups.includes("bastion");
}

/**
 * Why whether an instance is labelled a bastion is known only at apply: a label isBastion reads (metadata.role, a tag,
 * metadata.kubespray_groups, or the whole metadata or tags) written with a value known only at apply. Undefined when
 * the instance is a bastion by a known label, or none of its labels is unknown.
 */
export function bastionLabelUnknown(instance: TfResource): string | undefined {
  if (isBastion(instance)) return undefined;
  const { metadata, tags } = instance.values;
  if (isUnknown(metadata)) return `its metadata is ${metadata}`;
  for (const key of ["role", "kubespray_groups"]) {
    const value = (metadata as Record<string, unknown> | undefined)?.[key];
    if (isUnknown(value)) return `its metadata.${key} is ${value}`;
  }
  if (isUnknown(tags) || list(tags).some(isUnknown)) return `its tags are ${JSON.stringify(tags)}`;
  return undefined;
}

/**
 * A finding on instances no known label makes bastions, which cannot be evaluated when each of them has a label known
 * only at apply (bastionLabelUnknown): that label may make it one.
 */
export function unlessLabelledAtApply(violation: Violation, instances: readonly TfResource[]): Violation {
  const reasons = instances.map(bastionLabelUnknown);
  if (instances.length === 0 || reasons.includes(undefined)) return violation;
  return {
    ...violation,
    message: `${violation.message}; whether ${instances.length === 1 ? "it is" : "they are"} labelled a bastion is known only at apply (${instances.map((instance, i) => `${instance.address}: ${reasons[i]}`).join("; ")})`,
    outcome: "cannot-evaluate",
  };
}

/**
 * The instances attached to a port: those whose network blocks name it, or, for a port read as a data source, those
 * on the declared port its `port_id` names, or the instance its `device_id` names (an instance's own port, looked up to
 * bind a floating IP to it).
 */
export function instancesOnPort(port: TfResource, graph: ResourceGraph): TfResource[] {
  if (port.mode !== "data") return graph.referrers(port, { type: instanceType, path: "network" });
  // Looked up by its id (the data source's port_id), it is the port the configuration declares with that id.
  const named = graph.targetOf(port.values.port_id, port);
  if (named?.type === portType && named.mode !== "data") return instancesOnPort(named, graph);
  return graph.targetsOf(port.values.device_id, port).filter((target) => target.type === instanceType);
}

/** A Neutron port, which instances sit on by their network blocks. */
export const portType = "openstack_networking_port_v2";

/**
 * The ports that take over a port's address, a virtual address keepalived or kube-vip moves between them: those whose
 * allowed_address_pairs hold one of its fixed IPs, an address or a block (Neutron takes either, the allowed-address-pairs
 * extension), written or by reference to the port. Neutron then lets their instances answer for it, and a floating IP
 * bound to the port reaches whichever holds it.
 */
export function portsTakingOver(port: TfResource, graph: ResourceGraph): TfResource[] {
  const addresses = blocks(port.values.fixed_ip).flatMap((ip) => {
    const address = literalString(graph.readValue(ip.ip_address, port));
    return address === undefined ? [] : [{ address, block: ipv4Block(address) }];
  });
  const holds = (pair: string) => {
    const held = ipv4Block(pair);
    return addresses.some(({ address, block }) => (held && block ? contains(held, block) : pair === address));
  };
  return portsWithAddressPairs(graph).filter(
    (other) =>
      other !== port &&
      blocks(other.values.allowed_address_pairs).some(
        (pair) => holds(literalString(graph.readValue(pair.ip_address, other)) ?? "") || graph.targetsOf(pair.ip_address, other).includes(port),
      ),
  );
}

/** The ports that write allowed address pairs, found once per configuration: each port asks portsTakingOver. */
const portsWithAddressPairs = (graph: ResourceGraph): TfResource[] =>
  graph.cached("openstack/ports-with-address-pairs", () => graph.ofType([portType]).filter((port) => blocks(port.values.allowed_address_pairs).length > 0));

const portGroupsAssociationType = "openstack_networking_port_secgroup_associate_v2";

/**
 * The ports a security group is attached to: those whose security_group_ids name it, and those an
 * openstack_networking_port_secgroup_associate_v2 attaches it to (often a port looked up, an instance's own).
 */
export function portsOfGroup(group: TfResource, graph: ResourceGraph): TfResource[] {
  const associated = graph
    .referrers(group, { type: portGroupsAssociationType, path: "security_group_ids" })
    .flatMap((association) => graph.targetsOf(association.values.port_id, association));
  return [...new Set([...graph.referrers(group, { type: portType, path: "security_group_ids" }), ...associated])].filter((port) => port.type === portType);
}

/**
 * The security groups a port ends with, as references: its own security_group_ids, with those of each
 * openstack_networking_port_secgroup_associate_v2 on it added, or in their place when one enforces its list (the
 * provider's resource_openstack_networking_port_secgroup_associate_v2.go: `enforce` sets the port's groups, otherwise
 * it adds to them). `withDefault`: whether the project's default group stays, Neutron having given it to a port created
 * without groups (unless it asked for none) and no association having replaced it.
 */
export function portGroups(port: TfResource, graph: ResourceGraph): { readonly references: unknown[]; readonly withDefault: boolean } {
  const { associated, enforced } = associatedGroups(port, graph);
  const own = list(port.values.security_group_ids);
  if (enforced) return { references: associated.map(({ reference }) => reference), withDefault: false };
  return {
    references: [...own, ...associated.map(({ reference }) => reference)],
    withDefault: own.length === 0 && literalBool(port.values.no_security_groups) !== true,
  };
}

/**
 * The groups each openstack_networking_port_secgroup_associate_v2 on a port gives it, each reference with the
 * association that writes it, and whether one enforces its list, replacing the port's own (portGroups).
 */
export function associatedGroups(
  port: TfResource,
  graph: ResourceGraph,
): { readonly associated: { reference: unknown; from: TfResource }[]; readonly enforced: boolean } {
  const associations = graph.referrers(port, { type: portGroupsAssociationType, path: "port_id" });
  return {
    associated: associations.flatMap((association) => list(association.values.security_group_ids).map((reference) => ({ reference, from: association }))),
    enforced: associations.some((association) => literalBool(association.values.enforce) === true),
  };
}

/**
 * Whether Nova makes a port for one of an instance's networks, the only ports its security_groups apply to: a network
 * block that gives no port (ours, looked up or given by a variable alike), or no network block at all. "Requested
 * security groups are not applied to pre-existing ports" (Nova's API reference, servers: networks.port).
 */
export function takesNamedGroups(instance: TfResource): boolean {
  const networks = blocks(instance.values.network);
  return networks.length === 0 || networks.some((network) => network.port === undefined || network.port === "");
}

/**
 * The security groups an instance is in, as declared here: its ports' groups, and, on the ports Nova makes for it
 * (takesNamedGroups), those its security_groups list names, by reference or by name (Nova resolves a name in the
 * project). A group not declared here is left out.
 */
export function groupsOfInstance(instance: TfResource, graph: ResourceGraph): TfResource[] {
  const named = (takesNamedGroups(instance) ? list(instance.values.security_groups) : []).flatMap((entry) => groupsNamed(entry, instance, graph));
  const ofPorts = portsOf(instance, graph).flatMap((port) =>
    portGroups(port, graph).references.flatMap((reference) => graph.targetsOf(reference, port).filter((target) => target.type === securityGroupType)),
  );
  return [...new Set([...ofPorts, ...named])];
}

/** The groups a reference names, or a name (from an instance's security_groups) Nova resolves in the project. */
function groupsNamed(entry: unknown, from: TfResource, graph: ResourceGraph): TfResource[] {
  const referenced = graph.targetsOf(entry, from).filter((target) => target.type === securityGroupType);
  const name = literalString(entry);
  return referenced.length > 0 || name === undefined ? referenced : (managedGroupsByName(graph).get(name) ?? []);
}

/** The security groups the configuration manages, by their literal name, indexed once per configuration. */
const managedGroupsByName = (graph: ResourceGraph): ReadonlyMap<string | undefined, TfResource[]> =>
  graph.cached("openstack/managed-security-groups-by-name", () =>
    groupedBy(
      graph.ofType([securityGroupType]).filter((group) => group.mode === "managed"),
      (group) => literalString(group.values.name),
    ),
  );

/** The ports of an instance: its network blocks' ports. */
export function portsOf(instance: TfResource, graph: ResourceGraph): TfResource[] {
  return blocks(instance.values.network).flatMap((network) => graph.targetsOf(network.port, instance).filter((target) => target.type === portType));
}

/** Where Nova's metadata service answers an instance, over HTTP (port 80), in each family. */
const metadataService = { IPv4: "169.254.169.254", IPv6: "fe80::a9fe:a9fe" } as const;

/**
 * Whether an instance takes its user data from a config drive and cannot reach the metadata service, which would serve
 * that user data to any process on it: config_drive = true; each of its ports with port security on, in groups declared
 * here (a port it names, or the one Nova makes for a network, in the groups security_groups names), each with Neutron's
 * default rules deleted (they allow every egress);
 * and no egress rule of them admitting TCP port 80 to the metadata service's address of its family (a rule with no
 * remote admits every address; one to a remote group admits its members only, never the metadata proxy). Neutron's
 * firewall lets DHCP through by itself and nothing else (neutron iptables_firewall.py, _spoofing_rule). Any of these not
 * known here (a group given by a variable, a rule's remote or port known at apply) leaves it false.
 */
export function metadataServiceUnreachable(instance: TfResource, graph: ResourceGraph): boolean {
  if (literalBool(instance.values.config_drive) !== true) return false;
  const networks = blocks(instance.values.network);
  const ports = portsOf(instance, graph);
  const onPorts = networks.filter((network) => !isUnset(network.port));
  if (ports.length !== onPorts.length) return false;
  // The ports Nova makes (takesNamedGroups) are in the groups security_groups names, the project's default where none;
  // on a network declared with port security off, in none.
  const novaMade = takesNamedGroups(instance);
  if (
    novaMade &&
    networks.some((network) => graph.targetsOf(network.uuid, instance).some((target) => literalBool(target.values.port_security_enabled) === false))
  )
    return false;
  const named = novaMade ? list(instance.values.security_groups) : [];
  if (novaMade && (named.length === 0 || !named.every((entry) => closedGroup(declaredGroup(entry, instance, graph), graph)))) return false;
  return ports.every((port) => {
    if (literalBool(port.values.port_security_enabled) === false || portSecurityOff(port, graph)) return false;
    const { references, withDefault } = portGroups(port, graph);
    return !withDefault && references.length > 0 && references.every((reference) => closedGroup(declaredGroup(reference, port, graph), graph));
  });
}

/** The one group this configuration manages that a reference (or, from an instance's security_groups, a name) names. */
function declaredGroup(reference: unknown, from: TfResource, graph: ResourceGraph): TfResource | undefined {
  const managed = groupsNamed(reference, from, graph).filter((group) => group.mode === "managed");
  return managed.length === 1 ? managed[0] : undefined;
}

/** Whether a group lets no HTTP out to the metadata service: Neutron's default rules deleted, and none of its own admits it. */
const closedGroup = (group: TfResource | undefined, graph: ResourceGraph): boolean =>
  group !== undefined && isTrue(group.values.delete_default_rules) && rulesOf(group, graph).every((rule) => !mayReachMetadata(rule, graph));

/** Whether an egress rule may admit HTTP to the metadata service: true where a value it depends on is not known here. */
function mayReachMetadata(rule: TfResource, graph: ResourceGraph): boolean {
  const { direction, ethertype, protocol, port_range_min: min, port_range_max: max, remote_group_id: group } = rule.values;
  if ([direction, ethertype, protocol, min, max].some(isUnknown)) return true;
  if (literalString(direction) !== "egress") return false;
  if (!coversPort(rule, 80, ["tcp"])) return false;
  const address = literalString(ethertype) === "IPv6" ? metadataService.IPv6 : metadataService.IPv4;
  if (namesNoRemote(rule)) return true;
  const remote = remotePrefixes(rule, graph);
  if (remote) return remote.prefixes.some((prefix) => holdsAddress(prefix, address) !== false);
  // A remote group, whichever it is, holds ports of instances, never the metadata proxy.
  return isUnset(group) || !isUnset(rule.values.remote_address_group_id);
}

/** Whether a rule is for ICMP or ICMPv6, by name or protocol number. */
export const isIcmp = (rule: TfResource): boolean => ["icmp", "ipv6-icmp", "icmpv6", "1", "58"].includes(protocolOf(rule) ?? "");

export const isTrue = (value: unknown): boolean => literalBool(value) === true;

const volumeTypeResource = "openstack_blockstorage_volume_type_v3";

/**
 * Whether the volume type a value names is one of the encrypted types, as Cinder reads `volume_type` (a type's name or
 * id): a literal, judged by name. A type the configuration creates (`openstack_blockstorage_volume_type_v3.x.name`) is
 * not one, whatever its name. A value known only at apply, or a reference to what the configuration does not declare,
 * gives a not-evaluable violation; unset gives the cloud's default type, which is not an encrypted one.
 */
export function encryptedTypeViolations(
  what: string,
  value: unknown,
  path: string,
  from: TfResource,
  graph: ResourceGraph,
  encryptedTypes: readonly string[],
): Violation[] {
  const declared = graph.targetOf(value, from);
  // A type this configuration creates has no encryption, whatever its name: the provider sets none (v3.4.0
  // openstack_blockstorage_volume_type_v3 has a name, a description, is_public and extra_specs, and no resource of
  // its own encrypts a type).
  if (declared?.type === volumeTypeResource && declared.mode === "managed")
    return [{ message: `${what} is a type this configuration creates (${declared.address}), which nothing encrypts`, path }];
  const name = literalString(value);
  if (value !== undefined && value !== null && name === undefined)
    return [{ message: `${what} ${String(value)} is known only at apply`, path, outcome: "cannot-evaluate" }];
  return name !== undefined && encryptedTypes.includes(name) ? [] : [{ message: notAnEncryptedType(what, name, encryptedTypes), path }];
}

/** The compute security group, removed in version 3 of the provider, whose rules are written inline. */
export const computeSecurityGroupType = "openstack_compute_secgroup_v2";

/** A Trove database instance: its data sits on a volume Trove creates, of the instance's volume_type. */
export const databaseInstanceType = "openstack_db_instance_v1";

/**
 * Block storage volumes: v3, and the v2 and v1 resources that version 3 of the provider removed (its commit "Remove
 * deprecated resources"), still in code that pins an older provider, with the same volume_type.
 */
export const volumeTypes: readonly string[] = ["openstack_blockstorage_volume_v3", "openstack_blockstorage_volume_v2", "openstack_blockstorage_volume_v1"];

/** Whether a block device of an instance is the one Nova boots from: boot_index 0, or the first where none writes one. */
export const isBootDevice = (device: Record<string, unknown>, index: number): boolean =>
  literalNumber(device.boot_index) === 0 || (device.boot_index === undefined && index === 0);

/**
 * The instance a volume is the system disk of: a volume made from an image (`image_id`, whichever it is) that an
 * instance of the configuration boots from (its boot device, source_type volume); the volume by its address, as a
 * policy is given a view of it. The image makes such a disk again; the data a
 * warehouse keeps lives on the volumes attached beside it, which the storage policies judge.
 */
export function systemDiskOf(volume: TfResource, graph: ResourceGraph): TfResource | undefined {
  // Whatever image it is made from, one known only at apply too: read without recording it as a value the policy needs.
  if (isUnset(unrecorded(volume.values, "image_id"))) return undefined;
  return graph
    .referrers(volume, { type: instanceType })
    .find((instance) =>
      blocks(instance.values.block_device).some(
        (device, i) => isBootDevice(device, i) && device.source_type === "volume" && declaredVolume(device.uuid, instance, graph)?.address === volume.address,
      ),
    );
}

/**
 * The volume a value references when the configuration creates it, or undefined: one named directly, or one a data
 * source looks up by a name that a volume of the configuration has (a volume created in one run, looked up in the
 * next: stackhpc's Slurm appliance).
 */
export function declaredVolume(value: unknown, from: TfResource, graph: ResourceGraph): TfResource | undefined {
  const target = graph.targetOf(value, from);
  if (!target || !volumeTypes.includes(target.type)) return undefined;
  if (target.mode !== "data") return target;
  const name = literalString(target.values.name);
  const named = name === undefined ? [] : graph.ofType(volumeTypes).filter((volume) => volume.mode !== "data" && literalString(volume.values.name) === name);
  return named.length === 1 ? named[0] : undefined;
}

/**
 * The encryption violations of a declared volume's type, with paths on the volume. A volume that names no type takes its
 * source volume's, or its snapshot's (cinder/volume/flows/api/create_volume.py, _get_volume_type), not the cloud's
 * default: the source declared here is judged, and a source known only to the cloud is not evaluable.
 */
export function volumeTypeViolations(what: string, volume: TfResource, graph: ResourceGraph, encryptedTypes: readonly string[]): Violation[] {
  const judge = (current: TfResource, seen: ReadonlySet<TfResource>): Violation[] => {
    const { volume_type: written, source_vol_id: sourceVolume, snapshot_id: snapshot } = current.values;
    if (written === undefined || written === null) {
      if (sourceVolume !== undefined && sourceVolume !== null) {
        const source = declaredVolume(sourceVolume, current, graph);
        if (source && !seen.has(source))
          return judge(source, new Set([...seen, source])).map((violation) => ({
            ...violation,
            message: `it takes the type of its source volume ${source.address}: ${violation.message}`,
            path: "source_vol_id",
          }));
        return [
          {
            message: `it takes the type of its source volume ${literalString(sourceVolume) ?? String(sourceVolume)}, not declared here`,
            path: "source_vol_id",
            outcome: "cannot-evaluate",
          },
        ];
      }
      if (snapshot !== undefined && snapshot !== null)
        return [
          {
            message: `it takes the type of snapshot ${literalString(snapshot) ?? String(snapshot)}, not declared here`,
            path: "snapshot_id",
            outcome: "cannot-evaluate",
          },
        ];
    }
    return encryptedTypeViolations(what, written, "volume_type", current, graph, encryptedTypes);
  };
  return judge(volume, new Set([volume]));
}

/**
 * Why a volume type fails the encryption policies, in words: `volume type "standard" is not one of the encrypted types
 * encrypted-ssd`, or, unset, that the cloud's default type is used instead.
 */
export function notAnEncryptedType(what: string, type: unknown, encryptedTypes: readonly string[]): string {
  const accepted =
    encryptedTypes.length > 0
      ? `the encrypted types ${encryptedTypes.join(", ")}`
      : "the encrypted types, and none is declared (settings: encryptedVolumeTypes)";
  return type === undefined
    ? `${what} is not set: the cloud's default type is used, not one of ${accepted}`
    : `${what} "${String(type)}" is not one of ${accepted}`;
}

const networkType = "openstack_networking_network_v2";
const magnumTemplateTypes = ["openstack_containerinfra_clustertemplate_v1"];

/**
 * The external networks a configuration names (the cloud's public networks, whose ports take addresses of the
 * Internet): networks declared or looked up with `external = true`, the gateway of a router (`external_network_id`),
 * and the pool of a floating IP, which is the external network's name, and those the settings name (`declared`: the
 * cloud's, which a configuration may join by name without declaring). By address, and by name, since an instance may
 * join a network by name.
 */
export const externalNetworks = (
  graph: ResourceGraph,
  declared: readonly string[] = [],
): { readonly addresses: ReadonlySet<string>; readonly names: ReadonlySet<string> } =>
  graph.cached(`openstack/external-networks ${declared.join(" ")}`, () => {
    const gateways = graph.ofType(["openstack_networking_router_v2", ...magnumTemplateTypes]);
    const networks = [
      ...graph.ofType([networkType]).filter((network) => literalBool(network.values.external) === true),
      ...gateways.flatMap((holder) => graph.targetsOf(holder.values.external_network_id, holder)),
    ].filter((network) => network.type === networkType);
    const pools = [
      ...graph.ofType(["openstack_networking_floatingip_v2"]).map((ip) => literalString(ip.values.pool)),
      // A Magnum template may name its external network by name (Magnum looks it up by name or id).
      ...graph.ofType(magnumTemplateTypes).map((template) => literalString(template.values.external_network_id)),
    ];
    const names = new Set(
      [...declared, ...networks.map((network) => literalString(network.values.name)), ...pools].filter((name): name is string => name !== undefined),
    );
    // A network looked up by one of those names is that network: the lookup fails where the name is not unique.
    const lookedUp = graph.ofType([networkType]).filter((network) => network.mode === "data" && names.has(literalString(network.values.name) ?? ""));
    return { addresses: new Set([...networks, ...lookedUp].map((network) => network.address)), names };
  });

/** Whether a value names an external network (externalNetworks): by reference to one, or by its name. */
export function namesExternalNetwork(value: unknown, from: TfResource, graph: ResourceGraph, declared: readonly string[] = []): boolean {
  const external = externalNetworks(graph, declared);
  return graph.targetsOf(value, from).some((network) => external.addresses.has(network.address)) || external.names.has(literalString(value) ?? "");
}

/**
 * Whether a port, or an instance by one of the networks it joins by id or name, sits on an external network: it then
 * has an address of the Internet without any floating IP. An instance's networks joined by port are the ports'.
 */
export function onExternalNetwork(resource: TfResource, graph: ResourceGraph, declared: readonly string[] = []): boolean {
  if (resource.type === instanceType) return externalNetworkJoined(resource, graph, declared) !== undefined;
  return namesExternalNetwork(resource.values.network_id, resource, graph, declared);
}

/** Where an instance joins an external network by the id or the name of one of its network blocks: `network[1].name`. */
export function externalNetworkJoined(instance: TfResource, graph: ResourceGraph, declared: readonly string[] = []): string | undefined {
  for (const [i, network] of blocks(instance.values.network).entries())
    for (const argument of ["uuid", "name"] as const)
      if (namesExternalNetwork(network[argument], instance, graph, declared)) return attributePath("network", i, argument);
  return undefined;
}

/**
 * Whether a port has port security off: its own setting, else its network's, which Neutron gives the ports created on
 * it (the port_security extension's default). Neutron then applies no security group and no anti-spoofing.
 */
export function portSecurityOff(port: TfResource, graph: ResourceGraph): boolean {
  const own = literalBool(port.values.port_security_enabled);
  if (own !== undefined) return !own;
  const network = graph.targetOf(port.values.network_id, port);
  return network !== undefined && literalBool(network.values.port_security_enabled) === false;
}

/** The Swift resources whose metadata the provider sends as X-Container-Meta-* and X-Account-Meta-* headers. */
const swiftMetadataTypes: ReadonlySet<string> = new Set(["openstack_objectstorage_container_v1", "openstack_objectstorage_account_v1"]);

/**
 * The Temp-URL-Keys a container's or the account's metadata sets: the keys Swift's tempurl middleware signs links with
 * (X-Container-Meta-Temp-URL-Key, X-Account-Meta-Temp-URL-Key, and their -2 for rotation; the provider sends metadata
 * as those headers, whose names HTTP reads in any case).
 */
export const temporaryUrlKeys = (resource: TfResource): string[] =>
  swiftMetadataTypes.has(resource.type) ? Object.keys(block(resource.values.metadata) ?? {}).filter((key) => /^temp-url-key(-2)?$/i.test(key)) : [];

/**
 * What an allowed address pair lifts, said, where it does: Neutron lets a port send from the addresses of its pairs,
 * and a pair as large as the Internet (internetWide) lets it send as any host there.
 */
export const addressPairLiftingAntiSpoofing = (address: string | undefined): string | undefined =>
  address !== undefined && internetWide(address) !== undefined
    ? `allowed address pair ${address} lets the port send from the Internet's addresses: its anti-spoofing is off`
    : undefined;
