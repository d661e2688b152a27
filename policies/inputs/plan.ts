import type { TfConfiguration, TfProviderBlock, TfResource } from "../engine/model";
import { emptyConfiguration } from "./terraform-json";

/** Whether a JSON document is the output of `terraform show -json <plan>`. */
export const isPlan = (document: Record<string, unknown>): boolean => "planned_values" in document || "resource_changes" in document;

interface PlanModule {
  resources?: { address: string; mode: "managed" | "data"; type: string; name: string; provider_name?: string; values?: Record<string, unknown> }[];
  child_modules?: PlanModule[];
}

/** The parts of `terraform show -json` read here. */
interface PlanDocument {
  resource_changes?: { address: string; deposed?: string; change?: { after_unknown?: unknown } }[];
  planned_values?: { root_module?: PlanModule };
  configuration?: { root_module?: ConfigModule; provider_config?: Record<string, { name?: string; alias?: string; expressions?: Record<string, unknown> }> };
}

interface ConfigModule {
  resources?: { address: string; expressions?: Record<string, unknown> }[];
  module_calls?: Record<string, { module?: ConfigModule }>;
}

/** The instance keys of an address: `[0]` and `["key"]` of `module.net[0].type.name["key"]`. */
const instanceKeys = /\[(?:\d+|"(?:[^"\\]|\\.)*")\]/g;

/** Drops nulls: a plan lists every attribute, set or not, while a configuration lists only what it sets. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

/**
 * What stands for a value Terraform computes at apply when the plan's configuration does not say which resource it
 * comes from (a function of no reference, such as `uuid()`, or of several): an interpolation that no policy reads as
 * a literal or as a relation, so that each says it cannot judge.
 */
export const knownAfterApply = "${(known after apply)}";

/**
 * A reference, when the expression's references all name one thing: Terraform lists the whole traversal, then each of
 * its prefixes (`type.name[0].id`, `type.name[0]`, `type.name`). An index Terraform cannot write (`type.name[count.index]`
 * lists `type.name` and `count.index`) or a second resource leaves the value unknown.
 */
function referenceOf(references: readonly string[]): string {
  const [first] = references;
  const prefixOfFirst = (reference: string) => reference === first || first!.startsWith(`${reference}.`) || first!.startsWith(`${reference}[`);
  return first !== undefined && references.every(prefixOfFirst) ? `\${${first}}` : knownAfterApply;
}

/**
 * The configuration expression of a value, as Terraform JSON would write it: a constant, a reference, or a block of
 * them; undefined where the configuration sets nothing (the provider computes the value, as a `.tf` reading leaves it).
 */
function expressionValue(expression: unknown): unknown {
  if (expression === undefined) return undefined;
  if (Array.isArray(expression)) return expression.map(blockValues);
  if (!expression || typeof expression !== "object") return knownAfterApply;
  const e = expression as Record<string, unknown>;
  if ("constant_value" in e) return e.constant_value;
  if (Array.isArray(e.references)) return referenceOf(e.references as string[]);
  return Object.keys(e).length === 0 ? knownAfterApply : blockValues(e);
}

/** A block's arguments and nested blocks, from their expressions. */
const blockValues = (expressions: unknown): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries((expressions as Record<string, unknown>) ?? {})
      .map(([k, v]) => [k, expressionValue(v)])
      .filter(([, v]) => v !== undefined),
  );

/** An expression of a whole argument (not a list of blocks): what each unknown element of its list stands for too. */
const isArgumentExpression = (expression: unknown): boolean =>
  typeof expression === "object" && expression !== null && ("constant_value" in expression || "references" in expression);

/** Fills the values unknown at plan time (after_unknown) from the configuration's expressions. */
function fillUnknown(values: unknown, unknown: unknown, expressions: unknown): unknown {
  if (unknown === true) return expressionValue(expressions);
  if (Array.isArray(unknown)) {
    const list = Array.isArray(values) ? [...values] : [];
    unknown.forEach((item, i) => {
      if (item === false) return;
      const element = Array.isArray(expressions) ? expressions[i] : isArgumentExpression(expressions) ? expressions : undefined;
      const filled = fillUnknown(list[i], item, element);
      if (filled !== undefined) list[i] = filled;
    });
    return list;
  }
  if (unknown && typeof unknown === "object") {
    const object = { ...((values as Record<string, unknown>) ?? {}) };
    for (const [key, item] of Object.entries(unknown)) {
      if (item === false) continue;
      const filled = fillUnknown(object[key], item, (expressions as Record<string, unknown> | undefined)?.[key]);
      if (filled !== undefined) object[key] = filled;
    }
    return object;
  }
  return values;
}

/** Reads a plan's planned values, with the references of unknown values recovered from its configuration section. */
export function fromPlan(json: Record<string, unknown>, file: string, stack: string): TfConfiguration {
  const document = json as PlanDocument;
  const configuration = emptyConfiguration(stack);
  configuration.files.push(file);
  // A deposed object (left by a create_before_destroy that failed) shares its resource's address and is only deleted.
  const unknownByAddress = new Map<string, unknown>(
    (document.resource_changes ?? []).filter((change) => change.deposed === undefined).map((change) => [change.address, change.change?.after_unknown]),
  );
  // The configuration lists each block once, by its address in its module (`type.name`), under the module calls that
  // lead to it: the instances of a block with count or for_each, and of a module called with them, share its expressions.
  const expressionsByBlock = new Map<string, unknown>();
  const collect = (module: ConfigModule | undefined, prefix: string) => {
    for (const resource of module?.resources ?? []) expressionsByBlock.set(`${prefix}${resource.address}`, resource.expressions);
    for (const [name, call] of Object.entries(module?.module_calls ?? {})) collect(call.module, `${prefix}module.${name}.`);
  };
  collect(document.configuration?.root_module, "");

  const walk = (module: PlanModule | undefined) => {
    for (const resource of module?.resources ?? []) {
      const values = fillUnknown(
        withoutNulls(resource.values ?? {}),
        unknownByAddress.get(resource.address),
        expressionsByBlock.get(resource.address.replace(instanceKeys, "")),
      );
      const planned: TfResource = {
        address: resource.address,
        mode: resource.mode,
        type: resource.type,
        name: resource.name,
        values: values as Record<string, unknown>,
        provider: resource.type.split("_")[0]!,
        stack,
        file,
      };
      configuration.resources.push(planned);
    }
    for (const child of module?.child_modules ?? []) walk(child);
  };
  walk(document.planned_values?.root_module);

  for (const [key, provider] of Object.entries(document.configuration?.provider_config ?? {})) {
    const block: TfProviderBlock = {
      name: provider.name ?? key,
      values: blockValues(provider.expressions),
      file,
      ...(provider.alias ? { alias: provider.alias } : {}),
    };
    configuration.providers.push(block);
  }
  return { ...configuration, backend: "unknown", encryption: "unknown" };
}
