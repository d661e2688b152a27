/**
 * What a value not known here is read from, written in names its module knows: a read of a part of a local
 * (`local.sc.privileged`, where `sc = { privileged = var.priv }`) or of an iterator's element (`container.value.privileged`,
 * `each.value.privileged`, over a collection written with its elements) or of a module's input its caller writes
 * (`var.context.privileged`, given `context = { privileged = var.priv }`) is known here as far as the written text it
 * reads is: that text (`var.priv`, in the names of the module that writes it) says what the value waits on, where the
 * local, the collection or the input as a whole is known in part and names nothing that waits. The engine says so in
 * the finding (TfResource.readFrom).
 */
import type { Value } from "./hcl-evaluate";
import { type Expression, type ExpressionSources, parsedTemplate, type Span, someExpression, sourceSpan } from "./hcl-expression";
import { isTerraformTemplate } from "../../lib/terraform-literal";

/** Where a module's parts are written, for readFrom: what the evaluation knows of its locals and its iterators. */
export interface WrittenParts<S> {
  /** A local's body as written (in the module's scope). */
  local(name: string): { readonly written: unknown; readonly scope: S } | undefined;
  /** The element of a collection an iterator of `scope` names (`container`, `each`): the collection as written, the element's key, and the scope it is written in. */
  element(scope: S, name: string): { readonly written: unknown; readonly key: string | number; readonly scope: S } | undefined;
  /** An index's key in `scope`, where it is known: a string or a number. */
  key(expression: Expression, scope: S): Value;
  /**
   * The part at `keys` of a module's input as its caller writes it, in the caller's names (writtenPart, from the
   * caller's parts): `var.priv` for `var.context.privileged` given `context = { privileged = var.priv }`.
   */
  input(name: string, keys: readonly (string | number)[], depth: number): string | undefined;
}

/** Locals and collections followed at most, one through another: a local that names itself is a cycle Terraform refuses. */
const followedAtMost = 32;

/**
 * The written template `written` (`${local.sc.privileged}`) with each read of a part of a local or of an iterator's
 * element replaced by the text the part is written with (`${var.priv}`); undefined where none is replaced.
 */
export function readFrom<S>(written: string, scope: S, parts: WrittenParts<S>, depth = 0): string | undefined {
  const parsed = depth < followedAtMost ? parsedTemplate(written) : undefined;
  if (!parsed) return undefined;
  const replaced: { readonly span: Span; readonly text: string }[] = [];
  // Each read, outermost first; a read's keys are read in its own scope, and a `for` expression's names are its own:
  // nothing within either is replaced apart.
  someExpression(
    parsed.expression,
    () => false,
    (part) => {
      if (part.kind === "for") return true;
      const read = traversalOf(part);
      if (!read) return false;
      const text = partWritten(read, scope, parts, depth);
      const span = text === undefined ? undefined : sourceSpan(parsed.sources, part);
      if (span && text !== undefined) replaced.push({ span, text });
      return true;
    },
  );
  if (replaced.length === 0) return undefined;
  let text = written;
  for (const { span, text: part } of replaced.sort((a, b) => b.span[0] - a.span[0])) text = `${text.slice(0, span[0])}${part}${text.slice(span[1])}`;
  return text;
}

/** A step of a read: an attribute, an index's key as written, or a key known (a part's own keys, followed on). */
type Step = { readonly name: string } | { readonly key: Expression } | { readonly known: string | number };

/** A read of a name's attributes and elements (`local.sc.privileged`, `container.value["a"]`): its root name and its steps. */
function traversalOf(expression: Expression): { readonly root: string; readonly steps: readonly Step[] } | undefined {
  const steps: Step[] = [];
  let at = expression;
  while (at.kind === "attribute" || at.kind === "index") {
    steps.unshift(at.kind === "attribute" ? { name: at.name } : { key: at.key });
    at = at.of;
  }
  return at.kind === "variable" && steps.length > 0 ? { root: at.name, steps } : undefined;
}

/** The text a read of a local's or an iterator's part is written with, in names of the module's scope; undefined for any other read. */
function partWritten<S>(read: { readonly root: string; readonly steps: readonly Step[] }, scope: S, parts: WrittenParts<S>, depth: number): string | undefined {
  const keys: (string | number)[] = [];
  for (const step of read.steps) {
    const key = "name" in step ? step.name : "known" in step ? step.known : parts.key(step.key, scope);
    if (typeof key !== "string" && typeof key !== "number") return undefined;
    keys.push(key);
  }
  const [first, ...rest] = keys;
  if (read.root === "local") {
    const local = typeof first === "string" ? parts.local(first) : undefined;
    return local && writtenPart(local.written, local.scope, rest, parts, depth + 1);
  }
  if (read.root === "var") return typeof first === "string" ? parts.input(first, rest, depth + 1) : undefined;
  const element = first === "value" ? parts.element(scope, read.root) : undefined;
  return element && writtenPart(element.written, element.scope, [element.key, ...rest], parts, depth + 1);
}

/** The text of the part at `keys` of a value as written (a structure, or a template of one expression), in names of the module's scope. */
export function writtenPart<S>(written: unknown, scope: S, keys: readonly (string | number)[], parts: WrittenParts<S>, depth: number): string | undefined {
  let at = written;
  let left = keys;
  while (left.length > 0 && at !== null && typeof at === "object") {
    const [key, ...rest] = left;
    at = Array.isArray(at) ? (typeof key === "number" ? at[key] : undefined) : Object.hasOwn(at, key!) ? (at as Record<string, unknown>)[key!] : undefined;
    left = rest;
  }
  if (typeof at !== "string" || !isTerraformTemplate(at) || depth >= followedAtMost) return undefined;
  const parsed = parsedTemplate(at);
  // A template of text and interpolations is a string: no part of it is read by a key.
  if (!parsed || parsed.expression.kind === "template") return undefined;
  return expressionAt(parsed.expression, at, parsed.sources, scope, left, parts, depth);
}

function expressionAt<S>(
  expression: Expression,
  text: string,
  sources: ExpressionSources,
  scope: S,
  keys: readonly (string | number)[],
  parts: WrittenParts<S>,
  depth: number,
): string | undefined {
  const [key, ...rest] = keys;
  if (typeof key === "number" && expression.kind === "tuple") {
    const item = expression.items[key];
    return item && expressionAt(item, text, sources, scope, rest, parts, depth);
  }
  if (typeof key === "string" && expression.kind === "object") {
    const item = expression.items.findLast((entry) => parts.key(entry.key, scope) === key);
    return item && expressionAt(item.value, text, sources, scope, rest, parts, depth);
  }
  const read = traversalOf(expression);
  const followed = read && partWritten({ root: read.root, steps: [...read.steps, ...keys.map((known) => ({ known }))] }, scope, parts, depth);
  if (followed !== undefined) return followed;
  const span = sourceSpan(sources, expression);
  if (!span) return undefined;
  const written = text.slice(span[0], span[1]);
  const whole = keys.length === 0 || read !== undefined || expression.kind === "variable" || written.startsWith("(") ? written : `(${written})`;
  const part = `${whole}${keys.map(stepText).join("")}`;
  // Written in an iterator's scope (a nested dynamic block's for_each), it may read the outer iterator's element.
  return readFrom(`\${${part}}`, scope, parts, depth + 1)?.slice(2, -1) ?? part;
}

/** How a reference writes a key: `.name`, `["app.kubernetes.io/name"]`, `[0]`. */
export const stepText = (key: string | number): string =>
  typeof key === "number" ? `[${key}]` : /^[A-Za-z_][\w-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
