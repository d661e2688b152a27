import { describe, expect, it } from "vitest";
import { allowsVersion } from "../../lib/version-constraint";

describe("Terraform version constraints", () => {
  it.each([
    ["3.4.0", true],
    ["= 3.4.0", true],
    ["!= 3.4.0", false],
    [">= 3.0.0", true],
    [">=3.0.0", true],
    ["> 3.4.0", false],
    ["< 3.4.0", false],
    ["<= 3.4.0", true],
    [">= 1.0.0, < 2.0.0", false],
    [">= 3.0, < 3.4", false],
    [">= 1.54", true],
    // ~> lets only the rightmost written number grow.
    ["~> 3.0", true],
    ["~> 3.4.0", true],
    ["~> 3.3.0", false],
    ["~> 3.5", false],
    ["~> 2.1", false],
    ["~> 3", true],
    ["~> 1.53.0", false],
    // A release comes after its prereleases.
    ["> 3.4.0-beta1", true],
    [">= 3.5.0-rc1", false],
  ])("%s allows 3.4.0: %s", (constraint, allowed) => {
    expect(allowsVersion(constraint, "3.4.0")).toBe(allowed);
  });

  it("matches a prerelease by an exact condition only", () => {
    expect(allowsVersion("3.5.0-beta1", "3.5.0-beta1")).toBe(true);
    expect(allowsVersion(">= 3.0.0", "3.5.0-beta1")).toBe(false);
  });

  it("cannot read what is not a constraint", () => {
    for (const constraint of ["", "latest", ">= 3.0,", "~> x.y"]) expect(allowsVersion(constraint, "3.4.0")).toBeUndefined();
  });
});
