import { closest } from "../../lib/did-you-mean";
import type { SchemaBlock } from "./provider-schema";

/** One step of a reference read from a block: an attribute (`.name`) or a literal key (`[0]`, `["a"]`). */
export type TraversalStep = { readonly name: string } | { readonly key: string | number | boolean | null };

const identifier = /^[A-Za-z_][\w-]*$/;

const keyText = (key: string | number | boolean | null): string => `[${JSON.stringify(key)}]`;

/**
 * The first step of `steps`, read from a block of `schema` written `shown`, that Terraform refuses before it evaluates
 * anything, with its position and why: as configschema's StaticValidateTraversal (opentofu
 * internal/configs/configschema/validate_traversal.go), a name that is no argument, nested block or attribute of the
 * block ("Unsupported attribute"), a key where only a name is read ("Invalid index operation"), a list of nested blocks
 * read without an index ("Invalid operation"), a set of them read into ("Cannot index a set value"). What is read from an
 * attribute's value is not followed: Terraform judges it by the attribute's type. `from` names the schema.
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
          ? `${path}${keyText(key)} reads an attribute by a key, where Terraform reads one only with a dot (${path}.${key})`
          : `${path}${keyText(key)} reads a key, where Terraform reads only attributes, with a dot`;
      return { at, why };
    }
    const { name } = step;
    if (block.attributes && Object.hasOwn(block.attributes, name)) return undefined;
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
    path = "key" in next ? `${path}${keyText(next.key)}` : `${path}.${next.name}`;
    at++;
  }
  return undefined;
}
