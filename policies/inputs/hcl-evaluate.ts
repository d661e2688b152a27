import type { Expression, Step } from "./hcl-expression";
import { numberFromText } from "../../lib/terraform-literal";
import { literalBool } from "../lib/values";
import { asSet, callFunction, isLazyFunction } from "./hcl-functions";
import type { TextsRead } from "./text-sources";

/** A value not known before plan or apply: a resource attribute, a variable with no value, a function of one. */
export const unknown: unique symbol = Symbol("unknown");

export type Value = string | number | boolean | null | typeof unknown | readonly Value[] | { readonly [key: string]: Value };

/** What an expression can name: variables (`var`, `local`, `each`, `count`, `path`, module outputs) and for-expression names. */
export interface Scope {
  lookup(name: string): Value | undefined;
  /**
   * The folder a relative file path is read from (`file("init.sh")`): Terraform's working directory, the root
   * module's folder. Absent, the process's own.
   */
  readonly directory?: string;
  /**
   * Where the files Terraform's functions read are recorded (file, templatefile): YAML that Terraform renders or reads
   * is the Terraform's, not a manifest kubectl applies; and the texts they give, by where they are written.
   */
  readonly filesRead?: FilesRead;
  /** Where the files those functions look for and do not find are recorded: terraform plan stops on each ("no file exists"). */
  readonly filesMissing?: FilesMissing;
}

/** The files functions read, and the texts they gave (TextsRead): a finding on what is decoded of one points at its line. */
export interface FilesRead {
  readonly files: Set<string>;
  readonly texts: TextsRead;
}

/** The files functions looked for and did not find, and how often: a value whose evaluation made `reads` grow waits on one. */
export interface FilesMissing {
  readonly files: Set<string>;
  reads: number;
}

/**
 * Objects of which only some attributes are known: a resource's or data source's, whose configured arguments are known
 * at plan while the provider computes the others. Reading an attribute works; the object as a whole is not known.
 */
export const partlyKnown = new WeakSet<object>();

/**
 * Nested blocks of a resource or data source instance (`network[1]` of an instance): their provider adds computed
 * attributes to what is written (`fixed_ip_v4`), so reading one that is not written is not known, not an error.
 */
export const blocksWithComputedAttributes = new WeakSet<object>();

/** An object of which `known` holds the known attributes: any other attribute it is asked for is unknown (partlyKnown). */
export function withUnknownRest<T extends object>(known: T): T {
  const object = new Proxy(known, {
    has: () => true,
    get: (target, key) => (typeof key === "string" && !Object.hasOwn(target, key) ? unknown : Reflect.get(target, key)),
  });
  partlyKnown.add(object);
  return object;
}

/**
 * Lists that are sets (made by `toset`, the set functions or a `set(...)` type): iterating one, the key of each
 * element is the element itself, as cty gives it (`[for k, v in toset(["a"]) : k]` is ["a"]), not its position.
 */
const sets = new WeakSet<readonly Value[]>();

/** The list marked as a set: its elements must already be distinct and in cty's order (asSet). */
export function markedAsSet<T extends readonly Value[]>(items: T): T {
  sets.add(items);
  return items;
}

export const isSet = (value: Value): boolean => Array.isArray(value) && sets.has(value);

/** The kind of collection a value's type is, where the evaluator knows it; see markedAs. */
type CollectionKind = "list" | "map" | "tuple" | "object";
const collectionKinds = new WeakMap<object, CollectionKind>();

/**
 * A collection marked with the kind of its type: a tuple or an object written in an expression, a list or a map a type
 * constraint or a function (`tolist`, `split`) makes. `==` tells kinds apart as Terraform does, where content alone
 * would not (terraform console 1.11: `tolist([]) == []` and `tomap({}) == {}` are false, so a `list(string)` variable
 * never equals `[]`); collections of no marked kind (most functions' results) are compared by content.
 */
export function markedAs<T extends readonly Value[] | { readonly [key: string]: Value }>(kind: CollectionKind, value: T): T {
  collectionKinds.set(value, kind);
  return value;
}

