import { describe, expect, it } from "vitest";
import { admitsNoneFrom, allowsVersion } from "../../lib/version-constraint";

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

  it.each([
    ["~> 0.11.0", true],
    ["~> 0.12", true],
    ["< 0.12", true],
    ["<= 0.15.5", true],
    ["= 0.11.14", true],
    ["0.11.14", true],
    [">= 0.11, < 0.13", true],
    ["< 1.0.0", true],
    ["~> 1.0", false],
    ["~> 0.12, >= 1.0", true],
    [">= 0.12", false],
    ["> 0.11", false],
    ["<= 1.0.0", false],
    ["!= 0.11.0", false],
    ["not a constraint", false],
  ])("reads %s as admitting no version from 1.0.0 up: %s", (constraint, none) => {
    expect(admitsNoneFrom(constraint, "1.0.0")).toBe(none);
  });
});
