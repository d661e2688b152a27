import { describe, expect, it } from "vitest";
import { mebibytes, millicores, quantity } from "../../lib/quantities";

describe("Kubernetes quantities", () => {
  it("reads CPU in cores and memory in bytes, and nothing that is not a literal quantity", () => {
    expect(quantity("100m")).toBeCloseTo(0.1);
    expect(quantity("4")).toBe(4);
    expect(quantity("128Mi")).toBe(128 * 2 ** 20);
    expect(quantity("1G")).toBe(1e9);
    expect(quantity("${var.cpu}")).toBeUndefined();
    expect(quantity("4 cores")).toBeUndefined();
  });

  it("gives the figures quotas are written in: millicores and MiB", () => {
    expect([millicores("100m"), millicores("200m"), millicores("4")]).toEqual([100, 200, 4000]);
    expect([mebibytes("128Mi"), mebibytes("8Gi")]).toEqual([128, 8192]);
  });
});
