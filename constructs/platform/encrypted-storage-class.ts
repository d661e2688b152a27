import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Construct } from "constructs";

export interface EncryptedStorageClassProps {
  /** Encrypted Cinder volume type of the provider. */
  readonly volumeType: string;
  /** @default "encrypted" */
  readonly name?: string;
}

/**
 * The cluster's default storage class: Cinder volumes of the provider's encrypted type, so that every
 * PersistentVolumeClaim that does not choose is encrypted at rest (SecNumCloud 10.1.a). Volumes are kept when a
 * claim is deleted, so that deleting a namespace never deletes data by accident.
 */
export class EncryptedStorageClass extends Construct {
  readonly resource: StorageClassV1;
  readonly name: string;

  constructor(scope: Construct, id: string, props: EncryptedStorageClassProps) {
    super(scope, id);
    this.name = props.name ?? "encrypted";
    this.resource = new StorageClassV1(this, "Resource", {
      metadata: { name: this.name, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      storageProvisioner: "cinder.csi.openstack.org",
      parameters: { type: props.volumeType },
      reclaimPolicy: "Retain",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    });
  }
}
