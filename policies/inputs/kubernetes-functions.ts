import { parseKubernetesYaml } from "../lib/go-yaml";
import type { Scope, Value } from "./hcl-evaluate";
import { cutAt, recordCut, recordDecoded, type TextsRead } from "./text-sources";

/**
 * The functions the Kubernetes provider defines (Terraform 1.8+ provider functions), as its source runs them
 * (hashicorp/terraform-provider-kubernetes, internal/framework/provider/functions/decode.go): manifests applied from
 * YAML files are then judged as the kinds they declare. It reads each document with sigs.k8s.io/yaml, as kubectl
 * reads a manifest (`defaultMode: 0400` is 256).
 */
export const kubernetesFunctions: Readonly<Record<string, (args: Value[], scope: Scope) => Value>> = {
  "provider::kubernetes::manifest_decode_multi": ([manifest], scope) => decodeManifests(String(manifest), scope.filesRead?.texts),
  "provider::kubernetes::manifest_decode": ([manifest], scope) => {
    const [only, ...others] = decodeManifests(String(manifest), scope.filesRead?.texts);
    if (!only) throw new Error("manifest_decode: the YAML document is empty");
    if (others.length > 0) throw new Error("manifest_decode: the YAML holds several resources: use manifest_decode_multi");
    return only;
  },
};

/** A `---` line between documents, as the provider splits them. */
const documentSeparator = /(?:^|\s*\n)---\s*/g;

/**
 * The documents of a YAML text, each a Kubernetes object with apiVersion, kind and metadata; empty documents are
 * skipped. Each is recorded as decoded from its lines, where the text was read from a file (TextsRead).
 */
function decodeManifests(manifest: string, texts: TextsRead | undefined): Value[] {
  const objects: Value[] = [];
  const documents = cutAt(manifest, documentSeparator);
  recordCut(
    texts,
    manifest,
    documents.map(({ at, part }) => ({ at, text: part })),
  );
  for (const { part: document } of documents) {
    const data = parseKubernetesYaml(document);
    if (data === null || data === undefined || (typeof data === "object" && Object.keys(data).length === 0)) continue;
    if (typeof data !== "object" || Array.isArray(data)) throw new Error("manifest_decode: a document is not a mapping");
    for (const field of ["apiVersion", "kind", "metadata"])
      if (!(field in data)) throw new Error(`manifest_decode: invalid Kubernetes manifest: missing field "${field}"`);
    recordDecoded(texts, document, data);
    objects.push(data as Value);
  }
  return objects;
}
