import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Scalar } from "yaml";
import { withIndentedContinuations } from "./yaml-continuations";
import { isStandardBase64 } from "./values";

/**
 * YAML as Terraform's yamldecode reads it: go-cty-yaml 1.1 (zclconf/go-cty-yaml, resolve.go resolveScalar and decode.go
 * unmarshal), which resolves scalars its own way, neither as go-yaml v2 nor as YAML 1.2:
 * - YAML 1.1's booleans (yes, on, n...), `~` and null; `.inf` is infinity and `.nan` refused;
 * - integers in decimals (`0400` is 400), `0o17` and `0x1F`; `0b101`, `1_000` and a signed `-0x1F` stay text;
 * - a date or a time (`2001-12-14`) is text in RFC 3339 (`2001-12-14T00:00:00Z`);
 * - a quoted scalar is always text, whatever its tag; `!!binary` stays its base64 text; other tags are refused;
 * - a key written twice takes the later value, and a merge key (`<<`, even quoted) sets the keys of the map it names
 *   over those before it (not a list of maps); a key must be a scalar and not null;
 * - exactly one document.
 * `terraform console` holds this on the corpus of test/policies/yaml-corpus.json (test/policies/yaml-readers.test.ts).
 */
export function terraformYamlDecode(text: string): unknown {
  const read = (source: string) => parseAllDocuments(source === "" ? "\n" : source, { schema: "failsafe", uniqueKeys: false, merge: false, strict: false });
  let documents = read(text);
  // Continuation lines libyaml takes at any indentation, read again indented (yaml-continuations.ts).
  if (Array.isArray(documents) && documents.some((document) => document.errors.length > 0)) {
    const indented = withIndentedContinuations(text);
    if (indented !== undefined) documents = read(indented);
  }
  if (!Array.isArray(documents) || documents.length === 0) throw new Error("expecting value but found end of stream");
  if (documents.length > 1) throw new Error("only a single document is allowed");
  const document = documents[0]!;
  if (document.errors[0]) throw document.errors[0];
  if (document.directives?.yaml.explicit && document.directives.yaml.version !== "1.1") throw new Error("found incompatible YAML document");
  return new Decoding().value(document.contents);
}

const tag = (name: string) => `tag:yaml.org,2002:${name}`;
const resolvableTags = new Set(["str", "bool", "int", "float", "null", "timestamp", "binary"].map(tag));

/** What a scalar `<<` is: a merge as a mapping's key, the text "<<" anywhere else. */
const merge = Symbol("merge");

class Decoding {
  private readonly anchors = new Map<string, unknown>();
  private readonly pending = new Set<string>();

  value(node: unknown): unknown {
    if (isAlias(node)) {
      if (this.pending.has(node.source)) throw new Error(`cannot refer to anchor "${node.source}" from inside its own definition`);
      if (!this.anchors.has(node.source)) throw new Error(`reference to undefined anchor "${node.source}"`);
      return this.anchors.get(node.source);
    }
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) this.pending.add(anchor);
    const value = this.unanchored(node);
    if (anchor) {
      this.pending.delete(anchor);
      this.anchors.set(anchor, value);
    }
    return value;
  }

  private unanchored(node: unknown): unknown {
    if (node === null || node === undefined) return null;
    if (isScalar(node)) {
      const value = scalar(node);
      return value === merge ? "<<" : value;
    }
    if (isSeq(node)) {
      if (node.tag && node.tag !== tag("seq")) throw new Error(`can't interpret sequence as ${node.tag}`);
      return node.items.map((item) => this.value(item));
    }
    if (!isMap(node)) throw new Error("unexpected YAML node");
    if (node.tag && node.tag !== tag("map")) throw new Error(`can't interpret mapping as ${node.tag}`);
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (pair.key !== null && !isScalar(pair.key)) throw new Error("only strings are allowed as mapping keys");
      const key = pair.key === null ? null : scalar(pair.key);
      if (key === merge) {
        const merged = this.value(pair.value);
        if (merged === null || typeof merged !== "object" || Array.isArray(merged))
          throw new Error("cannot merge a value that is not a mapping into a mapping");
        Object.assign(out, merged);
        continue;
      }
      if (key === null) throw new Error("mapping key cannot be null");
      if (typeof key === "object") throw new Error("only strings are allowed as mapping keys");
      out[typeof key === "number" ? numberKey(key) : String(key)] = this.value(pair.value);
    }
    return out;
  }
}

/** A number as cty converts it to a string key. */
const numberKey = (value: number): string =>
  Number.isFinite(value) ? (Number.isInteger(value) ? BigInt(value).toString() : String(value)) : value > 0 ? "+Inf" : "-Inf";

/** The values a plain scalar's whole text stands for (resolve.go: resolveMap). */
const resolveMap: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ...["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"].map((text): [string, unknown] => [text, true]),
  ...["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"].map((text): [string, unknown] => [text, false]),
  ...["", "~", "null", "Null", "NULL"].map((text): [string, unknown] => [text, null]),
  ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map((text): [string, unknown] => [text, Number.POSITIVE_INFINITY]),
  ...["-.inf", "-.Inf", "-.INF"].map((text): [string, unknown] => [text, Number.NEGATIVE_INFINITY]),
]);

