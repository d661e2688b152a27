import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parse, parseAllDocuments, parseDocument, type Scalar, type Tags, visit } from "yaml";
import { withIndentedContinuations } from "./yaml-continuations";

/**
 * YAML 1.1's booleans, which go-yaml v2 keeps: yes, no, on, off, y and n in any of their cases (yaml.org/type/bool.html).
 * Quoted, they stay strings.
 */
const yaml11Bool = {
  tag: "tag:yaml.org,2002:bool",
  default: true,
  test: /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  resolve: (text: string) => /^(?:y|yes|true|on)$/i.test(text),
};

/**
 * YAML 1.1's numbers as go-yaml v2 resolves a plain scalar (resolve.go): underscores dropped, then Go's
 * strconv.ParseInt with base 0 (`0x`, `0o`, `0b` in either case, and a leading `0` for octal), else ParseFloat on what
 * looks like a float. kubectl gives [256, 5, 1000, 80, 31, 15, 0, 1000.5] for
 * `[0400, 0b101, 1_000, 080, 0x1_F, 0O17, 0_, 1_000.5]` (`kubectl create --dry-run=client -o json`): `080`, no octal,
 * is read as a float, 80.
 */
const yaml11Number = {
  tag: "tag:yaml.org,2002:int",
  default: true,
  test: /^[-+]?(?:0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9_]+)?)$/,
  resolve: (text: string): number | string => {
    const plain = text.replaceAll("_", "");
    const sign = plain.startsWith("-") ? -1 : 1;
    const digits = plain.replace(/^[-+]/, "");
    const based = /^0([xXoObB])(.+)$/.exec(digits);
    const base = based ? { x: 16, o: 8, b: 2 }[based[1]!.toLowerCase() as "x" | "o" | "b"] : digits.length > 1 && digits.startsWith("0") ? 8 : 10;
    const body = based ? based[2]! : base === 8 ? digits.slice(1) : digits;
    const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base]!;
    if (valid.test(body)) {
      // Beyond 64 bits, ParseInt and ParseUint both fail: a number written with a base stays text, one in decimals is a float.
      const exact = BigInt(sign) * BigInt(base === 10 ? body : `0${{ 2: "b", 8: "o", 16: "x" }[base]}${body}`);
      // Go's integers have no -0.
      if (exact >= -(2n ** 63n) && exact < 2n ** 64n) return sign * Number.parseInt(body, base) + 0;
      if (base !== 10) return text;
    }
    // yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$; a float out of range (1e400) stays text, as
    // ParseFloat fails on it.
    if (!/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) return text;
    const float = Number.parseFloat(plain);
    return Number.isFinite(float) ? float : text;
  },
};

/**
 * A cloud-config as cloud-init reads it, with PyYAML's SafeLoader (cloudinit/safeyaml.py): YAML 1.1's booleans (yes, no,
 * on, off; not y and n, which PyYAML's resolver leaves text), merge keys (`<<`) under the keys written, and a key written
 * twice taking the later value (SafeConstructor.construct_mapping sets each key as it meets it); numbers as YAML 1.2's
 * core schema reads them, which no policy on a cloud-config reads.
 */
export const parsePyYaml = (text: string): unknown => {
  const options = { merge: true, uniqueKeys: false, customTags: (tags: Tags) => [pyYamlBool, ...tags] };
  let value: unknown;
  try {
    value = parse(text, options);
  } catch (error) {
    const indented = withIndentedContinuations(text);
    if (indented === undefined) throw error;
    value = parse(indented, options);
  }
  refuseCycles(value, new Set());
  return value;
};

const pyYamlBool = { ...yaml11Bool, test: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/ };

/** An alias inside its own anchor's value (`a: &x [*x]`) would make a value that never ends, which no reader here walks. */
function refuseCycles(value: unknown, ancestors: Set<object>): void {
  if (value === null || typeof value !== "object") return;
  if (ancestors.has(value)) throw new Error("an alias refers to its anchor from inside the anchor's own value");
  ancestors.add(value);
  for (const item of Array.isArray(value) ? value : Object.values(value)) refuseCycles(item, ancestors);
  ancestors.delete(value);
}

/**
 * YAML as Kubernetes and Helm read it (sigs.k8s.io/yaml, over go-yaml v2): kubectl's manifests, Helm's values and the
 * objects a chart renders. YAML 1.1's booleans and integers (`defaultMode: 0400` is 256), merge keys applied
 * in order (kubernetesValue), and a key written twice taking the later value, as kubectl takes it.
 */
export function parseKubernetesYaml(text: string): unknown {
  const document = parseDocument(text, kubernetesOptions);
  const indented = document.errors[0] ? withIndentedContinuations(text) : undefined;
  const read = indented === undefined ? document : parseDocument(indented, kubernetesOptions);
  if (read.errors[0]) throw document.errors[0];
  return kubernetesValue(read);
}

