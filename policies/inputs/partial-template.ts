import { terraformLiteral } from "../../lib/terraform-literal";
import { quotedTemplate } from "../lib/quoted-template";
import { type Expression, type ExpressionSources, sourceSpan } from "./hcl-expression";
import { asBool, asString, entries, evaluate, isKnown, type Scope, unknown, type Value, within } from "./hcl-evaluate";

/** How a part known only at apply is written, when the caller knows the reference it stands for (`${aws_x.y.id}`). */
export type ReferenceOf = (part: Expression, scope: Scope) => string | undefined;

/**
 * What a directive renders when its collection is known only at apply, or an `if` whose branches cannot be written: a
 * part known only at apply, where its output goes. The text around it stays known: a literal secret in it is still
 * found, and a structure it breaks (a cloud-config's YAML) is not read.
 */
export const unknownDirective = "${(a template directive known only at apply)}";

/**
 * A template's text as far as it is known before apply, in the form Terraform JSON writes a template: its known parts
 * as text, each interpolation known only at apply as itself (the reference it stands for, or its source:
 * `${random_password.token.result}`), and its directives rendered where their condition or collection is known.
 * Terraform renders nothing of a template until all of it is known; the policies that read a text's structure (a
 * cloud-config's files, an RKE2 configuration in them) judge what is known of it, and each value that holds an
 * interpolation stays unknown to them (isUnknown). An `if` directive whose condition is not known renders as the
 * conditional expression of its branches, each as what is known of it (`${var.hardened ? "profile\u003a cis\n" : ""}`,
 * which the policies may judge in each world: templateWorlds); a `for` whose collection is not known, as
 * unknownDirective. Undefined when Terraform would refuse the template. A part known only at apply that stands for no
 * reference is written as `ownPartWritten` says (a template file's own names are no resource's: module.ts, notAReference).
 */
export function partlyKnownText(
  template: Expression,
  scope: Scope,
  source: string,
  sources: ExpressionSources,
  referenceOf: ReferenceOf,
  ownPartWritten: (part: string) => string = (part) => part,
): string | undefined {
  // In a for directive's body, each of its names stands for its element of the collection (`mount.access` for
  // `ceph_mounts["home"].access`): a part known only at apply is written as the reference that element's part stands for.
  const render = (expression: Expression, inner: Scope, elements: Elements = noElements): string | undefined => {
    if (expression.kind === "template") {
      let text = "";
      for (const part of expression.parts) {
        const rendered = render(part, inner, elements);
        if (rendered === undefined) return undefined;
        text += rendered;
      }
      return text;
    }
    if (sources.directives.has(expression)) return directive(expression, inner, elements);
    let value: ReturnType<typeof evaluate>;
    try {
      value = evaluate(expression, inner);
      if (isKnown(value)) {
        const text = asString(value);
        return text === unknown ? undefined : terraformLiteral(text);
      }
    } catch {
      // Terraform would refuse the template (a list where text goes): nothing is written.
      return undefined;
    }
    const span = sourceSpan(sources, expression);
    const read = elements.size > 0 ? elementsRead(expression, elements) : undefined;
    return (
      (read ? referenceOf(read, scope) : referenceOf(expression, inner)) ??
      (span ? ownPartWritten(`\${${withReferences(expression, span, inner)}}`) : undefined)
    );
  };

  /**
   * The source of an expression known only at apply, each part of it that stands for a reference written as that
   * reference (`indent(6, private_key)` as `indent(6, tls_private_key.admin.private_key_pem)` where the template's
   * variable is given that attribute): the policies see what the text will hold, not a template variable's name.
   */
  const withReferences = (expression: Expression, [start, end]: readonly [number, number], inner: Scope): string => {
    const replaced: { start: number; end: number; text: string }[] = [];
    const visit = (node: unknown, root: boolean): void => {
      if (node === null || typeof node !== "object") return;
      const at = root || Array.isArray(node) ? undefined : sources.spans.get(node as Expression);
      const written = at && at[0] >= start && at[1] <= end ? interpolated(referenceOf(node as Expression, inner)) : undefined;
      if (at && written !== undefined) replaced.push({ start: at[0], end: at[1], text: written });
      else for (const child of Object.values(node)) visit(child, false);
    };
    visit(expression, true);
    let text = source.slice(start, end);
    for (const { start: from, end: to, text: reference } of replaced.sort((a, b) => b.start - a.start))
      text = text.slice(0, from - start) + reference + text.slice(to - start);
    return text;
  };

  /** An `if` directive renders the branch its condition chooses; a `for` directive (join of a for) its body per element. */
  const directive = (expression: Expression, inner: Scope, elements: Elements): string | undefined => {
    if (expression.kind === "conditional") {
      const condition = asBool(evaluate(expression.condition, inner));
      if (condition !== unknown) return render(condition ? expression.then : expression.otherwise, inner, elements);
      // Either branch, as the conditional expression Terraform reads the same: `${cond ? "then" : "else"}`.
      const span = sourceSpan(sources, expression.condition);
      const [then, otherwise] = [expression.then, expression.otherwise].map((branch) => {
        const text = render(branch, inner, elements);
        return text === undefined ? undefined : quotedTemplate(text);
      });
      if (!span || then === undefined || otherwise === undefined) return unknownDirective;
      // The condition as the reference it stands for where it is one (a template's variable given one), else its source.
      const written = interpolated(referenceOf(expression.condition, inner)) ?? withReferences(expression.condition, span, inner);
      return `\${${written} ? ${then} : ${otherwise}}`;
    }
    const each = expression.kind === "call" ? expression.args[1] : undefined;
    if (each?.kind !== "for") return undefined;
    const collection = evaluate(each.collection, inner);
    if (collection === unknown) return unknownDirective;
    let text = "";
    const of = elements.size > 0 ? elementsRead(each.collection, elements) : each.collection;
    for (const [key, value] of entries(collection)) {
      const named = new Map(elements);
      if (of) named.set(each.valueName, { kind: "index", of, key: { kind: "literal", value: key as string | number } });
      else named.delete(each.valueName);
      if (each.keyName) named.set(each.keyName, { kind: "literal", value: key as string | number });
      const rendered = render(each.value, withinFor(inner, each, key, value), named);
      if (rendered === undefined) return undefined;
      text += rendered;
    }
    return text;
  };

  try {
    return render(template, scope);
  } catch {
    return undefined;
  }
}

