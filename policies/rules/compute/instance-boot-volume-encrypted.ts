import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { cite, resourcePolicy } from "../../engine/policy";
import { declaredVolume, encryptedTypeViolations, instanceType, isBootDevice, volumeTypeViolations } from "../../lib/openstack";
import { attributePath, blocks, isUnknown, isUnknownValue, unknownShown } from "../../lib/values";

/** The words for a block device that is a volume a data source looks up, which not one volume of the configuration matches (declaredVolume). */
function lookedUp(uuid: unknown, instance: TfResource, graph: ResourceGraph): string | undefined {
  const source = graph.targetOf(uuid, instance);
  return source?.mode === "data"
    ? `the block device is the volume ${source.address} looks up, which not one volume of this configuration matches by name: its type is not written here`
    : undefined;
}

export default resourcePolicy(
  {
    id: "instance-boot-volume-encrypted",
    title: "Instances boot from volumes of an encrypted type",
    description:
      "Flags instances that boot on a local (ephemeral) disk, block devices that are local disks beside a boot volume (ephemeral, swap, or a local copy of the boot image), and block devices whose volume type is not one of the provider's encrypted types.",
    rationale: "Data at rest must be unrecoverable after a disk is reallocated or taken; ephemeral disks and unencrypted volume types are not.",
    remediation: "Boot from a volume (block_device with destination_type volume) with volume_type set to an encrypted volume type of the provider.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.1.a"), cite("hds-2", "EXI 05", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [instanceType],
  (instance, { settings, graph }) => {
    // Nova boots from the device of boot_index 0 (the first, when none is written); one of -1 is attached beside it.
    const devices = blocks(instance.values.block_device).map((device, i) => ({
      device,
      path: attributePath("block_device", i),
      boot: isBootDevice(device, i),
    }));
    const volumes = devices.filter(({ device }) => device.destination_type === "volume");
    // A device whose destination is known only at apply may be the boot volume the others lack.
    const undecided = devices.find(({ device }) => isUnknown(device.destination_type));
    if (volumes.length === 0 && undecided)
      return [
        {
          message: `whether the instance boots from a volume is known only at apply: the destination of a block device is ${unknownShown(undecided.device.destination_type)}`,
          path: `${undecided.path}.destination_type`,
          outcome: "cannot-evaluate",
        },
      ];
    if (volumes.length === 0)
      return [{ message: "the instance boots on a local disk, which is not encrypted; boot from a volume of an encrypted type", path: "block_device" }];
    // Beside volumes, a device without destination_type volume is a disk of the compute host (Nova's "local": an
    // ephemeral or swap disk, or the image copied there to boot from), which no volume type encrypts.
    const localDisks = devices
      .filter(({ device }) => device.destination_type !== "volume" && !isUnknownValue(device.destination_type))
      .map(({ path }) => ({
        message: "this block device is a local disk of the compute host, which is not encrypted; make it a volume of an encrypted type",
        path,
      }));
    return [
      ...localDisks,
      ...volumes.flatMap(({ device, path, boot }) => {
        const what = boot ? "the boot volume's type" : "the type of this attached volume";
        // From an existing volume, the device is that volume and its type is its own: Nova's API reference gives
        // block_device_mapping_v2's volume_type to the volume it creates, for a source_type of blank, image or snapshot.
        if (device.source_type === "volume") {
          const source = declaredVolume(device.uuid, instance, graph);
          return source
            ? volumeTypeViolations(what, source, graph, settings.encryptedVolumeTypes).map((violation) => ({
                ...violation,
                path: `${path}.uuid`,
              }))
            : [
                {
                  message:
                    lookedUp(device.uuid, instance, graph) ?? `the block device is volume ${String(device.uuid)}, which this configuration does not declare`,
                  path: `${path}.uuid`,
                  outcome: "cannot-evaluate" as const,
                },
              ];
        }
        return encryptedTypeViolations(what, device.volume_type, `${path}.volume_type`, instance, graph, settings.encryptedVolumeTypes);
      }),
    ];
  },
);
