import { gunzipSync } from "node:zlib";
import type { Violation } from "../engine/policy";
import { escapedForRegExp } from "../../lib/regexp";
import { textOfBase64InPart } from "./base64-in-part";
import { parseKubernetesYaml, parseKubernetesYamlDocuments, parsePyYaml } from "./go-yaml";
import { ignitionFiles } from "./ignition";
import type { TfResource } from "../engine/model";
import { isMap, isUnknown, memoized } from "./values";

/**
 * A file a cloud-config writes at boot; `content` is undefined when it is compressed (gzip) as bytes, so not readable
 * here, and `append` is set when the content goes at the end of what the file holds (cc_write_files.py: mode "ab").
 */
export interface WrittenFile {
  readonly path: string;
  readonly content: string | undefined;
  readonly append?: true;
  /** Why the content is not read, where that is not that it is written compressed (an Ignition file fetched at boot). */
  readonly unreadable?: string;
}

/** Why a file's content is not read here, said after its path. */
export const unreadableSaid = (file: WrittenFile): string => `${file.path} ${file.unreadable ? `is not read: ${file.unreadable}` : "is written compressed"}`;

/** The files a user data writes: an Ignition config's (ignitionFiles), or a cloud-config's (cloudConfigFiles). */
export function userDataFiles(written: unknown): WrittenFile[] | undefined {
  const userData = typeof written === "string" ? userDataAsSent(written) : written;
  return (typeof userData === "string" ? ignitionFiles(userData) : undefined) ?? cloudConfigFiles(written);
}

/**
 * A written file's YAML, as go-yaml v2 reads it: RKE2's config.yaml (k3s pkg/configfilearg reads it into a yaml.v2
 * MapSlice, a key written twice taking the later value) and the audit policy the API server decodes; or why it cannot
 * be read (written compressed, not YAML).
 */
export function writtenYaml(file: WrittenFile): { document: unknown } | { unreadable: string } {
  if (file.content === undefined) return { unreadable: unreadableSaid(file) };
  try {
    return { document: parseKubernetesYaml(file.content) };
  } catch {
    return { unreadable: `${file.path} is not YAML this check can read` };
  }
}

/**
 * A written file's YAML documents, as Kubernetes' tools read a file of several (kubeadm's configuration and patches,
 * cmd/kubeadm/app/util: SplitYAMLDocuments), empty ones left out; or why they cannot be read.
 */
export function writtenYamlDocuments(file: WrittenFile): { readonly documents: unknown[] } | { readonly unreadable: string } {
  if (file.content === undefined) return { unreadable: unreadableSaid(file) };
  try {
    return { documents: parseKubernetesYamlDocuments(file.content).filter((document) => document !== null && document !== undefined) };
  } catch {
    return { unreadable: `${file.path} is not YAML this check can read` };
  }
}

/**
 * The files a cloud-config user data writes, the user data read as the instance gets it (userDataAsSent), or undefined
 * when it holds no cloud-config (a script, a value known only at apply) or one whose files are not read here. A MIME
 * message is read part by part, its cloud-config parts merged as cloud-init merges them (cloudConfigParts,
 * mergedWriteFiles); a part cloud-init cannot load as YAML is skipped, as its handler skips it (handlers/cloud_config.py:
 * util.load_yaml gives None, an empty cloud config), unless it is known only in part, when it may load once rendered.
 * Each file is written as cc_write_files.py writes it (writtenFiles). cloud-init reads YAML with PyYAML (parsePyYaml).
 */
export function cloudConfigFiles(written: unknown): WrittenFile[] | undefined {
  const userData = typeof written === "string" ? userDataAsSent(written) : written;
  if (typeof userData !== "string") return undefined;
  const parts = cloudConfigParts(userData);
  if (!parts) return undefined;
  let files: unknown;
  for (const { text, headers } of parts) {
    const loaded = loadedAsPyYaml(text);
    if (!loaded) {
      if (isUnknown(text)) return undefined;
      continue;
    }
    const merged = mergedWriteFiles(files, loaded.value, headers);
    if (merged === notRead) return undefined;
    files = merged;
  }
  return writtenFiles(files);
}

