import { parseKubernetesYaml } from "../lib/go-yaml";
import { isMap } from "../lib/helm";

/**
 * Attributes of data sources that Terraform reads at plan, when their arguments are known, and that a provider computes
 * from those arguments alone, with no API call: computed here as the provider computes them, so that what is made of
 * them (a `kubectl_manifest` for each document of a file) is judged. Each takes the data source's arguments and gives
 * its computed attributes, or undefined when an argument is not known or the provider would fail.
 */
export const computedAtPlan: Readonly<
  Record<string, { readonly attributes: readonly string[]; compute(args: Record<string, unknown>): Record<string, unknown> | undefined }>
> = {
  "data.kubectl_file_documents": {
    attributes: ["documents", "manifests"],
    compute: ({ content }) => (typeof content === "string" ? fileDocuments(content) : undefined),
  },
};

/**
 * The kubectl provider's documents of a multi-document text (gavinbunney/terraform-provider-kubectl,
 * data_source_kubectl_file_documents.go and yaml/splitter.go): split at each "\n---" and the rest of its line, each
 * trimmed, an empty document left out; `manifests` maps each object's self link to its text. A document that does not
 * parse, or two with one self link, fail the data source.
 */
function fileDocuments(content: string): { documents: string[]; manifests: Record<string, string> } | undefined {
  const documents: string[] = [];
  const manifests: Record<string, string> = {};
  for (const chunk of content.split(/\n---[^\n]*(?:\n|$)/)) {
    const document = chunk.trim();
    let object: unknown;
    try {
      object = parseKubernetesYaml(document);
    } catch {
      return undefined;
    }
    if (object === null || object === undefined || (isMap(object) && Object.keys(object).length === 0)) continue;
    if (!isMap(object)) return undefined;
    const link = selfLink(object);
    if (Object.hasOwn(manifests, link)) return undefined;
    documents.push(document);
    // The provider writes each object back as YAML (Manifest.AsYAML); JSON is YAML, and reads as the same object.
    manifests[link] = JSON.stringify(object);
  }
  return { documents, manifests };
}

/**
 * An object's self link as the provider builds it when the object writes none (yaml/manifest.go, buildSelfLink):
 * `/api/v1` or `/apis/<apiVersion>`, `/namespaces/<namespace>`, the kind in lower case with `s` (`es` after an `s`),
 * and the name, each part only when it is there.
 */
function selfLink(object: Record<string, unknown>): string {
  const metadata = isMap(object.metadata) ? object.metadata : {};
  if (typeof metadata.selfLink === "string" && metadata.selfLink !== "") return metadata.selfLink;
  const text = (value: unknown): string => (typeof value === "string" ? value : "");
  const [apiVersion, namespace, kind, name] = [object.apiVersion, metadata.namespace, object.kind, metadata.name].map(text);
  return [
    apiVersion === "v1" ? "/api" : "/apis",
    apiVersion ? `/${apiVersion}` : "",
    namespace ? `/namespaces/${namespace}` : "",
    kind ? `/${kind.toLowerCase()}${kind.endsWith("s") ? "es" : "s"}` : "",
    name ? `/${name}` : "",
  ].join("");
}
