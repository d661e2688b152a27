import { Construct } from "constructs";
import { BlockstorageVolumeV3 } from "../../.gen/providers/openstack/blockstorage-volume-v3/index";
import { ObjectstorageContainerV1 } from "../../.gen/providers/openstack/objectstorage-container-v1/index";
import { storageDefaults } from "./defaults";

export interface VolumeSpec {
  readonly name: string;
  readonly sizeGiB: number;
  /** Must be one of the encrypted volume types. @default - the first encrypted volume type */
  readonly volumeType?: string;
  /** @default true */
  readonly backup?: boolean;
}

export interface ContainerSpec {
  readonly name: string;
  /** @default true */
  readonly versioning?: boolean;
}

export interface EncryptedStorageProps {
  readonly namePrefix: string;
  /** Volume types the provider encrypts (LUKS, keys in Barbican); volumes of any other type are refused. */
  readonly encryptedVolumeTypes: readonly string[];
  /** @default - no volume */
  readonly volumes?: readonly VolumeSpec[];
  /** @default - no container besides the backup container */
  readonly containers?: readonly ContainerSpec[];
  /** @default "daily" */
  readonly backupSchedule?: "hourly" | "daily";
  /** @default 35 */
  readonly backupRetentionDays?: number;
}

/**
 * Block volumes and object containers of the region. Every volume is of an encrypted volume type (SecNumCloud 10.1.a);
 * every container is private (no read or write ACL) and versioned; data volumes carry their backup policy as metadata,
 * read by the backup job, and backups land in their own versioned container (SecNumCloud 12.5).
 */
export class EncryptedStorage extends Construct {
  readonly volumes: Readonly<Record<string, BlockstorageVolumeV3>>;
  readonly containers: Readonly<Record<string, ObjectstorageContainerV1>>;
  readonly backupContainer: ObjectstorageContainerV1;

  constructor(scope: Construct, id: string, props: EncryptedStorageProps) {
    super(scope, id);
    const defaultType = props.encryptedVolumeTypes[0];
    if (defaultType === undefined) throw new Error(`${this.node.path}: encryptedVolumeTypes must name at least one encrypted volume type`);
    const schedule = props.backupSchedule ?? storageDefaults.backupSchedule;
    const retentionDays = props.backupRetentionDays ?? storageDefaults.backupRetentionDays;

    const volumes: Record<string, BlockstorageVolumeV3> = {};
    for (const spec of props.volumes ?? []) {
      const volumeType = spec.volumeType ?? defaultType;
      if (!props.encryptedVolumeTypes.includes(volumeType)) {
        throw new Error(
          `${this.node.path}: volume ${spec.name} has type ${volumeType}, which is not encrypted; expected one of ${props.encryptedVolumeTypes.join(", ")}`,
        );
      }
      const backup = spec.backup ?? storageDefaults.volumeBackup;
      volumes[spec.name] = new BlockstorageVolumeV3(this, `Volume-${spec.name}`, {
        name: `${props.namePrefix}-${spec.name}`,
        description: `${spec.name} data volume of ${props.namePrefix}`,
        size: spec.sizeGiB,
        volumeType,
        enableOnlineResize: true,
        metadata: backup ? { backup_policy: schedule, backup_retention_days: String(retentionDays) } : { backup_policy: "none" },
      });
    }
    this.volumes = volumes;

    const container = (id: string, name: string, versioning: boolean) =>
      new ObjectstorageContainerV1(this, id, { name: `${props.namePrefix}-${name}`, versioning, forceDestroy: false });
    this.containers = Object.fromEntries(
      (props.containers ?? []).map((spec) => [
        spec.name,
        container(`Container-${spec.name}`, spec.name, spec.versioning ?? storageDefaults.containerVersioning),
      ]),
    );
    this.backupContainer = container("BackupContainer", "backups", true);
  }
}
