import type { Expression } from "./hcl-expression";
import { numberFromText } from "../../lib/terraform-literal";
import { literalBool } from "../lib/values";
import { type Value, asString, evaluate, isKnown, isObject, markedAs, noNames, partlyKnown, unknown } from "./hcl-evaluate";
import { asSet } from "./hcl-functions";

/**
 * A type constraint with Terraform 0.11's bare `list` and `map` read as Terraform still reads them: `list(any)` and
 * `map(any)` (hcl ext/typeexpr, getType: the keywords alone are accepted in a constraint). A bare `set`, `tuple` or
 * `object` is refused ("Invalid type specification"), as Terraform 1.11 does.
 */
function legacyCollection(type: Expression): Expression {
  return type.kind === "variable" && (type.name === "list" || type.name === "map")
    ? { kind: "call", name: type.name, args: [{ kind: "variable", name: "any" }], expandLast: false }
    : type;
}

/**
 * A variable's value converted to its type constraint, as Terraform converts it (developer.hashicorp.com/terraform/
 * language/expressions/type-constraints): primitives to the type asked ("22" for a string, 8080 for a number given
 * "8080", true for "true"), an object to the attributes its type names (the others dropped, an `optional(type,
 * default)` one left out given its default, or null), a set's elements deduplicated and ordered, through lists, sets,
 * maps and tuples. What cannot be converted is left as it is: Terraform would refuse it, and the policies judge it.
 */
export function withType(value: Value, written: Expression): Value {
  if (value === unknown || value === null) return value;
  const type = legacyCollection(written);
  if (type.kind === "variable") return primitive(value, type.name);
  if (type.kind !== "call") return value;
  const [inner] = type.args;
  switch (type.name) {
    case "optional":
      return inner ? withType(value, inner) : value;
    case "list":
      return Array.isArray(value) && inner
        ? markedAs(
            "list",
            unified(
              value.map((item) => withType(item, inner)),
              inner,
            ),
          )
        : value;
    case "set": {
      if (!Array.isArray(value) || !inner) return value;
      const items = unified(
        value.map((item) => withType(item, inner)),
        inner,
      );
      return items.every(isKnown) ? asSet(items) : items;
    }
    case "tuple":
      return Array.isArray(value) && inner?.kind === "tuple"
        ? markedAs(
            "tuple",
            value.map((item, i) => (inner.items[i] ? withType(item, inner.items[i]) : item)),
          )
        : value;
    case "map": {
      if (!isObject(value) || !inner) return value;
      const keys = Object.keys(value);
      const items = unified(
        keys.map((key) => withType(value[key]!, inner)),
        inner,
      );
      return markedAs("map", Object.fromEntries(keys.map((key, i) => [key, items[i]!])));
    }
    case "object": {
      if (!isObject(value) || inner?.kind !== "object") return value;
      const shaped: Record<string, Value> = {};
      for (const { key, value: attributeType } of inner.items) {
        const name = evaluate(key, noNames);
        if (typeof name !== "string") return value;
        const optional = attributeType.kind === "call" && attributeType.name === "optional";
        // An optional attribute given null takes its default too, as one left out ("Optional Object Type Attributes").
        if (Object.hasOwn(value, name) && !(optional && value[name] === null)) shaped[name] = withType(value[name]!, attributeType);
        // A resource's object has the attributes its provider computes too: known only at apply, never absent.
        else if (partlyKnown.has(value)) shaped[name] = unknown;
        else if (optional) {
          const [optionalType, fallback] = attributeType.args;
          shaped[name] = fallback && optionalType ? withType(evaluate(fallback, noNames), optionalType) : null;
        } else return value;
      }
      return markedAs("object", shaped);
    }
    default:
      return value;
  }
}

/**
 * A collection's elements of type `any` given one type, as Terraform does (go-cty's convert unifies a list's, a set's or
 * a map's element types): primitives of more than one type all become strings, so that `map(any)` given
 * `{ name = "web", public = true }` holds "true"; lists are unified through their elements, and objects attribute by
 * attribute, so `[[1], ["a"]]` holds ["1"] and `{ a = { open = true }, b = { open = "no" } }` holds "true".
 */
function unified(items: Value[], elementType: Expression): Value[] {
  return elementType.kind === "variable" && elementType.name === "any" ? unifiedAll(items) : items;
}

function unifiedAll(items: readonly Value[]): Value[] {
  const present = items.filter((item) => item !== null);
  if (present.length === 0) return [...items];
  if (present.every(Array.isArray)) {
    const lists = items as (Value[] | null)[];
    const elements = unifiedAll(lists.flatMap((list) => list ?? []));
    let at = 0;
    return lists.map((list) => (list === null ? null : list.map(() => elements[at++]!)));
  }
  if (present.every((item) => isObject(item) && !partlyKnown.has(item))) {
    const objects = items as ({ readonly [key: string]: Value } | null)[];
    const shaped = objects.map((object) => (object === null ? null : { ...object }));
    for (const key of new Set(present.flatMap((object) => Object.keys(object as object)))) {
      const holders = shaped.filter((object): object is Record<string, Value> => object !== null && Object.hasOwn(object, key));
      unifiedAll(holders.map((object) => object[key]!)).forEach((value, i) => {
        holders[i]![key] = value;
      });
    }
    return shaped;
  }
  const kinds = new Set(present.map((item) => typeof item));
  if (kinds.size < 2 || [...kinds].some((kind) => !["string", "number", "boolean"].includes(kind))) return [...items];
  return items.map((item) => (item === null ? item : primitive(item, "string")));
}