const kindOf = (value: Value): CollectionKind | "set" | undefined =>
  value === null || typeof value !== "object" ? undefined : isSet(value) ? "set" : collectionKinds.get(value);

export const isKnown = (value: Value): boolean => {
  if (value === unknown) return false;
  if (value !== null && typeof value === "object" && partlyKnown.has(value)) return false;
  if (Array.isArray(value)) return value.every(isKnown);
  if (value !== null && typeof value === "object") return Object.values(value).every(isKnown);
  return true;
};

export const isObject = (value: Value): value is { readonly [key: string]: Value } => value !== null && typeof value === "object" && !Array.isArray(value);

/** A scope that names nothing: for literal values (tfvars, defaults of a type) and template files, which see only what they are given. */
export const noNames: Scope = { lookup: () => undefined };

/**
 * A value Terraform cannot convert to the type an operation takes, in words that quote no value (it may be a secret):
 * the type wanted, and what the value is.
 */
export class ConversionError extends Error {
  constructor(wanted: "string" | "number" | "bool", value: Value) {
    const what =
      value === null
        ? "null"
        : Array.isArray(value)
          ? "a list"
          : typeof value === "object"
            ? "an object"
            : typeof value === "string"
              ? `a string that is ${wanted === "bool" ? "neither true nor false" : "no number"}`
              : `a ${typeof value}`;
    super(`a ${wanted} is required, and the value is ${what}`);
  }
}

/** Terraform's conversion of a primitive to a string (for templates and string functions). */
export function asString(value: Value): string | typeof unknown {
  if (value === unknown) return unknown;
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return String(value);
  throw new ConversionError("string", value);
}

/**
 * A number as Terraform writes it in a string: in full, never with an exponent (tostring(1e-7) is "0.0000001", 1e21 is
 * 1 and 21 zeros). Terraform computes in 512-bit floats, this check in 64-bit ones: "${0.1 + 0.2}" is "0.3" there and
 * "0.30000000000000004" here.
 */
export function numberText(value: number): string {
  const written = String(value);
  if (!written.includes("e")) return written;
  const [mantissa, exponent] = value.toExponential().split("e");
  const negative = mantissa!.startsWith("-");
  const digits = mantissa!.replace(/^-/, "").replace(".", "");
  const point = 1 + Number(exponent);
  const unsigned =
    point <= 0
      ? `0.${"0".repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + "0".repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${unsigned}` : unsigned;
}

export const asNumber = (value: Value): number | typeof unknown => {
  if (value === unknown) return unknown;
  if (typeof value === "number") return value;
  const parsed = typeof value === "string" ? numberFromText(value) : undefined;
  if (parsed !== undefined) return parsed;
  throw new ConversionError("number", value);
};

export const asBool = (value: Value): boolean | typeof unknown => {
  if (value === unknown) return value;
  const bool = literalBool(value);
  if (bool !== undefined) return bool;
  throw new ConversionError("bool", value);
};

/**
 * A collection's elements as [key, value] pairs: list index, map key, or a set's element itself. A map's or an
 * object's keys come in lexical order, as cty iterates them (`[for k, v in {b = 1, a = 2} : k]` is ["a", "b"], and
 * "10" comes before "9").
 */
export function entries(collection: Value): [Value, Value][] {
  if (isSet(collection)) return (collection as Value[]).map((item) => [item, item]);
  if (Array.isArray(collection)) return collection.map((item, index) => [index, item]);
  if (isObject(collection))
    return Object.keys(collection)
      .sort()
      .map((key) => [key, collection[key]!]);
  throw new Error("expected a list, set, map or object");
}

/**
 * The objects of a module's names (`var`, `local`, `module`) where a file of the module could not be read: a name they
 * lack may be declared there, which a failure to read it says.
 */
export const mayBeDeclaredIn = new WeakMap<object, { readonly root: string; readonly files: readonly string[] }>();

