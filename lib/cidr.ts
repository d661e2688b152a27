import ipaddr from "ipaddr.js";

/** An IPv4 block as an inclusive range of 32-bit addresses. */
export interface Block {
  readonly cidr: string;
  readonly first: number;
  readonly last: number;
}

const toNumber = (address: ipaddr.IPv4): number => address.toByteArray().reduce((n, byte) => n * 256 + byte, 0);

export function block(cidr: string): Block {
  return {
    cidr,
    first: toNumber(ipaddr.IPv4.networkAddressFromCIDR(cidr)),
    last: toNumber(ipaddr.IPv4.broadcastAddressFromCIDR(cidr)),
  };
}

/**
 * An IPv4 block written as a CIDR or as one address (a /32); undefined for anything else, an IPv6 block or a typo, which
 * holds no IPv4 address.
 */
export function ipv4Block(text: string): Block | undefined {
  const cidr = text.includes("/") ? text : `${text}/32`;
  return ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr) ? block(cidr) : undefined;
}

/**
 * Whether a block (a CIDR, or one address) of either family holds an address: false for a block of the other family;
 * undefined for a text that is no block.
 */
export function holdsAddress(prefix: string, address: string): boolean | undefined {
  try {
    const inside = ipaddr.parse(address);
    const [network, length] = prefix.includes("/") ? ipaddr.parseCIDR(prefix) : [ipaddr.parse(prefix), inside.kind() === "ipv4" ? 32 : 128];
    return network.kind() === inside.kind() && inside.match(network, length);
  } catch {
    return undefined;
  }
}

/** Whether the text is an IPv6 block or address, such as 2001:db8::/64. */
export const isIpv6 = (text: string): boolean => ipaddr.IPv6.isValidCIDR(text) || ipaddr.IPv6.isValid(text);

/** The CIDR written with its network address, such as 10.40.0.0/24 for 10.40.0.5/24. */
export function canonical(cidr: string): string {
  return `${ipaddr.IPv4.networkAddressFromCIDR(cidr).toString()}/${cidr.split("/")[1]}`;
}

export const overlaps = (a: Block, b: Block): boolean => a.first <= b.last && b.first <= a.last;

export const contains = (outer: Block, inner: Block): boolean => outer.first <= inner.first && inner.last <= outer.last;

/**
 * The address family a prefix covers whole (IPv4 for 0.0.0.0/0, IPv6 for ::/0), however it is written: Neutron reads a
 * rule's remote_ip_prefix with netaddr.IPNetwork and matches on its network (neutron/db/securitygroups_db.py,
 * `_validate_ip_prefix` and `_get_normalized_cidr_from_rule`), so `0000:0000:0000:0000:0000:0000:0000:0000/0` and
 * `192.0.2.1/0` admit every address of their family too.
 */
export function wholeFamily(prefix: string): "IPv4" | "IPv6" | undefined {
  if (!/\/0+\s*$/.test(prefix)) return undefined;
  const [address = "", length, ...rest] = prefix.trim().split("/");
  if (length === undefined || rest.length > 0 || !/^0+$/.test(length)) return undefined;
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) return "IPv4";
  return ipaddr.IPv6.isValid(address) ? "IPv6" : undefined;
}

/**
 * The address family whose Internet a prefix admits: a whole family (wholeFamily), or a block larger than any one
 * network holds, with public unicast addresses in it. The largest IPv4 block IANA ever gave one holder is a /8 (IANA
 * IPv4 Address Space Registry), and it gives the regional registries IPv6 blocks of a /12 (IANA IPv6 Global Unicast
 * Address Assignments): 0.0.0.0/1 with 128.0.0.0/1, ::/1 or 2000::/3 is the Internet in parts, never a partner's
 * network. An IPv4 block inside 224.0.0.0/3 (multicast and reserved) or an IPv6 block outside 2000::/3 (global unicast)
 * holds no such address. Neutron, like Kubernetes, reads the prefix's network, whatever its host bits.
 */
export function internetWide(prefix: string): "IPv4" | "IPv6" | undefined {
  const whole = wholeFamily(prefix);
  if (whole) return whole;
  const [address = "", lengthText = "", ...rest] = prefix.trim().split("/");
  if (rest.length > 0 || !/^\d{1,3}$/.test(lengthText)) return undefined;
  const length = Number(lengthText);
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) return length < 8 && ipaddr.IPv4.networkAddressFromCIDR(prefix.trim()).octets[0]! < 224 ? "IPv4" : undefined;
  if (!ipaddr.IPv6.isValid(address) || length > 12) return undefined;
  const first = ipaddr.IPv6.parse(address).parts[0]! & (0xffff << (16 - length));
  const last = first + (1 << (16 - length)) - 1;
  return first <= 0x3fff && last >= 0x2000 ? "IPv6" : undefined;
}

/** Whether an IPv6 prefix holds every global unicast address (2000::/3, the IPv6 Internet): ::/0 to 2000::/3. */
export function holdsIpv6Internet(prefix: string): boolean {
  const [address = "", lengthText = "", ...rest] = prefix.trim().split("/");
  if (rest.length > 0 || !/^\d{1,3}$/.test(lengthText) || !ipaddr.IPv6.isValid(address)) return false;
  const length = Number(lengthText);
  return length <= 3 && ipaddr.IPv6.parse("2000::").match(ipaddr.IPv6.parse(address), length);
}

/** Whether the block covers the whole IPv4 space, the meaning of 0.0.0.0/0. */
export const isAnyAddress = (b: Block): boolean => b.first === 0 && b.last === 0xffffffff;

/**
 * An IPv4 address with a dotted netmask (`192.0.2.0/255.255.255.0`), which Python's ipaddress also takes, written with
 * its prefix length; anything else, a mask that is not one included, as written.
 */
export function withPrefixLength(prefix: string): string {
  const [address = "", mask = "", ...rest] = prefix.trim().split("/");
  if (rest.length > 0 || !ipaddr.IPv4.isValidFourPartDecimal(mask)) return prefix;
  const length = ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask();
  return length === null ? prefix : `${address}/${length}`;
}
