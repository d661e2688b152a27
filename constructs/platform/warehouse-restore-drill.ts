import type { CronJobV1 } from "@cdktf/provider-kubernetes/lib/cron-job-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1";
import { Construct } from "constructs";
import { declareFlow, zone } from "../flows";
import { DataTier, warehouse, warehouseRecovery } from "./data-tier";
import { deployTimeSecrets, requireSecret } from "./deploy-time-secrets";
import { KubectlJob, kubectlJobFiles } from "./private/kubectl-job";
import { Peer, type SecureNamespace } from "./secure-namespace";

export interface WarehouseRestoreDrillProps {
  /** A namespace of its own: the recovered copy holds the warehouse's data, and reaches nothing but its backups. */
  readonly namespace: SecureNamespace;
  /** CloudNativePG's namespace: the operator recovers the copy and reads its status. */
  readonly operatorNamespace: SecureNamespace;
  /** An image with kubectl and a POSIX shell (sh, date, sleep), pinned by digest. */
  readonly image: string;
  /** The warehouse's PostgreSQL image. */
  readonly postgresImage: string;
  readonly storageGiB: number;
  /** A class that deletes its volumes with their claims (EncryptedStorageClass scratch): the copy leaves nothing behind. */
  readonly storageClass: string;
  /** The warehouse's backups (warehouseBackupPath) and the S3 endpoint. */
  readonly backupPath: string;
  readonly s3Endpoint: string;
  readonly apiServerCidr: string;
  readonly objectStorageCidr: string;
  /** Label of the workspaces' nodes: the copy of the warehouse never runs there. */
  readonly workspacesNodeLabel: readonly [string, string];
  /**
   * When the drill runs, in UTC.
   * @default "0 3 1 1,4,7,10 *" - quarterly, on the first day at 03:00
   */
  readonly schedule?: string;
  /** How long the recovery may take before the drill fails. @default 12 */
  readonly timeoutHours?: number;
}

/** The recovered copy's name: the job creates it, waits for it, and deletes it. */
export const drillCluster = `${warehouse.cluster}-drill`;

const manifestName = "cluster.json";
const clusters = "clusters.postgresql.cnpg.io";

/**
 * The drill's script, in the drill's namespace. `kubectl create` posts the manifest (the API server checks it against
 * CloudNativePG's schema, as the tests do); `kubectl get` reads the cluster's status until CloudNativePG reports an
 * instance ready, which it does only once the recovery has restored the base backup and replayed the WAL archive
 * (CloudNativePG, "Recovery"); `kubectl delete --wait=false` removes the copy, and its claims with it (CloudNativePG
 * owns them), whose volumes the scratch class deletes. Every outcome deletes the copy, and a recovery that is not
 * ready in time fails the job.
 */
export const restoreDrillScript = (namespace: string): string =>
  [
    "#!/bin/sh",
    "# Managed by EDS Régional: restores the warehouse from its backups into a scratch cluster, waits until it is ready,",
    "# then deletes it. A failure here means the backups could not be restored: it must be looked at.",
    "set -u",
    `cluster=${clusters}/${drillCluster}`,
    `kubectl --namespace ${namespace} delete "$cluster" --ignore-not-found --wait=false >/dev/null || exit 1`,
    // The API server validates the copy against CloudNativePG's schema; kubectl's own check would need its OpenAPI.
    `kubectl --namespace ${namespace} create --validate=false -f ${kubectlJobFiles}/${manifestName} || exit 1`,
    "started=$(date +%s)",
    "deadline=$((started + DRILL_TIMEOUT_SECONDS))",
    "status=1",
    'while [ "$(date +%s)" -lt "$deadline" ]; do',
    `  ready=$(kubectl --namespace ${namespace} get "$cluster" --output 'jsonpath={.status.readyInstances}')`,
    '  if [ "$ready" = "1" ]; then',
    '    echo "restore drill: the warehouse recovered from its backups in $(( $(date +%s) - started )) seconds"',
    "    status=0",
    "    break",
    "  fi",
    '  sleep "$DRILL_POLL_SECONDS"',
    "done",
    '[ "$status" -eq 0 ] || echo "restore drill FAILED: the warehouse did not recover from its backups within $DRILL_TIMEOUT_SECONDS seconds" >&2',
    `kubectl --namespace ${namespace} delete "$cluster" --wait=false >/dev/null || status=1`,
    'exit "$status"',
    "",
  ].join("\n");