/** The kind of a scalar's first character, which decides how a plain one is read (resolve.go: resolveTable). */
function hint(text: string): string | undefined {
  if (text === "") return "N";
  const first = text[0]!;
  if (first === "+" || first === "-") return "S";
  if (first >= "0" && first <= "9") return "D";
  if ("yYnNtTfFoO~".includes(first)) return "M";
  return first === "." ? "." : undefined;
}

const integerLiteral = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const floatLiteral = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** cty.ParseNumberVal: a decimal number as math/big reads one in base 10 (no prefix, no underscore), or an infinity. */
function parseNumberVal(text: string): number | undefined {
  if (/^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  const infinity = /^([-+]?)(?:inf|Inf)$/.exec(text);
  return infinity ? (infinity[1] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY) : undefined;
}

/** strconv.ParseInt or ParseUint with base 0, in 64 bits: `0x`, `0o`, `0b` and a leading `0` for octal. */
function parseGoInteger(text: string): number | undefined {
  const match = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!match) return undefined;
  const digits = match[2]!;
  const exact = BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits) * (match[1] === "-" ? -1n : 1n);
  return exact >= -(2n ** 63n) && exact < 2n ** 64n ? Number(exact) : undefined;
}

/** A scalar as go-cty-yaml resolves it (resolve.go: resolveScalar). */
function scalar(node: Scalar): unknown {
  // The text as written, unescaped: the value the yaml library resolves from it is not go-cty-yaml's.
  const text = node.source ?? String(node.value ?? "");
  let explicit = node.tag ?? "";
  if (explicit !== "" && !resolvableTags.has(explicit)) throw new Error(`unsupported tag "${explicit}"`);
  const quoted = node.type === "QUOTE_SINGLE" || node.type === "QUOTE_DOUBLE";
  const kind = hint(text);
  if (kind !== undefined && explicit !== tag("str") && explicit !== tag("binary")) {
    if (quoted) return text;
    if (resolveMap.has(text)) return resolveMap.get(text);
    if (explicit === "" && [".nan", ".NaN", ".NAN"].includes(text)) throw new Error("floating point NaN is not supported");
    if (kind === ".") {
      const number = parseNumberVal(text);
      if (number !== undefined) return number;
    } else if (kind === "D" || kind === "S") {
      if (explicit === "" || explicit === tag("timestamp")) {
        const time = timestamp(text);
        if (time !== undefined) return time;
      }
      if (integerLiteral.test(text)) explicit = tag("int");
      else if (floatLiteral.test(text)) explicit = tag("float");
    }
  }
  if (explicit === "" && text === "<<") return merge;
  switch (explicit) {
    case tag("binary"):
      // Go's decoder skips line breaks.
      if (!isStandardBase64(text.replace(/[\r\n]/g, ""))) throw new Error(`cannot parse the scalar as ${explicit}: not valid base64`);
      return text;
    case tag("str"):
    case "":
      return text;
    case tag("bool"): {
      const value = resolveMap.get(text);
      if (typeof value !== "boolean") throw new Error(`cannot parse the scalar as ${explicit}`);
      return value;
    }
    case tag("int"):
    case tag("float"): {
      const plain = text.replaceAll("_", "");
      const number = parseNumberVal(plain) ?? parseGoInteger(plain);
      if (number === undefined) throw new Error(`cannot parse the scalar as ${explicit}`);
      return number;
    }
    case tag("timestamp"): {
      const time = timestamp(text);
      if (time === undefined) throw new Error(`cannot parse the scalar as ${explicit}`);
      return time;
    }
    default:
      return null;
  }
}

/**
 * A date or a time in one of the layouts go-cty-yaml takes (resolve.go: allowedTimestampFormats, Go's time.Parse), written
 * in RFC 3339 as Go's time.Format writes it: seconds without their fraction, `Z` for UTC and for no zone.
 */
function timestamp(text: string): string | undefined {
  if (!/^[0-9]{4}-/.test(text)) return undefined;
  const match =
    /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]{1,9})?(Z|[-+][0-9]{2}:[0-9]{2}))|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]{1,9})?))?$/.exec(
      text,
    );
  if (!match) return undefined;
  const [year, month, day] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  const [hour, minute, second] = (match[4] === undefined ? [match[8], match[9], match[10]] : [match[4], match[5], match[6]]).map((part) =>
    Number(part ?? 0),
  ) as [number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = match[7];
  if (zone !== undefined && zone !== "Z" && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4)) > 59)) return undefined;
  const two = (value: number) => String(value).padStart(2, "0");
  const offset = zone === undefined || zone === "Z" || /^[-+]00:00$/.test(zone) ? "Z" : zone;
  return `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}${offset}`;
}
