import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { readRegularFile } from "../../lib/files";
import { posix, resolve } from "node:path";
import ipaddr from "ipaddr.js";
import { stringifyGoYaml } from "../lib/go-yaml";
import { terraformYamlDecode } from "../lib/terraform-yaml";
import { isStandardBase64 } from "../lib/values";

import type { Expression } from "./hcl-expression";
import { parseTemplate } from "./hcl-expression";
import { typeMismatch, withType } from "./type-constraints";
import { fileset } from "./fileset";
import { kubernetesFunctions } from "./kubernetes-functions";
import { recordDecoded, recordParts, recordRendering, recordText, shownFile } from "./text-sources";
import {
  type Scope,
  type Value,
  asBool,
  asNumber,
  asString,
  entries,
  equal,
  evaluate,
  isKnown,
  isSet,
  isPrimitive,
  markedAs,
  markedAsSet,
  noNames,
  numberText,
  partlyKnown,
  sameDirectory,
  toStrings,
  unknown,
  withUnknownRest,
  within,
  whereErrorsAreCaught,
} from "./hcl-evaluate";

/**
 * Terraform's pure built-in functions (developer.hashicorp.com/terraform/language/functions), those configurations use
 * to compute the values policies judge. A function not listed gives an unknown value: never a guessed one.
 */
type BuiltIn = (args: Value[], scope: Scope) => Value;

/**
 * A function refusing its arguments, in words that quote none of them: the reports say them (a value may be a secret,
 * so an error that quotes one is named only by its function).
 */
export class Refusal extends Error {}

const text = (value: Value): string => asString(value) as string;

/** Where a path given to a file function is on disk: relative to the configuration's working directory (Scope.directory). */
const onDisk = (scope: Scope, path: Value): string => resolve(scope.directory ?? ".", text(path));
const number = (value: Value): number => asNumber(value) as number;
/** A list, set or tuple argument; a map or an object is refused, as every function that takes a list refuses one (terraform console 1.11: `can(tolist({port = 22}))` is false). */
const list = (value: Value): Value[] => {
  if (!Array.isArray(value)) throw new Error("expected a list, set or tuple");
  return value;
};
const object = (value: Value): Record<string, Value> => {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("expected a map or object");
  return value as Record<string, Value>;
};
/**
 * A value as Terraform's jsonencode writes it: an object's keys in lexical order ("10" before "9", which JSON.stringify
 * would swap), and <, >, &, U+2028 and U+2029 escaped (developer.hashicorp.com/terraform/language/functions/jsonencode).
 */
