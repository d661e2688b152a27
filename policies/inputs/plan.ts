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
  resource_changes?: { address: string; change?: { after_unknown?: unknown } }[];
  planned_values?: { root_module?: PlanModule };
  configuration?: { root_module?: ConfigModule; provider_config?: Record<string, { name?: string; alias?: string; expressions?: Record<string, unknown> }> };
}

interface ConfigModule {
  resources?: { address: string; expressions?: Record<string, unknown> }[];
  module_calls?: Record<string, { module?: ConfigModule }>;
}

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

/** The configuration expression of a value, as Terraform JSON would write it: a constant, or an interpolation. */
function expressionValue(expression: unknown): unknown {
  if (Array.isArray(expression)) return expression.map(expressionValue);
  if (!expression || typeof expression !== "object") return undefined;
  const e = expression as Record<string, unknown>;
  if ("constant_value" in e) return e.constant_value;
  if (Array.isArray(e.references) && e.references.length > 0) return `\${${e.references[0]}}`;
  return Object.fromEntries(
    Object.entries(e)
      .map(([k, v]) => [k, expressionValue(v)])
      .filter(([, v]) => v !== undefined),
  );
}

/** Fills the values unknown at plan time (after_unknown) from the configuration's expressions. */
function fillUnknown(values: unknown, unknown: unknown, expressions: unknown): unknown {
  if (unknown === true) return expressionValue(expressions);
  if (Array.isArray(unknown)) {
    const list = Array.isArray(values) ? [...values] : [];
    unknown.forEach((item, i) => {
      if (item !== false) list[i] = fillUnknown(list[i], item, Array.isArray(expressions) ? expressions[i] : undefined);
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
  const unknownByAddress = new Map<string, unknown>((document.resource_changes ?? []).map((change) => [change.address, change.change?.after_unknown]));
  const expressionsByAddress = new Map<string, unknown>();
  const collect = (module: ConfigModule | undefined, prefix: string) => {
    for (const resource of module?.resources ?? []) expressionsByAddress.set(`${prefix}${resource.address}`, resource.expressions);
    for (const [name, call] of Object.entries(module?.module_calls ?? {})) collect(call.module, `${prefix}module.${name}.`);
  };
  collect(document.configuration?.root_module, "");

  const walk = (module: PlanModule | undefined) => {
    for (const resource of module?.resources ?? []) {
      const values = fillUnknown(withoutNulls(resource.values ?? {}), unknownByAddress.get(resource.address), expressionsByAddress.get(resource.address));
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
      values: (expressionValue(provider.expressions ?? {}) as Record<string, unknown>) ?? {},
      file,
      ...(provider.alias ? { alias: provider.alias } : {}),
    };
    configuration.providers.push(block);
  }
  return { ...configuration, backend: "unknown", encryption: "unknown" };
}
