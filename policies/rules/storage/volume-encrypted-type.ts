import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { encryptedTypeViolations } from "../../lib/openstack";
import { literalString } from "../../lib/values";

const volumeType = "openstack_blockstorage_volume_v3";

/**
 * A volume that names no type takes its source volume's, or its snapshot's (cinder/volume/flows/api/create_volume.py,
 * _get_volume_type), not the cloud's default: judge the source declared here, and a source known only to the cloud is
 * not evaluable. `seen` stops a cycle of sources.
 */
function typeViolations(volume: TfResource, graph: ResourceGraph, encryptedTypes: readonly string[], seen: ReadonlySet<TfResource>): Violation[] {
  const { volume_type: written, source_vol_id: sourceVolume, snapshot_id: snapshot } = volume.values;
  if (written === undefined || written === null) {
    if (sourceVolume !== undefined && sourceVolume !== null) {
      const source = graph.targetOf(sourceVolume, volume);
      if (source?.type === volumeType && source.mode !== "data" && !seen.has(source))
        return typeViolations(source, graph, encryptedTypes, new Set([...seen, source])).map((violation) => ({
          ...violation,
          message: `it takes the type of its source volume ${source.address}: ${violation.message}`,
          path: "source_vol_id",
        }));
      return [
        {
          message: `it takes the type of its source volume ${literalString(sourceVolume) ?? String(sourceVolume)}, not declared here`,
          path: "source_vol_id",
          outcome: "cannot-evaluate",
        },
      ];
    }
    if (snapshot !== undefined && snapshot !== null)
      return [
        {
          message: `it takes the type of snapshot ${literalString(snapshot) ?? String(snapshot)}, not declared here`,
          path: "snapshot_id",
          outcome: "cannot-evaluate",
        },
      ];
  }
  return encryptedTypeViolations("volume type", written, "volume_type", volume, graph, encryptedTypes);
}

export default resourcePolicy(
  {
    id: "volume-encrypted-type",
    title: "Every volume is of an encrypted volume type",
    description:
      "Flags block storage volumes whose volume_type is not one of the provider's encrypted types, or is unset (the cloud's default type; a volume made from another volume or a snapshot takes its source's type, judged instead).",
    rationale: "Per-volume encryption with keys held in Barbican makes data unrecoverable after the medium is reallocated, and lets key destruction erase it.",
    remediation: "Set volume_type to one of the provider's encrypted volume types.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.1.a"), cite("secnumcloud-3.2", "19.4.a"), cite("cnil-eds-2021", "ch. 10 (encryption)", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [volumeType],
  (volume, { settings, graph }) => typeViolations(volume, graph, settings.encryptedVolumeTypes, new Set([volume])),
);
