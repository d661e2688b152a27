import type { ConfigIssue } from "../../lib/issues";
import type { YamlSource } from "../../lib/yaml-source";

/** One issue for each item whose key an earlier item of the same list already uses, at `[...listPath, i, field]`. */
export function declaredTwice<T>(
  source: YamlSource,
  items: readonly T[],
  listPath: readonly string[],
  field: keyof T & string,
  message: (key: unknown) => string,
): ConfigIssue[] {
  return items.flatMap((item, i) =>
    items.findIndex((other) => other[field] === item[field]) !== i ? [source.issueAt([...listPath, i, field], message(item[field]))] : [],
  );
}
