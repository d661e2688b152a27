import { isTerraformTemplate } from "../../lib/terraform-literal";

/** Terraform JSON writes a nested block as an object or an array of objects: always get an array. */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null && !Array.isArray(item));
}

/** The first (often the only) block of a nested block. */
export const block = (value: unknown): Record<string, unknown> | undefined => blocks(value)[0];

/** A value written as an interpolation is not known until plan or apply: never compare it to a literal. */
export const isUnknown = (value: unknown): boolean => typeof value === "string" && isTerraformTemplate(value);

/** Roots of a reference that names no resource: what is left of them after evaluation is not known before apply. */
const valueRoots = new Set(["var", "local", "count", "each", "path", "terraform", "self", "module"]);
const plainReference = /^\$\{((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]*)\.[A-Za-z_][\w-]*(?:\[[^\]]*\])?(?:\.[\w-]+|\.\*|\[[^\]]*\])*\}$/;

/**
 * A whole value that is one reference to a resource or data source attribute: `${type.name.id}`, `${data.type.name.x[0]}`,
 * `${type.name.*.id[count.index]}` (a resource type is always `<provider>_<name>`).
 */
export function isResourceReference(text: string): boolean {
  const reference = plainReference.exec(text);
  return reference !== null && !valueRoots.has(reference[1]!);
}

/**
 * A value a policy cannot compare: an interpolation left after evaluation (a variable without a value, a function of
 * one, a template). A whole value that is one reference to a resource or data source attribute is not one: it is a
 * relation, which policies follow through the graph.
 */
export const isUnknownValue = (value: unknown): value is string => typeof value === "string" && isTerraformTemplate(value) && !isResourceReference(value);

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

/**
 * Walks every value under `value` (objects, arrays, scalars), skipping "//" comments. `visit` gets the key the value sits
 * under and a function that formats its attribute path; the path is built only when asked for, since most visits need
 * none. Return false from `visit` to skip what is under that value.
 */
export function walk(value: unknown, visit: (value: unknown, key: string | number | undefined, path: () => string) => boolean | undefined): void {
  const segments: (string | number)[] = [];
  const path = () => attributePath(...segments);
  const step = (item: unknown, key: string | number | undefined) => {
    if (key !== undefined) segments.push(key);
    if (visit(item, key, path) !== false) {
      if (Array.isArray(item)) for (let i = 0; i < item.length; i++) step(item[i], i);
      else if (item && typeof item === "object")
        for (const childKey in item) if (childKey !== "//") step((item as Record<string, unknown>)[childKey], childKey);
    }
    if (key !== undefined) segments.pop();
  };
  step(value, undefined);
}

/**
 * Whether any value under `value` (or the key it sits under) satisfies `test`, skipping "//" comments: a plain
 * recursion that stops at the first match, for the questions asked of every resource of a large configuration.
 */
export function someValue(value: unknown, test: (value: unknown, key: string | undefined) => boolean, key?: string): boolean {
  if (test(value, key)) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (someValue(item, test)) return true;
  } else if (value !== null && typeof value === "object") {
    for (const childKey in value) if (childKey !== "//" && someValue((value as Record<string, unknown>)[childKey], test, childKey)) return true;
  }
  return false;
}

/** A string of a value that Terraform reads as a template (an interpolation or a directive), where it sits. */
export interface TemplateString {
  readonly text: string;
  /** The attribute path's segments (see attributePath): formatted only when asked, as most are only tested. */
  readonly segments: readonly (string | number)[];
}

/** What one walk of a resource's values found: asked by the reader, the graph and the engine of every resource. */
interface ValueScan {
  readonly templates: readonly TemplateString[];
  /** Whether a `dynamic` block is written somewhere in the value. */
  readonly dynamic: boolean;
  /** Whether a template is more than one reference to a resource's attribute (see isResourceReference). */
  readonly unknown: boolean;
}

const scans = new WeakMap<object, ValueScan>();
const nothingFound: ValueScan = { templates: [], dynamic: false, unknown: false };

/** The value's template strings and `dynamic` blocks, found in one plain recursion and kept for the value's lifetime. */
function scan(value: object): ValueScan {
  let found = scans.get(value);
  if (found) return found;
  const templates: TemplateString[] = [];
  let dynamic = false;
  const segments: (string | number)[] = [];
  const visit = (item: unknown) => {
    if (typeof item === "string") {
      if (item.includes("{") && isTerraformTemplate(item)) templates.push({ text: item, segments: segments.slice() });
    } else if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        segments.push(i);
        visit(item[i]);
        segments.pop();
      }
    } else if (item !== null && typeof item === "object") {
      for (const key in item) {
        if (key === "//") continue;
        if (key === "dynamic") dynamic = true;
        segments.push(key);
        visit((item as Record<string, unknown>)[key]);
        segments.pop();
      }
    }
  };
  visit(value);
  found = templates.length === 0 && !dynamic ? nothingFound : { templates, dynamic, unknown: templates.some(({ text }) => isUnknownValue(text)) };
  scans.set(value, found);
  return found;
}

/** Every string of a value that Terraform reads as a template, with where it sits: the references it may hold. */
export const templateStrings = (value: object): readonly TemplateString[] => scan(value).templates;

/** Whether a value writes a `dynamic` block anywhere. */
export const hasDynamicBlock = (value: object): boolean => scan(value).dynamic;

/** Whether a value holds a template that is more than one reference to a resource's attribute: not known before apply. */
export const holdsUnknownTemplate = (value: object): boolean => scan(value).unknown;

/** Whether an attribute path (as segments) is `path` or lies under it: `spec`, `spec.template[0]`, `spec[1]`. */
export function isUnder(segments: readonly (string | number)[], path: string): boolean {
  if (/^[A-Za-z_][\w-]*$/.test(path)) return segments[0] === path;
  const full = attributePath(...segments);
  return full === path || full.startsWith(`${path}.`) || full.startsWith(`${path}[`);
}

/** Joins attribute path segments: `spec.template[0]`. */
export const attributePath = (...parts: (string | number)[]): string =>
  parts.reduce<string>((path, part) => (typeof part === "number" ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
