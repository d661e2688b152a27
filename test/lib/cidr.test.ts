import { describe, expect, it } from "vitest";
import { internetWide, wholeFamily, withPrefixLength } from "../../lib/cidr";

describe("wholeFamily: a prefix that admits every address of its family, as Neutron's netaddr reads it", () => {
  it.each([
    ["0.0.0.0/0", "IPv4"],
    [" 0.0.0.0/0 ", "IPv4"],
    ["192.0.2.1/0", "IPv4"],
    ["0.0.0.0/00", "IPv4"],
    ["::/0", "IPv6"],
    ["0000:0000:0000:0000:0000:0000:0000:0000/0", "IPv6"],
    ["2001:db8::1/0", "IPv6"],
  ])("%s covers the whole %s space", (prefix, family) => expect(wholeFamily(prefix)).toBe(family));

  it.each(["0.0.0.0/1", "10.0.0.0/8", "0.0.0.0", "::/10", "2001:db8::/32", "::", "${var.cidr}/0", "0.0.0.0/0/0", "any/0", ""])("%s does not", (prefix) =>
    expect(wholeFamily(prefix)).toBeUndefined(),
  );
});

describe("internetWide: a prefix that admits the Internet, whole or in a block larger than any one network holds", () => {
  it.each([
    ["0.0.0.0/0", "IPv4"],
    ["0.0.0.0/1", "IPv4"],
    ["128.0.0.0/1", "IPv4"],
    ["192.0.0.0/2", "IPv4"],
    ["10.0.0.0/7", "IPv4"],
    ["127.255.0.1/2", "IPv4"],
    ["::/0", "IPv6"],
    ["::/1", "IPv6"],
    ["2000::/3", "IPv6"],
    ["2a00::/12", "IPv6"],
  ])("%s admits the %s Internet", (prefix, family) => expect(internetWide(prefix)).toBe(family));

  it.each([
    ["10.0.0.0/8", "a /8, the largest block one holder was given"],
    ["17.0.0.0/8", "a /8"],
    ["224.0.0.0/3", "multicast and reserved"],
    ["240.0.0.0/4", "reserved"],
    ["8000::/1", "no global unicast address"],
    ["fc00::/7", "unique local addresses"],
    ["2a00::/13", "smaller than a registry's block"],
    ["2001:db8::/32", "a documentation block"],
    ["0.0.0.0/33", "no prefix"],
    ["${var.cidr}/1", "no address"],
  ])("%s does not (%s)", (prefix) => expect(internetWide(prefix)).toBeUndefined());
});

describe("an address with a netmask", () => {
  it.each([
    ["0.0.0.0/0.0.0.0", "0.0.0.0/0"],
    ["192.0.2.0/255.255.255.0", "192.0.2.0/24"],
    ["192.0.2.0/255.0.255.0", "192.0.2.0/255.0.255.0"],
    ["192.0.2.0/24", "192.0.2.0/24"],
    ["::/0", "::/0"],
  ])("%s is %s", (written, prefix) => expect(withPrefixLength(written)).toBe(prefix));
});
