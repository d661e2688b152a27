import { parseKubernetesYaml } from "../lib/go-yaml";
import type { Value } from "./hcl-evaluate";

/**
 * The functions the Kubernetes provider defines (Terraform 1.8+ provider functions), as its source runs them
 * (hashicorp/terraform-provider-kubernetes, internal/framework/provider/functions/decode.go): manifests applied from
 * YAML files are then judged as the kinds they declare. It reads each document with sigs.k8s.io/yaml, as kubectl
 * reads a manifest (`defaultMode: 0400` is 256).
 */
export const kubernetesFunctions: Readonly<Record<string, (args: Value[]) => Value>> = {
  "provider::kubernetes::manifest_decode_multi": ([manifest]) => decodeManifests(String(manifest)),
  "provider::kubernetes::manifest_decode": ([manifest]) => {
    const [only, ...others] = decodeManifests(String(manifest));
    if (!only) throw new Error("manifest_decode: the YAML document is empty");
    if (others.length > 0) throw new Error("manifest_decode: the YAML holds several resources: use manifest_decode_multi");
    return only;
  },
};

/** A `---` line between documents, as the provider splits them. */
const documentSeparator = /(?:^|\s*\n)---\s*/;

/** The documents of a YAML text, each a Kubernetes object with apiVersion, kind and metadata; empty documents are skipped. */
function decodeManifests(manifest: string): Value[] {
  const objects: Value[] = [];
  for (const document of manifest.split(documentSeparator)) {
    const data = parseKubernetesYaml(document);
    if (data === null || data === undefined || (typeof data === "object" && Object.keys(data).length === 0)) continue;
    if (typeof data !== "object" || Array.isArray(data)) throw new Error("manifest_decode: a document is not a mapping");
    for (const field of ["apiVersion", "kind", "metadata"])
      if (!(field in data)) throw new Error(`manifest_decode: invalid Kubernetes manifest: missing field "${field}"`);
    objects.push(data as Value);
  }
  return objects;
}
