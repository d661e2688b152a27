import { cite, resourcePolicy } from "../../engine/policy";
import { encryptedTypeViolations } from "../../lib/openstack";

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
  (volume, { settings, graph }) =>
    encryptedTypeViolations("volume type", volume.values.volume_type, "volume_type", volume, graph, settings.encryptedVolumeTypes),
);
