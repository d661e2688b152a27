import { describe, expect, it } from "vitest";
import { printable } from "../../lib/printable";

describe("printable", () => {
  it("shows control characters as escapes, keeps line feeds, tabs and every other character", () => {
    expect(printable("a\u001b[31mb\rc\u0001\u007f\u0085")).toBe("a\\u001b[31mb\\u000dc\\u0001\\u007f\\u0085");
    expect(printable("line\n\tnext é → ✓")).toBe("line\n\tnext é → ✓");
  });
});