/** The expression a reference written as an interpolation holds (`random_password.token.result` of its `${...}`). */
const interpolated = (reference: string | undefined): string | undefined => (reference === undefined ? undefined : /^\$\{([\s\S]*)\}$/.exec(reference)?.[1]);

/** What a for directive's names stand for in its body, by name: the element's key, and its read from the collection. */
type Elements = ReadonlyMap<string, Expression>;
const noElements: Elements = new Map();

/**
 * A part of a for directive's body with each of the directive's names replaced by what it stands for (Elements), to be
 * read in the template's own scope: a traversal (`mount.access`), a function's arguments, a template's parts.
 * Undefined for another kind of expression.
 */
function elementsRead(expression: Expression, elements: Elements): Expression | undefined {
  const all = (parts: readonly Expression[]) => {
    const read = parts.map((part) => elementsRead(part, elements));
    return read.every((part) => part !== undefined) ? (read as Expression[]) : undefined;
  };
  switch (expression.kind) {
    case "literal":
      return expression;
    case "variable":
      return elements.get(expression.name) ?? expression;
    case "attribute": {
      const of = elementsRead(expression.of, elements);
      return of && { ...expression, of };
    }
    case "index": {
      const [of, key] = all([expression.of, expression.key]) ?? [];
      return of && key && { ...expression, of, key };
    }
    case "call": {
      const args = all(expression.args);
      return args && { ...expression, args };
    }
    case "template": {
      const parts = all(expression.parts);
      return parts && { ...expression, parts };
    }
    default:
      return undefined;
  }
}

/** What a for expression's or directive's names are for one element: its key and its value. */
export const forElementNames = (each: Extract<Expression, { kind: "for" }>, key: Value, value: Value): Record<string, Value> => ({
  ...(each.keyName ? { [each.keyName]: key } : {}),
  [each.valueName]: value,
});

/** The scope of a for directive's body for one element: its key and value names. */
const withinFor = (scope: Scope, each: Extract<Expression, { kind: "for" }>, key: Value, value: Value): Scope =>
  within(scope, forElementNames(each, key, value));
