import { describe, expect, it } from "vitest";
import { drillCluster } from "../../constructs/platform/warehouse-restore-drill";
import { RegionalEdsPlatform } from "../../constructs/regional-eds/regional-eds-platform";
import { isTerraformTemplate } from "../../lib/terraform-literal";
import { customResourceProblems } from "../helpers/custom-resources";
import { platformJob, runWithKubectl } from "../helpers/platform-job";
import { props } from "../helpers/platform";
import type { ApiRequest } from "../helpers/recording-api-server";
import { TerraformJson } from "../helpers/terraform";
import { shellcheck } from "../helpers/validators";

const tf = TerraformJson.of((scope) => new RegionalEdsPlatform(scope, "Eds", props));
const drill = platformJob(tf, "warehouse-restore-drill");
const cluster = JSON.parse(drill.files["cluster.json"]!);
const rawResources = JSON.parse(tf.resources("helm_release").find(([, body]) => body.chart === "raw")![1].values[0]).resources as Record<string, any>[];
const warehouse = rawResources.find((m) => m.kind === "Cluster" && m.metadata.name === "warehouse")!;

/** Runs the drill with the real kubectl, polling every second for at most `timeout` seconds. */
const runDrill = (state: Parameters<typeof runWithKubectl>[1], timeout = 5) =>
  runWithKubectl(drill, state, { env: { DRILL_TIMEOUT_SECONDS: String(timeout), DRILL_POLL_SECONDS: "1" } });
const calls = (requests: readonly ApiRequest[]) =>
  requests.filter((request) => request.resource === "clusters").map((request) => `${request.verb} ${request.name ?? ""}`.trim());

describe("the warehouse restore drill", () => {
  it("runs every quarter, one run at a time, and gives up after 12 hours", () => {
    expect(drill.job.spec).toMatchObject({ schedule: "0 3 1 1,4,7,10 *", timezone: "Etc/UTC", concurrency_policy: "Forbid" });
    expect(drill.env.DRILL_TIMEOUT_SECONDS).toBe(String(12 * 3600));
    expect(isTerraformTemplate(drill.script)).toBe(false);
  });

  it("recovers a one-instance copy from the warehouse's own backups, that CloudNativePG's schema accepts and nobody can connect to", () => {
    expect(customResourceProblems(cluster)).toEqual([]);
    expect(cluster.metadata).toEqual({ name: drillCluster, namespace: "restore-drill" });
    expect(cluster.spec.instances).toBe(1);
    expect(cluster.spec.bootstrap).toEqual({ recovery: { source: "warehouse" } });
    const source = cluster.spec.externalClusters[0].barmanObjectStore;
    // The same backups the warehouse writes, read with credentials that can only read them.
    expect(source.destinationPath).toBe(warehouse.spec.backup.barmanObjectStore.destinationPath);
    expect(source.endpointURL).toBe(warehouse.spec.backup.barmanObjectStore.endpointURL);
    expect(source.s3Credentials.accessKeyId.name).toBe("warehouse-backup-s3-read");
    // Deleted with the copy: CloudNativePG owns the claims, and this class deletes their volumes with them.
    const storageClass = tf.resources("kubernetes_storage_class_v1").find(([, body]) => body.metadata.name === cluster.spec.storage.storageClass)![1];
    expect(storageClass.reclaim_policy).toBe("Delete");
    expect(warehouse.spec.storage.storageClass).toBe("encrypted");
    expect(
      tf.resources("kubernetes_storage_class_v1").filter(([, body]) => body.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true"),
    ).toEqual([[expect.anything(), expect.objectContaining({ reclaim_policy: "Retain", metadata: expect.objectContaining({ name: "encrypted" }) })]]);
    expect(cluster.spec.postgresql.pg_hba).toEqual(["host all all all reject"]);
    expect(cluster.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions).toEqual([
      { key: "eds.region/role", operator: "NotIn", values: ["workspaces"] },
    ]);
  });

  it("is a script ShellCheck finds nothing in, as POSIX sh", () => {
    expect(shellcheck(drill.script, drill.scriptName).output).toBe("");
  });

  it("creates the copy, waits until an instance is ready, reports the time it took, and deletes it, with the real kubectl", async () => {
    const run = await runDrill({ clusterReadyAfterReads: 2 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/restore drill: the warehouse recovered from its backups in \d+ seconds/);
    expect(calls(run.requests)).toEqual([
      `delete ${drillCluster}`,
      "create",
      `get ${drillCluster}`,
      `get ${drillCluster}`,
      `get ${drillCluster}`,
      `delete ${drillCluster}`,
    ]);
  });

  it("asks the API server only what its role grants, as RBAC judges the requests kubectl makes", async () => {
    const run = await runDrill({ clusterReadyAfterReads: 0 });
    expect(run.status, run.stderr).toBe(0);
    const clusterRequests = run.requests.filter((request) => request.resource === "clusters");
    expect(clusterRequests.length).toBeGreaterThanOrEqual(3);
    expect(clusterRequests.filter((request) => !drill.allows(request))).toEqual([]);
    expect(drill.allows({ verb: "delete", group: "postgresql.cnpg.io", resource: "clusters", namespace: "data", name: "warehouse" })).toBe(false);
    expect(drill.allows({ verb: "get", group: "", resource: "secrets", namespace: "restore-drill", name: "warehouse-backup-s3-read" })).toBe(false);
  });

  it("fails, and still deletes the copy, when the warehouse does not recover in time", async () => {
    const run = await runDrill({}, 2);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/restore drill FAILED/);
    expect(calls(run.requests).at(-1)).toBe(`delete ${drillCluster}`);
  });

  it("fails at once when the copy cannot be created", async () => {
    const run = await runDrill({ refuseClusterCreation: true });
    expect(run.status).toBe(1);
    expect(calls(run.requests)).toEqual([`delete ${drillCluster}`, "create"]);
  });
});
