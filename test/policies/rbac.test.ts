import { describe, expect, it } from "vitest";
import { bootstrapRoles } from "../../policies/lib/kubernetes-bootstrap-roles";

describe("Kubernetes' built-in ClusterRoles, as the RBAC policies read them", () => {
  const names = bootstrapRoles.map((role) => role.name);

  it("lists each role once, sorted, with the user-facing, system and controller roles", () => {
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort());
    for (const name of ["admin", "edit", "view", "cluster-admin", "system:node", "system:controller:namespace-controller"]) expect(names).toContain(name);
  });

  it("gives every rule verbs and either API groups with resources or non-resource URLs", () => {
    for (const rule of bootstrapRoles.flatMap((role) => role.rules)) {
      expect(rule.verbs.length).toBeGreaterThan(0);
      expect(rule.nonResourceURLs !== undefined || (rule.apiGroups !== undefined && rule.resources !== undefined)).toBe(true);
    }
  });

  it("fills admin, edit and view by aggregation only, each selector matching a role of the list", () => {
    const aggregated = bootstrapRoles.filter((role) => role.aggregationSelectors);
    expect(aggregated.map((role) => role.name).sort()).toEqual(["admin", "edit", "view"]);
    for (const role of aggregated) {
      expect(role.rules).toEqual([]);
      for (const selector of role.aggregationSelectors!) {
        const matched = bootstrapRoles.filter((other) => Object.entries(selector.matchLabels ?? {}).every(([key, value]) => other.labels[key] === value));
        expect(matched.length).toBeGreaterThan(0);
      }
    }
  });
});
