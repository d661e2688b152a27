import { Construct } from "constructs";
import { declareFlow, zone } from "../flows";
import { deployTimeSecrets, requireSecret } from "./deploy-time-secrets";
import { HelmComponent, imageParts } from "./helm-component";
import { Peer, type SecureNamespace } from "./secure-namespace";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "./private/restricted-pod";

export interface VolumeBackupsProps {
  /** Label of the workspaces' nodes, which its pods keep off (on Magnum they carry no taint). */
  readonly workspacesNodeLabel: readonly [string, string];
  readonly namespace: SecureNamespace;
  readonly chartRepository: string;
  readonly apiServerCidr: string;
  /** The provider's APIs Velero and its OpenStack plugin call: identity, block storage (snapshots), object storage. */
  readonly apis: { readonly identity: string; readonly objectStorage: string; readonly otherApis: string };
  readonly regionId: string;
  /** The private container the backups go to. */
  readonly container: string;
  readonly openstackRegion: string;
  readonly images: { readonly velero: string; readonly openstackPlugin: string };
  readonly schedule: "hourly" | "daily";
  readonly retentionDays: number;
  /**
   * Namespaces whose persistent volumes are backed up (the workspaces' homes, the ingestion landing area). Read when
   * the stack is synthesized: the caller may add to the list after this construct is created.
   */
  readonly namespaces: readonly string[];
}

/** How long a Cinder backup of a volume, or a volume made from one, may take: hours, for a volume of hundreds of GiB. */
export const cinderBackupTimeout = "6h";

/** The cron of each declared backup frequency. */
export const backupCron = { daily: "0 2 * * *", hourly: "0 * * * *" } as const;

/**
 * Backups of the persistent volumes that live outside the warehouse (workspace homes, the ingestion area): Velero
 * with the OpenStack plugin (Cinder backups, which the cloud keeps apart from the volumes; manifests to the object
 * storage), on the declared schedule, kept for the declared retention. The warehouse itself is backed up by its operator (WAL archive and base backups).
 * The plugin reads its application credential from the environment, filled from a deploy-time Secret.
 */
export class VolumeBackups extends Construct {
  readonly component: HelmComponent;

  constructor(scope: Construct, id: string, props: VolumeBackupsProps) {
    super(scope, id);
    requireSecret(this, props.namespace.name, deployTimeSecrets.volumeBackups);
    const velero = imageParts(props.images.velero);
    this.component = new HelmComponent(this, "Velero", {
      avoidNodes: props.workspacesNodeLabel,
      component: "velero",
      chartRepository: props.chartRepository,
      namespace: props.namespace,
      images: [props.images.velero, props.images.openstackPlugin],
      values: {
        image: { repository: velero.fullRepository, tag: HelmComponent.tagOf("velero", props.images.velero) },
        // The chart sets no security context (values.yaml: podSecurityContext and containerSecurityContext are {}), and
        // passes init containers as written: Pod Security's restricted profile, which the namespace enforces, would
        // refuse the pod.
        podSecurityContext: restrictedPodSecurityContext,
        containerSecurityContext: restrictedContainerSecurityContext,
        initContainers: [
          {
            name: "velero-plugin-for-openstack",
            image: props.images.openstackPlugin,
            volumeMounts: [{ mountPath: "/target", name: "plugins" }],
            securityContext: restrictedContainerSecurityContext,
          },
        ],
        // The CRDs come from the chart's crds/ folder. Its upgrade hook would run a kubectl image from Docker Hub, with no
        // security context and no label our egress policies know (templates/upgrade-crds).
        upgradeCRDs: false,
        credentials: { useSecret: false, extraSecretRef: deployTimeSecrets.volumeBackups.name },
        deployNodeAgent: false,
        snapshotsEnabled: true,
        configuration: {
          backupStorageLocation: [
            {
              name: "default",
              provider: "community.openstack.org/openstack",
              bucket: `${props.regionId}-${props.container}`,
              prefix: "velero",
              config: { region: props.openstackRegion },
            },
          ],
          // A Cinder backup, not the plugin's default snapshot: a snapshot stays in the volumes' own storage backend and
          // depends on them, a backup goes to the cloud's backup store (velero-plugin-for-openstack README, Backup Methods).
          // A full backup of a 100 GiB home outlasts the plugin's 5 minutes (v0.8.2 src/cinder/block_store.go,
          // defaultTimeout): Velero then marks the snapshot failed without its backup's id, which no TTL deletes, and a
          // restore waits as long for the new volume.
          volumeSnapshotLocation: [
            {
              name: "cinder",
              provider: "community.openstack.org/openstack-cinder",
              config: { region: props.openstackRegion, method: "backup", backupTimeout: cinderBackupTimeout, volumeTimeout: cinderBackupTimeout },
            },
          ],
        },
        schedules: {
          volumes: {
            disabled: false,
            schedule: backupCron[props.schedule],
            useOwnerReferencesInBackup: false,
            template: {
              ttl: `${props.retentionDays * 24}h`,
              includedNamespaces: props.namespaces,
              // Volumes and the objects that rebuild their workloads, never the namespaces' Secrets: the backup
              // container would hold the client certificates' keys, readable with the backup credential. cert-manager
              // issues them again from the restored Certificates (velero.io/docs, "Resource filtering").
              excludedResources: ["secrets"],
              snapshotVolumes: true,
              storageLocation: "default",
              volumeSnapshotLocations: ["cinder"],
            },
          },
        },
      },
    });
    const veleroPods = { "app.kubernetes.io/name": "velero" };
    props.namespace.allowEgress("to-api-server", Peer.cidrs(props.apiServerCidr), {
      pods: veleroPods,
      ports: [{ port: 6443 }],
      why: "Velero reads what it backs up and restores",
    });
    declareFlow(this, {
      id: "volume-backups-to-object-storage",
      from: props.namespace.pods("Velero", veleroPods),
      to: zone("objectStorage"),
      port: 443,
      why: "Backup manifests go to the backup container",
    });
    props.namespace.allowEgress("to-openstack", Peer.cidrs(props.apis.identity, props.apis.objectStorage, props.apis.otherApis), {
      pods: veleroPods,
      ports: [{ port: 443 }],
      why: "Cinder backups and backup manifests in the object storage, with a token from Keystone",
    });
  }
}
