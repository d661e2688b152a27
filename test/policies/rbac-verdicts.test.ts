import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allPolicies } from "../../policies/rules/index";
import { findingsOf } from "./fixture-runner";

/**
 * Verdicts of one RBAC policy alone, on roles another policy flags (a wildcard), which no pass fixture may hold: each
 * RBAC policy must match a rule's API groups and verbs as RBAC does (pkg/apis/rbac/v1/evaluation_helpers.go:
 * APIGroupMatches and VerbMatches compare exactly, "*" aside).
 */
async function flagged(policyId: string, hcl: string): Promise<string[]> {
  const file = join(mkdtempSync(join(tmpdir(), "eds-rbac-verdicts-")), "main.tf");
  writeFileSync(file, hcl);
  const policy = allPolicies.filter((each) => each.metadata.id === policyId);
  const found = await findingsOf({ policyId, kind: "fail", name: "rbac-verdicts", file }, policy);
  return [...new Set(found.map((outcome) => `${outcome.status} ${outcome.address}`))].sort();
}

const clusterRole = (name: string, groups: string, resources: string, verbs: string) =>
  `resource "kubernetes_cluster_role_v1" "${name}" {\n  metadata {\n    name = "${name}"\n  }\n  rule {\n    api_groups = ${groups}\n    resources  = ${resources}\n    verbs      = ${verbs}\n  }\n}\n`;

describe("k8s-rbac-no-secret-reads on rules of other API groups", () => {
  it("flags every resource of the core group, not every resource of the metrics or apps groups", async () => {
    const hcl =
      clusterRole("custom_metrics", '["custom.metrics.k8s.io", "external.metrics.k8s.io"]', '["*"]', '["get", "list", "watch"]') +
      clusterRole("apps_reader", '["apps"]', '["*"]', '["get", "list", "watch"]') +
      clusterRole("core_reader", '[""]', '["*"]', '["list"]');
    expect(await flagged("k8s-rbac-no-secret-reads", hcl)).toEqual(["violation kubernetes_cluster_role_v1.core_reader"]);
  });

  it("reads verbs as RBAC does, case and all: GET grants no get", async () => {
    const hcl = clusterRole("upper_case", '[""]', '["secrets"]', '["GET", "LIST"]') + clusterRole("lower_case", '[""]', '["secrets"]', '["get"]');
    expect(await flagged("k8s-rbac-no-secret-reads", hcl)).toEqual(["violation kubernetes_cluster_role_v1.lower_case"]);
  });
});
