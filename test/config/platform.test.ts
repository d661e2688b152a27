import { describe, expect, it } from "vitest";
import { issuesAfterEdit, onlyIssue } from "../helpers/environments";

describe("platform and project declarations", () => {
  it("fails on a project without a legal basis, naming the project's line", () => {
    const issue = onlyIssue(issuesAfterEdit((doc) => doc.deleteIn(["projects", 0, "legalBasis"])));
    expect(issue).toMatchObject({ path: ["projects", 0, "legalBasis"], message: "required, but missing; expected a mapping" });
    expect(issue.line).toBeGreaterThan(100);
  });

  it("fails on a legal basis without the ethics committee's opinion", () => {
    expect(onlyIssue(issuesAfterEdit((doc) => doc.deleteIn(["projects", 0, "legalBasis", "ethicsOpinion"]))).path).toEqual([
      "projects",
      0,
      "legalBasis",
      "ethicsOpinion",
    ]);
  });

  it("fails on an unknown kind of legal basis", () => {
    expect(onlyIssue(issuesAfterEdit((doc) => doc.setIn(["projects", 0, "legalBasis", "kind"], "consent"))).message).toBe(
      'expected one of "cnil-authorization", "mr-004", got "consent"',
    );
  });

  it("fails on an authorization that ends before it starts", () => {
    expect(onlyIssue(issuesAfterEdit((doc) => doc.setIn(["projects", 0, "expiry"], "2026-01-01"))).message).toBe(
      "the authorization ends (2026-01-01) before it starts (2026-04-01)",
    );
  });

  it("fails on a tool image that is not pinned by digest", () => {
    const issue = onlyIssue(
      issuesAfterEdit((doc) => doc.setIn(["projects", 0, "tools", 0, "image"], "registry.nouvelle-aquitaine.example.fr/eds/jupyterlab:latest")),
    );
    expect(issue.message).toMatch(/^expected an image from the region's registry pinned by digest/);
  });

  it("fails on an image from another registry", () => {
    const issue = onlyIssue(
      issuesAfterEdit((doc) => doc.setIn(["pseudonymisation", "image"], `registry.example.com/eds/pseudonymisation@sha256:${"a".repeat(64)}`)),
    );
    expect(issue.message).toBe("the image comes from registry.example.com; images must come from the region's registry registry.nouvelle-aquitaine.example.fr");
  });

  it("fails on an image that leaves out the port of a registry on another port than 443", () => {
    const issue = onlyIssue(issuesAfterEdit((doc) => doc.setIn(["registry", "port"], 5000)).filter((each) => each.path?.[0] === "pseudonymisation"));
    expect(issue.message).toBe(
      "the image comes from registry.nouvelle-aquitaine.example.fr; images must come from the region's registry registry.nouvelle-aquitaine.example.fr:5000",
    );
  });

  it("fails when one reviewer would be enough to release results", () => {
    expect(onlyIssue(issuesAfterEdit((doc) => doc.setIn(["airlock", "requiredApprovals"], 1))).message).toBe(
      "expected at least 2 approvals: one reviewer alone never releases results, got 1",
    );
    // A request holds ten approvals at most: an eleventh required would never be reached.
    expect(onlyIssue(issuesAfterEdit((doc) => doc.setIn(["airlock", "requiredApprovals"], 11))).message).toMatch(/^expected at most 10 approvals/);
  });

  it("fails when the pseudonymisation service has a single replica", () => {
    expect(onlyIssue(issuesAfterEdit((doc) => doc.setIn(["pseudonymisation", "replicas"], 1))).path).toEqual(["pseudonymisation", "replicas"]);
  });

  it("fails when the platform misses a service it needs", () => {
    expect(onlyIssue(issuesAfterEdit((doc) => doc.delete("airlock"))).message).toBe(
      "airlock is required with platform: declare the airlock (airlock.image, airlock.reviewersGroup)",
    );
    expect(onlyIssue(issuesAfterEdit((doc) => doc.deleteIn(["logging", "store"]))).message).toMatch(/^logging\.store is required with platform/);
  });

  it("fails on projects without a platform to run on", () => {
    const issues = issuesAfterEdit((doc) => doc.delete("platform"));
    expect(issues.map((i) => i.message)).toEqual([
      "pseudonymisation needs the platform section (the Kubernetes layer it runs on)",
      "airlock needs the platform section (the Kubernetes layer it runs on)",
      "projects need the platform section (their workspaces run on it)",
    ]);
  });

  it("fails when the platform has no key manager for the pseudonymisation key", () => {
    expect(onlyIssue(issuesAfterEdit((doc) => doc.setIn(["provider", "services", "barbican"], false))).message).toMatch(/^the platform needs Barbican/);
  });

  it("fails on the same project declared twice", () => {
    expect(onlyIssue(issuesAfterEdit((doc) => doc.setIn(["projects", 1, "id"], "cardio-2026"))).message).toBe('project "cardio-2026" is declared twice');
  });
});
