import type { InputProblem, TfConfiguration, TfProviderBlock, TfResource, ValueOrigin } from "../engine/model";
import { InputError } from "../../lib/errors";
import { emptyConfiguration } from "./terraform-json";
import { withoutInstanceKeys } from "../engine/graph";
import { holdsIdentifier, recoverUnknowns } from "./plan-unknowns";
import { type ConfigModule, type PlanOrigins, withDeployTimeValuesUnknown } from "./plan-deploy-time";
import { operatorMade } from "./operator-services";
import { asTypedResource, rawChartObjects } from "./kubernetes-manifest";
import { autoDeployedObjects } from "./auto-deploy-manifests";
import { staticPods } from "./static-pods";
import { isMap, knownAfterApply } from "../lib/values";
import { providerOf, type SchemaBlock, settable } from "../schema/provider-schema";
import { providerSchemaPath, readProviderSchema } from "../schema/source";

/** The OpenStack provider's schema of a resource or data source type (the one the project carries), read once, when a plan needs it. */
let openstackSchemas: ReturnType<typeof providerOf>["schema"] | undefined;
function openstackSchema(mode: "managed" | "data", type: string): SchemaBlock | undefined {
  if (!type.startsWith("openstack_")) return undefined;
  const path = providerSchemaPath();
  openstackSchemas ??= path ? providerOf(readProviderSchema(path)).schema : { provider: { block: {} } };
  return (mode === "data" ? openstackSchemas.data_source_schemas : openstackSchemas.resource_schemas)?.[type]?.block;
}

/** Whether a JSON document is the output of `terraform show -json <plan>`. */
export const isPlan = (document: Record<string, unknown>): boolean => "planned_values" in document || "resource_changes" in document;

interface PlanModule {
  resources?: {
    address: string;
    mode: "managed" | "data";
    type: string;
    name: string;
    provider_name?: string;
    values?: Record<string, unknown>;
    /** Where the value is sensitive: `true`, or the same shape as the value with `true` at what is. */
    sensitive_values?: unknown;
  }[];
  child_modules?: PlanModule[];
}

/** The parts of `terraform show -json` read here. */
interface PlanDocument {
  /** Terraform stopped on an error: the plan lists what it planned before (backend_plan.go writes it anyway). */
  errored?: boolean;
  /** The root module's variables, given or defaulted. */
  variables?: Record<string, { value?: unknown }>;
  resource_changes?: { address: string; deposed?: string; change?: { actions?: string[]; after_unknown?: unknown } }[];
  planned_values?: { root_module?: PlanModule };
  /**
   * The state the plan started from: the data sources read while planning (they are nowhere else), and the managed
   * resources a targeted (`-target`, `-exclude`) or refresh-only plan leaves as they are, with no change listed.
   */
  prior_state?: { values?: { root_module?: PlanModule } };
  configuration?: { root_module?: ConfigModule; provider_config?: Record<string, { name?: string; alias?: string; expressions?: Record<string, unknown> }> };
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

/**
 * A plan writes as a value what a configuration writes as `x.id` when x exists or is a data source read while
 * planning: an identifier that is a resource's or data source's own `id` is written back as that relation, so that the
 * policies follow it (a port's instance, a network's `external`) as they do in the configuration.
 */
function relateKnownIdentifiers(resources: readonly TfResource[]): TfResource[] {
  const owners = new Map<string, string>();
  for (const resource of resources) if (typeof resource.values.id === "string" && resource.values.id !== "") owners.set(resource.values.id, resource.address);
  const related = (value: unknown, key: string): unknown => {
    if (typeof value === "string") return holdsIdentifier.test(key) && owners.has(value) ? `\${${owners.get(value)}.id}` : value;
    if (Array.isArray(value)) return value.map((item) => related(item, key));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([entry, item]) => [entry, related(item, entry)]));
    return value;
  };
  return resources.map((resource) => {
    const { id, ...rest } = resource.values;
    return { ...resource, values: { ...(id === undefined ? {} : { id }), ...(related(rest, "") as Record<string, unknown>) } };
  });
}

/**
 * Without what only the provider writes: a plan of a resource that exists lists its computed attributes' values
 * (`all_tags`, `region`), which a configuration never sets and the schema check would take for set ones.
 */
