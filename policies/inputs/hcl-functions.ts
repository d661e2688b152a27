import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { posix, resolve } from "node:path";
import ipaddr from "ipaddr.js";
import { parse, stringify } from "yaml";

import type { Expression } from "./hcl-expression";
import { parseTemplate } from "./hcl-expression";
import { fileset } from "./fileset";
import { kubernetesFunctions } from "./kubernetes-functions";
import { type Scope, type Value, asBool, asNumber, asString, entries, evaluate, isKnown, noNames, sameDirectory, unknown, within } from "./hcl-evaluate";

/**
 * Terraform's pure built-in functions (developer.hashicorp.com/terraform/language/functions), those configurations use
 * to compute the values policies judge. A function not listed gives an unknown value: never a guessed one.
 */
type BuiltIn = (args: Value[], scope: Scope, expressions: readonly Expression[]) => Value;

const text = (value: Value): string => asString(value) as string;

/** Where a path given to a file function is on disk: relative to the configuration's working directory (Scope.directory). */
const onDisk = (scope: Scope, path: Value): string => resolve(scope.directory ?? ".", text(path));
const number = (value: Value): number => asNumber(value) as number;
const list = (value: Value): Value[] => entries(value).map(([, item]) => item);
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
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Terraform's equality of values (same type, same content), as the set and list functions use it. */
const equal = (a: Value | undefined, b: Value | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);
/** Whether a list holds a value. */
const holds = (items: Value[], value: Value | undefined): boolean => items.some((item) => equal(item, value));
const distinct = (items: Value[]): Value[] => items.filter((item, index) => items.findIndex((other) => equal(other, item)) === index);

/**
 * A set as cty orders it: strings in lexical order, numbers ascending, false before true; primitives of mixed types
 * become strings first (toset([3, "a"]) is ["3", "a"]). Other elements (objects) keep their order, which cty leaves to
 * a hash.
 */
