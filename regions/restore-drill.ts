import type { RegionConfig } from "../config/resolve";
import { deployTimeSecrets } from "../constructs/platform/deploy-time-secrets";
import { workspacesNodeLabel } from "../constructs/kubernetes/defaults";
import { warehouse, warehouseBackupPath, warehouseRecovery } from "../constructs/platform/data-tier";
import { EncryptedStorageClass } from "../constructs/platform/encrypted-storage-class";
import { drillCluster } from "../constructs/platform/warehouse-restore-drill";
import { platformContainers } from "../constructs/regional-eds/regional-eds-platform";
import { platformNamespaces } from "../constructs/regional-eds/namespaces";

/** What step 1 restores of a workspace: its volumes, nothing that would run or admit anyone. */
export const drillRestoredResources = ["persistentvolumeclaims", "persistentvolumes"];

/**
 * Every user table with its rows, counted: the statistics' counts (pg_stat_user_tables.n_live_tup) start again from
 * zero in a cluster recovered from a backup (PostgreSQL, "The Cumulative Statistics System"), and could never match.
 */
export const rowCountsQuery =
  "select schemaname, relname, (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I.%I', schemaname, relname), false, true, '')))[1]::text::bigint from pg_stat_user_tables order by 1, 2";

/**
 * The restore drill of a region, as a runbook an operator follows from the bastion: restore one workspace's volumes
 * into a scratch namespace with Velero, recover the warehouse into a scratch cluster from its WAL archive and base
 * backups with CloudNativePG, compare, record, clean up. An untested backup is not a backup: the region runs it at
 * least once a year and records the result with its evidence.
 */
export function restoreDrill(config: RegionConfig, today: string, activeProjects: readonly string[]): string {
  const platform = config.platform;
  if (!platform) return `# Restore drill: ${config.name}\n\nThis region declares no platform: there is no data tier to restore.\n`;
  const workspace = activeProjects[0] ? `project-${activeProjects[0]}` : platformNamespaces.ingestion;
  const drill = `drill-${today.replace(/-/g, "")}`;
  const backups = `${config.id}-${platformContainers.backups}`;
  // The copy the platform's quarterly drill makes, where it makes it: the restore-drill namespace's quota, network
  // policies and read-only backup credentials are for that cluster, and the data namespace has room for none.
  const drillNamespace = platformNamespaces.restoreDrill;
  const recovery = warehouseRecovery({
    name: drillCluster,
    namespace: drillNamespace,
    image: platform.images.postgres,
    storageGiB: platform.dataTier.storageGiB,
    storageClass: EncryptedStorageClass.scratchName,
    backupPath: warehouseBackupPath(config.id, platformContainers.backups),
    s3Endpoint: config.provider.objectStorage.s3Endpoint,
    credentials: deployTimeSecrets.restoreDrillBackups,
    avoidNodes: workspacesNodeLabel[config.kubernetes.engine],
  });
  return [
    `# Restore drill: ${config.name} (${config.id}), ${today}`,
    "",
    `Backups: ${config.storage.backups.schedule}, kept ${config.storage.backups.retentionDays} days, in the container ${backups}.`,
    "Run from the bastion, with kubectl, velero and psql, signed in through the identity provider. Note the start time.",
    "",
    "## 1. Volumes: restore a workspace's volumes into a scratch namespace",
    "",
    "The volumes only, into a namespace made first: a whole namespace would come back a second workspace, with its",
    "label (which the warehouse admits), its members' access, its tools and their hosts (Velero copies the namespace's",
    "labels when it creates it, pkg/restore/restore.go).",
    "",
    "```sh",
    `velero backup get --selector velero.io/schedule-name=velero-volumes   # the latest backup, and its age (the volumes' RPO)`,
    `kubectl create namespace ${drill}`,
    `velero restore create ${drill} --from-schedule velero-volumes --include-namespaces ${workspace} --namespace-mappings ${workspace}:${drill} --include-resources ${drillRestoredResources.join(",")} --wait`,
    `velero restore describe ${drill} --details`,
    `kubectl -n ${drill} get pvc   # every claim Bound`,
    "```",
    "",
    "## 2. Warehouse: recover into a scratch cluster from the WAL archive and base backups",
    "",
    "The copy is the one the quarterly drill makes: hold that job while this one runs, and start from no copy.",
    "",
    "```sh",
    `kubectl -n ${drillNamespace} patch cronjob warehouse-restore-drill -p '{"spec":{"suspend":true}}'`,
    `kubectl -n ${drillNamespace} get cluster ${recovery.metadata.name}   # NotFound: no drill under way`,
    `kubectl apply -f - <<'YAML'`,
    JSON.stringify(recovery, null, 2),
    "YAML",
    `kubectl -n ${drillNamespace} wait --for=condition=Ready cluster/${recovery.metadata.name} --timeout=60m`,
    "```",
    "",
    "## 3. Compare",
    "",
    "```sh",
    `for copy in ${platformNamespaces.data}/${warehouse.cluster} ${drillNamespace}/${recovery.metadata.name}; do`,
    `  kubectl -n "\${copy%/*}" exec "\${copy#*/}-1" -c postgres -- psql -d ${warehouse.database} -Atc \\`,
    `    "${rowCountsQuery}"`,
    "done   # the same tables, row counts no older than the last archived WAL (the warehouse's RPO)",
    "```",
    "",
    "## 4. Record and clean up",
    "",
    "Record the date, the duration (RTO), the age of the data restored (RPO), who ran the drill and the outcome in the",
    "region's evidence, then remove the scratch copies. The restored volumes keep the policy of the volumes they copy",
    "(Retain): switch them to Delete first, or each stays behind, Released, with a copy of the workspace.",
    "",
    "```sh",
    `kubectl get pv -o jsonpath='{range .items[?(@.spec.claimRef.namespace=="${drill}")]}{.metadata.name}{"\\n"}{end}' |`,
    `  xargs -r -I{} kubectl patch pv {} -p '{"spec":{"persistentVolumeReclaimPolicy":"Delete"}}'`,
    `kubectl delete namespace ${drill}`,
    `kubectl -n ${drillNamespace} delete cluster ${recovery.metadata.name}`,
    `kubectl -n ${drillNamespace} patch cronjob warehouse-restore-drill -p '{"spec":{"suspend":false}}'`,
    "```",
    "",
  ].join("\n");
}
