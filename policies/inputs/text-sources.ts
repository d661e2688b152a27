import { isAbsolute, relative } from "node:path";
import { lineInYaml } from "../lib/yaml-lines";

/**
 * Where a text of a configuration is written: a file, from a line. `file` gives a file's text, and a heredoc of a `.tf`
 * file its own; `split`, the kubectl provider's data sources and the Kubernetes provider's manifest_decode_multi cut one
 * into parts (`split("---", file("app.yaml"))`, the common ways to apply a file of several manifests), each from its own
 * line; `templatefile`, or a heredoc that interpolates, gives one whose lines are the template's when it interpolates no
 * line break and has no directive.
 */
export interface TextSource {
  /** The file as findings name it: relative to the working directory when the configuration was given so. */
  readonly file: string;
  /** The line (1-based) the text starts at. */
  readonly line: number;
  /**
   * The text as the file writes it, where the value is another writing of the same object: the kubectl provider gives
   * each document of a file as JSON (`manifests`), whose fields are found in the document as written.
   */
  readonly written?: string;
}

/**
 * The texts the functions of one check have given, by text: what yamldecode and jsondecode decode of one is located
 * there. A text written the same in two places is undefined: it is placed in neither.
 */
export type TextsRead = Map<string, TextSource | undefined>;

/** A structure decoded from a text written in a file, with that text: the lines of its fields are found there. */
export interface DecodedText extends TextSource {
  readonly text: string;
}

/** The text each structure was decoded from, when a function read it from a file. */
const decodedTexts = new WeakMap<object, string>();

/** The file as findings name it: read with a relative working directory, it is shown relative to the process's. */
export const shownFile = (file: string, directory: string | undefined): string => (isAbsolute(directory ?? ".") ? file : relative(process.cwd(), file) || file);

/** Records a text as written in a file, and as placed nowhere when it was recorded in another place. */
export function recordText(texts: TextsRead | undefined, text: string, source: TextSource): void {
  if (!texts) return;
  const recorded = texts.get(text);
  if (!texts.has(text)) texts.set(text, source);
  else if (recorded && (recorded.file !== source.file || recorded.line !== source.line || recorded.written !== source.written)) texts.set(text, undefined);
}

/**
 * Records a template's rendering as written in the template's file when it keeps the template's lines, each at its
 * number: it has no directive (a `for` repeats lines, an `if` drops some), as many lines, and every line that
 * interpolates nothing is the same.
 */
export function recordRendering(texts: TextsRead | undefined, template: string, rendered: unknown): void {
  const source = texts?.get(template);
  if (!source || typeof rendered !== "string" || /(^|[^%])%\{/.test(template)) return;
  const written = template.split("\n");
  const lines = rendered.split("\n");
  if (written.length === lines.length && written.every((line, i) => line.includes("${") || line === lines[i])) recordText(texts, rendered, source);
}

/** The parts of a text between the matches of a separator (a global pattern), each with where it starts. */
export function cutAt(text: string, separator: RegExp): { at: number; part: string }[] {
  const parts: { at: number; part: string }[] = [];
  let at = 0;
  for (const match of text.matchAll(separator)) {
    parts.push({ at, part: text.slice(at, match.index) });
    at = match.index + match[0].length;
  }
  parts.push({ at, part: text.slice(at) });
  return parts;
}

/**
 * Records the parts cut of a text written in a file (split's, the documents of a YAML text), in order, each from its own
 * line; and `json`, another writing of a part (the kubectl provider writes each document as JSON in `manifests`), as it.
 */
export function recordCut(
  texts: TextsRead | undefined,
  whole: string,
  parts: readonly { readonly at: number; readonly text: string; readonly json?: string }[],
): void {
  const source = texts?.get(whole);
  if (!source) return;
  let line = source.line;
  let counted = 0;
  for (const { at, text, json } of parts) {
    line += lineBreaks(whole, counted, at);
    counted = at;
    recordText(texts, text, { file: source.file, line });
    if (json !== undefined) recordText(texts, json, { file: source.file, line, written: text });
  }
}

/** Records the parts `split` cut of a text written in a file. */
export function recordParts(texts: TextsRead | undefined, whole: string, separator: string, parts: readonly string[]): void {
  if (separator === "" || !texts?.has(whole)) return;
  let at = 0;
  const cut = parts.map((text) => {
    const part = { at, text };
    at += text.length + separator.length;
    return part;
  });
  recordCut(texts, whole, cut);
}

/** Records a structure decoded from a text written in a file. */
export function recordDecoded(texts: TextsRead | undefined, text: string, decoded: unknown): void {
  if (texts?.has(text) && decoded !== null && typeof decoded === "object") decodedTexts.set(decoded, text);
}

/** The text a value is, or is decoded from, when a function read that text from a file. */
export function textOf(value: unknown, texts: TextsRead | undefined): string | undefined {
  if (typeof value === "string") return texts?.has(value) ? value : undefined;
  return value !== null && typeof value === "object" ? decodedTexts.get(value) : undefined;
}

/**
 * Where a text a function read is written, asked once every text is read: one written the same in two places, known
 * only when the second is read, is placed in neither.
 */
export function sourceOf(text: string, texts: TextsRead): DecodedText | undefined {
  const source = texts.get(text);
  return source && { ...source, text: source.written ?? text };
}

/** The line in the file of a field of the first document of a decoded text (lineInYaml), or of the text's first line. */
export const lineInText = (source: DecodedText, path: readonly (string | number)[]): number => source.line + (lineInYaml(source.text, path) ?? 1) - 1;

/** How many line breaks a text holds from one offset to another. */
export function lineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) count++;
  return count;
}
