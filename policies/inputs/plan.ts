import type { TfConfiguration, TfProviderBlock, TfResource } from "../engine/model";
import { emptyConfiguration } from "./terraform-json";
import { knownAfterApply, recoverUnknowns } from "./plan-unknowns";
import { providerOf, type SchemaBlock } from "../schema/provider-schema";
import { providerSchemaPath, readProviderSchema } from "../schema/source";

/** The OpenStack provider's schema of a resource type (the one the project carries), read once, when a plan needs it. */
let openstackResources: Readonly<Record<string, { readonly block: SchemaBlock }>> | undefined;
function openstackResourceSchema(type: string): SchemaBlock | undefined {
  if (!type.startsWith("openstack_")) return undefined;
  const path = providerSchemaPath();
  openstackResources ??= path ? (providerOf(readProviderSchema(path)).schema.resource_schemas ?? {}) : {};
  return openstackResources[type]?.block;
}

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

/** A provider block's arguments: the constants it writes; what it reads from elsewhere is not known. */
const providerValues = (expressions: Record<string, unknown> | undefined): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(expressions ?? {}).map(([key, expression]) => [
      key,
      typeof expression === "object" && expression !== null && "constant_value" in expression ? expression.constant_value : knownAfterApply,
    ]),
  );

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
      const values = recoverUnknowns(
        withoutNulls(resource.values ?? {}) as Record<string, unknown>,
        unknownByAddress.get(resource.address),
        expressionsByBlock.get(resource.address.replace(instanceKeys, "")),
        resource.mode === "managed" ? openstackResourceSchema(resource.type) : undefined,
      );
      const planned: TfResource = {
        address: resource.address,
        mode: resource.mode,
        type: resource.type,
        name: resource.name,
        values,
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
      values: providerValues(provider.expressions),
      file,
      ...(provider.alias ? { alias: provider.alias } : {}),
    };
    configuration.providers.push(block);
  }
  return { ...configuration, backend: "unknown", encryption: "unknown" };
}
