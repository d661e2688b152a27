import { cite, resourcePolicy } from "../../engine/policy";
import { literalString } from "../../lib/values";

/** Swift ACL elements that open a container to anyone: referrer any (.r:*), listings, or any project. */
const publicAcl = /(^|,)\s*(\.r:\*|\.r:-?\*|\.rlistings|\*:\*|\*)\s*(,|$)/;

export default resourcePolicy(
  {
    id: "container-private",
    title: "Object storage containers are private",
    description: "Flags containers whose read or write ACL opens them to any referrer, any listing or any user.",
    rationale: "A public container publishes its objects to the Internet; extracts and backups of health data must never be reachable without authentication.",
    remediation: "Remove the public elements (.r:*, .rlistings, *) from container_read and container_write; share through authenticated accounts only.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "9.6.e"), cite("hds-2", "EXI 23"), cite("cnil-eds-2021", "ch. 10 (access)", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  ["openstack_objectstorage_container_v1"],
  (container) =>
    (["container_read", "container_write"] as const).flatMap((field) => {
      const acl = literalString(container.values[field]);
      return acl !== undefined && publicAcl.test(acl) ? [{ message: `${field} "${acl}" makes the container public`, path: field }] : [];
    }),
);
