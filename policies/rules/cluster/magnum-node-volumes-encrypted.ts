import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { type ClusterApiDriver, clusterLabels, clusterTemplate, clusterTemplateType, clusterType, nodeGroupType, labelsOf } from "../../lib/magnum";
import { encryptedTypeViolations } from "../../lib/openstack";
import { isUnknown, isUnknownValue, literalBool, literalNumber } from "../../lib/values";

/** A volume a node may have: the labels that type it (the first set is read), and whether the node has it. */
interface NodeVolume {
  readonly name: string;
  readonly typeLabels: readonly string[];
  readonly present: (labels: Record<string, unknown>, dockerVolumeSize: unknown) => boolean;
}

const sizedAbove0 = (value: unknown): boolean => (literalNumber(value) ?? 0) > 0;

/**
 * The size magnum-capi-helm gives etcd's block device: etcd_blockdevice_size, else etcd_volume_size where the first is
 * unset, empty or no integer (driver.py, _get_label_int falls back to the next label then).
 */
const etcdBlockDeviceSize = (labels: Record<string, unknown>): unknown =>
  Number.isInteger(literalNumber(labels.etcd_blockdevice_size)) ? labels.etcd_blockdevice_size : labels.etcd_volume_size;
const bootVolume: NodeVolume = { name: "nodes' boot volume", typeLabels: ["boot_volume_type"], present: () => true };

/**
 * The volumes each Cluster API driver gives a node; a volume whose type label is unset takes the provider's default
 * volume type. magnum-cluster-api reads them in resources.py: the boot volume exists when boot_volume_size is above 0
 * (src/features/boot_volume.rs), the etcd volume when the etcd_volume_size label is, the container volume when the
 * docker_volume_size attribute is set (not a label; a cluster takes its template's, magnum/api/controllers/v1/cluster.py).
 * magnum-capi-helm (driver.py, _get_etcd_config) gives etcd a volume when etcd_blockdevice_size, else etcd_volume_size,
 * is above 0 and etcd_blockdevice_type is not "local", typed by etcd_blockdevice_volume_type, else etcd_volume_type; it
 * gives no container volume, and its boot volume is read as magnum-cluster-api's (the chart's machineRootVolume).
 */
const volumesOf: Record<ClusterApiDriver, readonly NodeVolume[]> = {
  "magnum-cluster-api": [
    bootVolume,
    { name: "etcd volume", typeLabels: ["etcd_volume_type"], present: (labels) => sizedAbove0(labels.etcd_volume_size) },
    {
      name: "container volume",
      typeLabels: ["docker_volume_type"],
      present: (_, dockerVolumeSize) => dockerVolumeSize !== undefined && dockerVolumeSize !== null,
    },
  ],
  "magnum-capi-helm": [
    bootVolume,
    {
      name: "etcd volume",
      typeLabels: ["etcd_blockdevice_volume_type", "etcd_volume_type"],
      present: (labels) => sizedAbove0(etcdBlockDeviceSize(labels)) && labels.etcd_blockdevice_type !== "local",
    },
  ],
};

/**
 * The labels a resource's nodes boot with, and whether they are all of them (each volume must then have its type) or
 * only add to labels judged elsewhere. A template's are whole. A cluster's are judged whole when it says something of its
 * own (labels, docker_volume_size) and what it runs with is known: its own labels when they replace its template's, or
 * its template's with its own over them (clusterLabels); otherwise the template is judged. A node group's replace the
 * cluster's when it sets some without merge_labels.
 */
function nodeLabels(
  resource: TfResource,
  graph: ResourceGraph,
  driver: ClusterApiDriver,
): { labels: Record<string, unknown>; whole: boolean; dockerVolumeSize: unknown } {
  const own = labelsOf(resource);
  const sets = own !== undefined && Object.keys(own).length > 0;
  if (resource.type === clusterTemplateType) return { labels: own ?? {}, whole: true, dockerVolumeSize: resource.values.docker_volume_size };
  if (resource.type === clusterType) {
    const dockerVolumeSize = resource.values.docker_volume_size ?? clusterTemplate(resource, graph)?.values.docker_volume_size;
    const { labels } = clusterLabels(resource, graph, driver);
    const saysItsOwn = sets || resource.values.docker_volume_size !== undefined;
    return saysItsOwn && labels ? { labels, whole: true, dockerVolumeSize } : { labels: own ?? {}, whole: false, dockerVolumeSize: undefined };
  }
  return { labels: own ?? {}, whole: sets && literalBool(resource.values.merge_labels) !== true, dockerVolumeSize: undefined };
}

export default resourcePolicy(
  {
    id: "magnum-node-volumes-encrypted",
    title: "Kubernetes node volumes are of an encrypted type",
    description:
      "Flags cluster templates, and clusters or node groups with labels of their own, that do not give nodes a boot volume of an encrypted type (boot_volume_type, and boot_volume_size above 0), an etcd volume (etcd_volume_size above 0) or a container volume (docker_volume_size) without its type label, and any volume-type label the driver reads that names a type that is not encrypted (a node group's own labels type its boot volume only). With magnum-capi-helm (the settings' magnumDriver), the etcd volume is sized by etcd_blockdevice_size or etcd_volume_size and typed by etcd_blockdevice_volume_type or etcd_volume_type, an etcd block device of etcd_blockdevice_type local is flagged, and node groups' labels are not read.",
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
    const driver = settings.magnumDriver;
    // magnum-capi-helm reads no node group's labels (magnum-labels-known says so); magnum-cluster-api reads a node
    // group's boot volume labels alone (mutate_machine_deployment).
    if (resource.type === nodeGroupType && driver === "magnum-capi-helm") return [];
    const { labels, whole, dockerVolumeSize } = nodeLabels(resource, graph, driver);
    const volumes = resource.type === nodeGroupType ? [bootVolume] : volumesOf[driver];
    const types = volumes.flatMap((volume) => {
      const written = volume.typeLabels.filter((name) => labels[name] !== undefined && labels[name] !== null);
      if (written.length === 0)
        return whole && volume.present(labels, dockerVolumeSize)
          ? [
              {
                message: `${volume.typeLabels.length === 1 ? `${volume.typeLabels[0]} is not set` : `neither ${volume.typeLabels.join(" nor ")} is set`}: the ${volume.name} takes the provider's default volume type, encrypted or not`,
                path: `labels.${volume.typeLabels[0]}`,
              },
            ]
          : [];
      return written.flatMap((name) => encryptedTypeViolations(name, labels[name], `labels.${name}`, resource, graph, settings.encryptedVolumeTypes));
    });
    // The boot volume exists only when sized: magnum-cluster-api src/features/boot_volume.rs (`if gt .bootVolume.size
    // 0.0`), magnum-capi-helm driver.py (machineRootVolume only `if boot_volume_size_gb`).
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
    // magnum-capi-helm gives etcd a "local" block device on the flavor's ephemeral disk (driver.py, _get_etcd_config).
    const localEtcd =
      driver === "magnum-capi-helm" && labels.etcd_blockdevice_type === "local" && sizedAbove0(etcdBlockDeviceSize(labels))
        ? [
            {
              message: "etcd_blockdevice_type is local: etcd's block device is the compute host's local disk, unencrypted",
              path: "labels.etcd_blockdevice_type",
            },
          ]
        : [];
    return [...types, ...noBootVolume, ...localEtcd];
  },
);
