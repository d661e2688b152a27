import { describe, expect, it } from "vitest";
import { block, blocks } from "../../policies/lib/values";

describe("nested blocks as Terraform JSON writes them", () => {
  it("are an object or a list of objects, the first block first; nothing else in the list is a block", () => {
    const rules = [
      { direction: "ingress", port_range_min: 22 },
      { direction: "ingress", port_range_min: 443 },
    ];
    expect(blocks(rules[0])).toEqual([rules[0]]);
    expect(block(rules)).toEqual(rules[0]);
    expect(blocks([rules[0], [rules[1]], "${var.rule}", null])).toEqual([rules[0]]);
  });
});
