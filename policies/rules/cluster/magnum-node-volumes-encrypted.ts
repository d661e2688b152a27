import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { clusterLabels, clusterTemplate, clusterTemplateType, clusterType, nodeGroupType, labelsOf } from "../../lib/magnum";
import { encryptedTypeViolations } from "../../lib/openstack";
import { isUnknown, isUnknownValue, literalBool, literalNumber } from "../../lib/values";

/**
 * The volumes a node may have, the label that sizes each and the one that types it. magnum-cluster-api reads them in
 * resources.py: the boot volume exists when boot_volume_size is above 0 (src/features/boot_volume.rs), the etcd volume
 * when the etcd_volume_size label is, the container volume when the docker_volume_size attribute is set (not a label;
 * a cluster takes its template's, magnum/api/controllers/v1/cluster.py); a volume whose type label is unset takes the
 * provider's default volume type. A node group's own labels choose its boot volume only (mutate_machine_deployment).
 */
const volumeTypeLabels = ["boot_volume_type", "etcd_volume_type", "docker_volume_type"] as const;

/**
 * The labels a resource's nodes boot with, and whether they are all of them (each volume must then have its type) or
 * only add to labels judged elsewhere. A template's are whole. A cluster's are judged whole when it says something of its
 * own (labels, docker_volume_size) and what it runs with is known: its own labels when they replace its template's, or
 * its template's with its own over them (clusterLabels); otherwise the template is judged. A node group's replace the
 * cluster's when it sets some without merge_labels.
 */
function nodeLabels(resource: TfResource, graph: ResourceGraph): { labels: Record<string, unknown>; whole: boolean; dockerVolumeSize: unknown } {
  const own = labelsOf(resource);
  const sets = own !== undefined && Object.keys(own).length > 0;
  if (resource.type === clusterTemplateType) return { labels: own ?? {}, whole: true, dockerVolumeSize: resource.values.docker_volume_size };
  if (resource.type === clusterType) {
    const dockerVolumeSize = resource.values.docker_volume_size ?? clusterTemplate(resource, graph)?.values.docker_volume_size;
    const { labels } = clusterLabels(resource, graph);
    const saysItsOwn = sets || resource.values.docker_volume_size !== undefined;
    return saysItsOwn && labels ? { labels, whole: true, dockerVolumeSize } : { labels: own ?? {}, whole: false, dockerVolumeSize: undefined };
  }
  return { labels: own ?? {}, whole: sets && literalBool(resource.values.merge_labels) !== true, dockerVolumeSize: undefined };
}

const volumeNames = { boot_volume_type: "nodes' boot volume", etcd_volume_type: "etcd volume", docker_volume_type: "container volume" } as const;

/** Whether the resource's nodes have the volume a type label types: the etcd volume and the container volume only when sized. */
function hasVolume(name: (typeof volumeTypeLabels)[number], labels: Record<string, unknown>, dockerVolumeSize: unknown): boolean {
  if (name === "boot_volume_type") return true;
  if (name === "etcd_volume_type") return (literalNumber(labels.etcd_volume_size) ?? 0) > 0;
  return dockerVolumeSize !== undefined && dockerVolumeSize !== null;
}

export default resourcePolicy(
  {
    id: "magnum-node-volumes-encrypted",
    title: "Kubernetes node volumes are of an encrypted type",
    description:
      "Flags cluster templates, and clusters or node groups with labels of their own, that do not give nodes a boot volume of an encrypted type (boot_volume_type, and boot_volume_size above 0), an etcd volume (etcd_volume_size above 0) or a container volume (docker_volume_size) without its type label, and any volume-type label the driver reads that names a type that is not encrypted (a node group's own labels type its boot volume only).",
    rationale:
      "Node volumes hold container images, logs and etcd, which include secrets and cached data; they must be encrypted like every other volume. Magnum's Cluster API driver gives a node a boot volume only when boot_volume_size is above 0 (Magnum's default_boot_volume_size is 0): otherwise the node boots on the compute host's local disk, and boot_volume_type is read by nothing.",
    remediation:
      "Set the labels boot_volume_type, and etcd_volume_type and docker_volume_type wherever etcd_volume_size or docker_volume_size give nodes those volumes, to an encrypted volume type of the provider, and boot_volume_size to the size of the nodes' boot volume.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.1.a")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [clusterTemplateType, clusterType, nodeGroupType],
  (resource, { settings, graph }): Violation[] => {
    // Labels given whole at apply (a variable without a value): what they name is not known.
    if (isUnknown(resource.values.labels)) return [];
    const { labels, whole, dockerVolumeSize } = nodeLabels(resource, graph);
    const judged = resource.type === nodeGroupType ? (["boot_volume_type"] as const) : volumeTypeLabels;
    const types = judged.flatMap((name) => {
      const value = labels[name];
      if (value === undefined || value === null)
        return whole && hasVolume(name, labels, dockerVolumeSize)
          ? [{ message: `${name} is not set: the ${volumeNames[name]} takes the provider's default volume type, encrypted or not`, path: `labels.${name}` }]
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
