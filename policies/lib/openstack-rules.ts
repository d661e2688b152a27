import { internetWide } from "../../lib/cidr";
import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import type { Violation } from "../engine/policy";
import {
  coversAllPorts,
  coversPort,
  portlessProtocol,
  portsTransport,
  publicRemote,
  remotePath,
  remoteShown,
  type Transport,
  transportNamed,
} from "./openstack";
import { attributePath, blocks, isUnknown, isUnset, literalBool, literalNumber, literalString, stringArgument } from "./values";

/** Violations of an ingress rule open to the whole IPv4 Internet on a given port of some transports (or on every port). */
export function publicIngressOn(
  rule: TfResource,
  graph: ResourceGraph,
  port: { port: number; transports: readonly Transport[] } | "all",
  service: string,
): Violation[] {
  // The port before the remote: a rule for another port is judged whatever its remote, even one known only at apply.
  if (rule.values.direction !== "ingress" || !(port === "all" ? coversAllPorts(rule) : coversPort(rule, port.port, port.transports))) return [];
  return publicRemote(rule, graph) === "IPv4"
    ? [{ message: `ingress from ${remoteShown(rule, graph)} opens ${service} to the Internet`, path: remotePath(rule) }]
    : [];
}

/**
 * Violations of the inline rules of a compute security group (openstack_compute_secgroup_v2, removed in version 3 of the
 * provider) open to the whole IPv4 Internet on a given port of some transports: its `cidr`, `ip_protocol` and port range
 * (from_port to to_port), as publicIngressOn judges a networking rule. A rule that names a group (from_group_id) admits
 * that group's members alone.
 */
export function computeRulesOpenOn(
  group: TfResource,
  graph: ResourceGraph,
  port: { port: number; transports: readonly Transport[] },
  service: string,
): Violation[] {
  return blocks(group.values.rule).flatMap((rule, index): Violation[] => {
    // The port before the remote: a rule for another port is judged whatever its cidr, even one known only at apply.
    const from = literalNumber(rule.from_port);
    const to = literalNumber(rule.to_port) ?? from;
    const transport = transportNamed(stringArgument(rule.ip_protocol));
    if (from === undefined || to === undefined || transport === undefined || !port.transports.includes(transport) || from > port.port || port.port > to)
      return [];
    const cidr = literalString(graph.readValue(rule.cidr, group));
    return cidr !== undefined && internetWide(cidr) === "IPv4"
      ? [{ message: `ingress from ${cidr} opens ${service} to the Internet`, path: attributePath("rule", index, "cidr") }]
      : [];
  });
}

/** FWaaS rules: v2's, and v1's, which the provider has before 3.0.0 with the same arguments (removed there with FWaaS v1). */
export const firewallRuleTypes = ["openstack_fw_rule_v2", "openstack_fw_rule_v1"];

/**
 * Violations of a FWaaS allow rule whose `field` (source or destination) is missing or admits the Internet (internetWide). A rule with
 * `enabled = false` filters nothing: neutron-fwaas leaves disabled rules out of what it applies (`if not rule['enabled']` in its iptables and OVN drivers).
 */
export function firewallAllowsAny(rule: TfResource, graph: ResourceGraph, field: "source_ip_address" | "destination_ip_address", side: string): Violation[] {
  const address = graph.readValue(rule.values[field], rule);
  // The provider accepts the action in any case and sends it as written; Neutron lowercases it (neutron-lib
  // firewall_v2.py, convert_string_to_case_insensitive): "ALLOW" allows.
  const action = typeof rule.values.action === "string" ? rule.values.action.toLowerCase() : "deny";
  if (action !== "allow" || literalBool(rule.values.enabled) === false || isUnknown(address)) return [];
  // Null is an argument left out, as Terraform sends none (a variable whose default is null).
  return isUnset(address) || (typeof address === "string" && internetWide(address) !== undefined)
    ? [{ message: `the rule allows traffic ${side === "source" ? "from" : "to"} ${address ? String(address) : `any ${side}`}`, path: field }]
    : [];
}

/** Services commonly found on ports that must never face the Internet, to name them in findings: over TCP (servedOverUdp). */
const wellKnownPorts: Readonly<Record<number, string>> = {
  22: "SSH",
  23: "Telnet",
  53: "DNS",
  111: "RPC portmapper",
  1883: "MQTT",
  2379: "etcd",
  2380: "etcd peers",
  3306: "MySQL",
  3389: "RDP",
  5432: "PostgreSQL",
  5900: "VNC",
  6379: "Redis",
  6443: "the Kubernetes API",
  8080: "HTTP proxies and consoles",
  9200: "Elasticsearch",
  10250: "the kubelet",
  27017: "MongoDB",
};

