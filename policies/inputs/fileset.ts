import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { escapedForRegExp as escaped } from "../../lib/regexp";

/**
 * Terraform's `fileset(path, pattern)`: the regular files below `root` whose path relative to it, with `/` between
 * folders, matches `pattern`, in lexical order (developer.hashicorp.com/terraform/language/functions/fileset). The
 * pattern is doublestar's, as Terraform's: `*` any run of characters but `/`, `**` any run of folders, `?` one character
 * but `/`, `[class]` and `[^class]`, `{a,b}` alternatives, `\` an escape. Hidden files match like any other. The tests
 * hold it to `terraform console`.
 */
export function fileset(root: string, pattern: string): string[] {
  const matcher = new RegExp(`^${patternSource(pattern)}$`);
  // Only the folder the pattern's literal first segments name is walked (`manifests/*.yaml` reads manifests/).
  const fixed = pattern.split("/").slice(0, -1);
  const literalDepth = fixed.findIndex((segment) => /[*?[{\\]/.test(segment));
  const start = (literalDepth === -1 ? fixed : fixed.slice(0, literalDepth)).join("/");
  return filesBelow(root, start)
    .filter((file) => matcher.test(file))
    .sort();
}

/** The regular files below `root`/`folder`, as paths relative to `root` with `/` between folders. */
function filesBelow(root: string, folder: string): string[] {
  const absolute = join(root, folder);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) return [];
  return readdirSync(absolute).flatMap((name) => {
    const relative = folder ? `${folder}/${name}` : name;
    const stat = statSync(join(root, relative), { throwIfNoEntry: false });
    if (stat?.isDirectory()) return filesBelow(root, relative);
    return stat?.isFile() ? [relative] : [];
  });
}

/** The regular expression of a doublestar pattern, without anchors. */
function patternSource(pattern: string): string {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const character = pattern[i]!;
    if (character === "\\" && i + 1 < pattern.length) source += escaped(pattern[++i]!);
    else if (character === "*" && pattern[i + 1] === "*") {
      // `**/` is zero or more folders; a trailing `**` anything below.
      const folders = pattern[i + 2] === "/";
      source += folders ? "(?:.*/)?" : ".*";
      i += folders ? 2 : 1;
    } else if (character === "*") source += "[^/]*";
    else if (character === "?") source += "[^/]";
    else if (character === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) source += escaped(character);
      else {
        const inside = pattern.slice(i + 1, end);
        source += `[${inside.startsWith("^") || inside.startsWith("!") ? `^${inside.slice(1)}` : inside}]`;
        i = end;
      }
    } else if (character === "{") {
      const end = closingBrace(pattern, i);
      if (end < 0) source += escaped(character);
      else {
        const choices = alternatives(pattern.slice(i + 1, end)).map(patternSource);
        source += `(?:${choices.join("|")})`;
        i = end;
      }
    } else source += escaped(character);
  }
  return source;
}

function closingBrace(pattern: string, open: number): number {
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    if (pattern[i] === "\\") i++;
    else if (pattern[i] === "{") depth++;
    else if (pattern[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

/** The alternatives of a `{a,b}` group, split at its own commas (not those of a nested group). */
function alternatives(inside: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inside.length; i++) {
    if (inside[i] === "\\") i++;
    else if (inside[i] === "{") depth++;
    else if (inside[i] === "}") depth--;
    else if (inside[i] === "," && depth === 0) {
      parts.push(inside.slice(start, i));
      start = i + 1;
    }
  }
  return [...parts, inside.slice(start)];
}
