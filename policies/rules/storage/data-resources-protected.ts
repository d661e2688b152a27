import { cite, resourcePolicy } from "../../engine/policy";
import { databaseInstanceType, systemDiskOf, volumeTypes } from "../../lib/openstack";
import { block, blocks, literalBool } from "../../lib/values";

/** What each protected type holds: the resources whose destruction loses data or a key for good. */
const holds: Readonly<Record<string, string>> = {
  openstack_keymanager_order_v1: "a key generated in Barbican (a new order is a new key)",
  openstack_keymanager_secret_v1: "a secret",
  openstack_objectstorage_container_v1: "objects (extracts, backups, releases)",
  // Deleting a share deletes its files (Shared File Systems API, "Delete share").
  openstack_sharedfilesystem_share_v2: "files (a Manila share: home folders, shared data)",
  // A volume made from an image to boot an instance is its system disk, which the image makes again (systemDiskOf).
  ...Object.fromEntries(volumeTypes.map((type) => [type, "a data volume"])),
  openstack_containerinfra_cluster_v1: "the Kubernetes cluster and its etcd",
  // Deleting a Trove instance deletes its volume, and the database on it (Trove's API, "Delete database instance").
  [databaseInstanceType]: "a database (Trove)",
};

export default resourcePolicy(
  {
    id: "data-resources-protected",
    title: "Keys, data volumes, databases, shares, containers and the cluster cannot be destroyed by an apply",
    description: `Flags ${Object.keys(holds).join(", ")} without lifecycle { prevent_destroy = true }; a volume made from an image that an instance of the configuration boots from is its system disk, which the image makes again, and is not flagged.`,
    rationale:
      "A rename or a change to an argument that forces replacement destroys the old resource: for the pseudonymisation master key, an extract or the cluster, that loss is silent in a long plan and cannot be undone. prevent_destroy makes the plan fail instead.",
    remediation: "Add lifecycle { prevent_destroy = true }; remove it deliberately, in a reviewed change, to retire the resource.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.5.a"), cite("hds-2", "EXI 04", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  Object.keys(holds),
  (resource, { graph }) => {
    // A plan (terraform show -json) does not record lifecycle arguments.
    if (graph.configuration.backend === "unknown") return [{ message: "the input does not record lifecycle arguments", outcome: "cannot-evaluate" }];
    if (volumeTypes.includes(resource.type) && systemDiskOf(resource, graph)) return [];
    const lifecycle = block(resource.values.lifecycle) ?? blocks(resource.values.lifecycle)[0];
    return literalBool(lifecycle?.prevent_destroy) === true
      ? []
      : [
          {
            message: `holds ${holds[resource.type]} but lacks lifecycle.prevent_destroy: an apply that replaces it destroys it`,
            path: "lifecycle.prevent_destroy",
          },
        ];
  },
);