/**
 * The restore drill, run by the platform itself (SecNumCloud 12.5, HDS: backups tested; an untested backup is not a
 * backup): on its schedule, a job recovers the warehouse from its base backups and WAL archive into a one-instance
 * cluster of its own namespace, with credentials that can only read the backups, waits until the copy is ready, and
 * deletes it. Nobody connects to the copy (its pg_hba rejects every connection), and it reaches nothing but the
 * backups and the API server. The job can create clusters in this namespace, and read and delete the copy: nothing else.
 */
export class WarehouseRestoreDrill extends Construct {
  readonly job: CronJobV1;

  constructor(scope: Construct, id: string, props: WarehouseRestoreDrillProps) {
    super(scope, id);
    const { namespace } = props;
    const copyPods = { "cnpg.io/cluster": drillCluster };
    requireSecret(this, namespace.name, deployTimeSecrets.restoreDrillBackups);
    const copy = warehouseRecovery({
      name: drillCluster,
      namespace: namespace.name,
      image: props.postgresImage,
      storageGiB: props.storageGiB,
      storageClass: props.storageClass,
      backupPath: props.backupPath,
      s3Endpoint: props.s3Endpoint,
      credentials: deployTimeSecrets.restoreDrillBackups,
      avoidNodes: props.workspacesNodeLabel,
    });
    const job = new KubectlJob(this, "Job", {
      namespace,
      avoidNodes: props.workspacesNodeLabel,
      name: "warehouse-restore-drill",
      image: props.image,
      schedule: props.schedule ?? "0 3 1 1,4,7,10 *",
      script: restoreDrillScript(namespace.name),
      files: { [manifestName]: JSON.stringify(copy) },
      env: [
        { name: "DRILL_TIMEOUT_SECONDS", value: String((props.timeoutHours ?? 12) * 3600) },
        { name: "DRILL_POLL_SECONDS", value: "60" },
      ],
      apiServerCidr: props.apiServerCidr,
      exception: {
        id: "restore-drill-api",
        reason: "the restore drill creates the recovered copy, reads its status and deletes it through the API server",
      },
    });
    this.job = job.job;
    const role = new RoleV1(this, "Role", {
      metadata: { name: "warehouse-restore-drill", namespace: namespace.ref },
      rule: [
        // A create cannot be limited to a name (Kubernetes RBAC, "Referring to resources"): it is limited to this namespace.
        { apiGroups: ["postgresql.cnpg.io"], resources: ["clusters"], verbs: ["create"] },
        { apiGroups: ["postgresql.cnpg.io"], resources: ["clusters"], resourceNames: [drillCluster], verbs: ["get", "delete"] },
      ],
    });
    new RoleBindingV1(this, "Binding", {
      metadata: { name: "warehouse-restore-drill", namespace: namespace.ref },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
      subject: [{ kind: "ServiceAccount", name: job.account.metadata.name, namespace: namespace.name }],
    });
    namespace.allowEgress("copy-to-api-server", Peer.cidrs(props.apiServerCidr), {
      pods: copyPods,
      ports: [{ port: 6443 }],
      why: "The copy's instance manager reports to the API",
    });
    namespace.allowEgress("copy-to-backups", Peer.cidrs(props.objectStorageCidr), {
      pods: copyPods,
      ports: [{ port: 443 }],
      why: "The copy reads the base backup and the WAL archive",
    });
    namespace.allowIngress("copy-from-operator", Peer.pods(props.operatorNamespace, DataTier.operatorPods), {
      pods: copyPods,
      ports: [{ port: 8000 }],
      why: "The operator reads the copy's status",
    });
    props.operatorNamespace.allowEgress("to-restore-drill", Peer.pods(namespace, copyPods), {
      pods: DataTier.operatorPods,
      ports: [{ port: 8000 }],
      why: "The operator reads the restore drill's copy's status",
    });
    declareFlow(this, {
      id: "restore-drill-from-backups",
      from: namespace.pods("the restore drill's copy of the warehouse", copyPods),
      to: zone("objectStorage"),
      port: 443,
      why: "The drill recovers the warehouse from its backups",
    });
  }
}
