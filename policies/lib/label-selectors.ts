import { block, blocks, hasUnknownItem, isUnknown, list, literalString } from "./values";

/** Kubernetes labels: a map of strings. */
export type Labels = Readonly<Record<string, string>>;

/** A label selector, as Kubernetes reads it: every label of matchLabels, and every expression. */
export interface Selector {
  readonly matchLabels: Labels;
  readonly expressions: readonly { key: string; operator: string; values: readonly string[] }[];
}

/** Whether a selector selects the given labels (apimachinery's LabelSelectorAsSelector semantics). */
export const matches = (selector: Selector, labels: Labels): boolean =>
  Object.entries(selector.matchLabels).every(([key, value]) => labels[key] === value) &&
  selector.expressions.every(({ key, operator, values }) => {
    const has = Object.hasOwn(labels, key);
    if (operator === "In") return has && values.includes(labels[key]!);
    if (operator === "NotIn") return !has || !values.includes(labels[key]!);
    if (operator === "Exists") return has;
    if (operator === "DoesNotExist") return !has;
    return false;
  });

/** The labels a literal map holds, or undefined when any key or value is unknown before apply. */
export function literalLabels(value: unknown): Labels | undefined {
  // A whole map known only at apply (`match_labels = var.labels`) is no empty one.
  if (isUnknown(value)) return undefined;
  const map = block(value) ?? {};
  const entries = Object.entries(map);
  return entries.some(([key, item]) => isUnknown(key) || literalString(item) === undefined) ? undefined : (Object.fromEntries(entries) as Labels);
}

/** A selector from its labels and its expressions as written, or "unknown" when a part is not a literal. */
function writtenSelector(labels: unknown, written: readonly Record<string, unknown>[]): Selector | "unknown" {
  const matchLabels = literalLabels(labels);
  const expressions = written.map((expression) => ({
    key: literalString(expression.key),
    operator: literalString(expression.operator),
    values: list(expression.values).map(literalString),
  }));
  if (!matchLabels || expressions.some((e) => e.key === undefined || e.operator === undefined || e.values.includes(undefined))) return "unknown";
  return { matchLabels, expressions: expressions as Selector["expressions"] };
}

/** A selector as the provider writes it (match_labels, match_expressions blocks), or "unknown" when a part is known only at apply. */
export function selectorOf(value: unknown): Selector | "unknown" {
  if (hasUnknownItem(value)) return "unknown";
  const selector = block(value) ?? {};
  if (isUnknown(selector.match_expressions)) return "unknown";
  return writtenSelector(selector.match_labels, blocks(selector.match_expressions));
}

/**
 * A selector as the Kubernetes API writes it (matchLabels, matchExpressions), in a manifest or a chart's values; "unknown"
 * when a part is not a literal.
 */
export function apiSelectorOf(value: unknown): Selector | "unknown" {
  if (isUnknown(value)) return "unknown";
  const selector = block(value) ?? {};
  if (isUnknown(selector.matchExpressions)) return "unknown";
  return writtenSelector(
    selector.matchLabels,
    list(selector.matchExpressions).map((expression) => block(expression) ?? {}),
  );
}

/** Whether a selector as the provider writes it selects everything: no match_labels entry, no match_expressions. */
export const selectsEverything = (value: unknown): boolean => {
  const selector = selectorOf(value);
  return selector !== "unknown" && Object.keys(selector.matchLabels).length === 0 && selector.expressions.length === 0;
};
