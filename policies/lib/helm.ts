import { parseGoYaml } from "./go-yaml";
import type { TfResource } from "../engine/model";
import { withV1 } from "./kubernetes";
import { list, literalString, memoized } from "./values";

export const helmReleaseType = "helm_release";

/** A helm_release's values documents merged, when they are literal YAML; undefined when any is unknown before apply. */
export function helmValues(release: TfResource): Record<string, unknown> | undefined {
  const documents = list(release.values.values).map(literalString);
  if (documents.some((document) => document === undefined)) return undefined;
  return Object.assign({}, ...documents.map((document) => (parseValues(document!) as Record<string, unknown> | null) ?? {}));
}

/** A values document: JSON as the project writes it (fast path), any other YAML otherwise. */
function parseValues(document: string): unknown {
  if (document.trimStart().startsWith("{")) {
    try {
      return JSON.parse(document);
    } catch {
      // YAML flow mappings also start with a brace.
    }
  }
  return parseGoYaml(document);
}

/**
 * The manifests a release of the `raw` chart installs (custom resources the policies judge like any other), parsed once
 * per release for every policy that reads them.
 */
export const rawManifests = memoized((release: TfResource): readonly Record<string, any>[] => {
  if (release.values.chart !== "raw") return [];
  const resources = helmValues(release)?.resources;
  return Array.isArray(resources) ? (resources as Record<string, any>[]) : [];
});

/** Whether an API object is of a kind in an API group (any version): `Cluster` of `postgresql.cnpg.io`. */
export const isKind = (manifest: Record<string, any>, kind: string, group: string): boolean =>
  manifest.kind === kind && String(manifest.apiVersion).startsWith(`${group}/`);

export interface AppliedManifest {
  readonly manifest: Record<string, any>;
  readonly resource: TfResource;
  readonly path: "manifest" | "values";
}

/**
 * Objects applied as they are: a kubernetes_manifest's manifest, and each resource of a release of the raw chart, with
 * the attribute that holds them.
 */
export function appliedManifests(resources: readonly TfResource[]): AppliedManifest[] {
  return resources.flatMap((resource): AppliedManifest[] => {
    if (manifestTypes.has(resource.type)) {
      const manifest = resource.values.manifest;
      return manifest && typeof manifest === "object" ? [{ manifest: manifest as Record<string, any>, resource, path: "manifest" }] : [];
    }
    return resource.type === helmReleaseType ? rawManifests(resource).map((manifest) => ({ manifest, resource, path: "values" })) : [];
  });
}

const manifestTypes = new Set(withV1("kubernetes_manifest"));
