import { gunzipSync } from "node:zlib";
import { parseGoYaml } from "./go-yaml";

/** A file a cloud-config writes at boot; `content` is undefined when it is compressed (gzip) as bytes, so not readable here. */
export interface WrittenFile {
  readonly path: string;
  readonly content: string | undefined;
}

/** A written file's YAML, as Go's YAML reader reads it; or why it cannot be read (written compressed, not YAML). */
export function writtenYaml(file: WrittenFile): { document: unknown } | { unreadable: string } {
  if (file.content === undefined) return { unreadable: `${file.path} is written compressed` };
  try {
    return { document: parseGoYaml(file.content) };
  } catch {
    return { unreadable: `${file.path} is not YAML this check can read` };
  }
}

/**
 * The files a cloud-config user data writes, the user data read as the instance gets it (userDataAsSent), or undefined
 * when it is not a cloud-config (a script, a MIME multipart, a value known only at apply). cloud-init's write_files
 * module decodes an `encoding` of b64 or base64, and gz and gz+b64 are gzip. cloud-init reads YAML with PyYAML, whose
 * booleans are YAML 1.1's, as go-yaml's are.
 */
export function cloudConfigFiles(written: unknown): WrittenFile[] | undefined {
  const userData = typeof written === "string" ? userDataAsSent(written) : written;
  if (typeof userData !== "string" || !/^\s*#cloud-config\b/.test(userData)) return undefined;
  let config: unknown;
  try {
    config = parseGoYaml(userData);
  } catch {
    return undefined;
  }
  const files = (config as { write_files?: unknown } | null)?.write_files;
  if (!Array.isArray(files)) return [];
  return files.flatMap((file): WrittenFile[] => {
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
 * The text an instance gets as user data: user data already in base64 (base64encode, base64gzip) is passed on as it
 * is, and Nova decodes it (gophercloud servers/requests.go, UserData), so it is read decoded, and gunzipped when it is
 * gzip, as cloud-init reads it (cloudinit/user_data.py: decomp_gzip on the raw user data); anything else as written.
 */
export function userDataAsSent(value: string): string {
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
