import { gunzipSync } from "node:zlib";
import type { WrittenFile } from "./cloud-init";
import { isMap, isUnknown } from "./values";

/**
 * Ignition, the first-boot configuration of Fedora CoreOS and Flatcar, read in its configuration specifications v2.1 to
 * v3.4 (coreos.github.io/ignition, configuration-v2_1 to configuration-v3_4): a JSON document with `ignition.version`,
 * whose storage.files the machine writes before anything else runs; a resource's source is a URL of the schemes http,
 * https, tftp, s3, gs, arn, or data (RFC 2397).
 */
interface IgnitionDocument {
  readonly ignition: { readonly version: string; readonly config?: unknown };
  readonly storage?: unknown;
}

const isIgnition = (document: unknown): document is IgnitionDocument =>
  isMap(document) && isMap(document.ignition) && typeof document.ignition.version === "string";

/**
 * A resource's content as Ignition fetches it: a `data:` URL decoded (RFC 2397: base64, or percent-encoded), then
 * gunzipped where `compression` is gzip; none for a source Ignition fetches
 * at boot (http, https, tftp, s3, gs, arn), nor for one known only at apply. An absent source is an empty file.
 */
function fetched(resource: unknown): { content: string } | { unreadable: string } {
  const source = isMap(resource) ? resource.source : undefined;
  if (source === undefined || source === null || source === "") return { content: "" };
  if (typeof source !== "string" || isUnknown(source)) return { unreadable: `its source is known only at apply` };
  const data = /^data:([^,]*),(.*)$/s.exec(source);
  if (!data) return { unreadable: `Ignition fetches it at boot from ${source.split(/[?#]/)[0]}, which is not read here` };
  let bytes: Buffer;
  try {
    bytes = data[1]!.split(";").includes("base64") ? Buffer.from(data[2]!, "base64") : Buffer.from(decodeURIComponent(data[2]!), "utf8");
  } catch {
    return { unreadable: "its data URL does not decode (Ignition refuses it)" };
  }
  if (!isMap(resource) || resource.compression !== "gzip") return { content: bytes.toString("utf8") };
  try {
    return { content: gunzipSync(bytes).toString("utf8") };
  } catch {
    return { unreadable: "it is not gzip, as its compression says (Ignition refuses it)" };
  }
}

/**
 * The files an Ignition config writes (storage.files), or undefined when the user data is no Ignition config, or one
 * whose files are not all here: a config it merges, appends or replaces itself with (ignition.config.merge, append,
 * replace), which Ignition fetches at boot. A file's content is its contents' and, in order, each of its `append` resources' (Ignition
 * 3); in Ignition 2, `append: true` adds its contents to what the file holds. A content not read here (fetched at
 * boot, known only at apply) says why.
 */
export function ignitionFiles(userData: string): WrittenFile[] | undefined {
  if (!userData.trimStart().startsWith("{")) return undefined;
  let document: unknown;
  try {
    document = JSON.parse(userData);
  } catch {
    return undefined;
  }
  if (!isIgnition(document)) return undefined;
  const config = document.ignition.config;
  // Spec 3 merges configs (config.merge), spec 2 appends them (config.append); both replace it (config.replace).
  const fetchedAtBoot = (configs: unknown) => Array.isArray(configs) && configs.length > 0;
  if (isMap(config) && (fetchedAtBoot(config.merge) || fetchedAtBoot(config.append) || isMap(config.replace))) return undefined;
  const files = isMap(document.storage) ? document.storage.files : undefined;
  return (Array.isArray(files) ? files : []).flatMap((file): WrittenFile[] => {
    if (!isMap(file) || typeof file.path !== "string" || file.path === "") return [];
    const parts = [fetched(file.contents), ...(Array.isArray(file.append) ? file.append.map(fetched) : [])];
    const unreadable = parts.find((part) => "unreadable" in part);
    const appends = file.append === true ? { append: true as const } : {};
    if (unreadable && "unreadable" in unreadable) return [{ path: file.path, content: undefined, unreadable: unreadable.unreadable, ...appends }];
    return [{ path: file.path, content: parts.map((part) => ("content" in part ? part.content : "")).join(""), ...appends }];
  });
}