function asSet(items: Value[]): Value[] {
  const primitive = (item: Value): item is string | number | boolean => typeof item === "string" || typeof item === "number" || typeof item === "boolean";
  if (!items.every(primitive)) return distinct(items);
  const values = items.some((item) => typeof item === "string") ? items.map(String) : items;
  return (distinct(values) as (string | number | boolean)[]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A `%s`, `%d`, `%v`, `%q`, `%f` format, as Terraform's `format` (github.com/hashicorp/go-cty, function/stdlib/format.go). */
function format(pattern: string, args: Value[]): string {
  let next = 0;
  return pattern.replace(/%(%|[-+ #0]*\d*(?:\.\d+)?([sdvqft]))/g, (whole, spec: string, verb: string | undefined) => {
    if (spec === "%") return "%";
    if (next >= args.length) throw new Error(`format: not enough arguments for "${whole}"`);
    const arg = args[next++]!;
    const precision = /\.(\d+)/.exec(spec)?.[1];
    const width = Number(/^[-+ #0]*(\d+)/.exec(spec)?.[1] ?? 0);
    const formatted = formatOne(verb!, arg, precision);
    if (formatted.length >= width) return formatted;
    if (spec.startsWith("-")) return formatted.padEnd(width);
    return /^[-+ #]*0/.test(spec) && "df".includes(verb!)
      ? formatted.replace(/^(-?)/, (sign) => sign + "0".repeat(width - formatted.length))
      : formatted.padStart(width);
  });
}

function formatOne(verb: string, arg: Value, precision: string | undefined): string {
  switch (verb) {
    case "d":
      return String(Math.trunc(number(arg)));
    case "f":
      return number(arg).toFixed(precision === undefined ? 6 : Number(precision));
    case "q":
      return JSON.stringify(text(arg));
    case "t":
      return String(asBool(arg));
    case "v":
      return typeof arg === "object" && arg !== null ? JSON.stringify(arg) : text(arg);
    default:
      return text(arg);
  }
}

/** A regular expression of Terraform (RE2 syntax) in JavaScript: named groups are written `(?P<name>...)` there. */
const re2 = (pattern: string, flags = ""): RegExp => new RegExp(pattern.replace(/\(\?P</g, "(?<"), flags);

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
  if (quoted) throw new Error("csvdecode: a quoted field is not closed");
  endRecord();
  return records;
}

const digest =
  (algorithm: string) =>
  ([value]: Value[]) =>
    createHash(algorithm).update(text(value!), "utf8").digest("hex");

/** `cidrsubnet` and `cidrhost` on IPv4 and IPv6, with big integers (github.com/apparentlymart/go-cidr). */
function prefixOf(cidr: string): { bits: number; base: bigint; length: number; kind: "ipv4" | "ipv6" } {
  const [address, length] = ipaddr.parseCIDR(cidr);
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
  split: ([separator, value]) => text(value!).split(text(separator!)),
  concat: (lists) => lists.flatMap(list),
  merge: (maps) => Object.assign({}, ...maps.filter((map) => map !== null).map(object)),
  lookup: ([map, key, fallback]) => {
    const found = object(map!)[text(key!)];
    if (found !== undefined) return found;
    if (fallback === undefined) throw new Error(`lookup: no key "${text(key!)}"`);
    return fallback;
  },
  element: ([items, index]) => {
    const all = list(items!);
    if (all.length === 0) throw new Error("element: empty list");
    return all[((number(index!) % all.length) + all.length) % all.length]!;
  },
  length: ([value]) => (typeof value === "string" ? [...value].length : entries(value!).length),
  lower: ([value]) => text(value!).toLowerCase(),
  upper: ([value]) => text(value!).toUpperCase(),
  title: ([value]) => text(value!).replace(/\b\p{L}/gu, (letter) => letter.toUpperCase()),
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
    const regex = /^\/(.*)\/$/.exec(pattern);
    return regex
      ? text(value!).replace(new RegExp(regex[1]!, "g"), text(replacement!).replace(/\$\{(\w+)\}/g, "$<$1>"))
      : text(value!).split(pattern).join(text(replacement!));
  },
  substr: ([value, offset, length]) => {
    const chars = [...text(value!)];
    const start = number(offset!) < 0 ? chars.length + number(offset!) : number(offset!);
    return chars.slice(start, number(length!) < 0 ? undefined : start + number(length!)).join("");
  },
  startswith: ([value, prefix]) => text(value!).startsWith(text(prefix!)),
  endswith: ([value, suffix]) => text(value!).endsWith(text(suffix!)),
  strcontains: ([value, part]) => text(value!).includes(text(part!)),
  tostring: ([value]) => (value === null ? null : text(value!)),
  tonumber: ([value]) => (value === null ? null : number(value!)),
  tobool: ([value]) => (value === null ? null : asBool(value!)),
  tolist: ([value]) => list(value!),
  toset: ([value]) => asSet(list(value!)),
  tomap: ([value]) => object(value!),
  contains: ([items, value]) => holds(list(items!), value),
  index: ([items, value]) => {
    const found = list(items!).findIndex((item) => equal(item, value));
    if (found < 0) throw new Error("index: the value is not in the list");
    return found;
  },
  keys: ([map]) => Object.keys(object(map!)).sort(),
  values: ([map]) =>
    Object.keys(object(map!))
      .sort()
      .map((key) => object(map!)[key]!),
  zipmap: ([keys, values]) => Object.fromEntries(list(keys!).map((key, i) => [text(key), list(values!)[i]!])),
  flatten: ([items]) => {
    const flat = (value: Value): Value[] => (Array.isArray(value) ? value.flatMap(flat) : [value]);
    return flat(list(items!));
  },
  distinct: ([items]) => distinct(list(items!)),
  compact: ([items]) => list(items!).filter((item) => item !== null && item !== ""),
  coalesce: (args) => {
    const found = args.find((arg) => arg !== null && arg !== "");
    if (found === undefined) throw new Error("coalesce: no non-null, non-empty argument");
    return found;
  },
  coalescelist: (args) => args.find((arg) => list(arg).length > 0) ?? [],
  one: ([items]) => {
    const all = list(items!);
    if (all.length > 1) throw new Error("one: more than one element");
    return all[0] ?? null;
  },
  slice: ([items, start, end]) => list(items!).slice(number(start!), number(end!)),
  reverse: ([items]) => [...list(items!)].reverse(),
  sort: ([items]) => list(items!).map(text).sort(),
  range: (args) => {
    const [start, limit, step] =
      args.length === 1 ? [0, number(args[0]!), 1] : [number(args[0]!), number(args[1]!), args[2] === undefined ? 1 : number(args[2])];
    if (step === 0 || Math.abs((limit - start) / step) > 1024) throw new Error("range: too many elements");
    const out: number[] = [];
    for (let i = start; step > 0 ? i < limit : i > limit; i += step) out.push(i);
    return out;
  },
  min: (args) => Math.min(...args.map(number)),
  max: (args) => Math.max(...args.map(number)),
  sum: ([items]) =>
    list(items!)
      .map(number)
      .reduce((a, b) => a + b, 0),
  abs: ([value]) => Math.abs(number(value!)),
  ceil: ([value]) => Math.ceil(number(value!)),
  floor: ([value]) => Math.floor(number(value!)),
  alltrue: ([items]) => list(items!).every((item) => asBool(item) === true),
  anytrue: ([items]) => list(items!).some((item) => asBool(item) === true),
  jsonencode: ([value]) => jsonText(value!),
  jsondecode: ([value]) => JSON.parse(text(value!)) as Value,
  yamlencode: ([value]) => stringify(value, { sortMapEntries: true }),
  yamldecode: ([value]) => parse(text(value!)) as Value,
  base64encode: ([value]) => Buffer.from(text(value!), "utf8").toString("base64"),
  base64decode: ([value]) => Buffer.from(text(value!), "base64").toString("utf8"),
  sensitive: ([value]) => value!,
  nonsensitive: ([value]) => value!,
  cidrsubnet: ([cidr, newBits, netNum]) => {
    const prefix = prefixOf(text(cidr!));
    const length = prefix.length + number(newBits!);
    if (length > prefix.bits) throw new Error(`cidrsubnet: ${text(cidr!)} has no room for ${number(newBits!)} more bits`);
    const base = prefix.base | (BigInt(number(netNum!)) << BigInt(prefix.bits - length));
    return `${addressOf(base, prefix.bits)}/${length}`;
  },
  cidrhost: ([cidr, hostNum]) => {
    const prefix = prefixOf(text(cidr!));
    const host = BigInt(number(hostNum!));
    const size = 1n << BigInt(prefix.bits - prefix.length);
    return addressOf(prefix.base + (host < 0n ? size + host : host), prefix.bits);
  },
  cidrnetmask: ([cidr]) => {
    const prefix = prefixOf(text(cidr!));
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
  setproduct: (sets) => sets.map(list).reduce<Value[][]>((product, set) => product.flatMap((prefix) => set.map((item) => [...prefix, item])), [[]]),
  setunion: (sets) => asSet(sets.flatMap(list)),
  setintersection: ([first, ...others]) => asSet(list(first!)).filter((item) => others.every((other) => holds(list(other), item))),
  setsubtract: ([from, subtracted]) => asSet(list(from!)).filter((item) => !holds(list(subtracted!), item)),
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
    const match = re2(text(pattern!)).exec(text(value!));
    if (!match) throw new Error("regex: the pattern matches nothing");
    return matchValue(match);
  },
  regexall: ([pattern, value]) => [...text(value!).matchAll(re2(text(pattern!), "g"))].map(matchValue),
  strrev: ([value]) => [...text(value!)].reverse().join(""),
  indent: ([spaces, value]) => text(value!).replace(/\n/g, `\n${" ".repeat(number(spaces!))}`),
  urlencode: ([value]) => queryEscape(text(value!)),
  dirname: ([path]) => posix.dirname(text(path!)),
  basename: ([path]) => posix.basename(text(path!)) || ".",
  parseint: ([value, base]) => {
    const parsed = Number.parseInt(text(value!), number(base!));
    if (Number.isNaN(parsed) || !/^[-+]?[0-9a-z]+$/i.test(text(value!))) throw new Error(`parseint: cannot parse "${text(value!)}"`);
    return parsed;
  },
  signum: ([value]) => Math.sign(number(value!)),
  pow: ([base, exponent]) => number(base!) ** number(exponent!),
  log: ([value, base]) => Math.log(number(value!)) / Math.log(number(base!)),
  md5: digest("md5"),
  sha1: digest("sha1"),
  sha256: digest("sha256"),
  sha512: digest("sha512"),
  csvdecode: ([csv]) => {
    const [header, ...rows] = csvRecords(text(csv!));
    if (!header) return [];
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
  file: ([path], scope) => readFileSync(onDisk(scope, path!), "utf8"),
  filebase64: ([path], scope) => readFileSync(onDisk(scope, path!)).toString("base64"),
  fileset: ([path, pattern], scope) => fileset(onDisk(scope, path!), text(pattern!)),
  abspath: ([path], scope) => onDisk(scope, path!),
  // A template sees only the variables given, and reads files from the same working directory.
  templatefile: ([path, variables], scope) =>
    evaluate(parseTemplate(readFileSync(onDisk(scope, path!), "utf8")), within({ ...noNames, ...sameDirectory(scope) }, object(variables!))),
};

/** Functions that see their arguments' errors: they cannot take values already evaluated. */
const lazy: Readonly<Record<string, (expressions: readonly Expression[], scope: Scope) => Value>> = {
  try: (expressions, scope) => {
    for (const expression of expressions) {
      try {
        const value = evaluate(expression, scope);
        return isKnown(value) ? value : unknown;
      } catch {
        // Terraform's try: the next argument.
      }
    }
    throw new Error("try: no argument could be evaluated");
  },
  can: ([expression], scope) => {
    try {
      return isKnown(evaluate(expression!, scope)) ? true : unknown;
    } catch {
      return false;
    }
  },
};

/** A function's name without `core::`, which names a built-in function (Terraform 1.8+); a provider's keeps its namespace. */
const builtInName = (name: string): string => (name.startsWith("core::") ? name.slice("core::".length) : name);

export const isLazyFunction = (name: string): boolean => Object.hasOwn(lazy, builtInName(name));

/**
 * Functions that take collections whose elements may be unknown: cty gives an unknown result only for an argument that
 * is unknown as a whole (go-cty function/function.go, Call: `!val.IsKnown() && !spec.AllowUnknown`, a top-level test),
 * so `concat([a.id], ["b"])` has two elements, the first unknown, `length` of it is 2, and `merge` keeps the keys of
 * objects whose values are not all known. These functions move elements without reading them; the others need their
 * arguments wholly known here (`toset` and `distinct` compare elements, `flatten` needs to know which are lists).
 */
const elementWise = new Set(["concat", "merge", "length", "keys", "values", "lookup", "element", "slice", "reverse", "tolist", "tomap", "one"]);

/** Calls a built-in function, or a provider function the check knows; an unknown argument gives an unknown result (Terraform's own rule for most functions). */
export function callFunction(written: string, args: Value[], expressions: readonly Expression[], scope: Scope): Value {
  const name = builtInName(written);
  const special = lazy[name];
  if (special) return special(expressions, scope);
  const builtIn = builtIns[name] ?? kubernetesFunctions[name];
  if (!builtIn || !args.every(elementWise.has(name) ? (arg) => arg !== unknown : isKnown)) return unknown;
  return builtIn(args, scope, expressions);
}
