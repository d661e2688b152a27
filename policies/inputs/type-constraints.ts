import type { Expression } from "./hcl-expression";
import { type Value, evaluate, isObject, noNames, unknown } from "./hcl-evaluate";

/**
 * A variable's value given the shape its type constraint promises: an attribute an `object({...})` type marks
 * `optional(type, default)` and the value leaves out is its default, or null (developer.hashicorp.com/terraform/
 * language/expressions/type-constraints, "Optional Object Type Attributes"), through lists, sets, maps and tuples.
 * Primitive conversions are left to the policies, which read "8080" as 8080 already.
 */
export function withTypeDefaults(value: Value, type: Expression): Value {
  if (value === unknown || value === null || type.kind !== "call") return value;
  const [inner] = type.args;
  switch (type.name) {
    case "optional":
      return inner ? withTypeDefaults(value, inner) : value;
    case "list":
    case "set":
      return Array.isArray(value) && inner ? value.map((item) => withTypeDefaults(item, inner)) : value;
    case "tuple":
      return Array.isArray(value) && inner?.kind === "tuple" ? value.map((item, i) => (inner.items[i] ? withTypeDefaults(item, inner.items[i]) : item)) : value;
    case "map":
      return isObject(value) && inner ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withTypeDefaults(item, inner)])) : value;
    case "object": {
      if (!isObject(value) || inner?.kind !== "object") return value;
      const shaped: Record<string, Value> = { ...value };
      for (const { key, value: attributeType } of inner.items) {
        const name = evaluate(key, noNames);
        if (typeof name !== "string") continue;
        if (Object.hasOwn(value, name)) shaped[name] = withTypeDefaults(value[name]!, attributeType);
        else if (attributeType.kind === "call" && attributeType.name === "optional") {
          const [optionalType, fallback] = attributeType.args;
          shaped[name] = fallback && optionalType ? withTypeDefaults(evaluate(fallback, noNames), optionalType) : null;
        }
      }
      return shaped;
    }
    default:
      return value;
  }
}
