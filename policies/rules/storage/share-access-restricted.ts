import { internetWide, withPrefixLength } from "../../../lib/cidr";
import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { literalBool, literalString } from "../../lib/values";

const shareType = "openstack_sharedfilesystem_share_v2";

export default resourcePolicy(
  {
    id: "share-access-restricted",
    title: "File shares are open to named clients only",
    description:
      "Flags Manila access rules of type ip whose access_to admits every address of a family or a block as large as the Internet (0.0.0.0/0, ::/0, 0.0.0.0/1), read or write, and shares declared public (is_public = true), which Manila shows to every project of the cloud.",
    rationale:
      "An access rule is what lets a client mount the share: one for every address lets any host that reaches the share network read (or change) the files, health data extracts among them, with no account. A public share is listed, with its name and metadata, to every project of the cloud.",
    remediation:
      "Grant each share to the addresses of the instances or the Kubernetes nodes that mount it (their subnet at most), read-only where they only read, and leave is_public unset.",
    severity: "critical",
    references: [cite("cnil-eds-2021", "ch. 10 (access)", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [shareType, "openstack_sharedfilesystem_share_access_v2"],
  (resource, { graph }): Violation[] => {
    if (resource.type === shareType)
      return literalBool(resource.values.is_public) === true
        ? [{ message: "the share is public: Manila lists it, with its name and metadata, to every project of the cloud", path: "is_public" }]
        : [];
    // Manila's ip rules take an address or a CIDR (manila/api/v2/shares.py, _validate_ip_range), a netmask too; a user,
    // cert or cephx rule names one identity.
    // A reference is read as the argument it names (an address a data source reads stays unknown, not evaluable).
    const to = literalString(graph.readValue(resource.values.access_to, resource));
    if (literalString(resource.values.access_type) !== "ip" || to === undefined) return [];
    const family = internetWide(withPrefixLength(to));
    if (!family) return [];
    const level = literalString(resource.values.access_level) === "ro" ? "read" : "read and change";
    return [{ message: `access_to ${to} lets every ${family} address that reaches the share network ${level} its files`, path: "access_to" }];
  },
);