/** A primitive converted as Terraform converts it ("Conversion of Primitive Types"); left as it is when it cannot be. */
function primitive(value: Value, type: string): Value {
  if (type === "string" && (typeof value === "number" || typeof value === "boolean")) return asString(value) as string;
  if (type === "number" && typeof value === "string") return numberFromText(value) ?? value;
  if (type === "bool") return literalBool(value) ?? value;
  return value;
}

/**
 * Why Terraform cannot convert a value to a type constraint, which it refuses to plan with ("Invalid value for input
 * variable"), in go-cty's words, the place first (`element "backend": attribute "name" is required`); undefined where
 * it can: text for a number or a bool only when it reads as one, a collection's every element, an object's every
 * attribute its type does not mark optional. What is known only at apply, or null, fits any type.
 */
export function typeMismatch(value: Value, written: Expression): string | undefined {
  if (value === unknown || value === null) return undefined;
  const type = legacyCollection(written);
  if (type.kind === "variable") {
    if (type.name === "any") return undefined;
    if (type.name === "number")
      return typeof value === "number" || (typeof value === "string" && numberFromText(value) !== undefined) ? undefined : "a number is required";
    // go-cty converts "true", "false", "1" and "0" (convert/conversion_primitive.go), as literalBool reads them.
    if (type.name === "bool") return typeof value !== "object" && literalBool(value) !== undefined ? undefined : "a bool is required";
    return type.name === "string" && typeof value !== "object" ? undefined : `${type.name} required`;
  }
  if (type.kind !== "call") return undefined;
  const [inner] = type.args;
  const first = (entries: readonly [string, Value][], elementType: Expression | undefined, place: (key: string) => string) => {
    if (!elementType) return undefined;
    for (const [key, item] of entries) {
      const why = typeMismatch(item, elementType);
      if (why !== undefined) return `${place(key)}: ${why}`;
    }
    return undefined;
  };
  switch (type.name) {
    case "optional":
      return inner ? typeMismatch(value, inner) : undefined;
    case "list":
    case "set":
      return Array.isArray(value)
        ? first(
            [...value.entries()].map(([i, item]) => [String(i), item]),
            inner,
            (i) => `element ${i}`,
          )
        : `${typeName(type)} required`;
    case "tuple":
      if (!Array.isArray(value)) return "tuple required";
      if (inner?.kind !== "tuple") return undefined;
      if (value.length !== inner.items.length) return `a tuple of ${inner.items.length} elements is required`;
      for (const [i, item] of value.entries()) {
        const why = typeMismatch(item, inner.items[i]!);
        if (why !== undefined) return `element ${i}: ${why}`;
      }
      return undefined;
    case "map":
      return isObject(value) ? first(Object.entries(value), inner, (key) => `element ${JSON.stringify(key)}`) : `${typeName(type)} required`;
    case "object":
      if (!isObject(value)) return "object required";
      if (inner?.kind !== "object") return undefined;
      for (const { key, value: attributeType } of inner.items) {
        const name = evaluate(key, noNames);
        if (typeof name !== "string") continue;
        if (Object.hasOwn(value, name)) {
          const why = typeMismatch(value[name]!, attributeType);
          if (why !== undefined) return `attribute ${JSON.stringify(name)}: ${why}`;
        } else if (!partlyKnown.has(value) && !(attributeType.kind === "call" && attributeType.name === "optional"))
          return `attribute ${JSON.stringify(name)} is required`;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** A type as go-cty's conversion errors name it: `list of number`, `map of any single type`, `object`. */
function typeName(written: Expression): string {
  if (written.kind === "variable") return written.name === "any" ? "any single type" : written.name;
  if (written.kind !== "call") return "value";
  const [inner] = written.args;
  if (written.name === "optional") return inner ? typeName(inner) : "any single type";
  return ["list", "set", "map"].includes(written.name) ? `${written.name} of ${inner ? typeName(inner) : "any single type"}` : written.name;
}

/**
 * An attribute an object type of a constraint names twice (`object({ port = number, port = string })`), which Terraform
 * refuses ("Invalid type specification: Object constructor map keys must be unique", terraform validate 1.11), where an
 * object value written so takes the later.
 */
export function attributeNamedTwice(type: Expression): string | undefined {
  if (type.kind === "object") {
    const names = type.items.map(({ key }) => (key.kind === "variable" ? key.name : key.kind === "literal" ? String(key.value) : undefined));
    const twice = names.find((name, i) => name !== undefined && names.indexOf(name) !== i);
    if (twice !== undefined) return twice;
    for (const { value } of type.items) {
      const nested = attributeNamedTwice(value);
      if (nested !== undefined) return nested;
    }
    return undefined;
  }
  if (type.kind === "call")
    for (const arg of type.args) {
      const nested = attributeNamedTwice(arg);
      if (nested !== undefined) return nested;
    }
  if (type.kind === "tuple")
    for (const item of type.items) {
      const nested = attributeNamedTwice(item);
      if (nested !== undefined) return nested;
    }
  return undefined;
}
