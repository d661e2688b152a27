/**
 * Where each resource and data block starts in its file, for findings that point at a line: code scanning annotates
 * it, and an auditor opens the file there. The native-syntax reader keeps them as it reads (hcl-file.ts); JSON.parse
 * gives values without positions, so in JSON the `"name": {` key under `"resource"` / `"data"` and its type are found
 * in the pretty-printed text. A minified JSON file has no lines to give.
 */

/** Line numbers (1-based) by address: `type.name`, `data.type.name`, `provider.name` (its first block), `module.name` and `terraform`. */
export type BlockLines = ReadonlyMap<string, number>;

export function jsonBlockLines(text: string): BlockLines {
  const lines = new Map<string, number>();
  const chain: { indent: number; key: string }[] = [];
  let line = 0;
  for (const row of text.split("\n")) {
    line++;
    const key = /^(\s*)"((?:[^"\\]|\\.)*)"\s*:\s*[{[]/.exec(row);
    if (!key) continue;
    const indent = key[1]!.length;
    while (chain.length > 0 && chain[chain.length - 1]!.indent >= indent) chain.pop();
    chain.push({ indent, key: key[2]! });
    const [section, type, name] = chain.slice(-3).map((entry) => entry.key);
    if (chain.length >= 3 && (section === "resource" || section === "data")) lines.set(`${section === "data" ? "data." : ""}${type}.${name}`, line);
    else if (chain.length === 2 && (chain[0]!.key === "provider" || chain[0]!.key === "module") && !lines.has(`${chain[0]!.key}.${chain[1]!.key}`))
      lines.set(`${chain[0]!.key}.${chain[1]!.key}`, line);
    else if (chain.length === 1 && chain[0]!.key === "terraform" && !lines.has("terraform")) lines.set("terraform", line);
  }
  return lines;
}
