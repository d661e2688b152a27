import { isMap, Lexer, parseAllDocuments } from "yaml";

/**
 * Whether a YAML text writes a comment that opens with `#@`, a ytt annotation (carvel.dev/ytt/docs: `#@ load(...)`,
 * `#@data/values`, `#@overlay/match`): not text in a block scalar that holds one (an overlay a Secret carries).
 */
export const holdsYttAnnotations = (text: string): boolean => text.includes("#@") && [...new Lexer().lex(text)].some((token) => token.startsWith("#@"));

/**
 * Whether a text is configuration for Kubernetes' tools rather than a value: a ytt template or overlay, or manifests
 * (every document an object with an apiVersion and a kind), none of them a Secret, whose own data would be one. Carvel's
 * kapp-controller reads a package's overlays from Secrets (carvel.dev/kapp-controller: PackageInstall, the
 * ext.packaging.carvel.dev/ytt-paths-from-secret-name annotations).
 */
export function holdsManifestsOrOverlays(text: string): boolean {
  if (!/\bkind\s*:|#@/.test(text)) return false;
  let documents: ReturnType<typeof parseAllDocuments>;
  try {
    documents = parseAllDocuments(text);
  } catch {
    return false;
  }
  if (!Array.isArray(documents) || documents.some((document) => document.errors.length > 0)) return false;
  const objects = documents.map((document) => document.contents).filter((contents) => contents !== null);
  const kinds = objects.map((contents) => (isMap(contents) ? contents.get("kind") : undefined));
  if (kinds.some((kind) => kind === "Secret")) return false;
  return (
    holdsYttAnnotations(text) || (objects.length > 0 && objects.every((contents) => isMap(contents) && contents.has("apiVersion") && contents.has("kind")))
  );
}
