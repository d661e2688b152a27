import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import type { TfResource } from "../../engine/model";
import { temporaryUrlKeys } from "../../lib/openstack";
import { keyPath, literalBool, literalString } from "../../lib/values";

const referrerPrefixes = new Set([".r", ".ref", ".referer", ".referrer"]);

/**
 * Why an element of a Swift V1 ACL opens the container to anyone, or undefined. Read as Swift reads it
 * (swift/common/middleware/acl.py `clean_acl`; doc/source/overview_acl.rst): spaces dropped, `.r` also written `.ref`,
 * `.referer` or `.referrer`; a referrer grant needs no token and trusts the Referer header, which any client writes
 * ("the referrer ACL has very weak security"), so any referrer but a denied one (`-`) is anyone. `.rlistings` opens
 * the listing to a request a referrer grant already lets in, and to no other (keystoneauth and tempauth:
 * `if referrer_allowed(req.referer, referrers): if obj or '.rlistings' in roles`): it widens a referrer grant, alone it
 * opens nothing.
 */
function publicElement(element: string, listed: boolean): string | undefined {
  const [designation = "", value] = element.split(":").map((part) => part.trim());
  if (value !== undefined && referrerPrefixes.has(designation))
    return value.startsWith("-") ? undefined : `a referrer grant needs no token${listed ? ", and .rlistings lets it list the objects" : ""}`;
  if ((designation === "*" && (value === undefined || value === "*")) || designation === "*:*") return "any user of any project may use it";
  return undefined;
}

const publicAcls = (container: TfResource): Violation[] =>
  (["container_read", "container_write"] as const).flatMap((field) => {
    const acl = literalString(container.values[field]);
    const elements = acl?.split(",") ?? [];
    const listed = elements.some((element) => element.trim() === ".rlistings");
    const why = elements.map((element) => publicElement(element, listed)).find((reason) => reason !== undefined);
    return why ? [{ message: `${field} "${acl}" makes the container public: ${why}`, path: field }] : [];
  });

/**
 * A temporary URL is signed with the account's or the container's key and opens one object to whoever holds the link,
 * without a token (Swift's tempurl middleware): a download, or an upload with PUT, outside the airlock; with
 * regenerate, the provider signs a new one at each apply once the old one has expired.
 */
function temporaryUrl(tempUrl: TfResource): Violation[] {
  const method = literalString(tempUrl.values.method) ?? "get";
  const renewed = literalBool(tempUrl.values.regenerate) === true ? ", renewed at each apply after it expires" : "";
  const object = `${literalString(tempUrl.values.container) ?? "(a container)"}/${literalString(tempUrl.values.object) ?? "(an object)"}`;
  return [{ message: `a temporary URL lets whoever holds it ${method.toUpperCase()} ${object} without a token${renewed}`, path: "method" }];
}

export default resourcePolicy(
  {
    id: "container-private",
    title: "Object storage containers are private",
    description:
      "Flags containers whose read or write ACL grants a referrer (.r:, .ref:, .referer:, .referrer:, any value but a denied one), listings, or any user of any project, every temporary URL (openstack_objectstorage_tempurl_v1), which opens an object to whoever holds the link, and every Temp-URL-Key set in a container's or the account's metadata, with which anyone holding it makes such links.",
    rationale: "A public container publishes its objects to the Internet; extracts and backups of health data must never be reachable without authentication.",
    remediation:
      "Remove the referrer elements (.r:...), .rlistings and * from container_read and container_write; share with named projects and users only; release results through the airlock, not by a temporary URL.",
    severity: "critical",
    references: [cite("cnil-eds-2021", "ch. 10 (access)", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  ["openstack_objectstorage_container_v1", "openstack_objectstorage_tempurl_v1", "openstack_objectstorage_account_v1"],
  (resource) =>
    resource.type === "openstack_objectstorage_tempurl_v1"
      ? temporaryUrl(resource)
      : [...(resource.type === "openstack_objectstorage_container_v1" ? publicAcls(resource) : []), ...signingKeys(resource)],
);

/** A Temp-URL-Key in a container's or the account's metadata: whoever holds it makes links that open objects without a token, as a temporary URL does. */
const signingKeys = (resource: TfResource): Violation[] =>
  temporaryUrlKeys(resource).map((key) => ({
    message: `${key} in the metadata lets whoever holds it make links that open objects without a token`,
    path: keyPath("metadata", key),
  }));
