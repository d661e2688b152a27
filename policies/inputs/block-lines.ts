import { type BlockMode, blockModes, modeKeywords, modePrefixes, modeRoots } from "../lib/values";

/**
 * Where each resource and data block starts in its file, and each of its arguments, for findings that point at a line:
 * code scanning annotates it, and an auditor opens the file there. The native-syntax reader keeps them as it reads
 * (hcl-file.ts), the JSON form's are found in its text (json-lines.ts).
 */

/**
 * Line numbers (1-based) by address: `type.name`, `data.type.name`, `ephemeral.type.name`, `provider.name`, `module.name`, `var.name`,
 * `output.name`, `local.name` (an argument of a locals block), `terraform`, and any other top-level block by its type.
 * The first block of an address is under the address; a later one of the same file (a `terraform` block; Terraform
 * refuses a resource written twice) under `occurrenceKey` (read with `lineOf`).
 */
export type BlockLines = ReadonlyMap<string, number>;

/** Where a block is written: its file, and its line where the file gives lines. */
export interface BlockPlace {
  readonly file: string;
  readonly line?: number;
}

/** A place without an undefined line, for objects written as they are read. */
export const withLine = ({ file, line }: BlockPlace): BlockPlace => (line ? { file, line } : { file });

/** Where each block of a file is, given their addresses in the file's order: an address written again, at its later block. */
export function placesOf(file: string, lines: BlockLines | undefined, addresses: readonly string[]): BlockPlace[] {
  const seen = new Map<string, number>();
  return addresses.map((address) => {
    const occurrence = seen.get(address) ?? 0;
    seen.set(address, occurrence + 1);
    return withLine({ file, line: lineOf(lines, address, occurrence) });
  });
}

/** The key of an address's block in a file's lines: its first under the address, a later one under its occurrence (`occurrence` 1 is the second). */
export const occurrenceKey = (address: string, occurrence: number): string => (occurrence === 0 ? address : `${address}#${occurrence}`);

/** The line of an address's block in a file: its first, or a later one (`occurrence` 1 is the second). */
export const lineOf = (lines: BlockLines | undefined, address: string, occurrence = 0): number | undefined => lines?.get(occurrenceKey(address, occurrence));

/** The mode of the objects a top-level block declares under a type and a name (modeKeywords): a resource, a data source, an ephemeral resource. */
const modeOfBlock = (type: string): BlockMode | undefined => blockModes.find((mode) => modeKeywords[mode] === type);

/** Whether a top-level block declares an object under a type and a name. */
export const declaresObject = (type: string): boolean => modeOfBlock(type) !== undefined;

/** The address whose line a top-level block keeps, from its type and labels (a locals block keeps its arguments'). */
export function blockAddress(type: string, labels: readonly string[]): string | undefined {
  const mode = modeOfBlock(type);
  if (mode !== undefined && labels.length === 2) return `${modePrefixes[mode]}${labels[0]}.${labels[1]}`;
  if (!namedBlocks.has(type) || labels.length !== 1) return undefined;
  return type === "variable" ? `var.${labels[0]}` : `${type}.${labels[0]}`;
}

/**
 * The address of a top-level block whose arguments' lines are kept, as findings and input problems name its arguments:
 * a resource, a data source, an ephemeral resource, a module call (an input is named where the call gives it), an output, a provider (the
 * first of its name in its file: the others share its address) or a variable (its default, its validation blocks); and a
 * `terraform` block, each of a file (its backend's and its encryption block's arguments).
 */
export const argumentsBlockAddress = (type: string, labels: readonly string[]): string | undefined =>
  declaresObject(type) || type === "module" || type === "output" || type === "provider" || type === "variable"
    ? blockAddress(type, labels)
    : type === "terraform" && labels.length === 0
      ? type
      : undefined;

/** The top-level blocks of one label, a name, which the JSON form writes as the key under the block's type. */
export const namedBlocks: ReadonlySet<string> = new Set(["provider", "module", "variable", "output", "check"]);

/** How many blocks of each address a map of lines holds: thousands of `import` or `moved` blocks are counted, not searched. */
const occurrences = new WeakMap<Map<string, number>, Map<string, number>>();

/** Keeps an address's line: the first under the address, later ones under their occurrence. */
export function keepLine(lines: Map<string, number>, address: string, line: number): void {
  const counts = occurrences.get(lines) ?? new Map<string, number>();
  occurrences.set(lines, counts);
  const occurrence = counts.get(address) ?? 0;
  counts.set(address, occurrence + 1);
  lines.set(occurrenceKey(address, occurrence), line);
}

