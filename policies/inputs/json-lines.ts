/**
 * Lines in Terraform's JSON form (developer.hashicorp.com/terraform/language/syntax/json). JSON.parse gives values
 * without positions, so where each block starts is found in the pretty-printed text as it is read, and where an
 * argument of a resource or data block is, in the text again when a finding asks. A minified file has no lines to give.
 */
import { pathSegments } from "../lib/values";
import { argumentsBlockAddress, type BlockLines, declaresObject, keepBlockLine, keepLine, latestKey, namedBlocks, readsArgumentLines } from "./block-lines";

/** Where the string opened at `start` ends: the next quote that an even number of backslashes precedes. */
export function closingQuote(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end > 0) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 92) backslashes += 1;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return text.length;
}

/**
 * The lines of a JSON configuration's blocks (block-lines.ts, BlockLines), from each `"name": {` key under `"resource"`,
 * `"data"` or `"ephemeral"` and its type, and the other top-level blocks; and, when a finding asks, those of a resource's, a data
 * source's or a module call's arguments (jsonArgumentLine).
 */
export function jsonBlockLines(text: string): BlockLines {
  const lines = new Map<string, number>();
  /** Where the value of each resource, data, ephemeral and module block starts: its "{" or "[", on the line of its key. */
  const bodies = new Map<string, number>();
  const chain: { indent: number; key: string }[] = [];
  let line = 0;
  let rowStart = 0;
  for (const row of text.split("\n")) {
    line++;
    const start = rowStart;
    rowStart += row.length + 1;
    const key = /^(\s*)"((?:[^"\\]|\\.)*)"\s*:\s*(\S)/.exec(row);
    if (!key) continue;
    const indent = key[1]!.length;
    while (chain.length > 0 && chain[chain.length - 1]!.indent >= indent) chain.pop();
    const name = key[2]!;
    if (chain.length === 1 && chain[0]!.key === "locals") keepLine(lines, `local.${name}`, line);
    if (key[3] !== "{" && key[3] !== "[") continue;
    chain.push({ indent, key: name });
    const [section, type] = chain.map((entry) => entry.key);
    const block =
      chain.length === 3 && declaresObject(section!)
        ? { type: section!, labels: [type!, name] }
        : chain.length === 2 && namedBlocks.has(section!)
          ? { type: section!, labels: [name] }
          : chain.length === 1
            ? { type: name, labels: [] }
            : undefined;
    if (block === undefined) continue;
    keepBlockLine(lines, block.type, block.labels, line);
    const address = argumentsBlockAddress(block.type, block.labels);
    if (address !== undefined) bodies.set(latestKey(lines, address), start + key[0].length - 1);
  }
  // Found in the text at each finding, on no further than its path: nothing is kept per block.
  readsArgumentLines(lines, (address) => {
    const body = bodies.get(address);
    return body === undefined ? undefined : (path) => jsonArgumentLine(text, body, lines.get(address)!, path);
  });
  return lines;
}

/** One step of a path into a block: a key (`rule`), and the element of a list (`rule[2]`), or an element alone (`[1]`). */
interface Step {
  readonly key?: string;
  readonly index?: number;
}

/** The steps of a path as findings name it (`spec[0].container[1].image`, `labels["two words"]`, `matrix[1][0]`). */
function stepsOf(path: string): Step[] {
  const steps: Step[] = [];
  for (const segment of pathSegments(path)) {
    const last = steps[steps.length - 1];
    if (typeof segment === "string") steps.push({ key: segment });
    else if (last?.key !== undefined && last.index === undefined) steps[steps.length - 1] = { key: last.key, index: segment };
    else steps.push({ index: segment });
  }
  return steps;
}

/**
 * The line of the argument a finding's path names in a resource or data source of the JSON form, or of its nearest
 * written parent, as block-lines.ts' argumentLine finds it in the native syntax: a nested block written as one object
 * (`"metadata": { ... }`) is `metadata[0]`, one written in a list (`"rule": [{ ... }]`) the element at its index, and
 * past them a block a dynamic block made, at the dynamic block (`"dynamic": { "rule": { "content": { ... } } }`), its
 * arguments in its content. Read from the text, from `offset`, where the block's value starts (its "{", or the "[" of
 * the JSON form's list of bodies, whose first is the block), and on no further than the path: nothing is built.
 */