function jsonText(value: Value): string {
  if (Array.isArray(value)) return `[${value.map(jsonText).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${jsonText(key)}:${jsonText((value as Record<string, Value>)[key]!)}`)
      .join(",")}}`;
  if (typeof value === "number") return numberText(value);
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Whether a list holds a value. */
const holds = (items: Value[], value: Value | undefined): boolean => items.some((item) => equal(item, value));
const distinct = (items: Value[]): Value[] => items.filter((item, index) => items.findIndex((other) => equal(other, item)) === index);

/**
 * A set as cty orders it: strings in lexical order, numbers ascending, false before true; primitives of mixed types
 * become strings first (toset([3, "a"]) is ["3", "a"]). Other elements (objects) keep their order, which cty leaves to
 * a hash.
 */
export function asSet(items: Value[]): Value[] {
  const values = unified(items);
  if (!values.every(isPrimitive)) return markedAsSet(distinct(values));
  return markedAsSet((distinct(values) as (string | number | boolean)[]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The elements of a list, set or map as tolist, toset and tomap convert them to one type (toStrings). */
export const unified = (items: Value[]): Value[] => toStrings(items) ?? items;

/**
 * Go's simple case mapping, one character for one, which Terraform's upper and lower use: "ß" stays "ß" where
 * JavaScript's full mapping gives "SS".
 */
const simpleCase = (value: string, map: (character: string) => string): string =>
  [...value]
    .map((character) => {
      const mapped = map(character);
      return [...mapped].length === 1 ? mapped : character;
    })
    .join("");

/**
 * Go's strings.Title, which Terraform's title uses: a letter after a separator is upper-cased. ASCII letters, digits
 * and "_" are not separators, other ASCII characters are; beyond ASCII, letters and digits are not, spaces are.
 */
function titled(value: string): string {
  const separator = (character: string) =>
    character.charCodeAt(0) <= 0x7f ? !/[0-9A-Za-z_]/.test(character) : !/[\p{L}\p{Nd}]/u.test(character) && /\s/u.test(character);
  let previous = " ";
  return [...value]
    .map((character) => {
      const mapped = separator(previous) ? simpleCase(character, (c) => c.toUpperCase()) : character;
      previous = character;
      return mapped;
    })
    .join("");
}

/** A `%s`, `%d`, `%v`, `%q`, `%f` format, as Terraform's `format` (github.com/hashicorp/go-cty, function/stdlib/format.go). */
function format(pattern: string, args: Value[]): string {
  let next = 0;
  let used = 0;
  // An argument index before the verb (`%[2]s`, `%6.2[1]f`) takes that argument, and the next verb the one after it.
  const verbs = /%(%|([-+ #0]*)(\d*)(?:\.(\d+))?(?:\[(\d+)\])?([\s\S]?))/g;
  const formatted = pattern.replace(
    verbs,
    (whole: string, spec: string, flags = "", width = "", precision: string | undefined, index: string | undefined, verb = "") => {
      if (spec === "%") return "%";
      // Go's verbs that cty takes (terraform console 1.11: "unsupported format verb", "invalid format string").
      if (!/^[sdvqftbxXoeEgG]$/.test(verb)) throw new Refusal(`format: ${verb === "" ? "the text ends with %" : `%${verb} is no verb it takes`}`);
      if (index !== undefined) next = Number(index) - 1;
      if (next < 0 || next >= args.length) throw new Error(`format: not enough arguments for "${whole}"`);
      const arg = args[next++]!;
      used = Math.max(used, next);
      let formatted = formatOne(verb, arg, precision, flags);
      const numeric = "dfbxXoeEgG".includes(verb);
      if (numeric && !formatted.startsWith("-") && flags.includes("+")) formatted = `+${formatted}`;
      const size = Number(width);
      if (formatted.length >= size) return formatted;
      if (flags.includes("-")) return formatted.padEnd(size);
      return flags.includes("0") && numeric ? formatted.replace(/^([-+]?)/, (sign) => sign + "0".repeat(size - formatted.length)) : formatted.padStart(size);
    },
  );
  // An argument no verb takes (terraform console 1.11: "too many arguments; only 1 used by format string").
  if (used < args.length) throw new Refusal("format: more arguments than its verbs take");
  return formatted;
}

/** The whole number an integer verb takes (terraform console 1.11: format("%d", 1.5) fails, "an integer is required"). */
function integer(verb: string, arg: Value): number {
  const value = number(arg);
  if (!Number.isInteger(value)) throw new Refusal(`format: %${verb} takes an integer`);
  return value;
}

/** Go's fmt verbs, which cty's format follows (go-cty function/stdlib/format.go): %d %f %e %g %b %o %x %X %s %q %t %v. */
function formatOne(verb: string, arg: Value, precision: string | undefined, flags: string): string {
  const digits = precision === undefined ? undefined : Number(precision);
  switch (verb) {
    case "d":
      return String(integer(verb, arg));
    case "b":
    case "o":
    case "x":
    case "X": {
      const written = integer(verb, arg).toString({ b: 2, o: 8, x: 16, X: 16 }[verb]);
      return verb === "X" ? written.toUpperCase() : written;
    }
    case "f":
      return fixed(number(arg), digits ?? 6);
    case "e":
    case "E": {
      const written = exponential(number(arg), digits ?? 6);
      return verb === "E" ? written.toUpperCase() : written;
    }
    case "g":
    case "G": {
      const written = general(number(arg), digits);
      return verb === "G" ? written.toUpperCase() : written;
    }
    case "q":
      return JSON.stringify(text(arg));
    case "t":
      return String(asBool(arg));
    case "v":
      // %#v writes JSON, strings quoted; %v writes a number as %g does.
      if (typeof arg === "number") return general(arg, undefined);
      return flags.includes("#") || (typeof arg === "object" && arg !== null) ? JSON.stringify(arg) : text(arg);
    default:
      return text(arg);
  }
}

/**
 * A number with `digits` decimals as Go writes it: a value exactly halfway is rounded to even ("%.0f" of 2.5 is "2",
 * "%.1f" of 2.25 is "2.2"), where JavaScript's toFixed rounds up. toFixed with more digits gives the exact decimals.
 */
function fixed(value: number, digits: number): string {
  const exact = Math.abs(value).toFixed(Math.min(100, digits + 30));
  const cut = exact.indexOf(".") + 1 + digits;
  const tie = exact[cut] === "5" && /^0*$/.test(exact.slice(cut + 1));
  if (!tie) return value.toFixed(digits);
  const kept = exact.slice(0, digits === 0 ? cut - 1 : cut);
  const even = Number(kept.replace(".", "").slice(-1)) % 2 === 0;
  const magnitude = even ? kept : (Number(kept) + 10 ** -digits).toFixed(digits);
  return value < 0 ? `-${magnitude}` : magnitude;
}

/** Go's exponent: at least two digits ("1.234500e+03" where JavaScript writes "1.2345e+3"). */
const goExponent = (written: string): string => written.replace(/e([+-])(\d)$/, "e$10$2");

const exponential = (value: number, digits: number): string => goExponent(value.toExponential(digits));

/**
 * Go's %g: the shortest form (or `digits` significant digits), with an exponent when it is below -4 or at least the
 * precision (6 for the shortest).
 */
function general(value: number, digits: number | undefined): string {
  if (value === 0) return "0";
  const significant = digits === 0 ? 1 : digits;
  const [mantissa, exponent] = (significant === undefined ? value.toExponential() : value.toExponential(significant - 1)).split("e");
  const trimmed = mantissa!.includes(".") ? mantissa!.replace(/\.?0+$/, "") : mantissa!;
  const power = Number(exponent);
  if (power < -4 || power >= (significant ?? 6)) return goExponent(`${trimmed}e${power < 0 ? "-" : "+"}${Math.abs(power)}`);
  return String(Number(`${trimmed}e${power}`));
}

/** The namespaces uuidv5 names (RFC 4122, appendix C), by Terraform's names for them. */
const uuidNamespaces: Record<string, string> = {
  dns: "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
  url: "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
  oid: "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
  x500: "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
};

/** A name-based UUID (RFC 4122 version 5: SHA-1 of the namespace's bytes and the name), as Terraform's uuidv5 gives it. */
function uuidV5(namespace: string, name: string): string {
  const space = uuidNamespaces[namespace] ?? namespace;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(space)) throw new Error(`uuidv5: "${namespace}" is not a namespace or a UUID`);
  const hash = createHash("sha1")
    .update(Buffer.from(space.replace(/-/g, ""), "hex"))
    .update(name, "utf8")
    .digest()
    .subarray(0, 16);
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** RE2's ASCII classes (github.com/google/re2/wiki/Syntax, "ASCII character classes") as JavaScript ranges. */
const asciiClasses: Readonly<Record<string, string>> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/**
 * A regular expression of Terraform (RE2 syntax, github.com/google/re2/wiki/Syntax) in JavaScript: named groups
 * `(?P<name>...)`, flags that lead the pattern (`(?i)`, `(?s)`, `(?m)`), `\A` and `\z`, ASCII classes (`[[:space:]]`).
 * What JavaScript cannot say the same way (flags further on, `(?U)`, `\pL`, `\Q...\E`, negated ASCII classes) gives
 * undefined: the value is then unknown rather than wrong. So does a repeated group that holds a repetition or a choice
 * (`(a+)+`, `(a|aa)+`): RE2 matches it in linear time, JavaScript's backtracking engine can take exponential time.
 */
function re2(pattern: string, flags = ""): RegExp | undefined {
  const leading = /^\(\?([ims]+)\)/.exec(pattern);
  let source = "";
  let inClass = false;
  let unsupported = false;
  // For each open group, whether it holds an unbounded repetition (*, +, {n,}) or a choice (|).
  const groups: boolean[] = [];
  const unbounded = (at: number) => /^(?:[*+]|\{\d+,\})/.test(pattern.slice(at));
  for (let i = leading?.[0].length ?? 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    const rest = pattern.slice(i);
    if (char === "\\" && i + 1 < pattern.length) {
      const escaped = pattern[++i]!;
      if ("QEpPC".includes(escaped)) unsupported = true;
      source += !inClass && escaped === "A" ? "(?<![\\s\\S])" : !inClass && escaped === "z" ? "(?![\\s\\S])" : `\\${escaped}`;
    } else if (inClass) {
      const ascii = /^\[:(\^?)(\w+):\]/.exec(rest);
      if (ascii) {
        if (ascii[1] || !(ascii[2]! in asciiClasses)) unsupported = true;
        source += asciiClasses[ascii[2]!] ?? ascii[0];
        i += ascii[0].length - 1;
        continue;
      }
      if (char === "]") inClass = false;
      source += char;
    } else if (char === "[") {
      // RE2 reads a ] first in a class as itself; JavaScript ends the class there.
      const negated = pattern[i + 1] === "^";
      if (pattern[i + (negated ? 2 : 1)] === "]") unsupported = true;
      inClass = true;
      source += negated ? "[^" : "[";
      if (negated) i++;
    } else if (rest.startsWith("(?P<")) {
      groups.push(false);
      source += "(?<";
      i += 3;
    } else {
      if (/^\(\?[a-zA-Z-]+[:)]/.test(rest)) unsupported = true;
      if (char === "(") groups.push(false);
      else if (char === ")") {
        const repeats = groups.pop() ?? false;
        if (repeats && unbounded(i + 1)) unsupported = true;
        if (repeats && groups.length > 0) groups[groups.length - 1] = true;
      } else if ((char === "|" || unbounded(i)) && groups.length > 0) groups[groups.length - 1] = true;
      source += char;
    }
  }
  return unsupported ? undefined : new RegExp(source, flags + (leading?.[1] ?? ""));
}

/** What `regex` and `regexall` give for one match: the match, the list of its groups, or the map of its named groups. */
function matchValue(match: RegExpExecArray): Value {
  if (match.groups) return Object.fromEntries(Object.entries(match.groups).map(([name, group]) => [name, group ?? null]));
  return match.length > 1 ? match.slice(1).map((group) => group ?? null) : match[0];
}

/** Go's url.QueryEscape, which Terraform's urlencode uses: every byte but letters, digits and -_.~ escaped, spaces as +. */
const queryEscape = (value: string): string =>
  [...Buffer.from(value, "utf8")]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      if (/[A-Za-z0-9\-_.~]/.test(char)) return char;
      return char === " " ? "+" : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    })
    .join("");

/** The records of a CSV text as Go's encoding/csv reads them, which csvdecode uses: quoted fields, CRLF, empty lines skipped. */
function csvRecords(csv: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let wasQuoted = false;
  const endRecord = () => {
    if (record.length > 0 || field !== "" || wasQuoted) records.push([...record, field]);
    record = [];
    field = "";
    wasQuoted = false;
  };
  for (let i = 0; i < csv.length; i++) {
    const char = csv[i]!;
    if (quoted) {
      if (char !== '"') field += char;
      else if (csv[i + 1] === '"') field += csv[++i]!;
      else quoted = false;
    } else if (char === '"' && field === "") {
      quoted = true;
      wasQuoted = true;
    } else if (char === ",") {
      record.push(field);
      field = "";
      wasQuoted = false;
    } else if (char === "\n" || (char === "\r" && csv[i + 1] === "\n")) {
      if (char === "\r") i++;
      endRecord();
    } else field += char;
  }
  if (quoted) throw new Refusal("csvdecode: a quoted field is not closed");
  endRecord();
  return records;
}

const digest =
  (algorithm: string, encoding: "hex" | "base64" = "hex") =>
  ([value]: Value[]) =>
    createHash(algorithm).update(text(value!), "utf8").digest(encoding);

/**
 * An address as Go's net.ParseIP reads it: four decimal parts for IPv4 (no shorthand, no hexadecimal), and an
 * IPv4-mapped IPv6 address as its IPv4 address (its To4 is not nil).
 */
function addressAsGoReadsIt(written: string): string {
  if (isIPv4(written)) return written;
  const address = ipaddr.IPv6.isValid(written) ? ipaddr.IPv6.parse(written) : undefined;
  if (!address) throw new Error(`invalid IP address: ${written}`);
  return address.isIPv4MappedAddress() ? address.toIPv4Address().toString() : written;
}

const isIPv4 = (written: string): boolean => ipaddr.IPv4.isValidFourPartDecimal(written);

/**
 * A CIDR prefix as Terraform's functions read it, for `cidrsubnet` and `cidrhost` on IPv4 and IPv6 with big integers
 * (github.com/apparentlymart/go-cidr): an IPv4 octet's leading zeros are decimal, not octal (Terraform keeps Go 1.16's
 * parser, internal/ipaddr: `cidrhost("010.0.0.0/8", 1)` is 10.0.0.1).
 */
function prefixOf(cidr: string): { bits: number; base: bigint; length: number; kind: "ipv4" | "ipv6" } {
  const decimal = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\//.test(cidr) ? cidr.replace(/\b0+(\d)/g, "$1") : cidr;
  const [address, length] = ipaddr.parseCIDR(decimal);
  const bytes = address.toByteArray();
  const base = bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
  const bits = bytes.length * 8;
  const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - length)) - 1n);
  return { bits, base: base & mask, length, kind: address.kind() };
}
const addressOf = (value: bigint, bits: number): string => {
  const bytes: number[] = [];
  for (let shift = bits - 8; shift >= 0; shift -= 8) bytes.push(Number((value >> BigInt(shift)) & 255n));
  return ipaddr.fromByteArray(bytes).toString();
};

/**
 * A replacement expanded as Go's regexp.Expand does, which Terraform's replace uses (go-cty's ReplaceAllString):
 * `$1`, `${1}`, `$name`, `${name}`, a name being the longest run of letters (any script's), digits and _ (`$1x` names
 * group "1x"); a group that does not exist or did not match is empty; `$$` is a dollar; a `$` that starts no name is
 * itself.
 */
function goExpand(template: string, match: readonly (string | undefined)[], named: Record<string, string | undefined> | undefined): string {
  return template.replace(
    /\$(?:(\$)|\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))?/gu,
    (whole, dollar: string | undefined, braced: string | undefined, bare: string | undefined) => {
      if (dollar) return "$";
      const name = braced ?? bare;
      if (name === undefined) return whole;
      // A number with a leading zero is a name in Go (`$01` names no group), as is one with letters.
      return (/^(0|[1-9]\d*)$/.test(name) ? match[Number(name)] : named?.[name]) ?? "";
    },
  );
}
const builtIns: Readonly<Record<string, BuiltIn>> = {
  format: ([pattern, ...args]) => format(text(pattern!), args),
  formatlist: ([pattern, ...args]) => {
    const length = Math.max(...args.map((arg) => (Array.isArray(arg) ? arg.length : 1)));
    return Array.from({ length }, (_, i) =>
      format(
        text(pattern!),
        args.map((arg) => (Array.isArray(arg) ? arg[i]! : arg)),
      ),
    );
  },
  join: ([separator, ...lists]) => lists.flatMap(list).map(text).join(text(separator!)),
  split: ([separator, value], scope) => {
    const parts = text(value!).split(text(separator!));
    recordParts(scope.filesRead?.texts, text(value!), text(separator!), parts);
    return markedAs("list", parts);
  },
  concat: (lists) => {
    if (lists.length === 0) throw new Refusal("concat: at least one argument is required");
    return lists.flatMap(list);
  },
  // A resource's object holds attributes the provider computes, which the merge holds too, unknown.
  merge: (maps) => {
    const merged = Object.assign({}, ...maps.filter((map) => map !== null).map(object));
    return maps.some((map) => map !== null && typeof map === "object" && partlyKnown.has(map)) ? withUnknownRest(merged) : merged;
  },
  // The default may be unknown when the key is there (internal/lang/funcs/collection.go, LookupFunc: its default
  // parameter AllowUnknown): the map's value is known all the same.
  lookup: ([map, key, fallback]) => {
    if (map === unknown || !isKnown(key!)) return unknown;
    const found = object(map!)[text(key!)];
    if (found !== undefined) return found;
    if (fallback === undefined) throw new Error(`lookup: no key "${text(key!)}"`);
    return fallback;
  },
  element: ([items, index]) => {
    const all = list(items!);
    if (all.length === 0) throw new Refusal("element: the list is empty");
    if (!Number.isInteger(number(index!))) throw new Refusal("element: the index has a fractional part");
    if (number(index!) < 0) throw new Refusal("element: the index is negative");
    return all[((number(index!) % all.length) + all.length) % all.length]!;
  },
  // A resource's object counts the attributes its provider computes too, which are not listed here (withUnknownRest).
  length: ([value]) =>
    typeof value === "string" ? [...value].length : typeof value === "object" && value !== null && partlyKnown.has(value) ? unknown : entries(value!).length,
  lower: ([value]) => simpleCase(text(value!), (character) => character.toLowerCase()),
  upper: ([value]) => simpleCase(text(value!), (character) => character.toUpperCase()),
  title: ([value]) => titled(text(value!)),
  trimspace: ([value]) => text(value!).trim(),
  chomp: ([value]) => text(value!).replace(/[\r\n]+$/, ""),
  trimprefix: ([value, prefix]) => (text(value!).startsWith(text(prefix!)) ? text(value!).slice(text(prefix!).length) : text(value!)),
  trimsuffix: ([value, suffix]) => (text(value!).endsWith(text(suffix!)) ? text(value!).slice(0, -text(suffix!).length || undefined) : text(value!)),
  trim: ([value, cutset]) => {
    const cut = new Set(text(cutset!));
    const chars = [...text(value!)];
    while (chars.length && cut.has(chars[0]!)) chars.shift();
    while (chars.length && cut.has(chars[chars.length - 1]!)) chars.pop();
    return chars.join("");
  },
  replace: ([value, search, replacement]) => {
    const pattern = text(search!);
    const regex = /^\/(.*)\/$/s.exec(pattern);
    // An empty substring matches before each character and at the end, as Go's strings.Replace does ("-a-b-c-").
    if (pattern === "") return [...text(value!)].map((character) => text(replacement!) + character).join("") + text(replacement!);
    if (!regex) return text(value!).split(pattern).join(text(replacement!));
    const expression = re2(regex[1]!, "g");
    if (!expression) return unknown;
    const template = text(replacement!);
    return text(value!).replace(expression, (...found: unknown[]) => {
      const named = typeof found.at(-1) === "object" ? (found.pop() as Record<string, string | undefined>) : undefined;
      return goExpand(template, found.slice(0, -2) as (string | undefined)[], named);
    });
  },
  substr: ([value, offset, length]) => {
    const chars = [...text(value!)];
    const start = Math.max(0, number(offset!) < 0 ? chars.length + number(offset!) : number(offset!));
    return chars.slice(start, number(length!) < 0 ? undefined : start + number(length!)).join("");
  },
  startswith: ([value, prefix]) => text(value!).startsWith(text(prefix!)),
  endswith: ([value, suffix]) => text(value!).endsWith(text(suffix!)),
  strcontains: ([value, part]) => text(value!).includes(text(part!)),
  tostring: ([value]) => (value === null ? null : text(value!)),
  tonumber: ([value]) => (value === null ? null : number(value!)),
  tobool: ([value]) => (value === null ? null : asBool(value!)),
  tolist: ([value]) => (value === null ? null : markedAs("list", [...unified(list(value!))])),
  toset: ([value]) => (value === null ? null : asSet(list(value!))),
  tomap: ([value]) => {
    const map = object(value!);
    if (partlyKnown.has(map)) return unknown;
    return markedAs("map", Object.fromEntries(Object.keys(map).map((key, i, keys) => [key, unified(keys.map((k) => map[k]!))[i]!])));
  },
  contains: ([items, value]) => holds(list(items!), value),
  index: ([items, value]) => {
    const found = list(items!).findIndex((item) => equal(item, value));
    if (found < 0) throw new Refusal("index: the value is not in the list");
    return found;
  },
  // Which attributes a resource's object holds besides its arguments is the provider's schema's to say.
  keys: ([map]) => (partlyKnown.has(object(map!)) ? unknown : Object.keys(object(map!)).sort()),
  values: ([map]) =>
    partlyKnown.has(object(map!))
      ? unknown
      : Object.keys(object(map!))
          .sort()
          .map((key) => object(map!)[key]!),
  zipmap: ([keys, values]) => {
    if (list(keys!).length !== list(values!).length) throw new Refusal("zipmap: there are not as many keys as values");
    return Object.fromEntries(list(keys!).map((key, i) => [text(key), list(values!)[i]!]));
  },
  // An element not known here may be a list, whose elements would be flattened in: the result is not known. An object
  // is an element, whichever of its attributes are known (a resource's, go-cty's flattener keeps any non-list value).
  flatten: ([items]) => {
    const flat = (value: Value): Value[] => (Array.isArray(value) ? value.flatMap(flat) : [value]);
    const flattened = flat(list(items!));
    return flattened.includes(unknown) ? unknown : flattened;
  },
  distinct: ([items]) => distinct(unified(list(items!))),
  compact: ([items]) => list(items!).filter(keptByCompact),
  coalesce: (args) => {
    // The first argument that is neither null nor "", unless an unknown one comes before it (go-cty stdlib CoalesceFunc).
    const found = args.find((arg) => !isKnown(arg) || (arg !== null && arg !== ""));
    if (found === undefined) throw new Refusal("coalesce: no argument is non-null and non-empty");
    if (!isKnown(found)) return unknown;
    // Arguments of several primitive types are converted to string, their most general type (coalesce(1, "a") is "1").
    const types = new Set(args.filter((arg) => arg !== null && isPrimitive(arg)).map((arg) => typeof arg));
    return types.has("string") && types.size > 1 && isPrimitive(found) ? asString(found) : found;
  },
  coalescelist: (args) => {
    const found = args.find((arg) => list(arg).length > 0);
    if (found === undefined) throw new Refusal("coalescelist: no argument is a non-empty list");
    return found;
  },
  one: ([items]) => {
    const all = list(items!);
    if (all.length > 1) throw new Refusal("one: the collection has more than one element");
    return all[0] ?? null;
  },
  slice: ([items, start, end]) => {
    const [all, from, to] = [list(items!), number(start!), number(end!)];
    if (from < 0 || to > all.length || from > to) throw new Refusal("slice: the indexes are outside the list, or in the wrong order");
    return all.slice(from, to);
  },
  reverse: ([items]) => [...list(items!)].reverse(),
  sort: ([items]) => markedAs("list", list(items!).map(text).sort()),
  range: (args) => {
    const [start, limit, by] =
      args.length === 1 ? [0, number(args[0]!), undefined] : [number(args[0]!), number(args[1]!), args[2] === undefined ? undefined : number(args[2])];
    // Without a step, range counts down to a lower limit (range(-3) is [0, -1, -2]).
    const step = by ?? (limit < start ? -1 : 1);
    if (step === 0 || Math.abs((limit - start) / step) > 1024) throw new Refusal("range: the step is zero or gives more than 1024 elements");
    if ((step > 0 && limit < start) || (step < 0 && limit > start)) throw new Refusal("range: the step goes away from the end");
    const out: number[] = [];
    for (let i = start; step > 0 ? i < limit : i > limit; i += step) out.push(i);
    return out;
  },
  min: (args) => Math.min(...numbers("min", args)),
  max: (args) => Math.max(...numbers("max", args)),
  sum: ([items]) => {
    const all = list(items!);
    if (all.length === 0) throw new Refusal("sum: the list is empty");
    return all.map(number).reduce((a, b) => a + b, 0);
  },
  abs: ([value]) => Math.abs(number(value!)),
  ceil: ([value]) => Math.ceil(number(value!)),
  floor: ([value]) => Math.floor(number(value!)),
  // A null element is not true (terraform console 1.11: alltrue([true, null]) is false).
  alltrue: ([items]) => list(items!).every((item) => item !== null && asBool(item) === true),
  anytrue: ([items]) => list(items!).some((item) => item !== null && asBool(item) === true),
  jsonencode: ([value]) => jsonText(value!),
  jsondecode: ([value], scope) => decodedWhereWritten(text(value!), JSON.parse(text(value!)) as Value, scope),
  // A number, a bool or null alone is a plain scalar, which go-yaml v3 ends with a document end marker (terraform
  // console 1.11: yamlencode(1) is "1\n...\n"; a string is written quoted, with none).
  yamlencode: ([value]) => `${stringifyGoYaml(value)}${value === null || typeof value === "number" || typeof value === "boolean" ? "...\n" : ""}`,
  yamldecode: ([value], scope) => {
    if (text(value!).trim() === "") throw new Refusal("yamldecode: the text holds no YAML document");
    return decodedWhereWritten(text(value!), terraformYamlDecode(text(value!)) as Value, scope);
  },
  base64encode: ([value]) => Buffer.from(text(value!), "utf8").toString("base64"),
  base64decode: ([value]) => base64Decoded(text(value!)),
  // Compressed by zlib, not by Go's compress/flate: the bytes differ from Terraform's, the text they give back does not.
  base64gzip: ([value]) => gzipSync(Buffer.from(text(value!), "utf8")).toString("base64"),
  sensitive: ([value]) => value!,
  nonsensitive: ([value]) => value!,
  cidrsubnet: ([cidr, newBits, netNum]) => {
    const prefix = prefixOf(text(cidr!));
    const length = prefix.length + number(newBits!);
    if (length > prefix.bits) throw new Error(`cidrsubnet: ${text(cidr!)} has no room for ${number(newBits!)} more bits`);
    const subnet = BigInt(number(netNum!));
    if (subnet < 0n || subnet >= 1n << BigInt(number(newBits!)))
      throw new Error(`cidrsubnet: prefix extension of ${number(newBits!)} does not accommodate a subnet numbered ${subnet}`);
    const base = prefix.base | (subnet << BigInt(prefix.bits - length));
    return `${addressOf(base, prefix.bits)}/${length}`;
  },
  cidrhost: ([cidr, hostNum]) => {
    const prefix = prefixOf(text(cidr!));
    const host = BigInt(number(hostNum!));
    const size = 1n << BigInt(prefix.bits - prefix.length);
    const offset = host < 0n ? size + host : host;
    if (offset < 0n || offset >= size) throw new Error(`cidrhost: prefix of ${prefix.length} does not accommodate a host numbered ${offset}`);
    return addressOf(prefix.base + offset, prefix.bits);
  },
  cidrnetmask: ([cidr]) => {
    const prefix = prefixOf(text(cidr!));
    // A netmask is IPv4's (internal/lang/funcs/cidr.go, CidrNetmaskFunc: "only IPv4 CIDR ... supported").
    if (prefix.kind !== "ipv4") throw new Refusal("cidrnetmask: an IPv6 prefix has no netmask");
    return addressOf(((1n << 32n) - 1n) ^ ((1n << BigInt(32 - prefix.length)) - 1n), 32);
  },
  cidrsubnets: ([cidr, ...newBits]) => {
    // Consecutive subnets of the sizes asked, each after the previous (developer.hashicorp.com/terraform/language/functions/cidrsubnets).
    const prefix = prefixOf(text(cidr!));
    let next = prefix.base;
    return newBits.map((bits) => {
      const length = prefix.length + number(bits);
      if (length > prefix.bits) throw new Error(`cidrsubnets: ${text(cidr!)} has no room for ${number(bits)} more bits`);
      const size = 1n << BigInt(prefix.bits - length);
      const start = ((next + size - 1n) / size) * size;
      if (start + size > prefix.base + (1n << BigInt(prefix.bits - prefix.length))) throw new Error(`cidrsubnets: ${text(cidr!)} is full`);
      next = start + size;
      return `${addressOf(start, prefix.bits)}/${length}`;
    });
  },
  setproduct: (sets) => {
    const lists = sets.map(list);
    if (lists.reduce((size, items) => size * items.length, 1) > maximumElements) throw new Refusal(`setproduct: more than ${maximumElements} elements`);
    const product = lists.reduce<Value[][]>((made, set) => made.flatMap((prefix) => set.map((item) => [...prefix, item])), [[]]);
    // A set as soon as one argument is a set, else a list (terraform console 1.11: setproduct(toset(["a"]), ["y", "x"])
    // is a set, its elements sorted and made distinct).
    return sets.some(isSet) ? asSet(product) : product;
  },
  setunion: (sets) => asSet(sets.flatMap(list)),
  setintersection: ([first, ...others]) => markedAsSet(asSet(list(first!)).filter((item) => others.every((other) => holds(list(other), item)))),
  setsubtract: ([from, subtracted]) => markedAsSet(asSet(list(from!)).filter((item) => !holds(list(subtracted!), item))),
  chunklist: ([items, size]) => {
    const all = list(items!);
    const step = number(size!);
    if (step <= 0) return [all];
    return Array.from({ length: Math.ceil(all.length / step) }, (_, i) => all.slice(i * step, (i + 1) * step));
  },
  transpose: ([map]) => {
    const result: Record<string, Value[]> = {};
    for (const key of Object.keys(object(map!)).sort())
      for (const item of list(object(map!)[key]!)) {
        const keys = result[text(item)] ?? [];
        keys.push(key);
        result[text(item)] = keys;
      }
    return result;
  },
  matchkeys: ([values, keys, searchset]) => {
    return list(values!).filter((_, i) => holds(list(searchset!), list(keys!)[i]));
  },
  regex: ([pattern, value]) => {
    const expression = re2(capturing(text(pattern!)));
    if (!expression) return unknown;
    const match = expression.exec(text(value!));
    if (!match) throw new Refusal("regex: the pattern matches nothing");
    return matchValue(match);
  },
  regexall: ([pattern, value]) => {
    const expression = re2(capturing(text(pattern!)), "g");
    if (!expression) return unknown;
    // Go's FindAll skips an empty match that abuts the match before it (regexall("a*", "baaac") is ["", "aaa", ""]).
    let end = -1;
    return [...text(value!).matchAll(expression)].flatMap((match) => {
      const abuts = match[0] === "" && match.index === end;
      end = match.index + match[0].length;
      return abuts ? [] : [matchValue(match)];
    });
  },
  // By grapheme clusters, as Terraform's (textseg): a letter and its combining accent stay together, composed as cty
  // composes every string (NFC).
  strrev: ([value]) =>
    [...graphemes.segment(text(value!))]
      .map(({ segment }) => segment)
      .reverse()
      .join("")
      .normalize("NFC"),
  indent: ([spaces, value]) => text(value!).replace(/\n/g, `\n${" ".repeat(number(spaces!))}`),
  urlencode: ([value]) => queryEscape(text(value!)),
  dirname: ([path]) => posix.dirname(text(path!)),
  // Go's filepath.Base: "." for nothing, one separator for separators alone.
  basename: ([path]) => (text(path!) === "" ? "." : /^\/+$/.test(text(path!)) ? "/" : posix.basename(text(path!))),
  parseint: ([value, base]) => {
    // Every digit below the base, no prefix: Go's big.Int SetString, as Terraform calls it ("0x1A" in base 16 is refused).
    // Letters are 10 to 35 in either case up to base 36; beyond it, a-z are 10 to 35 and A-Z 36 to 61.
    const radix = number(base!);
    const [, sign, digits] = /^([-+]?)([0-9a-zA-Z]+)$/.exec(text(value!)) ?? [];
    const digitValue = (digit: string): number => {
      const code = digit.charCodeAt(0);
      return code <= 57 ? code - 48 : code >= 97 ? code - 87 : radix <= 36 ? code - 55 : code - 29;
    };
    if (!digits || [...digits].some((digit) => digitValue(digit) >= radix)) throw new Error(`parseint: cannot parse "${text(value!)}"`);
    const magnitude = [...digits].reduce((made, digit) => made * BigInt(radix) + BigInt(digitValue(digit)), 0n);
    return Number(sign === "-" ? -magnitude : magnitude);
  },
  signum: ([value]) => Math.sign(number(value!)),
  pow: ([base, exponent]) => number(base!) ** number(exponent!),
  log: ([value, base]) => {
    const logarithm = Math.log(number(value!)) / Math.log(number(base!));
    if (Number.isNaN(logarithm)) throw new Refusal("log: no logarithm of a negative number, or in a negative base");
    return logarithm;
  },
  md5: digest("md5"),
  uuidv5: ([namespace, name]) => uuidV5(text(namespace!), text(name!)),
  sha1: digest("sha1"),
  sha256: digest("sha256"),
  sha512: digest("sha512"),
  base64sha256: digest("sha256", "base64"),
  base64sha512: digest("sha512", "base64"),
  csvdecode: ([csv]) => {
    const [header, ...rows] = csvRecords(text(csv!));
    if (!header) throw new Refusal("csvdecode: the text has no header line");
    return rows.map((row, i) => {
      if (row.length !== header.length) throw new Error(`csvdecode: line ${i + 2} has ${row.length} fields, the header ${header.length}`);
      return Object.fromEntries(header.map((name, column) => [name, row[column]!]));
    });
  },
  fileexists: ([path], scope) => {
    const found = statSync(onDisk(scope, path!), { throwIfNoEntry: false });
    // Terraform's fails on a directory rather than answer false.
    if (found?.isDirectory()) throw new Error(`fileexists: ${text(path!)} is a directory, not a file`);
    return found !== undefined;
  },
  file: ([path], scope) => readTextByFunction(scope, path!),
  // Its text, which cloud-init's `encoding: b64` writes back, is recorded as written in the file, as file's is.
  filebase64: ([path], scope) => {
    const bytes = readByFunction(scope, path!);
    recordFileText(scope, path!, bytes.toString("utf8"));
    return bytes.toString("base64");
  },
  ...Object.fromEntries(
    (
      [
        ["filemd5", "md5", "hex"],
        ["filesha1", "sha1", "hex"],
        ["filesha256", "sha256", "hex"],
        ["filesha512", "sha512", "hex"],
        ["filebase64sha256", "sha256", "base64"],
        ["filebase64sha512", "sha512", "base64"],
      ] as const
    ).map(([name, algorithm, encoding]) => [
      name,
      ([path]: Value[], scope: Scope) => createHash(algorithm).update(readByFunction(scope, path!)).digest(encoding),
    ]),
  ),
  fileset: ([path, pattern], scope) => asSet(fileset(onDisk(scope, path!), text(pattern!))),
  abspath: ([path], scope) => onDisk(scope, path!),
  templatefile: ([path, variables], scope) => {
    const { text: template, scope: inFile } = templateFile(path!, variables!, scope);
    const rendered = evaluate(parseTemplate(template), inFile);
    recordRendering(scope.filesRead?.texts, template, rendered);
    return rendered;
  },
  // Terraform 1.9+ takes the template from a reference only (`local.x`, `data.x.y.body`) and refuses a literal one;
  // OpenTofu takes any string (internal/lang/functions_test.go: `templatestring("Hello, $${name}!", {name = "Jodie"})`),
  // and a module written for OpenTofu is read as OpenTofu reads it, as its other functions are (urldecode).
  templatestring: ([template, variables], scope) => evaluate(parseTemplate(text(template!)), templateScope(variables!, scope)),
  // OpenTofu's own (internal/lang/funcs: encoding.go, cidr.go), which Terraform does not have.
  // Go's url.QueryUnescape: "+" is a space, "%XX" a byte, whatever bytes they make.
  urldecode: ([value]) => {
    const written = text(value!);
    if (/%(?![0-9a-f]{2})/i.test(written)) throw new Error(`urldecode: invalid escape in "${written}"`);
    const bytes = written
      .replace(/\+/g, " ")
      .split(/(%[0-9a-f]{2})/i)
      .map((part) => (part.startsWith("%") ? Buffer.from([Number.parseInt(part.slice(1), 16)]) : Buffer.from(part, "utf8")));
    return Buffer.concat(bytes).toString("utf8");
  },
  base64gunzip: ([value]) => gunzipSync(Buffer.from(text(value!), "base64")).toString("utf8"),
  cidrcontains: ([containing, contained]) => {
    const prefix = prefixOf(text(containing!));
    const written = text(contained!);
    const address = written.includes("/") ? undefined : addressAsGoReadsIt(written);
    const inner = address === undefined ? prefixOf(written) : prefixOf(`${address}/${isIPv4(address) ? 32 : 128}`);
    if (inner.kind !== prefix.kind) throw new Error(`cidrcontains: address family mismatch: ${text(containing!)} vs. ${written}`);
    // Both ends of the contained range inside the containing prefix.
    return inner.length >= prefix.length && inner.base >> BigInt(prefix.bits - prefix.length) === prefix.base >> BigInt(prefix.bits - prefix.length);
  },
  textencodebase64: ([value, encoding]) => encodedText(text(value!), text(encoding!)).toString("base64"),
  textdecodebase64: ([value, encoding]) => decodedText(Buffer.from(text(value!), "base64"), text(encoding!)),
};

/** The scope a template sees (templatefile, templatestring): only the variables given, in the same working directory. */
export const templateScope = (variables: Value, scope: Scope): Scope => within({ ...noNames, ...sameDirectory(scope) }, object(variables));

/** What templatefile renders: the file's text, and the scope it sees. */
export function templateFile(path: Value, variables: Value, scope: Scope): { text: string; scope: Scope } {
  return { text: readTextByFunction(scope, path), scope: templateScope(variables, scope) };
}

/**
 * The character encodings textencodebase64 and textdecodebase64 are computed in, by the IANA names and aliases
 * Terraform looks them up by (golang.org/x/text/encoding/ianaindex), in any case: UTF-8 and UTF-16 of a stated byte
 * order, and the two single-byte ones, with the highest code point each writes. Another encoding (windows-1252, UTF-16
 * with a byte order mark) stays unknown here, and so does a name Terraform does not know (utf8).
 */
type Encoding = "utf-8" | "utf-16le" | "utf-16be" | { readonly limit: number };
const aliases = (names: readonly string[], encoding: Encoding): [string, Encoding][] => names.map((name) => [name, encoding]);
const encodings: ReadonlyMap<string, Encoding> = new Map([
  ...aliases(["utf-8", "csutf8"], "utf-8"),
  ...aliases(["utf-16le", "csutf16le"], "utf-16le"),
  ...aliases(["utf-16be", "csutf16be"], "utf-16be"),
  ...aliases(["iso-8859-1", "iso_8859-1:1987", "iso_8859-1", "iso-ir-100", "latin1", "l1", "ibm819", "cp819", "csisolatin1"], { limit: 0xff }),
  ...aliases(["us-ascii", "iso-ir-6", "ansi_x3.4-1968", "ansi_x3.4-1986", "iso_646.irv:1991", "iso646-us", "us", "ibm367", "cp367", "csascii"], {
    limit: 0x7f,
  }),
]);

const encodingOf = (name: string, what: string): Encoding => {
  const encoding = encodings.get(name.toLowerCase());
  if (encoding === undefined) throw new Error(`${what}: encoding ${name} is not computed here`);
  return encoding;
};

/** Text in an encoding (textencodebase64): a character the encoding cannot write fails the function, as it fails Terraform's. */
function encodedText(value: string, name: string): Buffer {
  const encoding = encodingOf(name, "textencodebase64");
  if (encoding === "utf-8") return Buffer.from(value, "utf8");
  if (encoding === "utf-16le" || encoding === "utf-16be") {
    const bytes = Buffer.from(value, "utf16le");
    return encoding === "utf-16be" ? bytes.swap16() : bytes;
  }
  if ([...value].some((char) => char.codePointAt(0)! > encoding.limit)) throw new Error(`textencodebase64: the text has characters ${name} cannot encode`);
  return Buffer.from(value, "latin1");
}

/** Bytes read in an encoding (textdecodebase64): bytes it has no character for fail the function. */
function decodedText(bytes: Buffer, name: string): string {
  const encoding = encodingOf(name, "textdecodebase64");
  // A byte order mark is kept, as Go's decoders keep it; a replacement character is refused, as Terraform refuses it.
  if (typeof encoding === "string") {
    const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
    if (text.includes("\uFFFD")) throw new Error(`textdecodebase64: the bytes are not valid ${name}`);
    return text;
  }
  if (bytes.some((byte) => byte > encoding.limit)) throw new Error(`textdecodebase64: the bytes are not ${name}`);
  return bytes.toString("latin1");
}

/** Functions that see their arguments' errors: they cannot take values already evaluated. */
const lazy: Readonly<Record<string, (expressions: readonly Expression[], scope: Scope) => Value>> = {
  // An argument that holds values known only at apply makes the call unknown (hcl ext/tryfunc, dependsOnUnknowns): at
  // apply it may fail, and a later one be taken. The last argument has no later one: its known parts stay known (a list
  // of a looked-up group's id keeps its length and the reference), as the value try returns unless it fails.
  try: (expressions, scope) => {
    for (const [i, expression] of expressions.entries()) {
      try {
        const value = evaluate(expression, i === expressions.length - 1 ? scope : whereErrorsAreCaught(scope));
        return i === expressions.length - 1 || isKnown(value) ? value : unknown;
      } catch {
        // Terraform's try: the next argument.
      }
    }
    throw new Refusal("try: no argument could be evaluated");
  },
  can: ([expression], scope) => {
    try {
      return isKnown(evaluate(expression!, whereErrorsAreCaught(scope))) ? true : unknown;
    } catch {
      return false;
    }
  },
  // Terraform 1.15+ (internal/lang/funcs/conversion.go, ConvertFunc): the value converted to a type constraint written
  // as a variable's, optional attributes given their defaults; one the type does not take fails the call.
  convert: (expressions, scope) => {
    const [value, type] = expressions;
    if (expressions.length !== 2 || !value || !type) throw new Refusal("convert: takes a value and a type constraint");
    const evaluated = evaluate(value, scope);
    const refused = typeMismatch(evaluated, type);
    if (refused !== undefined) throw new Refusal(`convert: ${refused}`);
    return withType(evaluated, type);
  },
};

/** A function's name without `core::`, which names a built-in function (Terraform 1.8+); a provider's keeps its namespace. */
export const builtInName = (name: string): string => (name.startsWith("core::") ? name.slice("core::".length) : name);

export const isLazyFunction = (name: string): boolean => Object.hasOwn(lazy, builtInName(name));

/**
 * The functions of Terraform and OpenTofu the check does not compute: their value is known only at apply (timestamp,
 * uuid, bcrypt's salt), depends on the machine (pathexpand), or on what the check does not follow (sensitivity,
 * ephemerality, rsadecrypt's key, OpenTofu's assume* type refinements); the time functions, which no policy reads. A
 * call of one is unknown, not refused.
 */
const notComputedHere: ReadonlySet<string> = new Set([
  "assumeequal",
  "assumelistlength",
  "assumelistlengthmax",
  "assumelistlengthmin",
  "assumemaplength",
  "assumemaplengthmax",
  "assumemaplengthmin",
  "assumenotnull",
  "assumesetlength",
  "assumesetlengthmax",
  "assumesetlengthmin",
  "assumestringprefix",
  "timestamp",
  "plantimestamp",
  "uuid",
  "bcrypt",
  "rsadecrypt",
  "pathexpand",
  "issensitive",
  "ephemeralasnull",
  "formatdate",
  "timeadd",
  "timecmp",
]);

/**
 * The functions of notComputedHere whose value Terraform or OpenTofu knows at plan, its arguments known: what stays
 * unknown through one of them is this check's limit, not a value given at apply. A provider's function
 * (`provider::<name>::<function>`) is one too.
 */
export const knownAtPlanNotComputed: ReadonlySet<string> = new Set([...notComputedHere].filter((name) => !["timestamp", "uuid", "bcrypt"].includes(name)));

/**
 * Functions Terraform 0.12 deprecated and still names, to fail every call with these words (Terraform 1.11's
 * lang/funcs/collection.go, ListFunc and MapFunc: "Call to function "list" failed"), whatever the arguments.
 */
const removedFunctions: Readonly<Record<string, string>> = {
  list: 'the "list" function was deprecated in Terraform v0.12 and is no longer available; use tolist([ ... ]) syntax to write a literal list',
  map: 'the "map" function was deprecated in Terraform v0.12 and is no longer available; use tomap({ ... }) syntax to write a literal map',
};

/**
 * Whether Terraform or OpenTofu has a function of this name: a built-in one (with or without `core::`), or a provider's
 * (`provider::<name>::<function>`, which the provider declares). Both refuse a call of any other ("Call to unknown
 * function", terraform validate); OpenTofu's own (urldecode, cidrcontains) are taken in any configuration, since a
 * module may be written for either.
 */
export function isKnownFunction(written: string): boolean {
  const name = builtInName(written);
  return (
    Object.hasOwn(builtIns, name) ||
    Object.hasOwn(lazy, name) ||
    notComputedHere.has(name) ||
    Object.hasOwn(removedFunctions, name) ||
    name.startsWith("provider::")
  );
}

/** The local name of the provider whose function a call names (`provider::terraform::encode_tfvars`, OpenTofu's `provider::<name>::<alias>::<function>`). */
export const providerOfFunction = (name: string): string | undefined => (name.startsWith("provider::") ? name.split("::")[1] : undefined);

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * A pattern regex and regexall take: RE2 refuses one that mixes named and unnamed capture groups (terraform console
 * 1.11: "cannot mix both named and unnamed capture groups").
 */
function capturing(pattern: string): string {
  let named = false;
  let unnamed = false;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const character = pattern[i];
    if (character === "\\") i++;
    else if (inClass) inClass = character !== "]";
    else if (character === "[") inClass = true;
    else if (character === "(" && pattern[i + 1] !== "?") unnamed = true;
    else if (character === "(" && /^\(\?P?<[A-Za-z_]/.test(pattern.slice(i))) named = true;
  }
  if (named && unnamed) throw new Refusal("regex: the pattern mixes named and unnamed capture groups");
  return pattern;
}

/** The numbers min and max compare, one at least (terraform console 1.11: "must pass at least one number"). */
function numbers(name: string, args: readonly Value[]): number[] {
  if (args.length === 0) throw new Refusal(`${name}: at least one number is required`);
  return args.map(number);
}

/**
 * A text's base64 decoded as Go's base64.StdEncoding decodes it, padding required and line breaks skipped, into UTF-8
 * (Terraform's base64decode refuses any other: "failed to decode base64 data", "is not valid UTF-8").
 */
function base64Decoded(encoded: string): string {
  const written = encoded.replace(/[\r\n]/g, "");
  if (!isStandardBase64(written)) throw new Refusal("base64decode: the text is not base64");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(written, "base64"));
  } catch {
    throw new Refusal("base64decode: what the text decodes to is not UTF-8");
  }
}

/** The functions of Terraform and OpenTofu, for a did-you-mean hint. */
export const knownFunctionNames = (): string[] => [...Object.keys(builtIns), ...Object.keys(lazy), ...notComputedHere];

/**
 * What compact keeps: every element but null and "". An element known only at apply is kept: where Terraform leaves
 * the whole list unknown (cty's CompactFunc waits for every element), the check keeps what the others are, since what
 * it keeps there is a resource's attribute, such as a group's id, which is never empty.
 */
export const keptByCompact = (item: Value): boolean => item !== null && item !== "";

/**
 * Functions that take collections whose elements may be unknown: cty gives an unknown result only for an argument that
 * is unknown as a whole (go-cty function/function.go, Call: `!val.IsKnown() && !spec.AllowUnknown`, a top-level test),
 * so `concat([a.id], ["b"])` has two elements, the first unknown, `length` of it is 2, and `merge` keeps the keys of
 * objects whose values are not all known. These functions move elements without reading them; `flatten` needs to know
 * which elements are lists (only an element not known here may be one); the others need their arguments wholly known
 * here (`toset` and `distinct` compare elements).
 */
const elementWise = new Set([
  "concat",
  "merge",
  "compact",
  "flatten",
  "length",
  "keys",
  "values",
  "lookup",
  "element",
  "slice",
  "reverse",
  "tolist",
  "tomap",
  "one",
]);

/** A file a function reads (file, templatefile, filebase64, the digests): a regular file of at most 16 MiB, recorded as read, or as missing. */
export function readByFunction(scope: Scope, path: Value): Buffer {
  const file = onDisk(scope, path);
  try {
    const bytes = readRegularFile(file, 16 * 2 ** 20);
    scope.filesRead?.files.add(file);
    return bytes;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    if (scope.filesMissing) {
      scope.filesMissing.files.add(file);
      scope.filesMissing.reads++;
    }
    // terraform console 1.11: file("k8.pub") fails with "no file exists at "k8.pub"" (funcs/filesystem.go).
    throw new Refusal("no file exists at the path given, one of the files read that are not here");
  }
}

/**
 * The text of a file a provisioner copies from the machine that runs Terraform to the node (a file provisioner's
 * source, a remote-exec's script or scripts), read as file() reads one, relative to the working directory, where it is
 * here; undefined where it is not: Terraform reads it only when it provisions (internal/builtin/provisioners/file,
 * getSrc), so one missing stops no plan. A path from the home folder (`~/`) and a folder, which is copied whole, are not read.
 */
export function provisionedText(scope: Scope, path: Value): string | undefined {
  if (typeof path !== "string" || path.startsWith("~") || path.includes("${")) return undefined;
  try {
    // Not recorded among the files Terraform reads: a manifest copied to a node for kubectl to apply is still judged as one.
    const read = readRegularFile(onDisk(scope, path), 16 * 2 ** 20).toString("utf8");
    recordFileText(scope, path, read);
    return read;
  } catch {
    return undefined;
  }
}

/** A file's text read by a function (file, templatefile), recorded as written there (TextsRead). */
export function readTextByFunction(scope: Scope, path: Value): string {
  const read = readByFunction(scope, path).toString("utf8");
  recordFileText(scope, path, read);
  return read;
}

/** Records a file's text, read from `path`, as written there from its first line (TextsRead). */
export const recordFileText = (scope: Scope, path: Value, text: string): void =>
  recordText(scope.filesRead?.texts, text, { file: shownFile(onDisk(scope, path), scope.directory), line: 1 });

/** What yamldecode or jsondecode gives, recorded as decoded from its text, when a function read that text from a file. */
function decodedWhereWritten(text: string, decoded: Value, scope: Scope): Value {
  recordDecoded(scope.filesRead?.texts, text, decoded);
  return decoded;
}

/**
 * The most elements a function's list may hold here: a configuration that makes more (concat doubling a list forty
 * times, setproduct of ranges) would exhaust memory before Terraform refused it, and is not evaluated.
 */
const maximumElements = 1_000_000;

/**
 * The functions that read a file with `~` expanded to the home folder of whoever runs Terraform (Terraform's
 * internal/lang/funcs/filesystem.go, openFile and MakeFileExistsFunc, through go-homedir's Expand): `~/.ssh/id.pub` is
 * that person's key, not a file beside the configuration, so its content is not known here. fileset and abspath do not
 * expand it.
 */
const expandsHome = new Set([
  "file",
  "filebase64",
  "filemd5",
  "filesha1",
  "filesha256",
  "filesha512",
  "filebase64sha256",
  "filebase64sha512",
  "fileexists",
  "templatefile",
]);

/** Whether a path names the home folder of whoever runs Terraform; `~user` is refused, as go-homedir refuses it. */
function inRunnersHome(path: Value): boolean {
  if (typeof path !== "string" || !path.startsWith("~")) return false;
  if (path === "~" || path.startsWith("~/")) return true;
  throw new Error(`cannot expand user-specific home dir in ${path}`);
}

/** Functions that decide for themselves what an unknown argument makes of their result. */
const takesUnknown = new Set(["coalesce", "lookup"]);

/** Calls a built-in function, or a provider function the check knows; an unknown argument gives an unknown result (Terraform's own rule for most functions). */
export function callFunction(written: string, args: Value[], expressions: readonly Expression[], scope: Scope): Value {
  const name = builtInName(written);
  const special = lazy[name];
  if (special) return special(expressions, scope);
  const builtIn = builtIns[name] ?? kubernetesFunctions[name];
  // A function neither tool has is an error ("Call to unknown function"), which can() and try() catch.
  if (!builtIn && !isKnownFunction(written) && !Object.hasOwn(kubernetesFunctions, name)) throw new Error(`${name} is not a function`);
  if (Object.hasOwn(removedFunctions, name)) throw new Refusal(`${name}: ${removedFunctions[name]}`);
  if (!builtIn) return unknown;
  // setproduct of lists keeps each element as it is (go-cty's SetProductFunc: a list of known length, of the elements
  // given), so that a resource in one of them leaves the others' attributes known; of sets, it must compare them.
  const movesElements = elementWise.has(name) || (name === "setproduct" && !args.some(isSet));
  if (!takesUnknown.has(name) && !args.every(movesElements ? (arg) => arg !== unknown : isKnown)) return unknown;
  if (expandsHome.has(name) && inRunnersHome(args[0]!)) return unknown;
  const result = builtIn(args, scope);
  if (Array.isArray(result) && result.length > maximumElements) throw new Refusal(`${name}: more than ${maximumElements} elements`);
  return result;
}