/** The key under which keepLine kept an address's latest block. */
export const latestKey = (lines: Map<string, number>, address: string): string => occurrenceKey(address, (occurrences.get(lines)?.get(address) ?? 1) - 1);

/** Keeps the line of an argument or a nested block of a resource or a data source, the first written, by its path. */
export function keepArgumentLine(lines: Map<string, number>, path: string, line: number): void {
  if (!lines.has(path)) lines.set(path, line);
}

/**
 * The line of a path in one block: the argument, nested block, key or element it names, or its nearest written parent;
 * undefined when none is written.
 */
export type ArgumentLineOf = (path: string) => number | undefined;

/** How the lines of a file give those of a block's arguments (hcl-file.ts, json-lines.ts), by the file's lines. */
const argumentReaders = new WeakMap<BlockLines, (blockAddress: string) => ArgumentLineOf | undefined>();

/** Records how a file's lines give those of its blocks' arguments. */
export function readsArgumentLines(lines: BlockLines, read: (blockAddress: string) => ArgumentLineOf | undefined): void {
  argumentReaders.set(lines, read);
}

/**
 * The line of the argument a finding's path names in a resource or data source, or of its nearest written parent:
 * `rule[2].cidr` of a block a dynamic block made is found at its content's `cidr` (`dynamic.rule.cidr`),
 * `labels.boot_volume_size` at `labels`, `metadata[0].name` of a block the JSON form writes as one object at its
 * `name`. Undefined when the file gives no such line (a plan, a minified JSON file).
 */
export function argumentLine(lines: BlockLines | undefined, blockAddress: string, path: string): number | undefined {
  return (lines && argumentReaders.get(lines)?.(blockAddress))?.(path);
}

/** The block an address names in its file: the address without its module's prefix and its instance key. */
export const blockOfAddress = (address: string): string => address.replace(/^(?:module\.[\w-]+(?:\[[^\]]*\])?\.)*/, "").replace(/\[[^\]]*\]$/, "");

/**
 * The line of a path in a block's arguments as the native syntax's are kept, by their path (`rule[0].cidr`, what a
 * dynamic block's content writes under `dynamic.rule.cidr`), or of its nearest written parent (argumentLine).
 */
export function lineInArguments(written: BlockLines, path: string): number | undefined {
  // Most findings name an argument as written, or one not written at the top of the block.
  const exact = written.get(path);
  if (exact !== undefined || !(path.includes(".") || path.includes("["))) return exact;
  const steps = path.match(/[^.[\]]+(\[\d+\])?/g) ?? [];
  for (let length = steps.length; length > 0; length--) {
    // Each indexed step is the block written at that index; where none is, one a dynamic block of that type made, or an
    // element of an argument's list (`set_wo = [{ ... }]`).
    // A step with no index names the first block of its type where no argument of its name is written (`state.enforced`
    // of `state { enforced = true }`).
    let keys = [""];
    for (const step of steps.slice(0, length)) {
      const indexed = /^(.*)\[\d+\]$/.exec(step);
      keys = keys.flatMap((key) =>
        indexed && !written.has(`${key}${step}`)
          ? [`${key}dynamic.${indexed[1]}.`, `${key}${indexed[1]}.`]
          : !indexed && !written.has(`${key}${step}`) && written.has(`${key}${step}[0]`)
            ? [`${key}${step}[0].`]
            : [`${key}${step}.`],
      );
    }
    for (const key of keys) {
      const line = written.get(key.slice(0, -1));
      if (line !== undefined) return line;
    }
  }
  return undefined;
}

/**
 * Keeps the line of a top-level block: under its address, and under its type for its first block of that type; a block
 * with no address (`terraform`, `moved`) under its type, each one.
 */
export function keepBlockLine(lines: Map<string, number>, type: string, labels: readonly string[], line: number): void {
  const address = blockAddress(type, labels);
  if (address === undefined) keepLine(lines, type, line);
  else {
    if (!lines.has(type)) lines.set(type, line);
    keepLine(lines, address, line);
  }
}

/**
 * The address of the top-level block a path starts in (`type.name.argument`, `data.type.name`, `ephemeral.type.name`, `variable.name.default`,
 * `local.name`, `module.name.source`), as its line is kept.
 */
export function blockOfPath(path: string): string {
  const [first, second, third] = path.split(/[.[ ]/, 3);
  if (modeRoots.has(first!)) return `${first}.${second}.${third}`;
  return first === "variable" ? `var.${second}` : `${first}.${second}`;
}
