import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { environmentFile } from "../../config/regions";
import { synthesizeRegions } from "../../stacks/synthesize";
import { rowCountsQuery } from "../../regions/restore-drill";
import { runEds } from "../helpers/cli";
import { startPostgres } from "../helpers/postgres";
import { environmentFolder, minimalEnvironment, testToday } from "../helpers/environments";

describe("eds restore-drill", () => {
  it("prints a runbook whose recovery reads the very archive the warehouse writes to", async () => {
    const result = await runEds("restore-drill", "--env", "bretagne");
    expect(result.code).toBe(0);
    const recovery = parse(/kubectl apply -f - <<'YAML'\n([\s\S]*?)\nYAML/.exec(result.out)![1]!);
    const synth = synthesizeRegions({
      envFiles: [environmentFile("bretagne")],
      outdir: join(mkdtempSync(join(tmpdir(), "eds-drill-")), "out"),
      today: testToday,
    });
    const platform = JSON.parse(readFileSync(synth.stacks["bretagne-platform"]!, "utf8"));
    const raw = Object.values<any>(platform.resource.helm_release).find((release) => release.chart === "raw");
    const cluster = parseAllDocuments(raw.values[0])[0]!
      .toJS()
      .resources.find((m: any) => m.kind === "Cluster");
    expect(recovery.spec.externalClusters[0].barmanObjectStore.destinationPath).toBe(cluster.spec.backup.barmanObjectStore.destinationPath);
    expect(recovery.spec.externalClusters[0].barmanObjectStore.endpointURL).toBe(cluster.spec.backup.barmanObjectStore.endpointURL);
    expect(recovery.spec.bootstrap).toEqual({ recovery: { source: "warehouse" } });
    // The copy is the one the platform's drill namespace is built for: its network policies select its pods, its quota
    // holds its volume, its Secret reads the backups only, and it keeps off the workspaces' nodes.
    // A namespace is named by a reference to its resource, whose construct is the drill's namespace.
    const inDrillNamespace = (body: any) => String(body.metadata.namespace).includes("Namespace-restoreDrill");
    const drillPolicies = Object.values<any>(platform.resource.kubernetes_network_policy_v1).filter(inDrillNamespace);
    expect(recovery.metadata.namespace).toBe("restore-drill");
    const copyPolicies = drillPolicies.filter((body) => JSON.stringify(body.spec).includes(`"cnpg.io/cluster":"${recovery.metadata.name}"`));
    expect(copyPolicies.length).toBeGreaterThanOrEqual(2);
    expect(recovery.spec.externalClusters[0].barmanObjectStore.s3Credentials.accessKeyId.name).toBe("warehouse-backup-s3-read");
    expect(recovery.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions).toEqual([
      { key: "eds.region/role", operator: "NotIn", values: ["workspaces"] },
    ]);
    const drillQuota = Object.values<any>(platform.resource.kubernetes_resource_quota_v1).find(inDrillNamespace);
    const gibibytes = (quantity: string) => Number(/^(\d+)Gi$/.exec(quantity)![1]);
    expect(gibibytes(drillQuota.spec.hard["requests.storage"])).toBeGreaterThanOrEqual(gibibytes(recovery.spec.storage.size));
    expect(result.out).toMatch(/velero restore create drill-\d{8} --from-schedule velero-volumes --include-namespaces project-oncologie-2026/);
    // The volumes alone, into a namespace made first without the workspace's label: a whole namespace would come back
    // a second workspace, which the warehouse admits, with its members' access and its tools' hosts.
    const restore = /velero restore create drill-\d{8} .*/.exec(result.out)![0];
    expect(restore).toContain("--include-resources persistentvolumeclaims,persistentvolumes");
    expect(result.out.indexOf("kubectl create namespace drill-")).toBeLessThan(result.out.indexOf(restore));
    expect(result.out).toMatch(/Record the date, the duration \(RTO\), the age of the data restored \(RPO\)/);
    // Neither copy leaves a volume behind: the warehouse's is of a class that deletes its volumes, and the restored
    // workspace volumes, which keep the Retain policy of those they copy, are switched to Delete before their namespace goes.
    const storageClass = Object.values<any>(platform.resource.kubernetes_storage_class_v1).find(
      (body) => body.metadata.name === recovery.spec.storage.storageClass,
    );
    expect(storageClass).toMatchObject({ reclaim_policy: "Delete", parameters: { type: "encrypted-ssd" } });
    expect(storageClass.metadata.annotations).toBeUndefined();
    const drill = /velero restore create (drill-\d{8})/.exec(result.out)![1]!;
    const toDelete = result.out.indexOf(`claimRef.namespace=="${drill}"`);
    expect(toDelete).toBeGreaterThan(0);
    expect(result.out.indexOf(`"persistentVolumeReclaimPolicy":"Delete"`)).toBeGreaterThan(toDelete);
    expect(result.out.indexOf(`kubectl delete namespace ${drill}`)).toBeGreaterThan(toDelete);
  });

  it.each(["bretagne", "nouvelle-aquitaine"])("keeps the copy off the nodes the warehouse of %s keeps off, whatever builds its cluster", async (region) => {
    const result = await runEds("restore-drill", "--env", region);
    const recovery = parse(/kubectl apply -f - <<'YAML'\n([\s\S]*?)\nYAML/.exec(result.out)![1]!);
    const synth = synthesizeRegions({ envFiles: [environmentFile(region)], outdir: join(mkdtempSync(join(tmpdir(), "eds-drill-")), "out"), today: testToday });
    const platform = JSON.parse(readFileSync(synth.stacks[`${region}-platform`]!, "utf8"));
    const raw = Object.values<any>(platform.resource.helm_release).find((release) => release.chart === "raw");
    const warehouse = parseAllDocuments(raw.values[0])[0]!
      .toJS()
      .resources.find((m: any) => m.kind === "Cluster");
    expect(recovery.spec.affinity.nodeAffinity).toEqual(warehouse.spec.affinity.nodeAffinity);
  });

  it("compares the copies by their rows counted, which a recovered cluster's statistics do not give (a real PostgreSQL)", async () => {
    const postgres = await startPostgres();
    try {
      postgres.sql("postgres", "create database drill");
      postgres.sql("drill", "create schema cohort; create table cohort.stays (id int); create table public.notes (id int)");
      postgres.sql("drill", "insert into cohort.stays select generate_series(1, 1234); insert into public.notes select generate_series(1, 7)");
      // A cluster recovered from a backup starts its statistics from zero, as a reset does.
      postgres.sql("drill", "select pg_stat_reset()");
      expect(postgres.sql("drill", rowCountsQuery).trim().split("\n")).toEqual(["cohort|stays|1234", "public|notes|7"]);
      expect(postgres.sql("drill", "select relname, n_live_tup from pg_stat_user_tables order by 1").trim().split("\n")).toEqual(["notes|0", "stays|0"]);
    } finally {
      postgres.stop();
    }
  });

  it("says there is nothing to restore for a region without a platform", async () => {
    const folder = environmentFolder({ "minimal.yaml": minimalEnvironment });
    const result = await runEds("restore-drill", "--env", join(folder, "minimal.yaml"));
    expect(result.code).toBe(0);
    expect(result.out).toBe("# Restore drill: Minimal\n\nThis region declares no platform: there is no data tier to restore.");
  });
});
