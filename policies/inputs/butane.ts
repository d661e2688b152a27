import { parseKubernetesYaml } from "../lib/go-yaml";
import { isMap } from "../lib/values";
import type { Scope } from "./hcl-evaluate";
import { readByFunction } from "./hcl-functions";

/**
 * The Ignition specification each Butane variant's version translates to (coreos/butane, docs/specs.md): Fedora CoreOS
 * and Flatcar, the systems the Ignition reader names. Another variant or version is not translated here.
 */
const ignitionVersions: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  fcos: { "1.0.0": "3.0.0", "1.1.0": "3.1.0", "1.2.0": "3.2.0", "1.3.0": "3.2.0", "1.4.0": "3.3.0", "1.5.0": "3.4.0", "1.6.0": "3.5.0" },
  flatcar: { "1.0.0": "3.3.0", "1.1.0": "3.4.0" },
};

/**
 * A Butane resource (a file's contents or one of its appends) as Ignition takes it: `inline` as a data URL, `local` read
 * from files_dir as one (Butane refuses it without files_dir), `source` and `compression` as they are; undefined where
 * Butane would refuse it or its text is not known here.
 */
function resource(written: unknown, filesDir: string | undefined, scope: Scope): Record<string, unknown> | undefined {
  if (!isMap(written)) return undefined;
  const { inline, local, ...rest } = written;
  if (inline !== undefined && (local !== undefined || typeof inline !== "string")) return undefined;
  if (typeof inline === "string") return { ...rest, source: `data:,${encodeURIComponent(inline)}` };
  if (local === undefined) return rest;
  if (typeof local !== "string" || filesDir === undefined) return undefined;
  try {
    return { ...rest, source: `data:;base64,${readByFunction(scope, `${filesDir}/${local}`).toString("base64")}` };
  } catch {
    return undefined;
  }
}

/**
 * A Butane config (its YAML) translated as Butane translates what the check reads of it: its storage's files, their
 * contents and appends taken as Ignition takes them (resource), the rest of the config kept as it is written; undefined
 * where Butane would refuse it (no variant or version it knows, a resource it refuses) or where it holds what is not
 * translated here (trees, a local folder).
 */
function translated(text: string, filesDir: string | undefined, scope: Scope): Record<string, unknown> | undefined {
  let config: unknown;
  try {
    config = parseKubernetesYaml(text);
  } catch {
    return undefined;
  }
  if (!isMap(config)) return undefined;
  const { variant, version, storage, ...rest } = config;
  const ignitionVersion = ignitionVersions[String(variant)]?.[String(version)];
  if (!ignitionVersion) return undefined;
  if (storage !== undefined && !isMap(storage)) return undefined;
  if (storage?.trees !== undefined) return undefined;
  const files = Array.isArray(storage?.files) ? storage.files : [];
  const translatedFiles = files.map((file) => {
    if (!isMap(file)) return undefined;
    const contents = file.contents === undefined ? undefined : resource(file.contents, filesDir, scope);
    const appends = Array.isArray(file.append) ? file.append.map((each) => resource(each, filesDir, scope)) : [];
    if ((file.contents !== undefined && !contents) || appends.some((each) => !each)) return undefined;
    return { ...file, ...(contents ? { contents } : {}), ...(appends.length > 0 ? { append: appends } : {}) };
  });
  if (translatedFiles.some((file) => !file)) return undefined;
  return { ignition: { version: ignitionVersion }, ...rest, ...(storage ? { storage: { ...storage, files: translatedFiles } } : {}) };
}

/**
 * The poseidon/ct provider's ct_config at plan (internal/data_config.go, butaneToIgnition): its Butane `content`
 * translated to Ignition JSON, each of its `snippets` translated and merged after it (ignition.Merge: their files
 * after the content's, a later entry for a path winning, as the Ignition reader takes them); undefined where an
 * argument is not known or Butane would refuse the config.
 */
export function ctConfig({ content, snippets, files_dir }: Record<string, unknown>, scope: Scope): Record<string, unknown> | undefined {
  if (typeof content !== "string" || (files_dir !== undefined && files_dir !== null && typeof files_dir !== "string")) return undefined;
  const filesDir = typeof files_dir === "string" ? files_dir : undefined;
  const parts = [content, ...(Array.isArray(snippets) ? snippets : [])];
  if (parts.some((part) => typeof part !== "string")) return undefined;
  const configs = parts.map((part) => translated(part as string, filesDir, scope));
  if (configs.some((config) => !config)) return undefined;
  const [main] = configs as Record<string, unknown>[];
  const files = (configs as Record<string, unknown>[]).flatMap((config) =>
    isMap(config.storage) && Array.isArray(config.storage.files) ? config.storage.files : [],
  );
  const rendered = { ...main, ...(files.length > 0 ? { storage: { ...(isMap(main!.storage) ? main!.storage : {}), files } } : {}) };
  return { rendered: JSON.stringify(rendered) };
}
