import { describe, expect, it } from "vitest";
import { wholeFamily } from "../../lib/cidr";

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
