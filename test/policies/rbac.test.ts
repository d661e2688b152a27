import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bootstrapNamespaceRoles } from "../../policies/lib/kubernetes-bootstrap-namespace-roles";
import { bootstrapRoles } from "../../policies/lib/kubernetes-bootstrap-roles";
import { allPolicies } from "../../policies/rules/index";
import { findingsOf } from "./fixture-runner";

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

describe("Kubernetes' built-in Roles of kube-system and kube-public, as the RBAC policies read them", () => {
  it("lists each role once by namespace and name, in those two namespaces, each rule with verbs, API groups and resources", () => {
    const keys = bootstrapNamespaceRoles.map((role) => `${role.namespace}/${role.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(bootstrapNamespaceRoles.map((role) => role.namespace))).toEqual(new Set(["kube-system", "kube-public"]));
    for (const rule of bootstrapNamespaceRoles.flatMap((role) => role.rules))
      expect(rule.verbs.length > 0 && rule.apiGroups !== undefined && rule.resources !== undefined).toBe(true);
  });

  it("judges a binding by the Role of its name the configuration declares, even in a namespace known only at apply", async () => {
    const policyId = "k8s-rbac-no-secret-reads";
    const file = join(mkdtempSync(join(tmpdir(), "eds-namespace-roles-")), "main.tf");
    const binding = (name: string) =>
      `resource "kubernetes_role_binding_v1" "${name.replace(/\W/g, "_")}" {\n  metadata {\n    name      = "${name.replace(/\W/g, "-")}"\n    namespace = "kube-system"\n  }\n  role_ref {\n    api_group = "rbac.authorization.k8s.io"\n    kind      = "Role"\n    name      = "${name}"\n  }\n  subject {\n    kind      = "Group"\n    name      = "oidc:support"\n    api_group = "rbac.authorization.k8s.io"\n  }\n}\n`;
    const declared =
      'variable "namespace" {\n  type = string\n}\nresource "kubernetes_role_v1" "own" {\n  metadata {\n    name      = "system:controller:token-cleaner"\n    namespace = var.namespace\n  }\n  rule {\n    api_groups = [""]\n    resources  = ["configmaps"]\n    verbs      = ["get"]\n  }\n}\n';
    writeFileSync(file, [declared, binding("system:controller:token-cleaner"), binding("system:controller:bootstrap-signer")].join("\n"));
    const found = await findingsOf(
      { policyId, kind: "fail", name: "roles", file },
      allPolicies.filter((policy) => policy.metadata.id === policyId),
    );
    expect(found.map((outcome) => outcome.address)).toEqual(["kubernetes_role_binding_v1.system_controller_bootstrap_signer"]);
  });
});
