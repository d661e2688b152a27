import { Construct } from "constructs";
import { ObjectstorageContainerV1 } from "../../.gen/providers/openstack/objectstorage-container-v1/index";
import { declareException } from "../exceptions";
import { storageDefaults } from "./defaults";

export interface ContainerSpec {
  readonly name: string;
  /** @default true */
  readonly versioning?: boolean;
}

export interface EncryptedStorageProps {
  readonly namePrefix: string;
  /** @default - no container besides the backup container */
  readonly containers?: readonly ContainerSpec[];
  /** @default "daily" */
  readonly backupSchedule?: "hourly" | "daily";
  /** @default 35 */
  readonly backupRetentionDays?: number;
}

/** Id of the exception that keeps the backup container unversioned, approved in each region's environment file. */
export const backupRetentionException = "backups-retention-by-deletion";

/**
 * The region's object containers: every one private (no read or write ACL) and versioned, protected from destruction,
 * and the backup container the backup jobs write to (SecNumCloud 12.5). The warehouse's data itself lives in the
 * platform's data tier, on volumes of the encrypted storage class.
 *
 * The backup container alone is not versioned. The backup tools keep the declared retention by deleting what is
 * older (CloudNativePG's retentionPolicy through barman-cloud, Velero's ttl), by name; in a versioned container a
 * deletion only writes a delete marker and keeps the data (Swift, object_versioning.py), so every backup, the data of
 * erased records and closed projects included, would be kept for ever.
 */
export class EncryptedStorage extends Construct {
  readonly containers: Readonly<Record<string, ObjectstorageContainerV1>>;
  readonly backupContainer: ObjectstorageContainerV1;
  /** Backup plan the backup jobs follow. */
  readonly backups: { readonly schedule: "hourly" | "daily"; readonly retentionDays: number };

  constructor(scope: Construct, id: string, props: EncryptedStorageProps) {
    super(scope, id);
    this.backups = {
      schedule: props.backupSchedule ?? storageDefaults.backupSchedule,
      retentionDays: props.backupRetentionDays ?? storageDefaults.backupRetentionDays,
    };
    const container = (id: string, name: string, versioning: boolean) =>
      new ObjectstorageContainerV1(this, id, { name: `${props.namePrefix}-${name}`, versioning, forceDestroy: false, lifecycle: { preventDestroy: true } });
    this.containers = Object.fromEntries(
      (props.containers ?? []).map((spec) => [
        spec.name,
        container(`Container-${spec.name}`, spec.name, spec.versioning ?? storageDefaults.containerVersioning),
      ]),
    );
    this.backupContainer = container("BackupContainer", "backups", false);
    declareException(this.backupContainer, {
      id: backupRetentionException,
      policy: "container-versioned",
      reason:
        "the backup tools delete what is older than the declared retention (CloudNativePG, Velero); in a versioned container a deletion keeps the data, and every backup would be kept for ever",
    });
  }
}
