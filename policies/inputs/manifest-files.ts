import { LineCounter } from "yaml";
import { kubernetesValue, kubernetesYamlDocuments } from "../lib/go-yaml";
import { isUnknown } from "../lib/values";
import { holdsCutInterpolation, isWholeInterpolation } from "./kubernetes-manifest";
import { appliedItems } from "./kubernetes-yaml";

/** An object a manifest file holds, with the text and first line of its document where it is the document; or the file's text. */
export interface FileManifest {
  readonly manifest: Record<string, unknown> | string;
  readonly document?: { readonly text: string; readonly line: number };
}

/**
 * The objects a manifest file holds, each with the text and first line of its document where it is the document (not
 * an item of a list); or the file's text where what it holds is known only at apply.
 */
export function fileManifests(content: string): FileManifest[] {
  if (isWholeInterpolation(content.trim())) return [{ manifest: content }];
  const lineCounter = new LineCounter();
  let read: ReturnType<typeof kubernetesYamlDocuments>;
  let values: unknown[];
  try {
    read = kubernetesYamlDocuments(content, lineCounter);
    values = read.documents.map(kubernetesValue);
  } catch {
    return isUnknown(content) ? [{ manifest: content }] : [];
  }
  if (values.some(holdsCutInterpolation)) return [{ manifest: content }];
  return values.flatMap((value, i) => {
    const items = appliedItems(value);
    const { range } = read.documents[i]!;
    const document =
      items.length === 1 && items[0] === value ? { text: read.text.slice(range[0], range[1]), line: lineCounter.linePos(range[0]).line } : undefined;
    return items.map((manifest) => ({ manifest, ...(document ? { document } : {}) }));
  });
}