/**
 * The files a cloud-config's write_files writes, as cc_write_files.py does: none but from a list, nor for an entry
 * without a path (write_files skips it); a content left out is an empty file, and one PyYAML gives as bytes (a
 * !!binary) is those bytes; an encoding is lowered and stripped (canonicalize_extraction): b64 or base64 is base64;
 * gz+b64, gzip+base64, gz+base64 or gzip+b64 is base64 of gzip; gz or gzip is gzip, which only bytes can hold; any
 * other is the text as written. Encoded text known only at apply (`${base64gzip(var.manifest)}`) is kept as written:
 * what it decodes to is known only at apply; the encoding's call on a text known in part (base64InPart:
 * `${base64encode("token: ${random_password.token.result}")}`) is that text. An entry that appends (`append`, read as util.get_cfg_option_bool reads
 * it) says so.
 */
export function writtenFiles(files: unknown): WrittenFile[] {
  return (Array.isArray(files) ? files : []).flatMap((file): WrittenFile[] => {
    if (!isMap(file) || typeof file.path !== "string" || file.path === "") return [];
    const { path, content, encoding } = file;
    const bytes = content instanceof Uint8Array ? Buffer.from(content) : undefined;
    const text = typeof content === "string" ? content : "";
    const coding = typeof encoding === "string" ? encoding.toLowerCase().trim() : "";
    const written = (decoded: string | undefined): WrittenFile[] => [{ path, content: decoded, ...(appends(file.append) ? { append: true as const } : {}) }];
    const base64 = (): Buffer => (bytes ? Buffer.from(bytes.toString("latin1"), "base64") : Buffer.from(text, "base64"));
    const isBase64 = coding === "b64" || coding === "base64";
    const isGzipBase64 = ["gz+b64", "gzip+base64", "gz+base64", "gzip+b64"].includes(coding);
    if ((isBase64 || isGzipBase64) && !bytes && isUnknown(text)) return written(textOfBase64InPart(isBase64 ? "base64encode" : "base64gzip", text) ?? text);
    if (isBase64) return written(base64().toString("utf8"));
    if (isGzipBase64) return written(gunzippedText(base64()));
    if (coding === "gz" || coding === "gzip") return written(bytes && gunzippedText(bytes));
    return written(bytes ? bytes.toString("utf8") : text);
  });
}

/**
 * What each path holds once files are written in order (cc_write_files.py): the last entry's content, or what an entry
 * that appends adds to the content before it (not read where either part is not, said as that part is).
 */
export function filesOnDisk(files: readonly WrittenFile[]): Map<string, WrittenFile> {
  const onDisk = new Map<string, WrittenFile>();
  for (const file of files) {
    const before = onDisk.get(file.path);
    onDisk.set(file.path, file.append && before ? appended(before, file) : file);
  }
  return onDisk;
}

/** A file's content with what an entry that appends adds; the part not read, where one is not. */
function appended(before: WrittenFile, file: WrittenFile): WrittenFile {
  const notRead = [before, file].find((part) => part.content === undefined);
  if (notRead) return { path: file.path, content: undefined, ...(notRead.unreadable ? { unreadable: notRead.unreadable } : {}) };
  return { path: file.path, content: `${before.content}${file.content}` };
}

/** Whether write_files' `append` is true, as cloud-init's util.translate_bool reads it: true, or a text that says so. */
const appends = (value: unknown): boolean =>
  value === true || (typeof value === "string" && ["true", "1", "on", "yes", "y"].includes(value.toLowerCase().trim()));

/** A MIME header, its name as written. */
type Header = readonly [name: string, value: string];

/** A header's value as Python's Message.get gives it: the first of that name, in any case. */
const header = (headers: readonly Header[], name: string): string | undefined => headers.find(([written]) => written.toLowerCase() === name)?.[1];

/**
 * The cloud-config parts of a user data, in order, with the headers each part's handler gets. cloud-init reads a user
 * data as a MIME message when "mime-version:" shows in its first 4096 bytes, in any case (user_data.py,
 * convert_string), and then every part of it (_process_msg walks the message, multipart or not: leafParts); any other
 * user data is one part typed by its start. Undefined when there is none.
 */
