import { cite, resourcePolicy } from "../../engine/policy";
import { literalString } from "../../lib/values";

const referrerPrefixes = new Set([".r", ".ref", ".referer", ".referrer"]);

/**
 * Why an element of a Swift V1 ACL opens the container to anyone, or undefined. Read as Swift reads it
 * (swift/common/middleware/acl.py `clean_acl`; doc/source/overview_acl.rst): spaces dropped, `.r` also written `.ref`,
 * `.referer` or `.referrer`; a referrer grant needs no token and trusts the Referer header, which any client writes
 * ("the referrer ACL has very weak security"), so any referrer but a denied one (`-`) is anyone.
 */
function publicElement(element: string): string | undefined {
  const [designation = "", value] = element.split(":").map((part) => part.trim());
  if (value !== undefined && referrerPrefixes.has(designation)) return value.startsWith("-") ? undefined : "a referrer grant needs no token";
  if (designation === ".rlistings" && value === undefined) return "anyone may list it";
  if ((designation === "*" && (value === undefined || value === "*")) || designation === "*:*") return "any user of any project may use it";
  return undefined;
}

export default resourcePolicy(
  {
    id: "container-private",
    title: "Object storage containers are private",
    description:
      "Flags containers whose read or write ACL grants a referrer (.r:, .ref:, .referer:, .referrer:, any value but a denied one), listings, or any user of any project.",
    rationale: "A public container publishes its objects to the Internet; extracts and backups of health data must never be reachable without authentication.",
    remediation: "Remove the referrer elements (.r:...), .rlistings and * from container_read and container_write; share with named projects and users only.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "9.6.e"), cite("hds-2", "EXI 23"), cite("cnil-eds-2021", "ch. 10 (access)", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  ["openstack_objectstorage_container_v1"],
  (container) =>
    (["container_read", "container_write"] as const).flatMap((field) => {
      const acl = literalString(container.values[field]);
      const why = acl
        ?.split(",")
        .map(publicElement)
        .find((reason) => reason !== undefined);
      return why ? [{ message: `${field} "${acl}" makes the container public: ${why}`, path: field }] : [];
    }),
);
