import { type SchemaBlock, type SchemaBlockType, settable, type TerraformType } from "./provider-schema";

/**
 * Converts the provider's schema into JSON Schema (draft 2020-12) for Terraform JSON bodies, so ajv can check a
 * resource written by hand or synthesized: required attributes present, unknown and read-only attributes refused,
 * attribute types and block nesting right.
 *
 * Terraform JSON rules honoured here: a value written as an interpolation ("${...}") is unknown until plan, so it is
 * accepted for any type; a nested block may be written as an object or as an array of objects; "//" holds comments.
 * Null arguments are taken out before a body is checked (conformance.ts, withoutNulls).
 */
export type JsonSchema = Record<string, unknown> | boolean;

const interpolation = { type: "string", pattern: "\\$\\{" };

/** Accepts an interpolation in place of any value; otherwise the value must match `schema`. */
const orInterpolation = (schema: Record<string, unknown>): JsonSchema => ({ if: interpolation, then: true, else: schema });

/**
 * Primitive types with Terraform's automatic conversions (developer.hashicorp.com/terraform/language/expressions/
 * type-constraints, "Conversion of Primitive Types"): a number or a bool where a string is expected, a string holding a
 * number where a number is, "true" or "false" where a bool is.
 */
const primitives: Readonly<Record<string, Record<string, unknown>>> = {
  string: { type: ["string", "number", "boolean"] },
  number: { type: ["number", "string"], pattern: "^-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?$" },
  bool: { type: ["boolean", "string"], enum: [true, false, "true", "false"] },
};

export function typeLabel(type: TerraformType): string {
  if (typeof type === "string") return type;
  const [kind, inner] = type;
  if (kind === "object") return `object({${Object.keys(inner as Record<string, unknown>).join(", ")}})`;
  return `${kind}(${typeLabel(inner as TerraformType)})`;
}

export function typeSchema(type: TerraformType | undefined): JsonSchema {
  if (type === undefined || type === "dynamic") return true;
  const label = typeLabel(type);
  if (typeof type === "string") {
    const primitive = primitives[type];
    return primitive ? orInterpolation({ ...primitive, description: label }) : true;
  }
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
      return orInterpolation({ type: "array", description: label, items: typeSchema(inner as TerraformType) });
    case "map":
      return orInterpolation({ type: "object", description: label, additionalProperties: typeSchema(inner as TerraformType) });
    case "object": {
      const attributes = inner as Record<string, TerraformType>;
      return orInterpolation({
        type: "object",
        description: label,
        properties: Object.fromEntries(Object.entries(attributes).map(([name, attributeType]) => [name, typeSchema(attributeType)])),
        additionalProperties: false,
      });
    }
    default:
      return true;
  }
}

/** Marks an attribute that only the provider sets. */
export const readOnly = { description: "read-only", not: {} };

export function blockSchema(block: SchemaBlock, extraProperties: Record<string, JsonSchema> = {}): Record<string, unknown> {
  const properties: Record<string, JsonSchema> = { "//": true, dynamic: { type: "object" }, ...extraProperties };
  const required: string[] = [];
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    properties[name] = settable(attribute) ? typeSchema(attribute.type) : readOnly;
    if (attribute.required) required.push(name);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    properties[name] = nestedBlockSchema(nested);
    if ((nested.min_items ?? 0) > 0) required.push(name);
  }
  return { type: "object", properties, required: required.sort(), additionalProperties: false };
}

function nestedBlockSchema(nested: SchemaBlockType): JsonSchema {
  const item = blockSchema(nested.block);
  if (nested.nesting_mode === "map") return orInterpolation({ type: "object", description: "map of blocks", additionalProperties: item });
  const single = nested.nesting_mode === "single" || nested.nesting_mode === "group";
  const list: Record<string, unknown> = { type: "array", description: "list of blocks", items: item };
  const minItems = nested.min_items ?? 0;
  const maxItems = single ? 1 : nested.max_items;
  if (minItems > 0) list.minItems = minItems;
  if (maxItems !== undefined && maxItems > 0) list.maxItems = maxItems;
  return { if: { type: "array" }, then: list, else: orInterpolation(item) };
}

/** Meta-arguments Terraform accepts on every resource and data source. */
export const metaArguments: Record<string, JsonSchema> = {
  count: true,
  for_each: true,
  provider: { type: "string" },
  depends_on: { type: "array", items: { type: "string" } },
  // A block: an object in JSON, a list of one object as HCL reads it.
  lifecycle: { anyOf: [{ type: "object" }, { type: "array", items: { type: "object" } }] },
  provisioner: true,
  connection: true,
};

/** Meta-arguments of a provider configuration block; for_each in OpenTofu 1.9+. */
export const providerMetaArguments: Record<string, JsonSchema> = { alias: { type: "string" }, version: { type: "string" }, for_each: true };
