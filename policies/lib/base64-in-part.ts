import { builtInName } from "../inputs/hcl-functions";
import { parsedTemplate } from "../inputs/hcl-expression";
import { partsOf, quotedTemplate, templateOfQuoted } from "./quoted-template";

/** The functions that encode a text for a cloud-config's write_files to decode: `encoding: b64` and `encoding: gz+b64`. */
export type TextEncoding = "base64encode" | "base64gzip";

/**
 * A text known only in part (a template rendered with a value known only at apply: `token: ${random_password.token.result}`),
 * encoded in base64 by Terraform (`content: ${base64encode(templatefile("rke2.yaml.tftpl", {...}))}`), written as
 * the call of the encoding on what is known of the text, a quoted string on one line (quotedTemplate):
 * `${base64encode("token\u003a ${random_password.token.result}")}`, a Terraform expression for the same value.
 * Terraform encodes nothing until all of it is known; cloud-init decodes what a write_files entry gives in base64
 * before it writes the file, so the file holds the text (textOfBase64InPart). Undefined where the text does not parse
 * as a template.
 */
export function base64InPart(encoding: TextEncoding, text: string): string | undefined {
  const argument = quotedTemplate(text);
  return argument === undefined ? undefined : `\${${encoding}(${argument})}`;
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
  return templateOfQuoted(call.args[0]!, text, parsed.sources);
}
