import { describe, expect, it } from "vitest";
import { addToGroup } from "../../lib/groups";

describe("addToGroup", () => {
  it("keeps each key's items in the order added, in one list per key that grows in place", () => {
    const groups = new Map<string, number[]>();
    addToGroup(groups, "a", 1);
    const first = groups.get("a");
    addToGroup(groups, "b", 2);
    addToGroup(groups, "a", 3);
    expect([...groups]).toEqual([
      ["a", [1, 3]],
      ["b", [2]],
    ]);
    expect(groups.get("a")).toBe(first);
  });
});
