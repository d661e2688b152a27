import { gunzipSync } from "node:zlib";
import { escapedForRegExp } from "../../lib/regexp";
import { parseKubernetesYaml, parsePyYaml } from "./go-yaml";

/** A file a cloud-config writes at boot; `content` is undefined when it is compressed (gzip) as bytes, so not readable here. */
export interface WrittenFile {
  readonly path: string;
  readonly content: string | undefined;
}

/**
 * A written file's YAML, as go-yaml v2 reads it: RKE2's config.yaml (k3s pkg/configfilearg reads it into a yaml.v2
 * MapSlice, a key written twice taking the later value) and the audit policy the API server decodes; or why it cannot
 * be read (written compressed, not YAML).
 */
export function writtenYaml(file: WrittenFile): { document: unknown } | { unreadable: string } {
  if (file.content === undefined) return { unreadable: `${file.path} is written compressed` };
  try {
    return { document: parseKubernetesYaml(file.content) };
  } catch {
    return { unreadable: `${file.path} is not YAML this check can read` };
  }
}

/**
 * The files a cloud-config user data writes, the user data read as the instance gets it (userDataAsSent), or undefined
 * when it holds no cloud-config (a script, a value known only at apply). A MIME multipart message (cloudinit_config's)
 * is read part by part, its cloud-config parts merged as cloud-init merges them (cloudConfigParts, mergedWriteFiles).
 * cloud-init's write_files module decodes an `encoding` of b64 or base64, and gz and gz+b64 are gzip. cloud-init reads
 * YAML with PyYAML (parsePyYaml).
 */
export function cloudConfigFiles(written: unknown): WrittenFile[] | undefined {
  const userData = typeof written === "string" ? userDataAsSent(written) : written;
  if (typeof userData !== "string") return undefined;
  const parts = cloudConfigParts(userData);
  if (!parts) return undefined;
  let files: unknown[] | undefined;
  for (const { text, mergeType } of parts) {
    let config: unknown;
    try {
      config = parsePyYaml(text);
    } catch {
      return undefined;
    }
    files = mergedWriteFiles(files, config, mergeType);
  }
  return (files ?? []).flatMap((file): WrittenFile[] => {
    if (typeof file !== "object" || file === null || typeof (file as { path?: unknown }).path !== "string") return [];
    const { path, content, encoding } = file as { path: string; content?: unknown; encoding?: unknown };
    const text = typeof content === "string" ? content : "";
    const coding = typeof encoding === "string" ? encoding.toLowerCase() : "";
    if (coding === "b64" || coding === "base64") return [{ path, content: Buffer.from(text, "base64").toString("utf8") }];
    // gz+b64 is base64 of gzip; gz alone holds the bytes as a YAML binary, which is not read here.
    if (coding === "gz+b64" || coding === "gzip+base64" || coding === "gz+base64" || coding === "gzip+b64")
      return [{ path, content: gunzippedText(Buffer.from(text, "base64")) }];
    if (coding.startsWith("gz")) return [{ path, content: undefined }];
    return [{ path, content: text }];
  });
}

/**
 * The cloud-configs a user data holds, in order: itself when it starts with #cloud-config, or the cloud-config parts of
 * a MIME multipart message (multipartParts), with the merge type each part's header gives (handlers/cloud_config.py
 * reads Merge-Type or X-Merge-Type). Undefined when there is none.
 */
function cloudConfigParts(userData: string): { text: string; mergeType?: string }[] | undefined {
  if (startsCloudConfig.test(userData)) return [{ text: userData }];
  const parts = multipartParts(userData)?.flatMap(({ headers, type, text }) => {
    if (type !== "text/cloud-config") return [];
    const mergeType = headers.get("merge-type") ?? headers.get("x-merge-type");
    return [mergeType === undefined ? { text } : { text, mergeType }];
  });
  return parts && parts.length > 0 ? parts : undefined;
}

/**
 * A text cloud-init takes for a cloud-config by its start, in any case (type_from_starts_with lowers the payload), not
 * #cloud-config-archive nor -jsonp.
 */
