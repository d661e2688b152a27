import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { clusterLabels, clusterTemplateType, clusterType, nodeGroupType } from "../../lib/magnum";
import { encryptedTypeViolations } from "../../lib/openstack";
import { isUnknown, isUnknownValue, literalBool, literalNumber } from "../../lib/values";

/** Labels that choose the volume type of a node's boot, etcd and container volumes. */
const volumeTypeLabels = ["boot_volume_type", "etcd_volume_type", "docker_volume_type"];

/**
 * The labels a resource's nodes boot with, and whether they stand alone (they must then say everything) or only add to
 * labels judged elsewhere. A template's stand alone; a cluster's or a node group's replace their parent's when they
 * set some without merge_labels (Magnum's API, clusterLabels), and add to them otherwise.
 */
function nodeLabels(resource: TfResource, graph: ResourceGraph): { labels: Record<string, unknown>; whole: boolean } {
  const own = resource.values.labels as Record<string, unknown> | undefined;
  if (resource.type === clusterTemplateType) return { labels: own ?? {}, whole: true };
  if (resource.type === clusterType) {
    const { labels, replacesTemplate } = clusterLabels(resource, graph);
    return replacesTemplate && labels ? { labels, whole: true } : { labels: own ?? {}, whole: false };
  }
  const sets = own !== undefined && Object.keys(own).length > 0;
  return { labels: own ?? {}, whole: sets && literalBool(resource.values.merge_labels) !== true };
}

export default resourcePolicy(
  {
    id: "magnum-node-volumes-encrypted",
    title: "Kubernetes node volumes are of an encrypted type",
    description:
      "Flags cluster templates, and clusters or node groups whose labels replace their parent's, that do not give nodes a boot volume of an encrypted type (boot_volume_type, and boot_volume_size above 0), and any volume-type label naming a type that is not encrypted.",
    rationale:
      "Node volumes hold container images, logs and etcd, which include secrets and cached data; they must be encrypted like every other volume. Magnum's Cluster API driver gives a node a boot volume only when boot_volume_size is above 0 (Magnum's default_boot_volume_size is 0): otherwise the node boots on the compute host's local disk, and boot_volume_type is read by nothing.",
    remediation:
      "Set the labels boot_volume_type (and etcd_volume_type, docker_volume_type) to an encrypted volume type of the provider, and boot_volume_size to the size of the nodes' boot volume.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.1.a")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [clusterTemplateType, clusterType, nodeGroupType],
  (resource, { settings, graph }): Violation[] => {
    // Labels given whole at apply (a variable without a value): what they name is not known.
    if (isUnknown(resource.values.labels)) return [];
    const { labels, whole } = nodeLabels(resource, graph);
    const types = volumeTypeLabels.flatMap((name) => {
      const value = labels[name];
      if (value === undefined || value === null)
        return whole && name === "boot_volume_type"
          ? [{ message: "boot_volume_type is not set: nodes boot on the provider's default volume type", path: `labels.${name}` }]
          : [];
      return encryptedTypeViolations(name, value, `labels.${name}`, resource, graph, settings.encryptedVolumeTypes);
    });
    // magnum-cluster-api src/features/boot_volume.rs: the boot volume exists only `if gt .bootVolume.size 0.0`.
    const size = labels.boot_volume_size;
    const noBootVolume =
      (whole || size !== undefined) && !isUnknownValue(size) && !((literalNumber(size) ?? 0) > 0)
        ? [
            {
              message: `boot_volume_size is ${size === undefined ? "not set" : `${String(size)}`}: the Cluster API driver then gives nodes no boot volume (Magnum's default size is 0), they boot on the compute host's local disk, unencrypted`,
              path: "labels.boot_volume_size",
            },
          ]
        : [];
    return [...types, ...noBootVolume];
  },
);
