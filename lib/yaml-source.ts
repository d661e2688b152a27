import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { ConfigIssue } from "./issues";

export type YamlPath = readonly (string | number)[];

/** A parsed YAML file that can say where any path of its data is written. */
export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  /** An issue at `path`, or at its deepest ancestor present in the file; `onKey` points at the key rather than the value. */
  issueAt(path: YamlPath, message: string, options?: { onKey?: boolean }): ConfigIssue;
}

/** Parses YAML text; syntax errors come back as issues with their line and column, never as exceptions. */
export function parseYamlSource(
  file: string,
  text: string,
  expected = "a region environment with id, name, provider, network and bastion",
): { source?: YamlSource; issues: ConfigIssue[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => lineCounter.linePos(offset);
  if (document.errors.length > 0) {
    return {
      issues: document.errors.map((error) => {
        const { line, col } = position(error.pos[0]);
        return { file, path: [], line, column: col, message: `invalid YAML: ${firstLine(error.message)}` };
      }),
    };
  }
  if (document.contents === null || (isScalar(document.contents) && document.contents.value === null)) {
    return { issues: [{ file, path: [], line: 1, column: 1, message: `the file is empty; expected ${expected}` }] };
  }
  const issueAt = (path: YamlPath, message: string, options: { onKey?: boolean } = {}): ConfigIssue => {
    const offset = locate(document, path, options.onKey ?? false);
    const { line, col } = position(offset);
    return { file, path, line, column: col, message };
  };
  let data: unknown;
  try {
    // An alias to no anchor, or aliases that expand without end ("billion laughs"), throw here, not while parsing.
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { issues: [{ file, path: [], line: 1, column: 1, message: `invalid YAML: ${firstLine((error as Error).message)}` }] };
  }
  return { source: { file, data, issueAt }, issues: [] };
}

/** The first line of a YAML library's message, in the words of a person who wrote the file. */
const firstLine = (message: string): string =>
  message
    .split("\n")[0]!
    .replace(/ at line \d+, column \d+:?$/, "")
    .replace(/^Source contains multiple documents; please use YAML\.parseAllDocuments\(\)$/, "the file holds several YAML documents (---); expected one");

/** Offset of the node at `path`, or of its deepest ancestor present in the document. */
function locate(document: Document, path: YamlPath, onKey: boolean): number {
  let node: Node | null = document.contents;
  let offset = node?.range?.[0] ?? 0;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      const key = pair.key as Node;
      if (last && onKey) return key.range?.[0] ?? offset;
      node = pair.value as Node | null;
      offset = node?.range?.[0] ?? key.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset;
}
