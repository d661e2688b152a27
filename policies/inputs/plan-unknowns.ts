import { isMap, knownAfterApply } from "../lib/values";
import { type SchemaBlock, type SchemaBlockType, settable, type TerraformType } from "../schema/provider-schema";

/**
 * How a plan's planned values, where `after_unknown` marks what apply computes, get back what the configuration wrote
 * there: `terraform show -json` keeps of each expression its constant or the references it reads (jsonconfig), never
 * its form. So a value becomes a reference only where nothing else can be meant, and is `knownAfterApply` otherwise:
 * - a reference must name one thing, an identifier (`type.name.id`, `x.network_id`), in an argument that holds one
 *   (`port_id`, `security_group_ids`, `uuid`): what a template or a function makes of a value elsewhere is not that
 *   value (`"${floatingip.address}/32"` lists `floatingip.address`, `".r:*,${project.id}:*"` lists `project.id`);
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
  return isMap(unknown) ? recoverBlock(values, unknown, expressions as Record<string, unknown> | undefined, schema) : values;
}

/** Whether an `after_unknown` marker leaves anything unknown. */
const leavesUnknown = (marked: unknown): boolean =>
  marked === true || (typeof marked === "object" && marked !== null && Object.values(marked).some(leavesUnknown));

/** An expression of an argument (`{constant_value}` or `{references}`), as opposed to a block's expressions. */
export const isArgumentExpression = (expression: unknown): expression is { constant_value?: unknown; references?: string[] } =>
  isMap(expression) && ("constant_value" in expression || "references" in expression);

/** `expressions` undefined: a block the configuration writes with `dynamic`, whose values no expression explains. */
function recoverBlock(values: unknown, unknown: Record<string, unknown>, expressions: Record<string, unknown> | undefined, schema: SchemaBlock | undefined) {
  const block: Record<string, unknown> = { ...(isMap(values) ? values : {}) };
  for (const [key, marked] of Object.entries(unknown)) {
    // `[]` and `{}` mark a known collection: nothing in it is left until apply.
    if (!leavesUnknown(marked)) continue;
    const expression = expressions?.[key];
    const nested = schema?.block_types?.[key];
    if (expressions === undefined) {
      // A block written with `dynamic`: what it may write is unknown, but not what only the provider writes.
      const attribute = schema?.attributes?.[key];
      if (attribute?.computed && !settable(attribute)) continue;
      block[key] = nested ? recoverNestedBlocks(block[key], marked, [], nested) : unknownLeaves(block[key], marked);
    } else if (expression === undefined) {
      // Not written: an attribute the provider computes (as a `.tf` reading leaves it unset), or nested blocks written
      // with `dynamic`: planned as blocks with unknown values in them, or wholly unknown when the collection it runs
      // over is (hcl ext/dynblock gives an unknown body, and SDKv2 the whole list).
      // A type with no schema here (the Kubernetes provider's) cannot tell the two apart: unknown, but for the id every
      // resource has.
      if (marked !== true) block[key] = recoverNestedBlocks(block[key], marked, [], nested);
      else if (nested || (schema === undefined && key !== "id")) block[key] = knownAfterApply;
    } else if (Array.isArray(expression)) block[key] = recoverNestedBlocks(block[key], marked, expression, schema?.block_types?.[key]);
    else if (isArgumentExpression(expression) || !isMap(expression) || Object.keys(expression).length === 0)
      // An argument; `{}` is one that reads nothing (`uuid()`), never a nested block, which would write its own.
      block[key] = recoverArgument(key, block[key], marked, isArgumentExpression(expression) ? expression : {}, schema?.attributes?.[key]?.type);
    // A single nested block (jsonconfig writes NestingSingle and NestingGroup blocks as one object of expressions).
    else
      block[key] =
        marked === true ? knownAfterApply : recoverBlock(block[key], marked as Record<string, unknown>, expression, schema?.block_types?.[key]?.block);
  }
  return block;
}

