/**
 * Where each resource and data block starts in its file, for findings that point at a line: code scanning annotates
 * it, and an auditor opens the file there. The parsers give values without positions (Go's HCL through WebAssembly,
 * JSON.parse), so the block headers are found in the text: `resource "type" "name"` in HCL, the `"name": {` key under
 * `"resource"` / `"data"` and its type in pretty-printed JSON. A minified JSON file has no lines to give.
 */

/** Line numbers (1-based) by address: `type.name`, `data.type.name`, `provider.name` (its first block), `module.name` and `terraform`. */
export type BlockLines = ReadonlyMap<string, number>;

export function hclBlockLines(text: string): BlockLines {
  const lines = new Map<string, number>();
  let line = 1;
  let scanned = 0;
  for (const match of text.matchAll(/^[ \t]*(?:(resource|data)[ \t]+"([^"]+)"[ \t]+"([^"]+)"|(provider|module)[ \t]+"([^"]+)"|terraform[ \t]*\{)/gm)) {
    for (let i = scanned; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
    scanned = match.index;
    const address = match[1] ? `${match[1] === "data" ? "data." : ""}${match[2]}.${match[3]}` : match[4] ? `${match[4]}.${match[5]}` : "terraform";
    if (!lines.has(address)) lines.set(address, line);
  }
  return lines;
}

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