/** The well-known ports whose service answers over UDP too: DNS, the RPC portmapper, and RDP (over UDP since RDP 8.0). */
const servedOverUdp: ReadonlySet<number> = new Set([53, 111, 3389]);

/**
 * The service a port carries over a transport, to name it in findings: none over another (SCTP, DCCP, UDP-Lite), nor
 * over UDP where the service speaks TCP alone (SSH).
 */
const serviceOn = (port: number, transport: Transport | undefined): string | undefined =>
  transport === "tcp" || (transport === "udp" && servedOverUdp.has(port)) ? wellKnownPorts[port] : undefined;

/**
 * The service a well-known TCP port carries when it is one an administrator or a database speaks (not 8080, where an
 * application commonly serves HTTP behind a TLS-terminating load balancer).
 */
export const nonWebService = (port: number): string | undefined => (port === 8080 ? undefined : serviceOn(port, "tcp"));

/** The ports the Internet may reach: the ingress load balancer's HTTP (redirect) and HTTPS. */
export const webPorts: readonly number[] = [80, 443];

/** How many of the well-known services a range holds it names, the others counted. */
const servicesNamedAtMost = 3;

/** The well-known ports a range names first: remote administration, the cluster's control, then the data stores. */
const mostTellingFirst: readonly number[] = [22, 3389, 6443, 10250, 2379, 5432, 3306, 27017, 6379, 9200, 5900, 23];

const tellingRank = (port: number): number => {
  const rank = mostTellingFirst.indexOf(port);
  return rank === -1 ? mostTellingFirst.length + port : rank;
};

/**
 * A port range of a transport in words: "6443 (the Kubernetes API)", "8443", "ports 1-79 (among them 22 (SSH), 23
 * (Telnet) and 53 (DNS))": a range names the well-known services it opens, which a reader would not see in its bounds.
 */
function rangeShown(start: number, end: number, transport: Transport | undefined): string {
  if (start === end) {
    const service = serviceOn(start, transport);
    return service ? `${start} (${service})` : String(start);
  }
  const within = Object.keys(wellKnownPorts)
    .map(Number)
    .filter((port) => port >= start && port <= end && serviceOn(port, transport) !== undefined)
    .sort((a, b) => tellingRank(a) - tellingRank(b))
    .map((port) => `${port} (${serviceOn(port, transport)})`);
  if (within.length === 0) return `ports ${start}-${end}`;
  const named = within.slice(0, servicesNamedAtMost);
  const more = within.length - named.length;
  const listed = more > 0 ? `${named.join(", ")} and ${more} more` : named.length > 1 ? `${named.slice(0, -1).join(", ")} and ${named.at(-1)}` : named[0];
  return `ports ${start}-${end} (among them ${listed})`;
}

/**
 * What a port range of a transport (undefined for one no well-known service uses) opened to the Internet exposes
 * beyond HTTP and HTTPS, in words: "6443 (the Kubernetes API)", "ports 1-79", or undefined when it opens only web ports.
 */
export function beyondWebPorts(min: number, max: number, transport: Transport | undefined): string | undefined {
  const others: string[] = [];
  let start = min;
  for (const port of [...webPorts, max + 1]) {
    if (port < start) continue;
    const end = Math.min(port - 1, max);
    if (end >= start) others.push(rangeShown(start, end, transport));
    start = port + 1;
    if (start > max) break;
  }
  return others.length > 0 ? others.join(", ") : undefined;
}

/**
 * What a rule with ports opens, in words: "every port", "every packet of protocol gre", "443", "22 (SSH)", "ports
 * 30000-32767", or "the ports it names" where they are known only at apply.
 */
export function portsShown(rule: TfResource): string {
  if (coversAllPorts(rule)) return "every port";
  const portless = portlessProtocol(rule);
  if (portless !== undefined) return `every packet of protocol ${portless}`;
  const min = literalNumber(rule.values.port_range_min);
  const max = literalNumber(rule.values.port_range_max) ?? min;
  return min === undefined || max === undefined ? "the ports it names" : rangeShown(min, max, portsTransport(rule));
}

/**
 * ICMP error messages a host must receive from anywhere, or connections break: path MTU discovery and unreachable or
 * expired routes. IPv4: destination unreachable (3), time exceeded (11), parameter problem (12), RFC 1191 and RFC 1812;
 * IPv6: destination unreachable (1), packet too big (2), time exceeded (3), parameter problem (4), RFC 4890 §4.3.1.
 */
export const icmpErrorTypes = { IPv4: [3, 11, 12], IPv6: [1, 2, 3, 4] } as const;
