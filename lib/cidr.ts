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

/** The CIDR written with its network address, such as 10.40.0.0/24 for 10.40.0.5/24. */
export function canonical(cidr: string): string {
  return `${ipaddr.IPv4.networkAddressFromCIDR(cidr).toString()}/${cidr.split("/")[1]}`;
}

export const overlaps = (a: Block, b: Block): boolean => a.first <= b.last && b.first <= a.last;

export const contains = (outer: Block, inner: Block): boolean => outer.first <= inner.first && inner.last <= outer.last;

/** Whether the block covers the whole IPv4 space, the meaning of 0.0.0.0/0. */
export const isAnyAddress = (b: Block): boolean => b.first === 0 && b.last === 0xffffffff;
