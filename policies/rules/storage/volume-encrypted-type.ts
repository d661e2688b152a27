import { cite, resourcePolicy } from "../../engine/policy";
import { databaseInstanceType, volumeTypes, volumeTypeViolations } from "../../lib/openstack";

export default resourcePolicy(
  {
    id: "volume-encrypted-type",
    title: "Every volume is of an encrypted volume type",
    description:
      "Flags block storage volumes, and the volumes of Trove database instances (openstack_db_instance_v1, whose volume_type the provider hands to Trove for the volume it creates), whose volume_type is not one of the provider's encrypted types, or is unset (the cloud's default type; a volume made from another volume or a snapshot takes its source's type, judged instead).",
    rationale: "Per-volume encryption with keys held in Barbican makes data unrecoverable after the medium is reallocated, and lets key destruction erase it.",
    remediation: "Set volume_type to one of the provider's encrypted volume types.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.1.a"), cite("secnumcloud-3.2", "19.4.a"), cite("cnil-eds-2021", "ch. 10 (encryption)", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [...volumeTypes, databaseInstanceType],
  (volume, { settings, graph }) => volumeTypeViolations("volume type", volume, graph, settings.encryptedVolumeTypes),
);
