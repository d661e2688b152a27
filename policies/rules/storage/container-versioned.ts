import { cite, resourcePolicy } from "../../engine/policy";
import { blocks, isUnknown, literalBool } from "../../lib/values";

export default resourcePolicy(
  {
    id: "container-versioned",
    title: "Object storage containers keep previous versions",
    description: "Flags containers with neither versioning = true nor a versioning_legacy block (or a versioning block, its name before provider 1.50.0).",
    rationale: "Versioning lets an overwritten or deleted object be restored, which backups of extracts and exports rely on.",
    remediation: "Set versioning = true on the container.",
    severity: "medium",
    references: [cite("secnumcloud-3.2", "12.5.a"), cite("hds-2", "EXI 04", "secondary")],
    enforcementLevel: "advisory",
    onUnknown: "cannot-evaluate",
  },
  ["openstack_objectstorage_container_v1"],
  (container) =>
    literalBool(container.values.versioning) === true ||
    blocks(container.values.versioning_legacy).length > 0 ||
    // Written as a block, `versioning` is the provider's before 1.50.0, which set X-Versions-Location as
    // versioning_legacy does since (terraform-provider-openstack CHANGELOG, 1.50.0).
    blocks(container.values.versioning).length > 0 ||
    // Known only at apply: not judged. A string "false" is false, as Terraform converts it.
    isUnknown(container.values.versioning)
      ? []
      : [{ message: "versioning is off: an overwritten or deleted object cannot be restored", path: "versioning" }],
);