function cloudConfigParts(userData: string): { text: string; headers: readonly Header[] }[] | undefined {
  const isMime = /mime-version:/i.test(Buffer.from(userData).subarray(0, 4096).toString("latin1"));
  if (!isMime) return startsCloudConfig.test(userData) ? [{ text: userData, headers: [] }] : undefined;
  const message = mimePart(userData);
  const parts = (isMultipart(message.headers) ? leafParts(message) : [leaf(message)]).filter(({ type }) => type === "text/cloud-config");
  return parts.length > 0 ? parts : undefined;
}

/**
 * A text cloud-init takes for a cloud-config by its start, in any case and after any white space
 * (handlers/__init__.py, type_from_starts_with, which tries the longer starts first): #cloud-config, and whatever
 * follows it but -archive and -jsonp, which are types of their own.
 */
const startsCloudConfig = /^\s*#cloud-config(?!-archive|-jsonp)/i;

/**
 * A part of a MIME user data: its headers, its type as cloud-init takes it, its text as cloud-init reads it,
 * and whether that was encoded (in base64, or gzip).
 */
interface MimePart {
  readonly headers: readonly Header[];
  readonly type: string;
  readonly text: string;
  readonly encoded: boolean;
}

/**
 * The parts of a MIME multipart user data, or undefined when it is none, read whatever its head says (the texts it
 * holds are served as they are, whether or not cloud-init reads them as MIME): every part of the message, walked into
 * those nested in a part that is itself multipart (leafParts).
 */
function multipartParts(userData: string): MimePart[] | undefined {
  const message = mimePart(userData);
  return isMultipart(message.headers) ? leafParts(message) : undefined;
}

/** Whether a MIME entity is multipart, as Python's get_content_maintype reads its type (contentType). */
const isMultipart = (headers: readonly Header[]): boolean => contentType(headers).startsWith("multipart/");

/**
 * A MIME entity's type as Python's Message.get_content_type reads it: the first Content-Type's, before any parameter,
 * lowered and stripped; text/plain when there is none, or when it is no `type/subtype`.
 */
function contentType(headers: readonly Header[]): string {
  const type = (header(headers, "content-type") ?? "text/plain").split(";")[0]!.toLowerCase().trim();
  return type.split("/").length === 2 ? type : "text/plain";
}

/**
 * The leaf parts of a multipart entity, in order, walked into those nested in a part that is itself multipart: what
 * lies between its delimiter lines, after the first and up to the closing one (or to the end, where there is none, as
 * Python's parser reads it).
 */
function leafParts(message: { headers: readonly Header[]; body: string }): MimePart[] {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(header(message.headers, "content-type") ?? "")?.[1];
  if (!boundary) return [];
  const delimiter = escapedForRegExp(`--${boundary}`);
  const close = new RegExp(`(?:^|\\r?\\n)${delimiter}--[ \\t]*(?:\\r?\\n|$)`).exec(message.body);
  const chunks = message.body.slice(0, close?.index).split(new RegExp(`(?:^|\\r?\\n)${delimiter}[ \\t]*(?:\\r?\\n|$)`));
  return chunks.slice(1).flatMap((chunk): MimePart[] => {
    const part = mimePart(chunk);
    return isMultipart(part.headers) ? leafParts(part) : [leaf(part)];
  });
}

/** Types cloud-init uncompresses before it types a part by its start (user_data.py, DECOMP_TYPES). */
const gzipTypes = new Set([
  "application/gzip",
  "application/gzip-compressed",
  "application/gzipped",
  "application/x-compress",
  "application/x-compressed",
  "application/x-gunzip",
  "application/x-gzip",
  "application/x-gzip-compressed",
]);

/**
 * A leaf part as user_data.py's _process_msg reads it: decoded from its Content-Transfer-Encoding of base64
 * (util.fully_decoded_payload; Python's get_payload compares it lowered, as written), uncompressed when its type is a
 * gzip one, and then typed by its start (type_from_starts_with: #cloud-config), as is a part given as text/plain,
 * text/x-not-multipart or text/x-shellscript (every script starts with #!: TYPE_NEEDED and x-shellscript), or with no
 * type. An uncompressed part is a new one, with none of its headers but a file name and a launch index.
 */
