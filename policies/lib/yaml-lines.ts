import { Composer, type Document, isMap as isYamlMap, isScalar, isSeq, LineCounter, Parser } from "yaml";

/**
 * The line (1-based) of a field (its key, or the item of a list) of the first document of a YAML or JSON text, or of
 * its nearest parent the text writes; undefined when the text does not parse or writes none of them.
 */
export function lineInYaml(text: string, path: readonly (string | number)[]): number | undefined {
  const { document, lineCounter } = firstDocument(text);
  return document ? writtenLine(document, path, lineCounter) : undefined;
}

/** The text read last, with its first document: the findings of one resource ask for lines of one text in turn. */
let lastRead: { readonly text: string; readonly document: Document.Parsed | undefined; readonly lineCounter: LineCounter } | undefined;

/** The first document of a text, read no further (a file of many documents), with its lines. */
function firstDocument(text: string): { document: Document.Parsed | undefined; lineCounter: LineCounter } {
  if (lastRead?.text !== text) {
    const lineCounter = new LineCounter();
    const [document] = new Composer({ uniqueKeys: false }).compose(new Parser(lineCounter.addNewLine).parse(text));
    lastRead = { text, document, lineCounter };
  }
  return lastRead;
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

/**
 * The line a literal block scalar's text starts on (the line after its `|` header), where the field at `path` is one:
 * the text's lines are the file's, one for one (yaml 1.2.2 §8.1.2, literal style), so a line in the text is a line of the
 * file. Undefined for another style, whose lines the value folds or unescapes.
 */
export function literalBlockTextLine(document: Document.Parsed, path: readonly (string | number)[], lineCounter: LineCounter): number | undefined {
  const node = document.getIn(path, true);
  if (!isScalar(node) || node.type !== "BLOCK_LITERAL" || !node.range) return undefined;
  return lineCounter.linePos(node.range[0]).line + 1;
}