/** A name read that no file read declares, where a file that could not be read may (mayBeDeclaredIn): its message quotes no value. */
export class DeclaredInNoFileRead extends Error {}

function getAttribute(of: Value, name: string | number): Value {
  if (of === unknown) return unknown;
  if (Array.isArray(of)) {
    const index = typeof name === "number" ? name : asNumber(name);
    if (index === unknown) return unknown;
    if (!Number.isInteger(index)) throw new Error(`index ${index} has a fractional part`);
    if (index < 0 || index >= of.length) throw new Error(`index ${index} is out of range (${of.length} elements)`);
    return of[index]!;
  }
  if (isObject(of)) {
    const key = String(name);
    if (!(key in of)) {
      if (blocksWithComputedAttributes.has(of)) return unknown;
      const elsewhere = mayBeDeclaredIn.get(of);
      if (elsewhere)
        throw new DeclaredInNoFileRead(
          `${elsewhere.root}.${key} is declared in no file read here: ${elsewhere.files.join(", ")}, which could not be read, may declare it`,
        );
      throw new Error(`no attribute or key "${key}"`);
    }
    return of[key]!;
  }
  throw new Error(`cannot read "${name}" of a ${of === null ? "null" : typeof of}`);
}

/** A splat's steps applied to each element of a list; null gives none, any other value is a list of itself. */
function splat(source: Value, steps: readonly Step[], scope: Scope): Value {
  if (source === unknown) return unknown;
  const items = source === null ? [] : Array.isArray(source) ? source : [source];
  return items.map((item) => steps.reduce<Value>((value, each) => step(value, each, scope), item));
}

function step(of: Value, each: Step, scope: Scope): Value {
  if ("name" in each) return getAttribute(of, each.name);
  if ("splat" in each) return splat(of, each.splat, scope);
  const key = evaluate(each.key, scope);
  return key === unknown ? unknown : getAttribute(of, key as string | number);
}

/**
 * Equality of two known values by content: an object's attributes in any order (terraform console 1.11:
 * `{a = 1, b = 2} == {b = 2, a = 1}` is true). With `kinds`, as `==` compares them: collections of two kinds both known
 * (a list and a tuple, a set and a list, a map and an object, at any depth) are never equal (markedAs).
 */
export function equal(a: Value | undefined, b: Value | undefined, kinds = false): boolean {
  if (a === b) return true;
  if (kinds) {
    const [kindOfA, kindOfB] = [kindOf(a ?? null), kindOf(b ?? null)];
    if (kindOfA !== undefined && kindOfB !== undefined && kindOfA !== kindOfB) return false;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equal(item, b[i], kinds));
  if (a === undefined || b === undefined || !isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && equal(a[key], b[key], kinds));
}

function binary(operator: string, left: Value, right: Value): Value {
  if (operator === "&&")
    return left === false || right === false ? false : left === unknown || right === unknown ? unknown : asBool(left) === true && asBool(right) === true;
  if (operator === "||")
    return left === true || right === true ? true : left === unknown || right === unknown ? unknown : asBool(left) === true || asBool(right) === true;
  if (!isKnown(left) || !isKnown(right)) return unknown;
  if (operator === "==") return equal(left, right, true);
  if (operator === "!=") return !equal(left, right, true);
  const a = asNumber(left) as number;
  const b = asNumber(right) as number;
  switch (operator) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    case "%":
      // cty's Modulo gives the dividend for a divisor of zero (terraform console 1.11: 5 % 0 is 5).
      return b === 0 ? a : a % b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    default:
      return a >= b;
  }
}

/** A scope with more names over another: for-expression and dynamic-block iterators. */
export const within = (outer: Scope, names: Readonly<Record<string, Value>>): Scope => ({
  lookup: (name) => (Object.hasOwn(names, name) ? names[name] : outer.lookup(name)),
  ...sameDirectory(outer),
});

/**
 * A scope whose errors Terraform passes over (a conditional's other result, read for its type alone; try's arguments
 * but the last; can's): a file not found there stops nothing, so it is not recorded (Scope.filesMissing).
 */