function leaf(part: { headers: readonly Header[]; body: string }): MimePart {
  const declared = contentType(part.headers);
  const base64 = (header(part.headers, "content-transfer-encoding") ?? "").toLowerCase() === "base64";
  const bytes = base64 ? Buffer.from(part.body, "base64") : undefined;
  const gunzipped = bytes && gzipTypes.has(declared) ? gunzippedText(bytes) : undefined;
  const text = gunzipped ?? bytes?.toString("utf8") ?? part.body;
  const typedByStart = gunzipped !== undefined || ["text/plain", "text/x-not-multipart", "text/x-shellscript"].includes(declared);
  const type = typedByStart && startsCloudConfig.test(text) ? "text/cloud-config" : declared;
  return { headers: gunzipped === undefined ? part.headers : [], type, text, encoded: base64 };
}

/**
 * The commands a user data runs, each as one text: every runcmd and bootcmd entry of its cloud-configs (an entry
 * written as a list, its words joined; cc_runcmd.py, cc_bootcmd.py), and every line of its shell scripts (a part typed
 * text/x-shellscript, or a user data that starts with #!), a here-document taken with the line that opens it.
 */
export const userDataCommands = (userData: string): string[] => commandsOf(commandsRun(userData));

const commandsOf = (parts: readonly CommandsPart[]): string[] =>
  parts.flatMap(({ script, config }) => script ?? [...listed(config?.runcmd), ...listed(config?.bootcmd)]);

/**
 * The commands, each followed by the commands of a shell script the user data writes (`files`) that it runs by its
 * path, one level down (`/usr/local/sbin/install-rke2`, `sh /root/setup.sh`, `sudo bash -e /root/setup.sh`): what runs
 * on a node whose cloud-config installs its software from a script it writes.
 */
export function withScriptsRun(commands: readonly string[], files: readonly WrittenFile[]): string[] {
  if (files.length === 0) return [...commands];
  return commands.flatMap((command) => {
    const path = /^\s*(?:sudo\s+)?(?:(?:ba|da|z)?sh\s+(?:-\w+\s+)*)?(\/[^\s;&|]+)/.exec(command)?.[1];
    const script = path === undefined ? undefined : files.find((file) => file.path === path)?.content;
    return script === undefined || isUnknown(script) ? [command] : [command, ...scriptCommands(script)];
  });
}

/**
 * The commands a user data runs once write_files has written its files, in order: its shell scripts' lines, then
 * runcmd's entries, as cloud-init's final stage runs them (cc_scripts_user runs the instance's scripts in name order,
 * part-001 before runcmd); not bootcmd's, which run before write_files (cloud_init_modules: bootcmd, then write_files).
 * Each script starts with its `#!` line, runcmd's too, as cc_runcmd writes it (util.shellify: `#!/bin/sh`): each runs
 * in a shell of its own.
 */
const afterFilesOf = (parts: readonly CommandsPart[]): string[] => {
  const runcmd = parts.flatMap(({ config }) => listed(config?.runcmd));
  return [...parts.flatMap(({ script }) => script ?? []), ...(runcmd.length > 0 ? ["#!/bin/sh", ...runcmd] : [])];
};

/**
 * A node's user data as the instance gets it (undefined where it is no text), the commands it runs (userDataCommands,
 * followed into the scripts it writes and runs: withScriptsRun), those that run once write_files wrote its files
 * (commandsAfterFiles), and the files it writes (userDataFiles): read once per instance, which several readers share.
 */
export interface UserDataRead {
  readonly text: string | undefined;
  readonly commands: readonly string[];
  readonly commandsAfterFiles: readonly string[];
  readonly files: readonly WrittenFile[] | undefined;
}

export const userDataRead = memoized((instance: TfResource): UserDataRead => {
  const userData = instance.values.user_data;
  const text = typeof userData === "string" ? userDataAsSent(userData) : undefined;
  const files = userDataFiles(userData);
  if (text === undefined) return { text, commands: [], commandsAfterFiles: [], files };
  const parts = commandsRun(text);
  return { text, commands: withScriptsRun(commandsOf(parts), files ?? []), commandsAfterFiles: afterFilesOf(parts), files };
});

/** The parts of a user data that run commands: a shell script's lines, or a cloud-config loaded. */
type CommandsPart = { readonly script?: string[]; readonly config?: Record<string, unknown> };

