import type { SchemaBlock, SchemaBlockType, TerraformType } from "../schema/provider-schema";

/**
 * What stands for a value Terraform computes at apply when the plan does not say what it is: an interpolation that no
 * policy reads as a literal or as a relation, so that each says it cannot judge.
 */
export const knownAfterApply = "${(known after apply)}";

/**
 * How a plan's planned values, where `after_unknown` marks what apply computes, get back what the configuration wrote
 * there: `terraform show -json` keeps of each expression its constant or the references it reads (jsonconfig), never
 * its form. So a value becomes a reference only where nothing else can be meant, and is `knownAfterApply` otherwise:
 * - a reference must name one thing, and an identifier (`type.name.id`, `x.network_id`): what a template or a function
 *   makes of an address or a CIDR is not that address (`"${floatingip.address}/32"` lists `floatingip.address`);
 * - a value wholly unknown is taken for a reference only where the provider's schema says it is a string, or a list or
 *   set of strings (then with an unknown element beside it: the other elements are not known). SDKv2 providers, the
 *   OpenStack one among them, make a whole map or set unknown when one element is, and the known entries are lost;
 * - nested blocks that a `dynamic` block writes have no expressions at all, and a static block is matched to its
 *   planned element only where no other fits (sets are planned in their own order, not the configuration's).
 */
