import type { TfResource } from "../engine/model";
import { literalString } from "../lib/values";

/**
 * What the OpenStack provider validates beyond its schema (its ValidateFuncs, which `terraform providers schema -json`
 * does not export), for the arguments the policies compare as text: a value it refuses would never be sent, and read
 * as written it would be misjudged (a rule of protocol "TCP" is no TCP rule to the policies).
 */
const validations: Readonly<Record<string, Readonly<Record<string, { readonly takes: (value: string) => boolean; readonly expected: string }>>>> = {
  // openstack/networking_secgroup_rule_v2.go: resourceNetworkingSecGroupRuleV2Direction, ...EtherType, ...Protocol
  // (gophercloud's RuleProtocol names, in lower case, or a number from 0 to 255 as strconv.Atoi reads it).
  openstack_networking_secgroup_rule_v2: {
    direction: { takes: (value) => value === "ingress" || value === "egress", expected: '"ingress" or "egress"' },
    ethertype: { takes: (value) => value === "IPv4" || value === "IPv6", expected: '"IPv4" or "IPv6"' },
    protocol: {
      takes: (value) => protocolNames.has(value) || (/^[+-]?\d+$/.test(value) && Number(value) >= 0 && Number(value) <= 255),
      expected: "a protocol name in lower case (tcp, udp, icmp, vrrp...) or a number from 0 to 255",
    },
  },
};

const protocolNames: ReadonlySet<string> = new Set([
  ...["", "ah", "dccp", "egp", "esp", "gre", "icmp", "igmp", "ipip", "ipv6-encap", "ipv6-frag", "ipv6-icmp", "ipv6-nonxt"],
  ...["ipv6-opts", "ipv6-route", "ospf", "pgm", "rsvp", "sctp", "tcp", "udp", "udplite", "vrrp"],
]);

/** The arguments of a resource whose literal value the provider refuses, with what it takes. */
export function refusedByProvider(resource: TfResource): { path: string; message: string }[] {
  if (resource.mode !== "managed") return [];
  return Object.entries(validations[resource.type] ?? {}).flatMap(([argument, { takes, expected }]) => {
    const value = literalString(resource.values[argument]);
    return value === undefined || takes(value)
      ? []
      : [{ path: argument, message: `${argument} "${value}" is refused by the provider, which takes ${expected}` }];
  });
}