const startsCloudConfig = /^\s*#cloud-config(?![-\w])/i;

/**
 * A part of a MIME multipart user data: its headers, its type as cloud-init takes it, its text as cloud-init reads it,
 * and whether that was encoded (in base64, or gzip).
 */
interface MimePart {
  readonly headers: ReadonlyMap<string, string>;
  readonly type: string;
  readonly text: string;
  readonly encoded: boolean;
}

/**
 * The parts of a MIME multipart user data, as cloudinit/user_data.py's _process_msg reads them, or undefined when it
 * is none: every part of the message, walked into those nested in a part that is itself multipart, each decoded from
 * its Content-Transfer-Encoding (util.fully_decoded_payload) and uncompressed when gzip; a part given as text/plain,
 * text/x-not-multipart, text/x-shellscript or gzip, or with no header, is typed by its start (type_from_starts_with:
 * #cloud-config).
 */
function multipartParts(userData: string): MimePart[] | undefined {
  const message = mimePart(userData);
  return message && isMultipart(message.headers) ? leafParts(message) : undefined;
}

const isMultipart = (headers: ReadonlyMap<string, string>): boolean => /^multipart\//i.test(headers.get("content-type") ?? "");

function leafParts(message: { headers: ReadonlyMap<string, string>; body: string }): MimePart[] {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(message.headers.get("content-type") ?? "")?.[1];
  if (!boundary) return [];
  const delimiter = `--${boundary}`;
  const chunks = message.body.split(new RegExp(`(?:^|\\r?\\n)${escapedForRegExp(delimiter)}(?:--)?[ \\t]*(?:\\r?\\n|$)`));
  return chunks.slice(1, -1).flatMap((chunk): MimePart[] => {
    // A part whose first line is no header has none, its body starting there (as Python's email parser reads it).
    const part = mimePart(chunk) ?? { headers: new Map<string, string>(), body: chunk };
    if (isMultipart(part.headers)) return leafParts(part);
    const base64 = /^base64$/i.test(part.headers.get("content-transfer-encoding") ?? "");
    const bytes = base64 ? Buffer.from(part.body, "base64") : undefined;
    const gunzipped = bytes && gunzippedText(bytes);
    const text = gunzipped ?? bytes?.toString("utf8") ?? part.body;
    const declared = (part.headers.get("content-type") ?? "text/plain").split(";")[0]!.trim().toLowerCase();
    // A shell script's type is checked too: every script starts with #! (user_data.py, TYPE_NEEDED and x-shellscript).
    const typedByStart = gunzipped !== undefined || ["text/plain", "text/x-not-multipart", "text/x-shellscript"].includes(declared);
    const type = typedByStart && startsCloudConfig.test(text) ? "text/cloud-config" : declared;
    return [{ headers: part.headers, type, text, encoded: base64 }];
  });
}

/**
 * The texts a user data holds where a literal may not show in its own text, as the instance decodes them: the parts
 * of a MIME multipart message written in base64 (multipartParts), numbered as they come, and the files a cloud-config
 * writes (its write_files, which may be in base64 or gzip; those written as they are come again), each named for a
 * message.
 */
export function encodedTexts(userData: string): { text: string; of: string }[] {
  const parts = (multipartParts(userData) ?? []).flatMap((part, i) => (part.encoded ? [{ text: part.text, of: `part ${i + 1} of the user data` }] : []));
  const files = (cloudConfigFiles(userData) ?? []).flatMap(({ path, content }) =>
    content === undefined ? [] : [{ text: content, of: `the file ${path} the user data writes` }],
  );
  return [...parts, ...files];
}

/**
 * A MIME entity: its headers (names in lower case) up to the first empty line, and its body; a part that starts with
 * the empty line has none (RFC 2046, 5.1: text/plain then). Undefined when its head is not headers.
 */
