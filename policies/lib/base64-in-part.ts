import { terraformLiteral } from "../../lib/terraform-literal";
import { builtInName } from "../inputs/hcl-functions";
import { type Expression, parsedTemplate, sourceSpan } from "../inputs/hcl-expression";

/** The functions that encode a text for a cloud-config's write_files to decode: `encoding: b64` and `encoding: gz+b64`. */
export type TextEncoding = "base64encode" | "base64gzip";

/**
 * The characters of a literal part that `base64InPart` writes as escapes: a quoted string's own (backslash, quote, line
 * ends, tabs and other control characters), the colon a YAML plain scalar may not hold before a space (a mapping value)
 * and the hash it may not hold after one (a comment), and a single quote, which would end a single-quoted scalar: the
 * call stays one scalar of the cloud-config that holds it, plain or quoted so. (No interpolation is one in a flow
 * collection, whose braces end at the interpolation's.)
 */
const escaped = /[\\"':#]|\p{Cc}/gu;
const shortEscapes: Readonly<Record<string, string>> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const quoted = (text: string): string =>
  terraformLiteral(text).replace(escaped, (char) => shortEscapes[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** A template's parts, a lone interpolation or literal as one part. */
const partsOf = (expression: Expression): readonly Expression[] => (expression.kind === "template" ? expression.parts : [expression]);

/**
 * A text known only in part (a template rendered with a value known only at apply: `token: ${random_password.token.result}`),
 * encoded in base64 by Terraform (`content: ${base64encode(templatefile("rke2.yaml.tftpl", {...}))}`), written as
 * the call of the encoding on what is known of the text: `${base64encode("token\u003a ${random_password.token.result}")}`,
 * a Terraform expression for the same value, on one line. Terraform encodes nothing until all of it is known; cloud-init
 * decodes what a write_files entry gives in base64 before it writes the file, so the file holds the text
 * (textOfBase64InPart). Undefined where the text does not parse as a template.
 */
export function base64InPart(encoding: TextEncoding, text: string): string | undefined {
  const parsed = parsedTemplate(text);
  if (!parsed) return undefined;
  let written = "";
  for (const part of partsOf(parsed.expression)) {
    if (part.kind === "literal") {
      written += quoted(String(part.value));
      continue;
    }
    const span = parsed.sources.directives.has(part) ? undefined : sourceSpan(parsed.sources, part);
    if (!span) return undefined;
    written += `\${${text.slice(span[0], span[1])}}`;
  }
  return `\${${encoding}("${written}")}`;
}

/**
 * The text an encoding's call on a template holds (`${base64encode("token: ${random_password.token.result}")}`, as
 * base64InPart writes it or a configuration does), in the form Terraform JSON writes a template; undefined for any
 * other text, another encoding's call, or a call on anything but a quoted template.
 */
export function textOfBase64InPart(encoding: TextEncoding, text: string): string | undefined {
  const parsed = parsedTemplate(text);
  const [call, ...rest] = parsed ? partsOf(parsed.expression) : [];
  if (!parsed || call?.kind !== "call" || rest.length > 0 || builtInName(call.name) !== encoding || call.args.length !== 1 || call.expandLast) return undefined;
  const argument = call.args[0]!;
  if (argument.kind !== "template" && !(argument.kind === "literal" && typeof argument.value === "string")) return undefined;
  let decoded = "";
  for (const part of partsOf(argument)) {
    if (part.kind === "literal") {
      decoded += terraformLiteral(String(part.value));
      continue;
    }
    const span = parsed.sources.directives.has(part) ? undefined : sourceSpan(parsed.sources, part);
    if (!span) return undefined;
    decoded += `\${${text.slice(span[0], span[1])}}`;
  }
  return decoded;
}
