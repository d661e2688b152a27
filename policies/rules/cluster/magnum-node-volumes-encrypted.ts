import { cite, resourcePolicy } from "../../engine/policy";
import { clusterTemplateType, label, nodeGroupType } from "../../lib/magnum";
import { encryptedTypeViolations } from "../../lib/openstack";
import { isUnknown } from "../../lib/values";

/** Labels that choose the volume type of a node's boot, etcd and container volumes. */
const volumeTypeLabels = ["boot_volume_type", "etcd_volume_type", "docker_volume_type"];

export default resourcePolicy(
  {
    id: "magnum-node-volumes-encrypted",
    title: "Kubernetes node volumes are of an encrypted type",
    description:
      "Flags cluster templates without a boot_volume_type label of an encrypted type, and any volume-type label (template or node group) naming a type that is not encrypted.",
    rationale: "Node volumes hold container images, logs and etcd, which include secrets and cached data; they must be encrypted like every other volume.",
    remediation: "Set the labels boot_volume_type, etcd_volume_type and docker_volume_type to an encrypted volume type of the provider.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.1.a")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [clusterTemplateType, nodeGroupType],
  (resource, { settings, graph }) =>
    // Labels given whole at apply (a variable without a value): which types they name is not known.
    isUnknown(resource.values.labels)
      ? []
      : volumeTypeLabels.flatMap((name) => {
          const value = label(resource, name);
          if (value === undefined || value === null) {
            return resource.type === clusterTemplateType && name === "boot_volume_type"
              ? [{ message: "boot_volume_type is not set: nodes boot on the provider's default volume type", path: `labels.${name}` }]
              : [];
          }
          return encryptedTypeViolations(name, value, `labels.${name}`, resource, graph, settings.encryptedVolumeTypes);
        }),
);