export function whereErrorsAreCaught(scope: Scope): Scope {
  const { filesMissing: _passedOver, ...rest } = scope;
  return rest;
}

/** The scope's working directory, to give another scope (see Scope.directory). */
export const sameDirectory = (scope: Scope): Pick<Scope, "directory" | "filesRead" | "filesMissing"> => ({
  ...(scope.directory === undefined ? {} : { directory: scope.directory }),
  ...(scope.filesRead ? { filesRead: scope.filesRead } : {}),
  ...(scope.filesMissing ? { filesMissing: scope.filesMissing } : {}),
});

/**
 * Evaluates an expression in a scope. What cannot be known (a resource attribute, a variable without a value) is
 * `unknown`, and so is whatever depends on it; an expression Terraform would refuse throws.
 */
export function evaluate(expression: Expression, scope: Scope): Value {
  switch (expression.kind) {
    case "literal":
      return expression.value;
    case "template": {
      let text = "";
      for (const part of expression.parts) {
        const value = asString(evaluate(part, scope));
        if (value === unknown) return unknown;
        text += value;
      }
      return text;
    }
    case "variable": {
      const value = scope.lookup(expression.name);
      return value === undefined ? unknown : value;
    }
    case "attribute":
      return getAttribute(evaluate(expression.of, scope), expression.name);
    case "index": {
      const key = evaluate(expression.key, scope);
      return key === unknown ? unknown : getAttribute(evaluate(expression.of, scope), key as string | number);
    }
    case "splat":
      return splat(evaluate(expression.of, scope), expression.each, scope);
    case "call": {
      if (isLazyFunction(expression.name)) return callFunction(expression.name, [], expression.args, scope);
      const args = expression.args.map((arg) => evaluate(arg, scope));
      if (expression.expandLast) {
        const last = args.pop()!;
        if (last === unknown) return unknown;
        args.push(...entries(last).map(([, value]) => value));
      }
      return callFunction(expression.name, args, expression.args, scope);
    }
    case "tuple":
      return markedAs(
        "tuple",
        expression.items.map((item) => evaluate(item, scope)),
      );
    case "object": {
      const object: Record<string, Value> = {};
      for (const item of expression.items) {
        const key = asString(evaluate(item.key, scope));
        if (key === unknown) return unknown;
        object[key] = evaluate(item.value, scope);
      }
      return markedAs("object", object);
    }
    case "unary": {
      const operand = evaluate(expression.operand, scope);
      if (operand === unknown) return unknown;
      return expression.operator === "!" ? !asBool(operand) : -(asNumber(operand) as number);
    }
    case "binary":
      return binary(expression.operator, evaluate(expression.left, scope), evaluate(expression.right, scope));
    case "conditional": {
      const condition = evaluate(expression.condition, scope);
      if (condition === unknown) return unknown;
      const [chosen, other] = asBool(condition) ? [expression.then, expression.otherwise] : [expression.otherwise, expression.then];
      return unifiedWith(evaluate(chosen, scope), chosen, other, scope);
    }
    case "for":
      return evaluateFor(expression, scope);
  }
}

/**
 * A conditional's result in the type both its results share, as HCL unifies them (`true ? 1 : "x"` is "1",
 * `true ? [1] : ["x"]` is ["1"]). The other result only gives its type: if it cannot be evaluated, the chosen one stands
 * as it is.
 */
