import { cite, resourcePolicy } from "../../engine/policy";
import { notAnEncryptedType } from "../../lib/openstack";
import { isUnknown } from "../../lib/values";

export default resourcePolicy(
  {
    id: "volume-encrypted-type",
    title: "Every volume is of an encrypted volume type",
    description: "Flags block storage volumes whose volume_type is unset or not one of the provider's encrypted types.",
    rationale: "Per-volume encryption with keys held in Barbican makes data unrecoverable after the medium is reallocated, and lets key destruction erase it.",
    remediation: "Set volume_type to one of the provider's encrypted volume types.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.1.a"), cite("secnumcloud-3.2", "19.4.a"), cite("cnil-eds-2021", "ch. 10 (encryption)", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  ["openstack_blockstorage_volume_v3"],
  (volume, { settings }) => {
    const type = volume.values.volume_type;
    if (isUnknown(type) || (typeof type === "string" && settings.encryptedVolumeTypes.includes(type))) return [];
    return [{ message: notAnEncryptedType("volume type", type, settings.encryptedVolumeTypes), path: "volume_type" }];
  },
);