export function jsonArgumentLine(text: string, offset: number, line: number, path: string): number | undefined {
  const reader = new JsonReader(text, offset, line);
  if (text[offset] === "[" && reader.element(0) === undefined) return undefined;
  let found: number | undefined;
  for (const { key, index } of stepsOf(path)) {
    const start = reader.mark();
    const at = key === undefined ? reader.element(index!) : reader.member(key);
    const written =
      at === undefined || key === undefined || index === undefined
        ? at
        : text[reader.position] === "["
          ? reader.element(index)
          : text[reader.position] === "{" && index === 0
            ? at
            : undefined;
    if (written !== undefined) {
      found = written;
      continue;
    }
    // Past the blocks written, one a dynamic block of the type made: its arguments are in its content.
    reader.rewind(start);
    const dynamic = key !== undefined && reader.member("dynamic") !== undefined ? reader.member(key) : undefined;
    if (dynamic === undefined) return at ?? found;
    found = dynamic;
    if (reader.member("content") === undefined) return found;
  }
  return found;
}

/** A place in the text, with its line. */
interface Mark {
  readonly position: number;
  readonly line: number;
}

/** A cursor on a JSON text that walks into objects and arrays, counting lines, and skips what it does not enter. */
class JsonReader {
  constructor(
    private readonly text: string,
    public position: number,
    private line: number,
  ) {}

  /** Where the reader is, to come back to. */
  mark(): Mark {
    return { position: this.position, line: this.line };
  }

  /** Back to where the reader was. */
  rewind({ position, line }: Mark): void {
    this.position = position;
    this.line = line;
  }

  /** Enters the value of a key of the object at the position: the line of its key, or undefined without moving on. */
  member(key: string): number | undefined {
    const { text } = this;
    const start = this.mark();
    if (text[start.position] !== "{") return undefined;
    this.position++;
    for (;;) {
      this.skipSpace();
      if (text[this.position] !== '"') return this.back(start);
      const end = closingQuote(text, this.position);
      // A key written with escapes is longer than the key it reads as.
      const length = end - this.position - 1;
      const matches =
        length === key.length
          ? text.startsWith(key, this.position + 1)
          : length > key.length && text.slice(this.position, end + 1).includes("\\") && JSON.parse(text.slice(this.position, end + 1)) === key;
      const keyLine = this.line;
      this.position = end + 1;
      this.skipSpace();
      this.position++;
      this.skipSpace();
      if (matches) return keyLine;
      this.skipValue();
      this.skipSpace();
      if (text[this.position] !== ",") return this.back(start);
      this.position++;
    }
  }

  /** Enters an element of the array at the position: the line it starts on, or undefined without moving on. */
  element(index: number): number | undefined {
    const { text } = this;
    const start = this.mark();
    if (text[start.position] !== "[") return undefined;
    this.position++;
    for (let i = 0; ; i++) {
      this.skipSpace();
      if (text[this.position] === "]") return this.back(start);
      if (i === index) return this.line;
      this.skipValue();
      this.skipSpace();
      if (text[this.position] !== ",") return this.back(start);
      this.position++;
    }
  }

  private back(start: Mark): undefined {
    this.rewind(start);
    return undefined;
  }

  private skipSpace(): void {
    const { text } = this;
    for (; this.position < text.length; this.position++) {
      const code = text.charCodeAt(this.position);
      if (code === 10) this.line++;
      else if (code !== 32 && code !== 9 && code !== 13) return;
    }
  }

  /** Skips a value: an object or array to its closing bracket, a string, a number, `true`, `false` or `null`. */
  private skipValue(): void {
    const { text } = this;
    let depth = 0;
    for (; this.position < text.length; this.position++) {
      const code = text.charCodeAt(this.position);
      if (code === 34) {
        this.position = closingQuote(text, this.position);
        if (depth === 0) {
          this.position++;
          return;
        }
      } else if (code === 123 || code === 91) depth++;
      else if (code === 125 || code === 93) {
        if (depth === 0) return;
        if (--depth === 0) {
          this.position++;
          return;
        }
      } else if (code === 10) this.line++;
      else if (depth === 0 && (code === 44 || code === 32 || code === 9 || code === 13)) return;
    }
  }
}