function unifiedWith(chosen: Value, written: Expression, other: Expression, scope: Scope): Value {
  if (chosen === null || chosen === unknown || typeof chosen === "string") return chosen;
  try {
    const otherValue = evaluate(other, whereErrorsAreCaught(scope));
    // A tuple written beside a set is a set (`cond ? [] : toset(ids)` is set(string), terraform console's type()),
    // which for_each takes; a list beside a set makes a list of both, which it refuses.
    if (Array.isArray(chosen) && isSet(otherValue) && !isSet(chosen)) return written.kind === "tuple" ? asSet([...chosen]) : chosen;
    if (isSet(chosen) && Array.isArray(otherValue) && !isSet(otherValue)) return other.kind === "tuple" ? chosen : [...(chosen as Value[])];
    // Two sets make a set of their unified element type (`cond ? toset(a) : toset([])` is set(string)).
    if (isSet(chosen) && isSet(otherValue)) return asSet(unifiedTo([...(chosen as Value[])], [...(otherValue as Value[])]) as Value[]);
    return unifiedTo(chosen, otherValue);
  } catch {
    return chosen;
  }
}

export const isPrimitive = (item: Value): item is string | number | boolean =>
  typeof item === "string" || typeof item === "number" || typeof item === "boolean";

/**
 * Elements that must share one type (a list's, a set's, a map's, or a conditional's two results), as cty unifies
 * them: primitives, one of them a string, become strings (tolist(["a", 1]) is ["a", "1"]); a null stays null, since
 * it has every type. Undefined when there is nothing to convert.
 */
export const toStrings = (items: readonly Value[]): Value[] | undefined => {
  const typed = items.filter((item) => item !== null);
  return typed.length > 0 && typed.every(isPrimitive) && typed.some((item) => typeof item === "string")
    ? items.map((item) => (item === null ? null : (asString(item) as string)))
    : undefined;
};

/**
 * `chosen` converted to the type it shares with `other` (cty's unification): tuples of one length and objects of the
 * same attributes element by element; otherwise as a list or a map, whose elements share one type.
 */
function unifiedTo(chosen: Value, other: Value): Value {
  if (typeof chosen === "number" || typeof chosen === "boolean") return typeof other === "string" ? (asString(chosen) as string) : chosen;
  if (Array.isArray(chosen) && Array.isArray(other)) {
    if (chosen.length === other.length) return chosen.map((item, i) => unifiedTo(item, other[i]!));
    const strings = toStrings([...chosen, ...other]);
    return strings ? strings.slice(0, chosen.length) : chosen;
  }
  if (isObject(chosen) && isObject(other)) {
    const keys = Object.keys(chosen);
    if (keys.length === Object.keys(other).length && keys.every((key) => Object.hasOwn(other, key)))
      return Object.fromEntries(keys.map((key) => [key, unifiedTo(chosen[key]!, other[key]!)]));
    const strings = toStrings([...Object.values(chosen), ...Object.values(other)]);
    return strings ? Object.fromEntries(keys.map((key, i) => [key, strings[i]!])) : chosen;
  }
  return chosen;
}

function evaluateFor(expression: Extract<Expression, { kind: "for" }>, scope: Scope): Value {
  const collection = evaluate(expression.collection, scope);
  // A resource's object: the attributes its provider computes are there too, unknown (withUnknownRest).
  if (collection === unknown || (isObject(collection) && partlyKnown.has(collection))) return unknown;
  const list: Value[] = [];
  const object: Record<string, Value | Value[]> = {};
  for (const [key, value] of entries(collection)) {
    const inner = within(scope, { ...(expression.keyName ? { [expression.keyName]: key } : {}), [expression.valueName]: value });
    if (expression.condition) {
      const keep = evaluate(expression.condition, inner);
      if (keep === unknown) return unknown;
      if (!asBool(keep)) continue;
    }
    const item = evaluate(expression.value, inner);
    if (!expression.key) {
      list.push(item);
      continue;
    }
    const name = asString(evaluate(expression.key, inner));
    if (name === unknown) return unknown;
    if (expression.grouped) {
      // Grown in place: a copy at each element is quadratic in a group's size.
      if (Object.hasOwn(object, name)) (object[name] as Value[]).push(item);
      else object[name] = [item];
    } else if (Object.hasOwn(object, name)) throw new Error(`duplicate key "${name}" in a for expression (add "..." to group)`);
    else object[name] = item;
  }
  return expression.key ? markedAs("object", object as Record<string, Value>) : markedAs("tuple", list);
}
