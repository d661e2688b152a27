import type { ConfigIssue } from "../lib/issues";
import type { YamlSource } from "../lib/yaml-source";

/** What `eds new-region` writes where a person must decide: `<fill in: what to write>`. */
export const placeholder = (what: string): string => `<fill in: ${what}>`;

const pattern = /^<fill in: (.+)>$/s;

/** Every placeholder still in a document, with its path. */
export function placeholdersIn(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; what: string }[] {
  if (typeof value === "string") {
    const match = pattern.exec(value);
    return match ? [{ path, what: match[1]! }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => placeholdersIn(item, [...path, i]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => placeholdersIn(item, [...path, key]));
  return [];
}

/** One issue per placeholder left, saying what to write there. */
export const placeholderIssues = (source: YamlSource): ConfigIssue[] =>
  placeholdersIn(source.data).map(({ path, what }) => source.issueAt(path, `still a placeholder left by eds new-region: fill in ${what}`));