function withoutComputedOnly(values: unknown, schema: SchemaBlock | undefined): Record<string, unknown> {
  const object = (values ?? {}) as Record<string, unknown>;
  if (!schema) return object;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const attribute = schema.attributes?.[key];
    if (attribute?.computed && !settable(attribute)) continue;
    const nested = schema.block_types?.[key]?.block;
    kept[key] = nested && Array.isArray(value) ? value.map((element) => withoutComputedOnly(element, nested)) : value;
  }
  return kept;
}

/** A block's arguments (a provider's, a provisioner's): the constants it writes; what it reads from elsewhere is not known. */
const writtenConstants = (expressions: Record<string, unknown> | undefined): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(expressions ?? {}).map(([key, expression]) => [
      key,
      typeof expression === "object" && expression !== null && "constant_value" in expression ? expression.constant_value : knownAfterApply,
    ]),
  );

/** The values of a plan's resources and data sources (planned, then prior), by address with its instance keys left out. */
function valuesByBlock(modules: readonly (PlanModule | undefined)[]): Map<string, Record<string, unknown>[]> {
  const byBlock = new Map<string, Record<string, unknown>[]>();
  const collect = (module: PlanModule | undefined) => {
    for (const resource of module?.resources ?? []) {
      const block = withoutInstanceKeys(resource.address);
      byBlock.set(block, [...(byBlock.get(block) ?? []), resource.values ?? {}]);
    }
    for (const child of module?.child_modules ?? []) collect(child);
  };
  for (const module of modules) collect(module);
  return byBlock;
}

/**
 * A resource's values with its write-only arguments (Terraform 1.11+; providers name them with `_wo`) as the
 * configuration section writes them: a plan's values hold none of them (null), never kept, but the configuration section
 * records a constant one (jsonconfig's constant_value), a literal written in the code; what it reads from elsewhere is
 * not known.
 */
function withWriteOnlyAsWritten(values: Record<string, unknown>, expressions: unknown): Record<string, unknown> {
  const writeOnly = Object.entries(isMap(expressions) ? expressions : {}).filter(([key]) => key.endsWith("_wo") && (values[key] ?? null) === null);
  return writeOnly.length === 0 ? values : { ...values, ...writtenConstants(Object.fromEntries(writeOnly)) };
}

/**
 * A provisioner of the configuration section as a configuration writes it (`{ "local-exec": { command } }`): the
 * arguments it writes as constants; what it reads from elsewhere is not known (jsonconfig keeps no more of it). Its
 * connection is not in a plan.
 */
function provisionerAsWritten(provisioner: { type?: unknown; expressions?: Record<string, unknown> }): Record<string, unknown>[] {
  if (typeof provisioner.type !== "string") return [];
  return [{ [provisioner.type]: [writtenConstants(provisioner.expressions)] }];
}

/** Why a plan that errored is partial, in words: Terraform writes the plan file anyway (backend_plan.go). */
export const erroredPlan = "the plan errored: Terraform stopped before planning every change";

/** Where a plan's resource_changes are not what Terraform writes (a list of changes, each with its address and actions). */
export function changesProblem(changes: unknown): string | undefined {
  if (changes === undefined) return undefined;
  if (!Array.isArray(changes)) return "resource_changes is not a list";
  const bad = changes.findIndex(
    (change) => !isMap(change) || typeof change.address !== "string" || !isMap(change.change) || !Array.isArray(change.change.actions),
  );
  return bad >= 0 ? `resource_changes[${bad}] is not a change with its address and actions` : undefined;
}