function commandsRun(userData: string): CommandsPart[] {
  const message = multipartParts(userData);
  const parts = message ?? [
    { type: startsCloudConfig.test(userData) ? "text/cloud-config" : userData.startsWith("#!") ? "text/x-shellscript" : "", text: userData },
  ];
  return parts.flatMap(({ type, text }): CommandsPart[] => {
    if (type.startsWith("text/x-shellscript") || (type !== "text/cloud-config" && text.startsWith("#!"))) return [{ script: scriptCommands(text) }];
    const config = type === "text/cloud-config" ? loadedCloudConfig(text) : undefined;
    return config ? [{ config }] : [];
  });
}

/** A runcmd or bootcmd list's entries, each as one text (an entry written as a list, its words joined). */
const listed = (commands: unknown): string[] =>
  Array.isArray(commands) ? commands.map((command) => (Array.isArray(command) ? command.map(String).join(" ") : String(command))) : [];

/** A command as a message shows it: its first line, at most 100 characters. */
export const commandShown = (command: string): string => command.trim().split("\n")[0]!.slice(0, 100);

/** A cloud-config part loaded as cloud-init loads it (PyYAML), when it is a map; undefined when it does not load as one. */
function loadedCloudConfig(text: string): Record<string, unknown> | undefined {
  const config = loadedAsPyYaml(text)?.value;
  return isMap(config) ? config : undefined;
}

/**
 * The cloud-config texts read last, as PyYAML loads them (parsePyYaml), or refused where it cannot: the policies read
 * one instance's user data for its files, its commands and its encoded texts in turn, and each text is loaded once. The
 * values are shared, and read only.
 */
const recentlyLoaded = new Map<string, { readonly value: unknown } | { readonly refused: true }>();

/** A cloud-config text as PyYAML loads it (parsePyYaml); undefined where it cannot. */
function loadedAsPyYaml(text: string): { readonly value: unknown } | undefined {
  let loaded = recentlyLoaded.get(text);
  if (loaded === undefined) {
    try {
      loaded = { value: parsePyYaml(text) };
    } catch {
      loaded = { refused: true };
    }
    recentlyLoaded.set(text, loaded);
    if (recentlyLoaded.size > 32) recentlyLoaded.delete(recentlyLoaded.keys().next().value!);
  }
  return "value" in loaded ? loaded : undefined;
}

/** The commands of a shell script, line by line, a here-document (`<<END` to END) joined to the line that opens it. */
export function scriptCommands(script: string): string[] {
  const commands: string[] = [];
  const lines = script.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /<<-?\s*['"]?([A-Za-z_]\w*)['"]?/.exec(line);
    if (!heredoc) {
      commands.push(line);
      continue;
    }
    const end = lines.findIndex((each, j) => j > i && each.trim() === heredoc[1]);
    const last = end === -1 ? lines.length - 1 : end;
    commands.push(lines.slice(i, last + 1).join("\n"));
    i = last;
  }
  return commands;
}

/**
 * The texts a user data holds where a literal may not show in its own text, as the instance decodes them: the parts
 * of a MIME multipart message written in base64 (multipartParts), numbered as they come, and the files each of its
 * cloud-configs writes (write_files, which may be in base64 or gzip; those written as they are come again), every one,
 * whether or not cloud-init would merge it in: the user data is served whole. Each is named for a message.
 */
export function encodedTexts(userData: string): { text: string; of: string }[] {
  const message = multipartParts(userData);
  const parts = (message ?? []).flatMap((part, i) => (part.encoded ? [{ text: part.text, of: `part ${i + 1} of the user data` }] : []));
  const configs = (message ? message.filter(({ type }) => type === "text/cloud-config") : (cloudConfigParts(userData) ?? [])).map(({ text }) => text);
  const files = configs.flatMap((text) =>
    writtenFiles(loadedCloudConfig(text)?.write_files).flatMap(({ path, content }) =>
      content === undefined ? [] : [{ text: content, of: `the file ${path} the user data writes` }],
    ),
  );
  return [...parts, ...files];
}

/**
 * A MIME entity as Python's email parser reads it (email/feedparser.py, _parse_headers): its headers, each line that
 * starts with a name of printable characters but a colon (no space before it) followed by a colon, folded lines joined,
 * up to the first empty line or the first line that is no header, where its body starts; a line that starts with a
 * colon, a folded line with no header before it, or an envelope's `From ` line, is left out.
 */