function recoverArgument(
  key: string,
  value: unknown,
  marked: unknown,
  expression: { constant_value?: unknown; references?: string[] },
  type: TerraformType | undefined,
): unknown {
  if ("constant_value" in expression) return expression.constant_value;
  // Terraform lists the references as text; a list of anything else (a plan edited by hand) reads nothing known.
  const { references } = expression;
  const read = referenceOf(Array.isArray(references) && references.every((reference) => typeof reference === "string") ? references : []);
  // A kubernetes_manifest's object holds keys anyone names (a ConfigMap's `data.client_id`): none says an identifier.
  if (marked !== true) return unknownLeaves(value, marked, key === "manifest" ? knownAfterApply : read, key);
  const reference = standsFor(key, read);
  if (type === "string") return reference;
  if (Array.isArray(type) && (type[0] === "list" || type[0] === "set") && type[1] === "string")
    return reference === knownAfterApply ? [knownAfterApply] : [reference, knownAfterApply];
  return knownAfterApply;
}

/** Static nested blocks: each planned element with the one block whose constants it holds, else unknown where unknown. */
function recoverNestedBlocks(values: unknown, marked: unknown, expressions: unknown[], schema: SchemaBlockType | undefined): unknown {
  if (marked === true) return knownAfterApply;
  const planned = Array.isArray(values) ? values : [];
  if (!Array.isArray(marked)) return isMap(marked) ? recoverBlock(values, marked, undefined, schema?.block) : values;
  const blocks = expressions.filter(isMap);
  const matched = blocks.length === planned.length && blocks.length > 0 ? matchBlocks(planned, blocks, schema?.nesting_mode) : undefined;
  return planned.map((element, i) => {
    const elementMarked = marked[i];
    if (!isMap(elementMarked)) return elementMarked === true ? knownAfterApply : element;
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

/**
 * The value with each part marked unknown replaced: by `reference` where the part holds an identifier (by its key, or
 * its list's), else by knownAfterApply.
 */
function unknownLeaves(value: unknown, marked: unknown, reference: string = knownAfterApply, key = ""): unknown {
  if (marked === true) return standsFor(key, reference);
  if (Array.isArray(marked)) {
    const list = Array.isArray(value) ? [...value] : [];
    marked.forEach((item, i) => {
      if (item !== false) list[i] = unknownLeaves(list[i], item, reference, key);
    });
    return list;
  }
  if (isMap(marked)) {
    const object = { ...(isMap(value) ? value : {}) };
    for (const [entry, item] of Object.entries(marked)) if (item !== false) object[entry] = unknownLeaves(object[entry], item, reference, entry);
    return object;
  }
  return value;
}

/**
 * An identifier, by its name: `id`, `network_id`, `security_group_ids`, `uuid`, an instance network's `port`. Only
 * there is a value that reads one identifier that identifier: elsewhere a template or a function makes something
 * else of it (`".r:*,${project.id}:*"` lists `project.id` and `project`, and is a public read ACL).
 */
export const holdsIdentifier = /(?:^|[._])(?:id|ids|uuid|port)$/;
/** What an unknown value under `key` stands for: the reference it reads where the key holds an identifier. */
const standsFor = (key: string, reference: string): string => (holdsIdentifier.test(key) ? reference : knownAfterApply);
/** A reference to an identifier: `type.name.id`, `type.name[0].network_id`. */
const readsIdentifier = /(?:^|[._])id$/;

/**
 * The reference a value stands for, when the expression's references all name one `id`: Terraform lists the whole
 * traversal, then each of its prefixes (`type.name[0].id`, `type.name[0]`, `type.name`). An index Terraform cannot
 * write (`type.name[count.index]` lists `type.name` and `count.index`), a second resource, or an attribute that is not
 * an identifier leaves the value unknown.
 */
function referenceOf(references: readonly string[]): string {
  const [first] = references;
  if (first === undefined || !readsIdentifier.test(first.replace(/\[[^\]]*\]$/, ""))) return knownAfterApply;
  const prefixOfFirst = (reference: string) => reference === first || first.startsWith(`${reference}.`) || first.startsWith(`${reference}[`);
  return references.every(prefixOfFirst) ? `\${${first}}` : knownAfterApply;
}
