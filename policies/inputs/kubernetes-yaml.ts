import { type Document, isMap as isYamlMap, isScalar, isSeq, LineCounter } from "yaml";
import type { InputProblem, TfConfiguration, TfResource } from "../engine/model";
import { isMap } from "../lib/helm";
import { kubernetesYamlDocuments } from "../lib/go-yaml";
import { asTypedResource, manifestPath, pathText, placedIn } from "./kubernetes-manifest";

/** Kubernetes manifests: what `kubectl apply -f` and `helm template` read and write. */
export const isManifestFile = (name: string): boolean => /\.ya?ml$/.test(name);

/** One file of manifests, as given: its name as reported, and its text. */
export interface ManifestText {
  readonly file: string;
  readonly text: string;
}

/**
 * Kubernetes objects written as YAML (`kubectl apply -f`, the output of `helm template`, `kubectl get -o yaml`) read as
 * the policies judge a `kubernetes_manifest`: each object as the typed resource of its kind, so that a chart's pods are
 * judged once rendered. YAML is read as kubectl reads it (sigs.k8s.io/yaml, over go-yaml v2: `privileged: yes` is true,
 * a key written twice is refused); a `List` holds its objects in `items`. An object that names no namespace is created
 * in the one kubectl or Helm is given (`namespace`). Each object's address is `Kind/namespace/name` (`Kind/name` when
 * cluster-scoped), and its line the line its document starts.
 *
 * In a folder given to check, a file none of whose documents is a Kubernetes object (a chart's values, a CI workflow)
 * is not a manifest and is left out; a named file must hold objects only. A document that does not parse, that is not
 * an object, or that holds Helm template actions (a chart's source, not its output) is an input problem, and so is an
 * object written twice: kubectl would apply the later over the earlier.
 */
export function manifestConfiguration(
  stack: string,
  texts: readonly ManifestText[],
  namespace: string,
  problems: InputProblem[],
  named: boolean,
): TfConfiguration | undefined {
  const resources = new Map<string, TfResource>();
  const files: string[] = [];
  for (const { file, text } of texts) {
    const objects = manifestObjects(stack, file, text, namespace, problems, named);
    if (objects.length > 0) files.push(file);
    for (const object of objects) {
      const earlier = resources.get(object.address);
      if (earlier)
        problems.push({
          file,
          message: `${object.address} (line ${object.line}) is written twice (first at ${earlier.file}:${earlier.line}): kubectl applies the later over the earlier`,
        });
      resources.set(object.address, object);
    }
  }
  if (files.length === 0) return undefined;
  return { stack, files, resources: [...resources.values()], providers: [], backend: undefined, manifests: true };
}

function manifestObjects(stack: string, file: string, text: string, namespace: string, problems: InputProblem[], named: boolean): TfResource[] {
  const lineCounter = new LineCounter();
  const documents = kubernetesYamlDocuments(text, lineCounter);
  const found: { manifest: Record<string, unknown>; line: number; document: Document.Parsed; at: (string | number)[] }[] = [];
  const notObjects: InputProblem[] = [];
  for (const [i, document] of documents.entries()) {
    const line = lineCounter.linePos(document.contents?.range?.[0] ?? document.range[0]).line;
    const where = `document ${i + 1} (line ${line})`;
    if (text.slice(document.range[0], document.range[2]).includes("{{")) {
      problems.push({ file, message: `${where} holds Helm template actions ({{ }}): render the chart with helm template, then check its output` });
      continue;
    }
    const error = document.errors[0];
    if (error) {
      const at = lineCounter.linePos(error.pos[0]);
      problems.push({ file, message: `line ${at.line}, column ${at.col}: not valid YAML: ${error.message}` });
      continue;
    }
    const value = document.toJS() as unknown;
    // A template that renders to nothing leaves a document of comments only, which kubectl skips.
    if (value === null || value === undefined) continue;
    const objects = isMap(value) && value.kind === "List" && Array.isArray(value.items) ? value.items : [value];
    for (const [j, object] of objects.entries()) {
      if (isMap(object) && typeof object.apiVersion === "string" && typeof object.kind === "string")
        found.push({ manifest: object, line, document, at: objects.length > 1 || object !== value ? ["items", j] : [] });
      else
        notObjects.push({
          file,
          message: `${objects.length > 1 ? `${where}, item ${j + 1}` : where}: not a Kubernetes object (an apiVersion and a kind were expected)`,
        });
    }
  }
  // In a folder, YAML that holds no object at all is another tool's file.
  if (named || found.length > 0) problems.push(...notObjects);
  return found.map(({ manifest, line, document, at }) => {
    const placed = placedIn(manifest, namespace);
    const metadata = isMap(placed.metadata) ? placed.metadata : {};
    const name = typeof metadata.name === "string" ? metadata.name : `(unnamed, line ${line})`;
    const address = [placed.kind, ...(typeof metadata.namespace === "string" ? [metadata.namespace] : []), name].join("/");
    return asTypedResource({
      address,
      mode: "managed",
      type: "kubernetes_manifest",
      name,
      values: { manifest: placed },
      provider: "kubernetes",
      stack,
      file,
      line,
      written: (typedPath) => {
        // An object of a kind the policies read as written (a custom resource) is judged at `manifest.<path>`.
        const path = manifestPath(manifest, typedPath.replace(/^manifest(\.|$)/, ""));
        return { path: pathText(path), line: writtenLine(document, [...at, ...path], lineCounter) ?? line };
      },
    });
  });
}

/** The line of a field (its key), or of its nearest parent the document writes. */
function writtenLine(document: Document.Parsed, path: readonly (string | number)[], lineCounter: LineCounter): number | undefined {
  for (let length = path.length; length > 0; length--) {
    const parent = length === 1 ? document.contents : document.getIn(path.slice(0, length - 1), true);
    const last = path[length - 1];
    const node = isYamlMap(parent)
      ? parent.items.find((pair) => isScalar(pair.key) && pair.key.value === last)?.key
      : isSeq(parent) && typeof last === "number"
        ? parent.items[last]
        : undefined;
    const offset = (node as { range?: [number, number, number] } | undefined)?.range?.[0];
    if (offset !== undefined) return lineCounter.linePos(offset).line;
  }
  return undefined;
}
