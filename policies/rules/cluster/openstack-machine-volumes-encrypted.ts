import { cite, configurationPolicy, type PolicyContext, type Violation } from "../../engine/policy";
import { type CapoSpec, capoServerLikeSpec } from "../../lib/capo";
import { type AppliedManifest, appliedManifests, findingsOn, type ObjectFinding } from "../../lib/helm";
import { notAnEncryptedType } from "../../lib/openstack";
import { fieldAt, isMap, isUnknown, literalNumber, literalString } from "../../lib/values";

/**
 * Where a machine's root volume writes its size and type: v1alpha7's diskSize and volumeType, sizeGiB and type from
 * v1beta1 on (api/*\/types.go, RootVolume).
 */
const rootVolumeFields = (api: CapoSpec["api"]) => (api === "v1alpha" ? { size: "diskSize", type: "volumeType" } : { size: "sizeGiB", type: "type" });

/** Whether a volume type is one of the cloud's encrypted types, as a finding where it is not, or not known. */
function typeFindings(
  type: unknown,
  what: string,
  field: readonly (string | number)[],
  encryptedTypes: readonly string[],
  finding: ObjectFinding,
): Violation[] {
  if (isUnknown(type)) return [finding(field, `${what} is not known here`, { value: type })];
  const name = literalString(type) || undefined;
  return name !== undefined && encryptedTypes.includes(name) ? [] : [finding(field, notAnEncryptedType(what, name, encryptedTypes))];
}

/** What a machine's disks are: a root volume of an encrypted type, and additional block devices that are encrypted volumes. */
function diskViolations(applied: AppliedManifest, machine: CapoSpec, encryptedTypes: readonly string[]): Violation[] {
  const finding = findingsOn(applied, machine.at);
  if (isUnknown(machine.spec)) return [finding([], "the machine's specification is not known here", { value: machine.spec })];
  const fields = rootVolumeFields(machine.api);
  const root = fieldAt(machine.spec, "rootVolume");
  const size = isMap(root) ? root[fields.size] : undefined;
  const rootFindings: Violation[] = isUnknown(root)
    ? [finding(["rootVolume"], "the root volume is not known here", { value: root })]
    : isUnknown(size)
      ? [finding(["rootVolume", fields.size], "the root volume's size is not known here", { value: size })]
      : (literalNumber(size) ?? 0) > 0
        ? typeFindings(isMap(root) ? root[fields.type] : undefined, "rootVolume's type", ["rootVolume", fields.type], encryptedTypes, finding)
        : // CAPO boots from a volume only for a root volume of a size above 0 (pkg/cloud/services/compute/instance.go, hasRootVolume).
          [
            finding(
              ["rootVolume"],
              `no rootVolume of a size above 0 (${fields.size}): CAPO boots the image on the compute host's local disk, which is not encrypted`,
            ),
          ];
  const devices = fieldAt(machine.spec, "additionalBlockDevices");
  if (isUnknown(devices)) return [...rootFindings, finding(["additionalBlockDevices"], "the additional block devices are not known here", { value: devices })];
  const deviceFindings = (Array.isArray(devices) ? devices : []).flatMap((device, i): Violation[] => {
    const at = ["additionalBlockDevices", i, "storage"];
    const storage = isMap(device) ? device.storage : undefined;
    const kind = isMap(storage) ? storage.type : undefined;
    if (isUnknown(storage) || isUnknown(kind))
      return [finding(at, `block device ${i}'s storage is not known here`, { value: isUnknown(storage) ? storage : kind })];
    // A Local block device is an ephemeral disk of the compute host (instance.go, LocalBlockDevice).
    if (kind === "Local")
      return [finding([...at, "type"], `block device ${i} is a local disk of the compute host (storage.type Local), which is not encrypted`)];
    const volume = isMap(storage) ? storage.volume : undefined;
    return typeFindings(isMap(volume) ? volume.type : undefined, `block device ${i}'s volume type`, [...at, "volume", "type"], encryptedTypes, finding);
  });
  return [...rootFindings, ...deviceFindings];
}

export default configurationPolicy(
  {
    id: "openstack-machine-volumes-encrypted",
    title: "Cluster API machines on OpenStack boot from volumes of an encrypted type",
    description:
      "Flags every OpenStackMachine, OpenStackMachineTemplate and OpenStackServer of Cluster API's OpenStack provider (CAPO), and the bastion an OpenStackCluster runs (bastion.spec, v1alpha7's bastion.instance), whose machines boot on the compute host's local disk (no rootVolume, or one of size 0: CAPO then boots the image there), whose root volume's type is not one of the provider's encrypted types (settings: encryptedVolumeTypes; unset, the cloud's default type), and additional block devices that are local disks (storage.type Local) or volumes of a type that is not encrypted. A value known only at apply, or filled by another tool, is not evaluable.",
    rationale:
      "Node disks hold container images, logs, emptyDir volumes and, on the control plane, etcd with every secret of the cluster: like every volume, they must be unrecoverable once the disk is reallocated or taken.",
    remediation:
      "Give the machines a rootVolume with sizeGiB above 0 and type one of the provider's encrypted volume types (spec.template.spec in an OpenStackMachineTemplate), and additional block devices of storage.type Volume with such a type.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "10.1.a"), cite("hds-2", "EXI 05", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (_configuration, { graph, settings }: PolicyContext): Violation[] =>
    appliedManifests(graph).flatMap((applied): Violation[] => {
      const machine = capoServerLikeSpec(applied.manifest);
      return machine ? diskViolations(applied, machine, settings.encryptedVolumeTypes) : [];
    }),
);
