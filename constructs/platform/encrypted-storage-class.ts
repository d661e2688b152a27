import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Construct } from "constructs";

export interface EncryptedStorageClassProps {
  /** Encrypted Cinder volume type of the provider. */
  readonly volumeType: string;
  /** @default "encrypted" */
  readonly name?: string;
  /**
   * A class for scratch copies (the restore drills'): not the default, and its volumes are deleted with their claims.
   * The default class keeps them, and a copy deleted with its claims would otherwise leave a Released volume holding
   * the whole warehouse (Kubernetes' volume controller does nothing to a volume under Retain).
   * @default false
   */
  readonly scratch?: boolean;
}

/**
 * The cluster's default storage class: Cinder volumes of the provider's encrypted type, so that every
 * PersistentVolumeClaim that does not choose is encrypted at rest (SecNumCloud 10.1.a). Volumes are kept when a
 * claim is deleted, so that deleting a namespace never deletes data by accident.
 */
export class EncryptedStorageClass extends Construct {
  /** Name of the scratch class, for the runbooks that make copies outside the stacks. */
  static readonly scratchName = "encrypted-scratch";
  readonly resource: StorageClassV1;
  readonly name: string;

  constructor(scope: Construct, id: string, props: EncryptedStorageClassProps) {
    super(scope, id);
    this.name = props.name ?? (props.scratch ? EncryptedStorageClass.scratchName : "encrypted");
    this.resource = new StorageClassV1(this, "Resource", {
      metadata: { name: this.name, ...(props.scratch ? {} : { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } }) },
      storageProvisioner: "cinder.csi.openstack.org",
      parameters: { type: props.volumeType },
      reclaimPolicy: props.scratch ? "Delete" : "Retain",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    });
  }
}