function mimePart(text: string): { headers: Header[]; body: string } {
  const headers: Header[] = [];
  let folds = false;
  let at = 0;
  while (at < text.length) {
    const end = /\r?\n|$/.exec(text.slice(at))!;
    const line = text.slice(at, at + end.index);
    const next = at + end.index + end[0].length;
    if (line === "") return { headers, body: text.slice(next) };
    if (/^[ \t]/.test(line)) {
      const last = headers.at(-1);
      if (folds && last) headers[headers.length - 1] = [last[0], `${last[1]} ${line.trim()}`.trim()];
    } else if (line.startsWith("From ")) folds = false;
    else {
      const field = /^([\x21-\x39\x3b-\x7e]*):(.*)$/.exec(line);
      if (!field) break;
      folds = field[1] !== "";
      if (folds) headers.push([field[1]!, field[2]!.replace(/^[ \t]+/, "")]);
    }
    at = next;
  }
  return { headers, body: text.slice(at) };
}

/**
 * A cloud-config part's mergers (mergers/__init__.py): those its merge_how (or, without one, its merge_type) writes
 * (dict_extract_mergers), then those of its Merge-Type header (or, empty or absent, X-Merge-Type's), which its handler
 * reads by that name as written (handlers/cloud_config.py, _extract_mergers, from the part's headers as a dict), and
 * `dict(replace)+list()+str()` when there is none. Undefined when cloud-init cannot build them (a ValueError or an
 * ImportError), for which its handler skips the part.
 */
function partMergers(config: Record<string, unknown>, headers: readonly Header[]): readonly Merger[] | undefined {
  const own = writtenMergers(config.merge_how ?? config.merge_type);
  const named = (name: string) => (headers.some(([written]) => written === name) ? (header(headers, name.toLowerCase()) ?? "") : "");
  const fromHeader = textMergers(named("Merge-Type") || named("X-Merge-Type"));
  if (own === undefined || fromHeader === undefined) return undefined;
  const mergers = [...own, ...fromHeader];
  if (mergers.length === 0) return textMergers("dict(replace)+list()+str()");
  // construct: a name is that of a module m_<name>, of which cloud-init has m_dict, m_list and m_str.
  return mergers.every(({ name }) => ["dict", "list", "str"].includes(name)) ? mergers : undefined;
}

/**
 * A merger: its module's name (dict, list or str), and its options, found in them as Python's `in` finds them: an
 * option in a list, or a word in a text (settings written as one string).
 */
interface Merger {
  readonly name: string;
  readonly options: readonly unknown[] | string;
}

const has = (merger: Merger | undefined, option: string): boolean =>
  merger !== undefined && (typeof merger.options === "string" ? merger.options.includes(option) : merger.options.includes(option));

/** A module name as construct finds it: m_dict is dict. */
const moduleName = (name: string): string => (name.startsWith("m_") ? name.slice(2) : name);

/**
 * Mergers written as text (string_extract_mergers): `name(option,…)` joined with +, lowered, `-` read as `_`;
 * undefined when one is not so written.
 */
function textMergers(text: string): Merger[] | undefined {
  const mergers: Merger[] = [];
  for (const written of text.split("+")) {
    const canonical = written.toLowerCase().trim().replace(/-/g, "_");
    if (!canonical) continue;
    const match = /^([a-z_][a-z0-9_]*)\((.*?)\)$/.exec(canonical);
    if (!match) return undefined;
    const options = match[2]!
      .trim()
      .split(",")
      .map((option) => option.trim())
      .filter((option) => option !== "");
    mergers.push({ name: moduleName(match[1]!), options });
  }
  return mergers;
}

/**
 * Mergers a cloud-config writes (dict_extract_mergers): a text (textMergers), or a list of mergers, each
 * `{name, settings}` (its name with `-` read as `_`, stripped) or `[name, option…]` as written; undefined where Python
 * fails on one (a missing key, an empty list, a value of another kind).
 */
