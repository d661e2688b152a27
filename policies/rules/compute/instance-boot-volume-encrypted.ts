import { cite, resourcePolicy } from "../../engine/policy";
import { instanceType, notAnEncryptedType } from "../../lib/openstack";
import { attributePath, blocks, isUnknown } from "../../lib/values";

export default resourcePolicy(
  {
    id: "instance-boot-volume-encrypted",
    title: "Instances boot from volumes of an encrypted type",
    description: "Flags instances that boot on a local (ephemeral) disk, and block devices whose volume type is not one of the provider's encrypted types.",
    rationale: "Data at rest must be unrecoverable after a disk is reallocated or taken; ephemeral disks and unencrypted volume types are not.",
    remediation: "Boot from a volume (block_device with destination_type volume) with volume_type set to an encrypted volume type of the provider.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.1.a"), cite("hds-2", "EXI 05", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [instanceType],
  (instance, { settings }) => {
    const devices = blocks(instance.values.block_device);
    const volumes = devices
      .map((device, i) => ({ device, path: attributePath("block_device", i) }))
      .filter(({ device }) => device.destination_type === "volume");
    if (volumes.length === 0)
      return [{ message: "the instance boots on a local disk, which is not encrypted; boot from a volume of an encrypted type", path: "block_device" }];
    return volumes
      .filter(({ device }) => !isUnknown(device.volume_type) && !settings.encryptedVolumeTypes.includes(String(device.volume_type)))
      .map(({ device, path }) => ({
        message: notAnEncryptedType("the boot volume's type", device.volume_type, settings.encryptedVolumeTypes),
        path: `${path}.volume_type`,
      }));
  },
);