export function recoverUnknowns(
  values: Record<string, unknown>,
  unknown: unknown,
  expressions: unknown,
  schema: SchemaBlock | undefined,
): Record<string, unknown> {
  return isObject(unknown) ? recoverBlock(values, unknown, expressions as Record<string, unknown> | undefined, schema) : values;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** An expression of an argument (`{constant_value}` or `{references}`), as opposed to a block's expressions. */
const isArgumentExpression = (expression: unknown): expression is { constant_value?: unknown; references?: string[] } =>
  isObject(expression) && ("constant_value" in expression || "references" in expression);

/** `expressions` undefined: a block the configuration writes with `dynamic`, whose values no expression explains. */
function recoverBlock(values: unknown, unknown: Record<string, unknown>, expressions: Record<string, unknown> | undefined, schema: SchemaBlock | undefined) {
  const block: Record<string, unknown> = { ...(isObject(values) ? values : {}) };
  for (const [key, marked] of Object.entries(unknown)) {
    if (marked === false) continue;
    const expression = expressions?.[key];
    const nested = schema?.block_types?.[key];
    if (expressions === undefined) {
      // A block written with `dynamic`: what it may write is unknown, but not what only the provider writes.
      const attribute = schema?.attributes?.[key];
      if (attribute?.computed && !attribute.optional && !attribute.required) continue;
      block[key] = nested ? recoverNestedBlocks(block[key], marked, [], nested) : unknownLeaves(block[key], marked);
    } else if (expression === undefined) {
      // Not written: an attribute the provider computes (as a `.tf` reading leaves it unset), or nested blocks written
      // with `dynamic` (planned as a list of blocks with unknown values in them).
      if (marked !== true) block[key] = recoverNestedBlocks(block[key], marked, [], nested);
    } else if (Array.isArray(expression)) block[key] = recoverNestedBlocks(block[key], marked, expression, schema?.block_types?.[key]);
    else if (isArgumentExpression(expression) || !isObject(expression) || Object.keys(expression).length === 0)
      // An argument; `{}` is one that reads nothing (`uuid()`), never a nested block, which would write its own.
      block[key] = recoverArgument(block[key], marked, isArgumentExpression(expression) ? expression : {}, schema?.attributes?.[key]?.type);
    // A single nested block (jsonconfig writes NestingSingle and NestingGroup blocks as one object of expressions).
    else
      block[key] =
        marked === true ? knownAfterApply : recoverBlock(block[key], marked as Record<string, unknown>, expression, schema?.block_types?.[key]?.block);
  }
  return block;
}

function recoverArgument(
  value: unknown,
  marked: unknown,
  expression: { constant_value?: unknown; references?: string[] },
  type: TerraformType | undefined,
): unknown {
  if ("constant_value" in expression) return expression.constant_value;
  const reference = referenceOf(expression.references ?? []);
  if (marked !== true) return unknownLeaves(value, marked, reference);
  if (type === "string") return reference;
  if (Array.isArray(type) && (type[0] === "list" || type[0] === "set") && type[1] === "string")
    return reference === knownAfterApply ? [knownAfterApply] : [reference, knownAfterApply];
  return knownAfterApply;
}

/** Static nested blocks: each planned element with the one block whose constants it holds, else unknown where unknown. */
function recoverNestedBlocks(values: unknown, marked: unknown, expressions: unknown[], schema: SchemaBlockType | undefined): unknown {
  if (marked === true) return knownAfterApply;
  const planned = Array.isArray(values) ? values : [];
  if (!Array.isArray(marked)) return isObject(marked) ? recoverBlock(values, marked, undefined, schema?.block) : values;
  const blocks = expressions.filter(isObject);
  const matched = blocks.length === planned.length && blocks.length > 0 ? matchBlocks(planned, blocks, schema?.nesting_mode) : undefined;
  return planned.map((element, i) => {
    const elementMarked = marked[i];
    if (!isObject(elementMarked)) return elementMarked === true ? knownAfterApply : element;
    const block = matched?.[i];
    return recoverBlock(element, elementMarked, block, schema?.block);
  });
}

/**
 * Which block of the configuration each planned element is. In a list, the configuration's order; in a set (or where
 * the schema is not known), the one block whose constants the element holds, or none when two could be it.
 */
function matchBlocks(planned: unknown[], blocks: Record<string, unknown>[], nesting: string | undefined): (Record<string, unknown> | undefined)[] {
  if (nesting === "list" || nesting === "single") return blocks;
  const fits = (element: unknown, block: Record<string, unknown>) =>
    Object.entries(block).every(([key, expression]) => {
      if (!isArgumentExpression(expression) || !("constant_value" in expression)) return true;
      return JSON.stringify((element as Record<string, unknown>)?.[key] ?? null) === JSON.stringify(expression.constant_value);
    });
  const candidates = planned.map((element) => blocks.filter((block) => fits(element, block)));
  const unique = candidates.every((found) => found.length === 1) && new Set(candidates.map((found) => found[0])).size === blocks.length;
  return unique ? candidates.map((found) => found[0]) : [];
}

/** The value with each part marked unknown replaced: by `leaf` where a reference can stand for it, else knownAfterApply. */
function unknownLeaves(value: unknown, marked: unknown, leaf: string = knownAfterApply): unknown {
  if (marked === true) return leaf;
  if (Array.isArray(marked)) {
    const list = Array.isArray(value) ? [...value] : [];
    marked.forEach((item, i) => {
      if (item !== false) list[i] = unknownLeaves(list[i], item, leaf);
    });
    return list;
  }
  if (isObject(marked)) {
    const object = { ...(isObject(value) ? value : {}) };
    for (const [key, item] of Object.entries(marked)) if (item !== false) object[key] = unknownLeaves(object[key], item, leaf);
    return object;
  }
  return value;
}

/** An attribute that holds an identifier, read through a reference: `id`, `network_id`. */
const identifier = /(?:^|[._])id$/;

/**
 * The reference a value stands for, when the expression's references all name one identifier: Terraform lists the whole
 * traversal, then each of its prefixes (`type.name[0].id`, `type.name[0]`, `type.name`). An index Terraform cannot
 * write (`type.name[count.index]` lists `type.name` and `count.index`), a second resource, or an attribute that is not
 * an identifier leaves the value unknown.
 */
function referenceOf(references: readonly string[]): string {
  const [first] = references;
  if (first === undefined || !identifier.test(first.replace(/\[[^\]]*\]$/, ""))) return knownAfterApply;
  const prefixOfFirst = (reference: string) => reference === first || first.startsWith(`${reference}.`) || first.startsWith(`${reference}[`);
  return references.every(prefixOfFirst) ? `\${${first}}` : knownAfterApply;
}
