import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { isMap } from "../lib/helm";
import { pathWithin } from "../../lib/paths";
import { parse } from "yaml";

/** The names a kustomization file may have (kustomize's konfig.RecognizedKustomizationFileNames). */
export const kustomizationFiles: readonly string[] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/**
 * The folders below a Kustomize folder that its kustomization names, and the kustomizations those name in turn: the
 * first folder below it of every folder they give (a file they give is theirs alone: the files it names are left out of
 * what the folder beside it holds, see FolderNotes.kustomized). Those are its sources; the other folders below it (examples,
 * documentation) are no part of what it renders, and kubectl applies them on their own; and every path they name, a
 * patch of a sibling folder among them (`../../patches/replicas.yaml`). Undefined when the kustomization cannot be
 * read: then every folder below is taken for its sources.
 */
export function kustomizationSources(folder: string): { readonly folders: ReadonlySet<string>; readonly paths: readonly string[] } | undefined {
  const named = new Set<string>();
  const paths: string[] = [];
  const visited = new Set<string>();
  const visit = (kustomizationFolder: string): boolean => {
    visited.add(kustomizationFolder);
    const document = kustomization(kustomizationFolder);
    if (document === undefined) return false;
    for (const path of [...kustomizationPaths(document), ...pluginInputs(kustomizationFolder, document)]) {
      const target = resolve(kustomizationFolder, path);
      paths.push(target);
      const directory = statSync(target, { throwIfNoEntry: false })?.isDirectory() === true;
      // A folder named is the kustomization's whole; of a file named, only the file is (the folder beside it is read as
      // any folder is, a kustomization of its own there named apart).
      const below = pathWithin(folder, target);
      if (below && directory) named.add(below.split(sep)[0]!);
      if (!visited.has(target) && directory) visit(target);
    }
    return true;
  };
  return visit(resolve(folder)) ? { folders: named, paths } : undefined;
}

/** YAML as kustomize reads it (kyaml, over go-yaml v3): YAML 1.2's core schema, merge keys, a key written twice refused. */
const readKustomizeYaml = (text: string): unknown => parse(text, { merge: true });

/** A folder's kustomization, read; undefined when it has none or it is no YAML map. */
function kustomization(folder: string): Record<string, unknown> | undefined {
  const name = kustomizationFiles.find((candidate) => existsSync(join(folder, candidate)));
  if (!name) return undefined;
  try {
    const document = readKustomizeYaml(readFileSync(join(folder, name), "utf8")) ?? {};
    return isMap(document) ? document : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The files the generator and transformer plugins a kustomization names read: the `files` of each plugin configuration
 * (KSOPS's `kind: ksops`, which decrypts each into a Secret it generates: github.com/viaduct-ai/kustomize-sops), relative
 * to the kustomization's folder, where kustomize runs its plugins. They are the plugin's input, not objects to apply.
 */
function pluginInputs(folder: string, document: Record<string, unknown>): string[] {
  const configurations = ["generators", "transformers"].flatMap((name) => (Array.isArray(document[name]) ? document[name] : []));
  return configurations.flatMap((path) => {
    if (typeof path !== "string" || !statSync(resolve(folder, path), { throwIfNoEntry: false })?.isFile()) return [];
    try {
      const configuration = readKustomizeYaml(readFileSync(resolve(folder, path), "utf8"));
      return isMap(configuration) && Array.isArray(configuration.files) ? configuration.files.filter((file): file is string => typeof file === "string") : [];
    } catch {
      return [];
    }
  });
}

/**
 * The paths a kustomization gives, in the fields that hold paths (kustomize's api/types/kustomization.go): resources,
 * components, bases, crds, configurations, generators, transformers, validators, patchesStrategicMerge (a path or a
 * patch written inline), patches' and patchesJson6902's and replacements' `path`, openapi's `path`, the generators'
 * `files` ([key=]path), `envs` and `env`, and the Helm charts' home (`charts` by default) and values files. Remote
 * sources (a URL, `github.com/...?ref=`) are left out.
 */
function kustomizationPaths(document: Record<string, unknown>): string[] {
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);
  const entries = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isMap) : []);
  const field = (value: unknown, name: string): string[] => (isMap(value) && typeof value[name] === "string" ? [value[name] as string] : []);
  const generators = [...entries(document.configMapGenerator), ...entries(document.secretGenerator)];
  const paths = [
    ...["resources", "components", "bases", "crds", "configurations", "generators", "transformers", "validators", "patchesStrategicMerge"].flatMap((name) =>
      strings(document[name]),
    ),
    ...["patches", "patchesJson6902", "replacements"].flatMap((name) => entries(document[name]).flatMap((entry) => field(entry, "path"))),
    ...field(document.openapi, "path"),
    ...generators.flatMap((generator) => [
      ...strings(generator.files).map((file) => file.slice(file.indexOf("=") + 1)),
      ...strings(generator.envs),
      ...field(generator, "env"),
    ]),
    ...entries(document.helmCharts).flatMap((chart) => [...field(chart, "valuesFile"), ...strings(chart.additionalValuesFiles)]),
    ...(Array.isArray(document.helmCharts) ? [field(document.helmGlobals, "chartHome")[0] ?? "charts"] : []),
  ];
  return paths.filter((path) => path !== "" && !/^[a-z][a-z0-9+.-]*:\/\/|\?ref=|^git@/i.test(path));
}
