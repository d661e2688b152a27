import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { pathWithin } from "../../lib/paths";
import { parseKubernetesYamlDocuments } from "../lib/go-yaml";
import { isKind } from "../lib/helm";
import { fieldAt, isMap } from "../lib/values";
import { kustomizationFiles } from "./kustomization";

/** A Flux Kustomization's spec.path read from its repository's root, with spec.targetNamespace. */
interface TargetedPath {
  readonly path: string;
  readonly namespace: string;
}

/**
 * The namespace Flux's kustomize-controller sets on every namespaced object of the files it applies, by file, where a
 * Flux Kustomization (kustomize.toolkit.fluxcd.io) gives spec.targetNamespace for a folder of plain manifests: with no
 * kustomization file there, it generates one naming every .yaml and .yml file below, a folder holding its own
 * kustomization file named whole, and sets the target namespace as that kustomization's `namespace`, which kustomize
 * sets on every namespaced object (fluxcd/pkg, kustomize/kustomize_generator.go: WriteFile, generateKustomization).
 * spec.path is read from the root of the source: the Git repository the folder checked is in, and the folder checked
 * (an extract of a repository is no repository); a segment a variable fills at apply
 * (`./clusters/${CLUSTER_NAME}/apps`, postBuild substitution) stands for every folder there. The Kustomizations are
 * looked for in the files read (`files`) and in those a kustomization names (`kustomized`), each text read by `textOf`.
 */
export function fluxTargetNamespaces(
  root: string,
  files: readonly string[],
  kustomized: readonly string[],
  textOf: (file: string) => string,
): Map<string, string> {
  const namespaces = new Map<string, string>();
  const targeted = [...files, ...kustomized.filter(isYaml)].flatMap((file) => targetedPaths(textOf, file));
  if (targeted.length === 0) return namespaces;
  const rootFolder = resolve(root);
  const sourceRoots = [...new Set([repositoryRoot(rootFolder) ?? rootFolder, rootFolder])];
  const yaml = files.filter(isYaml).map((file) => ({ file, path: resolve(file) }));
  for (const { path, namespace } of targeted)
    for (const folder of sourceRoots.flatMap((sourceRoot) => foldersMatching(sourceRoot, path))) {
      if (hasKustomization(folder)) continue;
      for (const { file, path: resolved } of yaml)
        if (pathWithin(folder, resolved) !== undefined && !kustomizedOnTheWay(folder, dirname(resolved))) namespaces.set(file, namespace);
    }
  return namespaces;
}

/**
 * The root of the Git repository a folder is in (the nearest folder above holding `.git`): a GitRepository source's
 * paths are read from it, whatever folder below it is checked. Undefined outside one (an archive's extract).
 */
function repositoryRoot(folder: string): string | undefined {
  for (let at = folder; ; at = dirname(at)) {
    if (existsSync(join(at, ".git"))) return at;
    if (dirname(at) === at) return undefined;
  }
}

/** The files Flux's generated kustomization names: .yaml and .yml, not .json (generateKustomization). */
const isYaml = (path: string): boolean => /\.ya?ml$/.test(path);

/** The Flux Kustomizations of a file that set a target namespace on a path, both written literally. */
function targetedPaths(textOf: (file: string) => string, file: string): TargetedPath[] {
  let documents: unknown[];
  try {
    const text = textOf(file);
    if (!text.includes("kustomize.toolkit.fluxcd.io") || !text.includes("targetNamespace")) return [];
    documents = parseKubernetesYamlDocuments(text);
  } catch {
    return [];
  }
  return documents.flatMap((document) => {
    if (!isMap(document) || !isKind(document, "Kustomization", "kustomize.toolkit.fluxcd.io")) return [];
    const namespace = fieldAt(document, "spec", "targetNamespace");
    const path = fieldAt(document, "spec", "path");
    return typeof namespace === "string" && namespace !== "" && !namespace.includes("${") && typeof path === "string" ? [{ path, namespace }] : [];
  });
}

/** The folders below the root a Flux path names, each segment a variable fills standing for every folder there. */
function foldersMatching(root: string, path: string): string[] {
  let folders = [root];
  for (const segment of path.split("/").filter((part) => part !== "" && part !== ".")) {
    if (segment === "..") return [];
    folders = segment.includes("${")
      ? folders.flatMap((folder) =>
          subfolders(folder)
            .filter((name) => matchesSegment(segment, name))
            .map((name) => join(folder, name)),
        )
      : folders.map((folder) => join(folder, segment)).filter((folder) => statSync(folder, { throwIfNoEntry: false })?.isDirectory() === true);
  }
  return folders;
}

/** Whether a folder's name may be what a path segment with variables (`${CLUSTER}-apps`) becomes. */
function matchesSegment(segment: string, name: string): boolean {
  const pattern = segment
    .split(/\$\{[^}]*\}/)
    .map((literal) => literal.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&"))
    .join(".+");
  return new RegExp(`^${pattern}$`).test(name);
}

function subfolders(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

const hasKustomization = (folder: string): boolean => kustomizationFiles.some((name) => existsSync(join(folder, name)));

/** Whether a folder between the Kustomization's path (excluded) and a file's folder holds a kustomization, named whole. */
function kustomizedOnTheWay(top: string, folder: string): boolean {
  for (let current = folder; current !== top && current.startsWith(top + sep); current = dirname(current)) if (hasKustomization(current)) return true;
  return false;
}