const kubernetesOptions = { merge: false, uniqueKeys: false, prettyErrors: false, customTags: (tags: Tags) => [yaml11Bool, yaml11Number, ...tags] };

/**
 * A document's value as go-yaml v2 decodes it, walking its maps in the order their keys are written. A key written
 * twice takes the later value, where it is written; a merge key (`<<`) sets the keys of the map it names over those
 * before it, and the keys after it win (decode.go mapping: d.merge, then each later key); of a list of maps merged, the
 * earlier win (d.merge steps backwards). So kubectl reads `{privileged: false, <<: {privileged: true}}` as true, which
 * the yaml library's own merge (every explicit key wins) reads as false. Aliases expand at most 10,000 times in all.
 */
export function kubernetesValue(document: Document.Parsed): unknown {
  let aliases = 0;
  const resolving = new Set<unknown>();
  if (document.directives?.yaml.explicit && document.directives.yaml.version !== "1.1")
    throw new SyntaxError(`found incompatible YAML document: go-yaml v2 reads %YAML 1.1 only, not ${document.directives.yaml.version}`);
  const nodeValue = (node: unknown, isKey = false): unknown => {
    if (isAlias(node)) {
      if (++aliases > 10_000) throw new ReferenceError("Excessive alias count indicates a resource exhaustion attack");
      const target = node.resolve(document);
      if (target === undefined) throw new YamlValueError(`unknown anchor '${node.source}' referenced`, node);
      // go-yaml refuses it too: "anchor 'x' value contains itself".
      if (resolving.has(target)) throw new ReferenceError(`anchor '${node.source}' value contains itself`);
      resolving.add(target);
      const value = nodeValue(target);
      resolving.delete(target);
      return value;
    }
    if (isScalar(node)) return scalarValue(node, isKey);
    if (isSeq(node)) return node.items.map((item) => nodeValue(item));
    // An entry of an ordered map (!!omap, !!pairs) is a map of one key.
    if (isPair(node)) return { [String(nodeValue(node.key, true))]: nodeValue(node.value) };
    if (!isMap(node)) return node ?? null;
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = nodeValue(pair.key, true);
      const value = nodeValue(pair.value);
      if (!isMergeKey(pair.key)) {
        // sigs.k8s.io/yaml turns keys into JSON's strings: a map, a list or null is no key there.
        if (key === null || typeof key === "object") throw new TypeError(`${key === null ? "a null" : "a map or list as a"} key, which kubectl refuses`);
        out[String(key)] = value;
        continue;
      }
      const sources = Array.isArray(value) ? [...value].reverse() : [value];
      if (sources.some((source) => source === null || typeof source !== "object" || Array.isArray(source)))
        throw new TypeError("map merge requires map or sequence of maps as the value");
      for (const source of sources) Object.assign(out, source);
    }
    return out;
  };
  return nodeValue(document.contents);
}

/** What kubectl refuses in a document's value, with the place of the node that holds it. */
export class YamlValueError extends Error {
  readonly offset: number | undefined;
  constructor(message: string, node: { range?: readonly number[] | null }) {
    super(message);
    this.offset = node.range?.[0];
  }
}

/**
 * A scalar's value as kubectl sends it, in JSON: a number JSON cannot hold (.inf, .nan) refused, as encoding/json
 * refuses it; !!binary as the text of its bytes, and !!timestamp as written, as go-yaml v2 decodes them into an
 * interface; an explicit !!int, !!float, !!bool or !!null on a scalar that does not read as one refused (resolve.go),
 * except an integer tagged !!float, which is that number.
 */
