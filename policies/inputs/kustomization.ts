import { readFileSync } from "node:fs";
import { isAbsolute, normalize, sep } from "node:path";
import { parseGoYaml } from "../lib/go-yaml";

/**
 * The folders below a Kustomize folder that its kustomization names: the first folder of every path it gives, in any
 * field (resources, components, patches, generators' files, `key=path` included; kustomize's api/types/kustomization.go),
 * and `charts`, where its Helm charts are pulled by default (helmGlobals.chartHome). Those are its sources; the other
 * folders below it (examples, documentation) are no part of what it renders, and kubectl applies them on their own.
 * Undefined when the kustomization cannot be read: then every folder below is taken for its sources.
 */
export function foldersKustomizationNames(file: string): ReadonlySet<string> | undefined {
  let document: unknown;
  try {
    document = parseGoYaml(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  if (document !== null && document !== undefined && (typeof document !== "object" || Array.isArray(document))) return undefined;
  const folders = new Set<string>(["charts"]);
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(visit);
    else if (typeof value === "string") {
      const path = value.includes("=") ? value.slice(value.indexOf("=") + 1) : value;
      if (path === "" || isAbsolute(path) || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return;
      const [first] = normalize(path).split(sep);
      if (first && first !== ".." && first !== ".") folders.add(first);
    }
  };
  visit(document);
  return folders;
}
