import { type Document, isMap as isYamlMap, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";

/**
 * The line (1-based) of a field (its key, or the item of a list) of the first document of a YAML or JSON text, or of
 * its nearest parent the text writes; undefined when the text does not parse or writes none of them.
 */
export function lineInYaml(text: string, path: readonly (string | number)[]): number | undefined {
  const lineCounter = new LineCounter();
  const [document] = parseAllDocuments(text, { lineCounter, uniqueKeys: false });
  return document && !("empty" in document) ? writtenLine(document, path, lineCounter) : undefined;
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