function scalarValue(node: Scalar, isKey: boolean): unknown {
  const { value, tag } = node;
  if (typeof value === "number" && !Number.isFinite(value)) {
    // sigs.k8s.io/yaml writes such a key as go-yaml writes the number (yaml.go, convertToJSONableObject).
    if (isKey) return value > 0 ? ".inf" : value < 0 ? "-.inf" : ".nan";
    throw new YamlValueError(
      `a number JSON cannot hold, which kubectl refuses to send (json: unsupported value: ${value > 0 ? "+Inf" : value < 0 ? "-Inf" : "NaN"})`,
      node,
    );
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  if (value instanceof Date) return node.source;
  const expected = tag === undefined ? undefined : explicitKinds[tag];
  if (expected === undefined) return value;
  const read = plainValue(String(node.source ?? ""));
  const kind = read === null ? "null" : typeof read === "boolean" ? "bool" : typeof read !== "number" ? "str" : Number.isInteger(read) ? "int" : "float";
  if (kind === expected || (expected === "float" && kind === "int")) return read;
  // go-yaml quotes the text, which a report must not carry: it may be a secret.
  throw new YamlValueError(`a !!${kind} tagged !!${expected}, which go-yaml cannot decode as one`, node);
}

const explicitKinds: Readonly<Record<string, string>> = {
  "tag:yaml.org,2002:int": "int",
  "tag:yaml.org,2002:float": "float",
  "tag:yaml.org,2002:bool": "bool",
  "tag:yaml.org,2002:null": "null",
};

/** What a plain scalar of this text reads as, untagged. */
const plainValue = (text: string): unknown => (text === "" ? null : (parseDocument(text, kubernetesOptions).contents as Scalar | null)?.value);

/** A merge key as go-yaml v2 reads one: `<<` plain and untagged, or tagged `!!merge` however it is quoted. */
const isMergeKey = (key: unknown): boolean =>
  isScalar(key) && key.source === "<<" && (key.tag === "tag:yaml.org,2002:merge" || (key.tag === undefined && key.type === "PLAIN"));

/**
 * Whether go-yaml v3 writes a string holding a line break as a literal block, as go-cty-yaml asks: not where a space
 * ends a line or the text, nor where it holds a tab or a character YAML cannot print, which it writes double-quoted
 * (emitterc.go, yaml_emitter_analyze_scalar: space_break, trailing_space, tab_characters, special_characters).
 */
const asLiteralBlock = (text: string): boolean =>
  text.includes("\n") && !/ \n| $|\t/.test(text) && [...text].every((character) => printable(character.codePointAt(0)!));

/**
 * YAML as Terraform's yamlencode writes it (go-cty-yaml): keys in lexical order and double-quoted, strings
 * double-quoted, or as literal blocks when they hold a line break (asLiteralBlock), sequences not indented under their
 * key; a literal block alone indented as one under a key (terraform console 1.11: yamlencode("a\nb\n") is "|\n  a\n  b\n");
 * a double-quoted string folded where go-yaml folds it (foldedAsGoYaml). A value held twice is written twice: go-cty-yaml
 * writes no anchor nor alias (terraform console 1.11).
 */
export function stringifyGoYaml(value: unknown): string {
  if (typeof value === "string" && asLiteralBlock(value)) return stringifyGoYaml({ "": value }).replace(/^"": /, "");
  const document = new Document(value, { sortMapEntries: true, aliasDuplicateObjects: false });
  visit(document, {
    Scalar(key, node) {
      if (typeof node.value === "string") node.type = key !== "key" && asLiteralBlock(node.value) ? "BLOCK_LITERAL" : "QUOTE_DOUBLE";
    },
  });
  return foldedAsGoYaml(document.toString({ indentSeq: false, lineWidth: 0 }));
}

/** go-yaml's best width: a double-quoted scalar is folded at the first space past it (emitterc.go, best_width). */
const bestWidth = 80;

/** A line of YAML as stringifyGoYaml writes it: its indentation, its sequence dashes, a double-quoted key, and what follows. */
const yamlLine = /^( *)((?:- )*)(?:("(?:[^"\\]|\\.)*"):(?: |$))?(.*)$/s;

/** A double-quoted scalar, whole. */
const quotedScalar = /^"(?:[^"\\]|\\.)*"$/s;

/**
 * The double-quoted keys and values of a text written on one line each (lineWidth 0), written again as go-yaml v3
 * writes them (doubleQuoted); a value goes on indented two past the key or the dash that holds it. A literal block's
 * lines are left as they are.
 */
function foldedAsGoYaml(text: string): string {
  let blockIndent: number | undefined;
  return text
    .split("\n")
    .map((line) => {
      const indent = line.length - line.trimStart().length;
      if (blockIndent !== undefined && (line.trim() === "" || indent >= blockIndent)) return line;
      blockIndent = undefined;
      const [, spaces = "", dashes = "", key, rest = ""] = yamlLine.exec(line) ?? [];
      const owner = spaces.length + (key ? dashes.length : Math.max(0, dashes.length - 2));
      if (/^\|[0-9]?[-+]?$/.test(rest)) blockIndent = owner + 1;
      const goKey = key === undefined ? "" : `${doubleQuoted(parse(key) as string)}:${rest === "" ? "" : " "}`;
      const column = spaces.length + dashes.length + goKey.length;
      const value = quotedScalar.test(rest) ? doubleQuoted(parse(rest) as string, { column, indent: owner + 2 }) : rest;
      return `${spaces}${dashes}${goKey}${value}`;
    })
    .join("\n");
}

/**
 * Whether go-yaml takes a character as printable (yamlh.go, is_printable): a line feed, ASCII's printable, #xA0 to
 * #xD7FF, #xE000 to #xFFFD but the byte order mark; no character beyond the BMP.
 */
