import { terraformLiteral } from "../../lib/terraform-literal";
import { terraformYamlDecode } from "../lib/terraform-yaml";
import { parsedTemplate, sourceSpan } from "./hcl-expression";

/**
 * What stands in the YAML for the part of a text known only at apply numbered `i`: a plain scalar's text, of
 * characters from Unicode's private use planes, which YAML prints as they are and no manifest writes.
 */
const token = (i: number): string => `\u{F0000}${i}\u{F0001}`;
const tokens = /\u{F0000}(\d+)\u{F0001}/gu;

/**
 * The value `yamldecode` gives of a text known in part (partlyKnownText: a template file rendered with a variable given no
 * value), as the policies read values: each part known only at apply decoded as a token, then written back as what it is
 * written as (`partWritten`: `${(context.privileged)}`), alone or within the scalar that holds it; the known text decoded as Terraform does
 * (terraformYamlDecode), its strings in Terraform's JSON form. A manifest's kind and every literal field of it are then
 * judged, and a field a variable gives is not evaluable. Undefined, the whole value staying unknown, where a part is no
 * scalar's text or within one (a part alone on a line of a mapping makes a YAML error) or sits in a key.
 *
 * A part is read as one scalar's text: Terraform writes a string as it is, and one given YAML of several lines
 * (`${yamlencode(var.extra)}` after a key) would make structure of its own where the token stands as one value.
 */
export function yamlDecodedInPart(text: string, partWritten: (part: string) => string): unknown {
  const parsed = parsedTemplate(text);
  if (!parsed) return undefined;
  const { expression: template, sources } = parsed;
  const unknownParts: string[] = [];
  let yaml = "";
  for (const part of template.kind === "template" ? template.parts : [template]) {
    if (part.kind === "literal") {
      yaml += String(part.value);
      continue;
    }
    const span = sourceSpan(sources, part);
    if (!span) return undefined;
    yaml += token(unknownParts.length);
    unknownParts.push(partWritten(`\${${text.slice(span[0], span[1])}}`));
  }
  if (unknownParts.length === 0) return undefined;
  let decoded: unknown;
  try {
    decoded = terraformYamlDecode(yaml);
  } catch {
    return undefined;
  }
  // A key that holds a part known only at apply: the object's keys are not known, so neither is the value.
  let keyNotKnown = false;
  const restored = (value: unknown): unknown => {
    if (typeof value === "string") {
      let written = "";
      let last = 0;
      for (const match of value.matchAll(tokens)) {
        written += terraformLiteral(value.slice(last, match.index)) + unknownParts[Number(match[1])]!;
        last = match.index + match[0].length;
      }
      return written + terraformLiteral(value.slice(last));
    }
    if (Array.isArray(value)) return value.map(restored);
    if (value === null || typeof value !== "object") return value;
    const object: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key.match(tokens)) keyNotKnown = true;
      object[key] = restored(item);
    }
    return object;
  };
  const value = restored(decoded);
  return keyNotKnown ? undefined : value;
}
