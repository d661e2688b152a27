import { isAbsolute, relative } from "node:path";
import { type Document, isMap as isYamlMap, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";

/**
 * Where a text a Terraform function gave is written: a file, from a line. `file` gives a file's text; `split` cuts it
 * into parts (`split("---", file("app.yaml"))`, the common way to apply a file of several manifests), each from its own
 * line; `templatefile` gives one whose lines are the template's when it interpolates no line break and has no directive.
 */
export interface TextSource {
  /** The file as findings name it: relative to the working directory when the configuration was given so. */
  readonly file: string;
  /** The line (1-based) the text starts at. */
  readonly line: number;
}

/** The texts the functions of one check have given, by text: what yamldecode and jsondecode decode of one is located there. */
export type TextsRead = Map<string, TextSource>;

/** A structure decoded from a text written in a file, with that text: the lines of its fields are found there. */
export interface DecodedText extends TextSource {
  readonly text: string;
}

const decodedTexts = new WeakMap<object, DecodedText>();

/** The file as findings name it: read with a relative working directory, it is shown relative to the process's. */
export const shownFile = (file: string, directory: string | undefined): string => (isAbsolute(directory ?? ".") ? file : relative(process.cwd(), file) || file);

/** Records a text as written in a file, unless it was recorded already (the same text in two files is the first one's). */
export function recordText(texts: TextsRead | undefined, text: string, source: TextSource): void {
  if (texts && !texts.has(text)) texts.set(text, source);
}

/** Records the parts `split` cut of a text written in a file, each from its own line. */
export function recordParts(texts: TextsRead | undefined, whole: string, separator: string, parts: readonly string[]): void {
  const source = texts?.get(whole);
  if (!texts || !source || separator === "") return;
  let offset = 0;
  let line = source.line;
  for (const part of parts) {
    recordText(texts, part, { file: source.file, line });
    line += lineBreaks(whole, offset, offset + part.length + separator.length);
    offset += part.length + separator.length;
  }
}

/** Records a structure decoded from a text written in a file. */
export function recordDecoded(texts: TextsRead | undefined, text: string, decoded: unknown): void {
  const source = texts?.get(text);
  if (source && decoded !== null && typeof decoded === "object") decodedTexts.set(decoded, { ...source, text });
}

/** Where a value is written, when it is a text a function read from a file or a structure decoded from one. */
export function textSourceOf(value: unknown, texts: TextsRead | undefined): DecodedText | undefined {
  if (typeof value === "string") {
    const source = texts?.get(value);
    return source && { ...source, text: value };
  }
  return value !== null && typeof value === "object" ? decodedTexts.get(value) : undefined;
}

/**
 * The line of a field (its key, or the item of a list) of the first document of a decoded text, or of its nearest
 * parent the text writes, in the file; the text's first line when the text does not parse.
 */
export function lineInText(source: DecodedText, path: readonly (string | number)[]): number {
  const lineCounter = new LineCounter();
  const [document] = parseAllDocuments(source.text, { lineCounter, uniqueKeys: false });
  const inText = document && !("empty" in document) ? writtenLine(document, path, lineCounter) : undefined;
  return source.line + (inText ?? 1) - 1;
}

/** The line of a field (its key), or of its nearest parent the document writes. */
export function writtenLine(document: Document.Parsed, path: readonly (string | number)[], lineCounter: LineCounter): number | undefined {
  for (let length = path.length; length > 0; length--) {
    const parent = length === 1 ? document.contents : document.getIn(path.slice(0, length - 1), true);
    const last = path[length - 1];
    const node = isYamlMap(parent)
      ? // A key written twice takes the later value (kubernetesValue): the later is the one to point at.
        parent.items.findLast((pair) => isScalar(pair.key) && pair.key.value === last)?.key
      : isSeq(parent) && typeof last === "number"
        ? parent.items[last]
        : undefined;
    const offset = (node as { range?: [number, number, number] } | undefined)?.range?.[0];
    if (offset !== undefined) return lineCounter.linePos(offset).line;
  }
  return undefined;
}

function lineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) count++;
  return count;
}
