import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EdsPolicy } from "../../policies/engine/policy";
import { allPolicies } from "../../policies/rules/index";
import { projectRoot } from "../../lib/paths";
import { expectedAddresses, findingsOf, fixtureAddress, fixtureCases, fixturesDir } from "./fixture-runner";

/** Policies whose only finding is "not evaluable": they say what the check did not read. */
const reportsOnlyUnknowns = new Set(["module-sources-checked"]);

describe("the policy registry", () => {
  it("has unique ids, each the name of its file, and registers every policy file", async () => {
    const ids = allPolicies.map((policy) => policy.metadata.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const rules = join(projectRoot, "policies", "rules");
    const files = readdirSync(rules, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((folder) =>
        readdirSync(join(rules, folder.name))
          .filter((file) => file.endsWith(".ts") && file !== "index.ts")
          .map((file) => join(folder.name, file)),
      );
    for (const file of files) {
      const policy = ((await import(join(rules, file))) as { default: EdsPolicy }).default;
      expect(policy.metadata.id, file).toBe(basename(file, ".ts"));
    }
    expect(files.map((file) => basename(file, ".ts")).sort()).toEqual([...ids].sort());
  });

  it("has fixtures only for policies that exist", () => {
    const ids = new Set(allPolicies.map((policy) => policy.metadata.id));
    for (const folder of readdirSync(fixturesDir)) expect(ids.has(folder), `fixtures for unknown policy ${folder}`).toBe(true);
  });

  it("gives every policy its metadata", () => {
    for (const { metadata } of allPolicies) {
      for (const field of ["title", "description", "rationale", "remediation"] as const)
        expect(metadata[field].length, `${metadata.id}.${field}`).toBeGreaterThan(10);
      expect(metadata.references.length, `${metadata.id} references`).toBeGreaterThan(0);
    }
  });
});

describe.each(allPolicies.map((policy) => [policy.metadata.id, policy] as const))("%s", (id, policy) => {
  const cases = fixtureCases(id);

  it("has at least one passing and one failing fixture (a not-evaluable one, for a policy that only reports what it cannot read)", () => {
    expect(cases.filter((c) => c.kind === "pass").length, "pass fixtures").toBeGreaterThan(0);
    const flagging = reportsOnlyUnknowns.has(id) ? "unknown" : "fail";
    expect(cases.filter((c) => c.kind === flagging).length, `${flagging} fixtures`).toBeGreaterThan(0);
  });

  for (const fixture of cases.filter((c) => c.kind === "pass")) {
    it(`passes ${fixture.name}: no finding from any policy, and this one concludes`, async () => {
      // Another policy may not be able to evaluate a value the fixture leaves unknown, or be the subject of an exception
      // the fixture's settings record; this policy must conclude, with no exception.
      const findings = (await findingsOf(fixture)).filter((f) => !["cannot-evaluate", "suppressed"].includes(f.status) || f.policyId === id);
      expect(findings.map((f) => `${f.policyId} ${f.address} ${f.path ?? ""}: ${f.message}`)).toEqual([]);
    });
  }

  for (const fixture of cases.filter((c) => c.kind !== "pass")) {
    it(`${fixture.kind === "fail" ? "fails" : "cannot evaluate"} ${fixture.name} on the right resource`, async () => {
      const findings = (await findingsOf(fixture, [policy])).filter((f) => f.status === (fixture.kind === "fail" ? "violation" : "cannot-evaluate"));
      expect(findings.length, "findings").toBeGreaterThan(0);
      const expected = expectedAddresses(fixture);
      const addresses = [...new Set(findings.map((f) => fixtureAddress(f.address)))].sort();
      if (policy.kind === "resource") expect(addresses).toEqual(expected);
      // A configuration policy may also find what is missing from the whole (a backend, a setting): each resource the
      // fixture names bad must be among its findings.
      else expect(expected.filter((address) => !addresses.includes(address))).toEqual([]);
      for (const finding of findings) expect(finding.message).toBeTruthy();
    });
  }
});