function mimePart(text: string): { headers: Map<string, string>; body: string } | undefined {
  const blank = /^\r?\n/.exec(text);
  if (blank) return { headers: new Map(), body: text.slice(blank[0].length) };
  const end = /\r?\n\r?\n/.exec(text);
  const head = end ? text.slice(0, end.index) : text;
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n(?![ \t])/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) return undefined;
    headers.set(
      line.slice(0, colon).trim().toLowerCase(),
      line
        .slice(colon + 1)
        .replace(/\r?\n[ \t]+/g, " ")
        .trim(),
    );
  }
  return { headers, body: end ? text.slice(end.index + end[0].length) : "" };
}

/**
 * A cloud-config's own merge type, as a string: written as one, or as a list of mergers by name and settings
 * ([{name: list, settings: [append]}], mergers/__init__.py, dict_extract_mergers).
 */
function mergeSpec(written: unknown): string | undefined {
  if (typeof written === "string") return written;
  if (!Array.isArray(written)) return undefined;
  return written
    .map((merger) => {
      const [name, ...settings] = Array.isArray(merger)
        ? merger
        : typeof merger === "object" && merger !== null
          ? [(merger as { name?: unknown }).name, ...((merger as { settings?: unknown[] }).settings ?? [])]
          : [];
      return `${String(name).replace(/-/g, "_").trim()}(${settings.join(",")})`;
    })
    .join("+");
}

/**
 * The write_files a cloud-config part leaves, merged into those of the parts before it as cloud-init's mergers do
 * (cloudinit/mergers: m_dict.py, m_list.py), by the part's merge type (merge_how or merge_type in it, else its header,
 * else `dict(replace)+list()+str()`): a dict that replaces takes the part's list whole; one that does not (no_replace)
 * keeps the earlier list, or merges the two with the list's method when told to recurse into lists (append, prepend,
 * or replace item by item).
 */
function mergedWriteFiles(earlier: unknown[] | undefined, config: unknown, header: string | undefined): unknown[] | undefined {
  const written = typeof config === "object" && config !== null ? (config as Record<string, unknown>) : {};
  const files = written.write_files;
  if (!Array.isArray(files)) return earlier;
  if (!earlier) return files;
  const spec = mergeSpec(written.merge_how ?? written.merge_type) ?? header ?? "dict(replace)+list()+str()";
  const options = (name: string) => (new RegExp(`${name}\\(([^)]*)\\)`).exec(String(spec))?.[1] ?? "").split(",").map((option) => option.trim());
  const dict = options("dict");
  if (!dict.includes("no_replace") || dict.includes("replace")) return files;
  if (!dict.includes("recurse_array") && !dict.includes("recurse_list")) return earlier;
  const list = options("list");
  if (list.includes("append")) return [...earlier, ...files];
  if (list.includes("prepend")) return [...files, ...earlier];
  if (list.includes("no_replace")) return earlier;
  // Item by item: the part's items beyond the earlier list's length are dropped (m_list.py, _on_list).
  return earlier.map((file, i) => (i < files.length ? files[i] : file));
}

/**
 * The text an instance gets as user data: user data already in base64 (base64encode, base64gzip) is passed on as it
 * is, and Nova decodes it (gophercloud servers/requests.go, UserData), so it is read decoded, and gunzipped when it is
 * gzip, as cloud-init reads it (cloudinit/user_data.py: decomp_gzip on the raw user data); anything else as written.
 */
export const userDataAsSent = (value: string): string => base64Decoded(value);

/** A text written in base64 (base64encode, or base64gzip's gzip), decoded; any other text as it is. */
export function base64Decoded(value: string): string {
  const compact = value.replace(/\s+/g, "");
  if (compact.length < 8 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return value;
  const decoded = gunzippedText(Buffer.from(compact, "base64")) ?? Buffer.from(compact, "base64").toString("utf8");
  return decoded.includes("\uFFFD") ? value : decoded;
}

/** The text of gzip bytes (they start with 1f 8b, RFC 1952), or undefined for other bytes or a stream that does not inflate. */
function gunzippedText(bytes: Buffer): string | undefined {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return undefined;
  try {
    return gunzipSync(bytes).toString("utf8");
  } catch {
    return undefined;
  }
}