/** Where a plan's module (planned_values.root_module and below) is not what Terraform writes, in words; undefined when it is. */
function moduleShapeProblem(module: unknown, at: string): string | undefined {
  if (!isMap(module)) return `${at} is not an object`;
  const { resources = [], child_modules: children = [] } = module;
  if (!Array.isArray(resources)) return `${at}.resources is not a list`;
  const bad = resources.findIndex((resource) => !isMap(resource) || typeof resource.address !== "string" || typeof resource.type !== "string");
  if (bad >= 0) return `${at}.resources[${bad}] is not a resource with an address and a type`;
  if (!Array.isArray(children)) return `${at}.child_modules is not a list`;
  for (const [i, child] of children.entries()) {
    const problem = moduleShapeProblem(child, `${at}.child_modules[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

/** Where a plan's configuration module (configuration.root_module and the modules it calls) is not what Terraform writes. */
function configurationShapeProblem(module: unknown, at: string): string | undefined {
  if (!isMap(module)) return `${at} is not an object`;
  const { resources = [], module_calls: calls = {} } = module;
  if (!Array.isArray(resources)) return `${at}.resources is not a list`;
  const bad = resources.findIndex((resource) => !isMap(resource) || typeof resource.address !== "string");
  if (bad >= 0) return `${at}.resources[${bad}] is not a block with an address`;
  if (!isMap(calls)) return `${at}.module_calls is not an object`;
  for (const [name, call] of Object.entries(calls)) {
    const problem = isMap(call)
      ? call.module === undefined
        ? undefined
        : configurationShapeProblem(call.module, `${at}.module_calls.${name}.module`)
      : `${at}.module_calls.${name} is not an object`;
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Where the value of each argument a root module's block writes as one variable comes from, where the plan holds that
 * variable's default (TfResource.valuesFrom, as the evaluation of a folder says it: `var.x, its default (plan.json)`).
 */
function defaultsRead(expressions: unknown, { root, variables }: PlanOrigins, file: string): ReadonlyMap<string, ValueOrigin> | undefined {
  if (!isMap(expressions)) return undefined;
  const from = new Map<string, ValueOrigin>();
  for (const [argument, expression] of Object.entries(expressions)) {
    const references = isMap(expression) && Array.isArray(expression.references) ? expression.references : [];
    const name = references.length === 1 ? /^var\.([\w-]+)$/.exec(String(references[0]))?.[1] : undefined;
    const declared = name === undefined ? undefined : root?.variables?.[name];
    if (declared && "default" in declared && JSON.stringify(declared.default) === JSON.stringify(variables[name!]?.value))
      from.set(argument, { said: `var.${name}, its default (${file})`, rootDefault: `var.${name}` });
  }
  return from.size > 0 ? from : undefined;
}

/**
 * Reads a plan's planned values, with the references of unknown values recovered from its configuration section. What
 * the plan leaves as it is stays judged: the managed resources of the prior state that no change lists. An errored
 * plan is judged for what it lists, and is an input problem: it is partial.
 */
export function fromPlan(json: Record<string, unknown>, file: string, stack: string, problems?: InputProblem[]): TfConfiguration {
  const document = json as PlanDocument;
  const shape =
    moduleShapeProblem(document.planned_values?.root_module, "planned_values.root_module") ??
    (document.prior_state?.values?.root_module === undefined
      ? undefined
      : moduleShapeProblem(document.prior_state.values.root_module, "prior_state.values.root_module")) ??
    changesProblem(document.resource_changes) ??
    (document.configuration?.root_module === undefined
      ? undefined
      : configurationShapeProblem(document.configuration.root_module, "configuration.root_module"));
  if (shape) throw new InputError(file, `not a plan as terraform show -json writes it: ${shape}`);
  if (document.errored === true) {
    const problem = {
      file,
      message: `${erroredPlan}, so only what it planned is judged; fix its errors and plan again`,
    };
    if (!problems) throw new InputError(problem.file, problem.message);
    problems.push(problem);
  }
  const configuration = emptyConfiguration(stack);
  configuration.files.push(file);
  // A deposed object (left by a create_before_destroy that failed) shares its resource's address and is only deleted.
  const unknownByAddress = new Map<string, unknown>(
    (document.resource_changes ?? []).filter((change) => change.deposed === undefined).map((change) => [change.address, change.change?.after_unknown]),
  );
  // The configuration lists each block once, by its address in its module (`type.name`), under the module calls that
  // lead to it: the instances of a block with count or for_each, and of a module called with them, share its expressions.
  const expressionsByBlock = new Map<string, unknown>();
  const provisionersByBlock = new Map<string, Record<string, unknown>[]>();
  const collect = (module: ConfigModule | undefined, prefix: string) => {
    // A block written with no argument has no `expressions` (jsonconfig: omitempty): none written, not unknown ones.
    for (const resource of module?.resources ?? []) {
      expressionsByBlock.set(`${prefix}${resource.address}`, resource.expressions ?? {});
      if (Array.isArray(resource.provisioners)) provisionersByBlock.set(`${prefix}${resource.address}`, resource.provisioners.flatMap(provisionerAsWritten));
    }
    for (const [name, call] of Object.entries(module?.module_calls ?? {})) collect(call.module, `${prefix}module.${name}.`);
  };
  collect(document.configuration?.root_module, "");

  // A resource the plan forgets (a removed block with destroy = false) stays in the cloud but leaves the configuration.
  const forgotten = new Set((document.resource_changes ?? []).filter((change) => change.change?.actions?.includes("forget")).map((change) => change.address));
  const changed = new Set((document.resource_changes ?? []).map((change) => change.address));
  const origins: PlanOrigins = {
    root: document.configuration?.root_module,
    variables: isMap(document.variables) ? (document.variables as PlanOrigins["variables"]) : {},
    resources: valuesByBlock([document.planned_values?.root_module, document.prior_state?.values?.root_module]),
  };
  const read = new Set<string>();
  const autoDeployed = new Set<string>();
  const walk = (module: PlanModule | undefined, keep: (resource: NonNullable<PlanModule["resources"]>[number]) => boolean) => {
    for (const resource of module?.resources ?? []) {
      if (!keep(resource) || read.has(resource.address)) continue;
      read.add(resource.address);
      const schema = openstackSchema(resource.mode, resource.type);
      const block = withoutInstanceKeys(resource.address);
      const expressions = expressionsByBlock.get(block);
      const values = withWriteOnlyAsWritten(
        withDeployTimeValuesUnknown(
          recoverUnknowns(withoutComputedOnly(withoutNulls(resource.values ?? {}), schema), unknownByAddress.get(resource.address), expressions, schema),
          resource.sensitive_values,
          expressions,
          resource.address,
          origins,
        ),
        expressions,
      );
      const provisioners = provisionersByBlock.get(block);
      const valuesFrom = block.startsWith("module.") ? undefined : defaultsRead(expressions, origins, file);
      const planned: TfResource = {
        address: resource.address,
        mode: resource.mode,
        type: resource.type,
        name: resource.name,
        values: provisioners && resource.mode === "managed" ? { ...values, provisioner: provisioners } : values,
        provider: resource.type.split("_")[0]!,
        stack,
        file,
        ...(valuesFrom ? { valuesFrom } : {}),
      };
      // As a configuration's: a manifest as the typed resource of its kind, a release of the raw chart with its objects,
      // a server with those its cloud-config has K3s or RKE2 apply, a node with the static pods its kubelet runs.
      const typed = asTypedResource(planned);
      configuration.resources.push(
        typed,
        ...operatorMade(typed),
        ...rawChartObjects(planned),
        ...autoDeployedObjects(planned, autoDeployed),
        ...staticPods(planned, autoDeployed),
      );
    }
    for (const child of module?.child_modules ?? []) walk(child, keep);
  };
  walk(document.planned_values?.root_module, (resource) => !forgotten.has(resource.address));
  // Data sources read while planning are in the prior state only (jsonplan marshalPlannedValues lists changes), and so
  // are the managed resources a targeted or refresh-only plan lists no change of.
  walk(document.prior_state?.values?.root_module, (resource) => resource.mode === "data" || !changed.has(resource.address));
  configuration.resources.splice(0, configuration.resources.length, ...relateKnownIdentifiers(configuration.resources));

  for (const [key, provider] of Object.entries(document.configuration?.provider_config ?? {})) {
    const block: TfProviderBlock = {
      name: provider.name ?? key,
      values: writtenConstants(provider.expressions),
      file,
      ...(provider.alias ? { alias: provider.alias } : {}),
    };
    configuration.providers.push(block);
  }
  // The root module's variables with a default, as its configuration section records them (jsonconfig: `default`).
  const defaults = Object.entries(document.configuration?.root_module?.variables ?? {}).filter(([, variable]) => "default" in variable);
  if (defaults.length > 0) configuration.variableDefaults = defaults.map(([name, variable]) => ({ name, value: variable.default, file }));
  return { ...configuration, backend: "unknown", encryption: "unknown" };
}
