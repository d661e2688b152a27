import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkRegions } from "../../stacks/check-regions";
import { synthesizeRegions } from "../../stacks/synthesize";
import { testToday } from "../helpers/environments";

describe("the shipped regions", () => {
  it("pass every policy of every pack; the only exceptions are the ones the code declares, approved in the environment file", async () => {
    const result = synthesizeRegions({ all: true, outdir: join(mkdtempSync(join(tmpdir(), "eds-regions-")), "out"), today: testToday });
    const checks = await checkRegions(result, testToday);
    expect(checks.map((c) => c.region.config.id)).toEqual(["bretagne", "nouvelle-aquitaine"]);
    for (const { run } of checks) {
      expect(run.policies.length).toBeGreaterThanOrEqual(45);
      expect(run.outcomes.filter((o) => o.status !== "compliant" && o.status !== "suppressed").map((o) => `${o.policyId} ${o.address} ${o.message}`)).toEqual(
        [],
      );
      const suppressed = run.outcomes.filter((o) => o.status === "suppressed");
      const named = (address: string) => address.replace(/_[0-9A-F]{8}(?=$|\.user_data\[)/, "");
      expect([...new Set(suppressed.map((o) => `${o.policyId} ${named(o.address)}`))].sort()).toEqual(
        [
          "container-private openstack_objectstorage_container_v1.Eds_PublicSite",
          "container-versioned openstack_objectstorage_container_v1.Eds_Storage_BackupContainer",
          "k8s-namespace-restricted-pss kubernetes_namespace_v1.Eds_Namespace-logging",
          "k8s-rbac-no-secret-reads kubernetes_cluster_role_v1.Eds_Gateway_CertificatesRole",
          "k8s-no-host-path kubernetes_daemon_set_v1.Eds_LogShipper",
          "k8s-no-service-account-token kubernetes_cron_job_v1.Eds_Airlock_Release",
          "k8s-no-service-account-token kubernetes_cron_job_v1.Eds_RestoreDrill_Job",
          "k8s-no-service-account-token kubernetes_cron_job_v1.Eds_WorkspaceExpiry_Job",
          "k8s-no-service-account-token kubernetes_deployment_v1.Eds_Airlock_Submission",
          "k8s-run-as-non-root kubernetes_daemon_set_v1.Eds_LogShipper",
          // The RKE2 region's servers bind the deployers to cluster-admin from the manifests folder RKE2 applies: one object.
          ...(run.configurations.some((c) => c.stack === "bretagne-platform")
            ? [
                "k8s-namespace-restricted-pss kubernetes_namespace_v1.Eds_Namespace-cloudProvider",
                'k8s-no-cluster-admin-binding openstack_compute_instance_v2.Eds_Kubernetes_Server0.user_data["/var/lib/rancher/rke2/server/manifests/eds-deployers.yaml"][0]',
              ]
            : []),
        ].sort(),
      );
      // Every exception comes from the code, with its reason, and the region's approval (its line in the file).
      for (const outcome of suppressed) expect(outcome.suppression!.location).toMatch(/environments\/[a-z-]+\.yaml:\d+$/);
      expect(run.outcomes.filter((o) => o.status === "compliant").length).toBeGreaterThan(50);
    }
  });
});
