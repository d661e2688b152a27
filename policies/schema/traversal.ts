import { closest } from "../../lib/did-you-mean";
import type { SchemaBlock, TerraformType } from "./provider-schema";

/** One step of a reference read from a block: an attribute (`.name`) or a literal key (`[0]`, `["a"]`). */
export type TraversalStep = { readonly name: string } | { readonly key: string | number | boolean | null };

const identifier = /^[A-Za-z_][\w-]*$/;

/** A literal key as a reference writes it: `[0]`, `["a"]`. */
export const keyWritten = (key: string | number | boolean | null): string => `[${JSON.stringify(key)}]`;

/**
 * The first step of `steps`, read from a block of `schema` written `shown`, that Terraform refuses before it evaluates
 * anything, with its position and why: as configschema's StaticValidateTraversal (opentofu
 * internal/configs/configschema/validate_traversal.go), a name that is no argument, nested block or attribute of the
 * block ("Unsupported attribute"), a key where only a name is read ("Invalid index operation"), a list of nested blocks
 * read without an index ("Invalid operation"), a set of them read into ("Cannot index a set value"); and what is read
 * from an attribute's value, by the attribute's type (refusedInValue). `from` names the schema.
 */
export function refusedStep(schema: SchemaBlock, steps: readonly TraversalStep[], shown: string, from: string): { at: number; why: string } | undefined {
  let block = schema;
  let path = shown;
  for (let at = 0; at < steps.length; at++) {
    const step = steps[at]!;
    if (!("name" in step)) {
      const { key } = step;
      const why =
        typeof key === "string" && identifier.test(key)
          ? `${path}${keyWritten(key)} reads an attribute by a key, where Terraform reads one only with a dot (${path}.${key})`
          : `${path}${keyWritten(key)} reads a key, where Terraform reads only attributes, with a dot`;
      return { at, why };
    }
    const { name } = step;
    if (block.attributes && Object.hasOwn(block.attributes, name)) return refusedInValue(block.attributes[name]!.type, steps, at + 1, `${path}.${name}`);
    const nested = block.block_types && Object.hasOwn(block.block_types, name) ? block.block_types[name]! : undefined;
    if (!nested) {
      const hint = closest(name, [...Object.keys(block.attributes ?? {}), ...Object.keys(block.block_types ?? {})].sort());
      return { at, why: `${path} has no argument, nested block or attribute "${name}" in ${from}${hint ? ` (did you mean ${path}.${hint}?)` : ""}` };
    }
    path = `${path}.${name}`;
    block = nested.block;
    const next = steps[at + 1];
    if (nested.nesting_mode === "single" || nested.nesting_mode === "group" || next === undefined) continue;
    if (nested.nesting_mode === "set") return { at: at + 1, why: `${path} is a set of nested blocks, whose elements have no key: a for expression reads them` };
    if (nested.nesting_mode === "list" && "name" in next)
      return { at: at + 1, why: `${path} is a list of nested blocks: one is read by its index (${path}[0].${next.name})` };
    // A list's element, or a map's, by its key: the nested block's own steps follow.
    path = "key" in next ? `${path}${keyWritten(next.key)}` : `${path}.${next.name}`;
    at++;
  }
  return undefined;
}

/** The type of an attribute as `terraform providers schema -json` writes it: "string", ["list", "string"], ["object", {...}]. */
type AttributeType = TerraformType | undefined;

/** A type as Terraform's messages name it: `string`, `list of string`, `set of object`. */
function typeSaid(type: AttributeType): string {
  if (!Array.isArray(type)) return String(type);
  const [kind, element] = type;
  return kind === "list" || kind === "set" || kind === "map" ? `${kind} of ${Array.isArray(element) ? element[0] : element}` : String(kind);
}

/**
 * The first step of `steps`, from `at` on, that Terraform refuses in reading a value of the attribute type `type`
 * written `path`: as it reads them from a value not known yet of that type (hcl ops.go, GetAttr and Index): an
 * attribute of a string, a number, a bool, a list, a set or a tuple, an attribute an object type does not have, a key of
 * a set or a primitive, a list's key that is not a number. A value of no known type (`dynamic`) takes every step.
 */
function refusedInValue(type: AttributeType, steps: readonly TraversalStep[], from: number, shown: string): { at: number; why: string } | undefined {
  let path = shown;
  let current = type;
  for (let at = from; at < steps.length; at++) {
    const step = steps[at]!;
    if (current === undefined || current === "dynamic") return undefined;
    const [kind, inner] = Array.isArray(current) ? current : [current, undefined];
    if ("name" in step) {
      const { name } = step;
      if (kind === "map") current = inner as AttributeType;
      else if (kind === "object" && inner && typeof inner === "object" && Object.hasOwn(inner, name)) current = (inner as Record<string, TerraformType>)[name];
      else {
        const why =
          kind === "object"
            ? `${path} is an object with no attribute "${name}"`
            : (kind === "list" || kind === "set") && Array.isArray(inner) && inner[0] === "object"
              ? `${path} is a ${kind} of objects: an attribute is read from ${kind === "list" ? `one element (${path}[0].${name})` : "its elements, with a for expression"}`
              : `${path} is a ${typeSaid(current)}, which has no attributes ("${name}")`;
        return { at, why };
      }
      path = `${path}.${name}`;
    } else {
      const { key } = step;
      const numeric = typeof key === "number" || (typeof key === "string" && key.trim() !== "" && Number.isFinite(Number(key)));
      if (kind === "map" && key !== null) current = inner as AttributeType;
      else if (kind === "list" && numeric) current = inner as AttributeType;
      else if (kind === "tuple") return undefined;
      else if (kind === "object" && key !== null && inner && typeof inner === "object" && Object.hasOwn(inner, String(key)))
        current = (inner as Record<string, TerraformType>)[String(key)];
      else {
        const why =
          kind === "set"
            ? `${path} is a set, whose elements have no key: a for expression reads them`
            : kind === "list"
              ? `${path} is a list, whose elements are read by their number, not by ${JSON.stringify(key)}`
              : kind === "object"
                ? `${path} is an object with no attribute ${JSON.stringify(key)}`
                : `${path} is a ${typeSaid(current)}, which has no elements`;
        return { at, why };
      }
      path = `${path}${keyWritten(key)}`;
    }
  }
  return undefined;
}
