import { parsedTemplate } from "../inputs/hcl-expression";
import { terraformLiteral } from "../../lib/terraform-literal";
import { interpolationWritten, partsOf, templateOfQuoted } from "./quoted-template";

/** How many conditionals known only at apply a text is judged in each way, at most: 2^4 worlds. */
const conditionalsTriedAtMost = 4;

/** The texts read last (templateWorlds), and their worlds: a policy asks for one resource's text in turn. */
const recentlyRead = new Map<string, readonly string[] | undefined>();

/**
 * The texts a text known in part renders in each world its conditionals known only at apply make (a template's `%{ if }`
 * whose condition is not known here, written `${cond ? "then" : "else"}` with each branch a quoted template, by
 * partlyKnownText, or such a conditional written in the configuration): Terraform renders one branch or the other, and
 * nothing until it knows which, and a policy that cannot conclude on the text as far as it is known may conclude the
 * same in every world. Undefined for a text with none such, or more than a few.
 */
export function templateWorlds(text: string): readonly string[] | undefined {
  if (!text.includes(" ? ")) return undefined;
  if (recentlyRead.has(text)) return recentlyRead.get(text);
  const worlds = worldsOf(text);
  recentlyRead.set(text, worlds);
  if (recentlyRead.size > 32) recentlyRead.delete(recentlyRead.keys().next().value!);
  return worlds;
}

function worldsOf(text: string): readonly string[] | undefined {
  const parsed = parsedTemplate(text);
  if (!parsed) return undefined;
  const { expression, sources } = parsed;
  // Each part as written, or, for a conditional on two quoted templates, its two branches.
  const parts = partsOf(expression).map((part): string | readonly [string, string] | undefined => {
    if (part.kind === "literal") return terraformLiteral(String(part.value));
    if (part.kind === "conditional") {
      const [then, otherwise] = [part.then, part.otherwise].map((branch) => templateOfQuoted(branch, text, sources));
      if (then !== undefined && otherwise !== undefined) return [then, otherwise];
    }
    return interpolationWritten(part, text, sources);
  });
  const conditionals = parts.filter((part) => typeof part !== "string").length;
  if (parts.includes(undefined) || conditionals === 0 || conditionals > conditionalsTriedAtMost) return undefined;
  return Array.from({ length: 2 ** conditionals }, (_, mask) => {
    let met = 0;
    return parts.map((part) => (typeof part === "string" ? part : part![(mask >> met++) & 1]!)).join("");
  });
}
