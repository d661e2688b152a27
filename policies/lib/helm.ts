import { parseGoYaml } from "./go-yaml";
import type { TfResource } from "../engine/model";
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

/** How often a cron schedule (5 fields, or 6 with seconds first as CloudNativePG writes them) runs: hourly, daily, or other. */
export function cronFrequency(cron: string): "hourly" | "daily" | "other" {
  const fields = cron.trim().split(/\s+/);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields.length === 6 ? fields.slice(1) : fields;
  if ([dayOfMonth, month, dayOfWeek].some((field) => field !== "*")) return "other";
  if (/^\d+$/.test(minute ?? "") && hour === "*") return "hourly";
  if (/^\d+$/.test(minute ?? "") && /^\d+$/.test(hour ?? "")) return "daily";
  return "other";
}