const printable = (code: number): boolean =>
  code === 0x0a || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff);

/** Whether go-yaml writes a character as it is in a double-quoted scalar: a printable one that is no line break, quote or backslash. */
const writtenAsIs = (code: number): boolean => printable(code) && ![0x0a, 0x22, 0x5c, 0x2028, 0x2029].includes(code);

/** go-yaml's escapes (emitterc.go, yaml_emitter_write_double_quoted_scalar). */
const escapes: Readonly<Record<number, string>> = {
  0: "0",
  7: "a",
  8: "b",
  9: "t",
  10: "n",
  11: "v",
  12: "f",
  13: "r",
  27: "e",
  34: '"',
  92: "\\",
  133: "N",
  160: "_",
  8232: "L",
  8233: "P",
};

const escaped = (code: number): string =>
  `\\${escapes[code] ?? (code <= 0xff ? `x${hex(code, 2)}` : code <= 0xffff ? `u${hex(code, 4)}` : `U${hex(code, 8)}`)}`;

const hex = (code: number, digits: number): string => code.toString(16).toUpperCase().padStart(digits, "0");

/**
 * A string double-quoted as go-yaml v3 writes it (emitterc.go, yaml_emitter_write_double_quoted_scalar): escapes where
 * a character is not written as it is (writtenAsIs); and, where it may fold (a value, written from `column`), at a
 * space that follows no space, neither the first nor the last character, once the line has passed the best width, a
 * line break in its place, the line going on at `indent`, with a backslash to keep a space that comes next.
 */
function doubleQuoted(value: string, folding?: { readonly column: number; readonly indent: number }): string {
  const characters = [...value];
  let out = '"';
  let at = (folding?.column ?? 0) + 1;
  let afterSpace = false;
  characters.forEach((character, i) => {
    const code = character.codePointAt(0)!;
    if (character === " " && folding && !afterSpace && at > bestWidth && i !== 0 && i !== characters.length - 1) {
      out += `\n${" ".repeat(folding.indent)}${characters[i + 1] === " " ? "\\" : ""}`;
      at = folding.indent + (characters[i + 1] === " " ? 1 : 0);
    } else {
      const written = writtenAsIs(code) ? character : escaped(code);
      out += written;
      at += written === character ? 1 : written.length;
    }
    afterSpace = character === " ";
  });
  return `${out}"`;
}

/** Every document of a multi-document text (`---` between them), each read as parseKubernetesYaml reads one. */
export const parseKubernetesYamlDocuments = (text: string): unknown[] => kubernetesYamlDocuments(text).documents.map(kubernetesValue);

/**
 * The documents of a multi-document text, parsed as parseKubernetesYaml parses each (read their values with
 * kubernetesValue), with their errors and places (`lineCounter`), and the text their ranges are offsets in: the text
 * given, or the text with its continuation lines indented, which has the same lines, not the same offsets. kubectl
 * splits the text at every line that starts with `---` followed by nothing but blanks or a comment (k8s.io/apimachinery
 * util/yaml, YAMLReader): `---#` is one.
 */
export function kubernetesYamlDocuments(text: string, lineCounter?: LineCounter): { documents: Document.Parsed[]; text: string } {
  const parsed = (source: string, counter?: LineCounter): Document.Parsed[] => [
    ...parseAllDocuments(withKubectlSeparators(source), { ...kubernetesOptions, ...(counter ? { lineCounter: counter } : {}) }),
  ];
  const documents = parsed(text, lineCounter);
  // Continuation lines go-yaml takes at any indentation (withIndentedContinuations), read again indented.
  const indented = documents.some((document) => document.errors.length > 0) ? withIndentedContinuations(text) : undefined;
  if (indented === undefined) return { documents, text };
  const counter = new LineCounter();
  const again = parsed(indented, counter);
  if (again.some((document) => document.errors.length > 0)) return { documents, text };
  lineCounter?.lineStarts.splice(0, lineCounter.lineStarts.length, ...counter.lineStarts);
  return { documents: again, text: indented };
}

/** The text with each separator kubectl splits at written as YAML writes one (`---#x` as `--- #x`), lines unchanged. */
export const withKubectlSeparators = (text: string): string => text.replace(/^---#/gm, "--- #");

/**
 * Whether a document starts a chunk kubectl decodes: kubectl splits the text at its separators only, and decodes the
 * first document of each chunk (a document after `...` with no `---` before it is not applied).
 */
export const startsChunk = (text: string, previous: Document.Parsed | undefined, document: Document.Parsed): boolean =>
  previous === undefined || /^---(?=[ \t#\r]|$)/m.test(text.slice(previous.range[1], (document.contents?.range?.[0] ?? document.range[1]) + 1));
