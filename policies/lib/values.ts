/** Terraform JSON writes a nested block as an object or an array of objects: always get an array. */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null && !Array.isArray(item));
}

/** The first (often the only) block of a nested block. */
export const block = (value: unknown): Record<string, unknown> | undefined => blocks(value)[0];

/** A value written as an interpolation is not known until plan or apply: never compare it to a literal. */
export const isUnknown = (value: unknown): boolean => typeof value === "string" && value.includes("${");

/** A literal (known) string, or undefined. */
export const literalString = (value: unknown): string | undefined => (typeof value === "string" && !isUnknown(value) ? value : undefined);

/** Terraform accepts "true"/"false" strings for booleans. */
export function literalBool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** Terraform accepts numeric strings for numbers. */
export function literalNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** A list attribute (a set or list of strings) as an array; a single value becomes a list of one. */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Walks every string in a value, with its attribute path. */
export function* strings(value: unknown, path = ""): Generator<[string, string]> {
  if (typeof value === "string") yield [path, value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, `${path}[${i}]`);
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) if (key !== "//") yield* strings(item, path ? `${path}.${key}` : key);
  }
}

/** Joins attribute path segments: `spec.template[0]`. */
export const attributePath = (...parts: (string | number)[]): string =>
  parts.reduce<string>((path, part) => (typeof part === "number" ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
