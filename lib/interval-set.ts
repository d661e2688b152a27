import { block, ipv4Block } from "./cidr";

type Range = readonly [first: number, last: number];

/** Sorted, merged when they touch or overlap. */
function normalize(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [first, last] of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else merged.push([first, last]);
  }
  return merged;
}

/**
 * A set of integers as sorted, disjoint, inclusive ranges: the addresses a firewall rule lets through (IPv4 addresses
 * as 32-bit numbers) or its ports, with the set operations a reachability question needs.
 */
export class IntervalSet {
  private constructor(readonly ranges: readonly Range[]) {}

  static readonly none = new IntervalSet([]);

  static of(...ranges: readonly Range[]): IntervalSet {
    return new IntervalSet(normalize(ranges));
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  has(value: number): boolean {
    return this.ranges.some(([first, last]) => first <= value && value <= last);
  }

  union(other: IntervalSet): IntervalSet {
    return new IntervalSet(normalize([...this.ranges, ...other.ranges]));
  }

  minus(other: IntervalSet): IntervalSet {
    const result: Range[] = [];
    for (const [first, last] of this.ranges) {
      let start = first;
      for (const [cutFirst, cutLast] of other.ranges) {
        if (cutLast < start || cutFirst > last) continue;
        if (cutFirst > start) result.push([start, cutFirst - 1]);
        start = cutLast + 1;
        if (start > last) break;
      }
      if (start <= last) result.push([start, last]);
    }
    return new IntervalSet(result);
  }

  intersect(other: IntervalSet): IntervalSet {
    return this.minus(this.minus(other));
  }

  meets(other: IntervalSet): boolean {
    return !this.intersect(other).isEmpty;
  }

  covers(other: IntervalSet): boolean {
    return other.minus(this).isEmpty;
  }
}

/** IPv4 addresses as 32-bit numbers. */
export const addresses = {
  all: IntervalSet.of([0, 0xffffffff]),
  of: (...cidrs: readonly string[]): IntervalSet =>
    IntervalSet.of(
      ...cidrs.map((cidr) => {
        const { first, last } = block(cidr);
        return [first, last] as const;
      }),
    ),
  /** The fewest CIDR blocks that make up a set of addresses, for messages. */
  toCidrs(set: IntervalSet): string[] {
    const dotted = (address: number) => [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join(".");
    const cidrs: string[] = [];
    for (const [first, last] of set.ranges) {
      let start = first;
      while (start <= last) {
        let size = 32;
        while (size > 0 && start % 2 ** (33 - size) === 0 && start + 2 ** (33 - size) - 1 <= last) size--;
        cidrs.push(`${dotted(start)}/${size}`);
        start += 2 ** (32 - size);
      }
    }
    return cidrs;
  },
};

/** Addresses that never route to the Internet (RFC 6890: this network, private, shared, loopback, link-local, multicast and reserved). */
export const nonPublicAddresses = addresses.of(
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "224.0.0.0/3",
);

/** Every IPv4 address that routes to the Internet. */
export const publicAddresses = addresses.all.minus(nonPublicAddresses);

/** The public IPv4 addresses some prefixes hold together (IPv6 prefixes and typos hold none). */
export const publicHeldBy = (prefixes: readonly string[]): IntervalSet =>
  IntervalSet.of(...prefixes.flatMap((prefix) => ipv4Block(prefix) ?? []).map((held) => [held.first, held.last] as const)).intersect(publicAddresses);

/** Every port of a protocol. */
export const allPorts = IntervalSet.of([1, 65535]);

/** Ports as ranges: "443", "1-1024", 8080, or a range of two numbers. */
export const portsOf = (first: number, last = first): IntervalSet => IntervalSet.of([first, last]);