function writtenMergers(written: unknown): Merger[] | undefined {
  if (written === undefined || written === null) return [];
  if (typeof written === "string") return textMergers(written);
  if (!Array.isArray(written)) return undefined;
  const mergers: Merger[] = [];
  for (const merger of written) {
    let name: unknown;
    let options: unknown;
    if (isMap(merger)) {
      if (typeof merger.name !== "string" || !("settings" in merger)) return undefined;
      name = merger.name.replace(/-/g, "_").trim();
      options = merger.settings;
    } else if ((Array.isArray(merger) || typeof merger === "string") && merger.length > 0) {
      [name, options] = [merger[0], merger.slice(1)];
    } else return undefined;
    if (!name) continue;
    if (typeof name !== "string" || !(typeof options === "string" || Array.isArray(options))) return undefined;
    mergers.push({ name: moduleName(name), options });
  }
  return mergers;
}

/** A cloud-config whose write_files are not read here: merged by options this reader does not follow. */
const notRead = Symbol("not read");

/**
 * The write_files a cloud-config part leaves, merged into those of the parts before it (undefined while none wrote
 * any) as cloud-init's mergers merge the part into the config (cloudinit/mergers): by the first dict merger of the
 * part's (partMergers), none of which skips the part (the config has no merger for a dict); a dict merger replaces a
 * key with `replace` among its options, else keeps it (no_replace, its default, m_dict.py), and merges two lists with
 * recurse_list (or recurse_array) by the first list merger (none keeps the earlier): append, prepend, replace (its
 * default) item by item, the part's items beyond the earlier list's length dropped, or no_replace (m_list.py, _on_list).
 * A null write_files with allow_delete removes the key.
 * `notRead` where the merge goes into what a list holds or a value of another kind.
 */
function mergedWriteFiles(earlier: unknown, config: unknown, headers: readonly Header[]): unknown {
  if (!isMap(config)) return earlier;
  const mergers = partMergers(config, headers);
  const dict = mergers?.find(({ name }) => name === "dict");
  if (!dict || !("write_files" in config)) return earlier;
  const files = config.write_files;
  if (earlier === undefined) return files;
  if (files === null && has(dict, "allow_delete")) return undefined;
  if (has(dict, "replace")) return files;
  if (!Array.isArray(files) || !(has(dict, "recurse_list") || has(dict, "recurse_array"))) return earlier;
  const list = mergers!.find(({ name }) => name === "list");
  if (!list) return earlier;
  if (!Array.isArray(earlier)) return notRead;
  if (has(list, "append")) return [...earlier, ...files];
  if (has(list, "prepend")) return [...files, ...earlier];
  if (has(list, "no_replace") && !has(list, "replace")) return earlier;
  if (has(list, "recurse_dict") || has(list, "recurse_list") || has(list, "recurse_array") || has(list, "recurse_str")) return notRead;
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

/** A policy's outcome on a node's user data where it cannot conclude. */
export const userDataNotEvaluable = (message: string): Violation[] => [{ outcome: "cannot-evaluate", message, path: "user_data" }];

/**
 * What a configuration file a node's user data writes (`file`, a `what` such as "audit policy") says is wrong, by `fault` (in
 * words after "the <what> at <path>", or what of it is known only at apply), or why it cannot be read: its message, and
 * whether it is a finding or not evaluable; undefined where it holds nothing wrong.
 */
export function writtenFileFault(
  what: string,
  file: WrittenFile,
  fault: (document: unknown) => string | { readonly unknown: string } | undefined,
): { readonly message: string; readonly evaluable: boolean } | undefined {
  const parsed = writtenYaml(file);
  if ("unreadable" in parsed) return { message: `${parsed.unreadable}: the ${what} cannot be read`, evaluable: false };
  const found = fault(parsed.document);
  if (typeof found === "object") return { message: `the ${what} at ${file.path}: ${found.unknown}`, evaluable: false };
  return found === undefined ? undefined : { message: `the ${what} at ${file.path} ${found}`, evaluable: true };
}

/** What a configuration file a node's user data writes says is wrong (writtenFileFault), as the node's findings. */
export function writtenFileViolations(
  what: string,
  file: WrittenFile,
  fault: (document: unknown) => string | { readonly unknown: string } | undefined,
): Violation[] {
  const found = writtenFileFault(what, file, fault);
  if (found === undefined) return [];
  return found.evaluable ? [{ message: found.message, path: "user_data" }] : userDataNotEvaluable(found.message);
}
