import { describe, expect, it } from "vitest";
import { addToGroup, groupedBy } from "../../lib/groups";

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

describe("groupedBy", () => {
  it("groups the items by the key each gives, each key's in the items' order", () => {
    expect([...groupedBy(["apple", "bean", "avocado", "beet", "corn"], (word) => word[0])]).toEqual([
      ["a", ["apple", "avocado"]],
      ["b", ["bean", "beet"]],
      ["c", ["corn"]],
    ]);
    expect(groupedBy([], String).size).toBe(0);
  });
});
