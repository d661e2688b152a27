import { terraformLiteral } from "../../lib/terraform-literal";
import { type Expression, type ExpressionSources, parsedTemplate, sourceSpan } from "../inputs/hcl-expression";

/**
 * The characters of a literal part that `quotedTemplate` writes as escapes: a quoted string's own (backslash, quote, line
 * ends, tabs and other control characters), the colon a YAML plain scalar may not hold before a space (a mapping value)
 * and the hash it may not hold after one (a comment), and a single quote, which would end a single-quoted scalar: the
 * string stays within one scalar of the YAML that holds it, plain or quoted so. (No interpolation is one in a flow
 * collection, whose braces end at the interpolation's.)
 */
const escaped = /[\\"':#]|\p{Cc}/gu;
const shortEscapes: Readonly<Record<string, string>> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const quoted = (text: string): string =>
  terraformLiteral(text).replace(escaped, (char) => shortEscapes[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** A template's parts, a lone interpolation or literal as one part. */
export const partsOf = (expression: Expression): readonly Expression[] => (expression.kind === "template" ? expression.parts : [expression]);

/** A template's part that is no literal, as its source in `${...}`; undefined for a directive or a part with no source. */
export function interpolationWritten(part: Expression, text: string, sources: ExpressionSources): string | undefined {
  const span = sources.directives.has(part) ? undefined : sourceSpan(sources, part);
  return span && `\${${text.slice(span[0], span[1])}}`;
}

/**
 * The parts of a template, each written as Terraform JSON writes it: a literal by `literal`, an interpolation as its
 * source (interpolationWritten); undefined where a part is a directive or has no source.
 */
function written(expression: Expression, text: string, sources: ExpressionSources, literal: (value: string) => string): string | undefined {
  let out = "";
  for (const part of partsOf(expression)) {
    const piece = part.kind === "literal" ? literal(String(part.value)) : interpolationWritten(part, text, sources);
    if (piece === undefined) return undefined;
    out += piece;
  }
  return out;
}

/**
 * A text known in part, in the form Terraform JSON writes a template (`token: ${random_password.token.result}\n`), as a
 * quoted string on one line that Terraform reads as the same template (`"token\u003a ${random_password.token.result}\n"`);
 * undefined where the text does not parse as a template.
 */
export function quotedTemplate(text: string): string | undefined {
  const parsed = parsedTemplate(text);
  const inner = parsed && written(parsed.expression, text, parsed.sources, quoted);
  return inner === undefined ? undefined : `"${inner}"`;
}

/**
 * The text a quoted string of a parsed template holds (`argument`, read from `text` with its `sources`), in the form
 * Terraform JSON writes a template: quotedTemplate's inverse. Undefined for any other expression.
 */
export function templateOfQuoted(argument: Expression, text: string, sources: ExpressionSources): string | undefined {
  if (argument.kind !== "template" && !(argument.kind === "literal" && typeof argument.value === "string")) return undefined;
  return written(argument, text, sources, terraformLiteral);
}
