import { instanceKey, withoutInstanceKeys } from "../engine/graph";
import { isMap, knownAfterApply } from "../lib/values";
import { isArgumentExpression } from "./plan-unknowns";

/** A module as a plan's configuration section writes it (jsonconfig): what a value's references are traced through. */
export interface ConfigModule {
  resources?: { address: string; expressions?: Record<string, unknown>; provisioners?: { type?: unknown; expressions?: Record<string, unknown> }[] }[];
  module_calls?: Record<string, { module?: ConfigModule; expressions?: Record<string, unknown> }>;
  variables?: Record<string, { default?: unknown; sensitive?: boolean }>;
  outputs?: Record<string, { expression?: unknown }>;
}

/** What a plan records of where values come from, beside its configuration section. */
export interface PlanOrigins {
  readonly root: ConfigModule | undefined;
  /** The root module's variables as the plan holds them: the value given, or the default (jsonplan marshalPlanVariables). */
  readonly variables: Record<string, { value?: unknown }>;
  /** The values of the plan's resources and data sources, by address with its instance keys left out. */
  readonly resources: ReadonlyMap<string, readonly Record<string, unknown>[]>;
}

/** A module instance a value is read in: its module in the configuration, its address prefix, and the call that made it. */
interface Scope {
  readonly module: ConfigModule | undefined;
  readonly prefix: string;
  readonly call?: { readonly caller: Scope; readonly expressions: Record<string, unknown> };
}

const referencesOf = (expression: unknown): string[] =>
  isMap(expression) && Array.isArray(expression.references) ? expression.references.filter((item): item is string => typeof item === "string") : [];

/** The text leaves of a value. */
function texts(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(texts);
  return isMap(value) ? Object.values(value).flatMap(texts) : [];
}

/** The module instance a call of a scope makes (`module.db[0].` below the caller's prefix). */
function calledScope(caller: Scope, name: string, key: string): Scope {
  const called = caller.module?.module_calls?.[name];
  return { module: called?.module, prefix: `${caller.prefix}module.${name}${key}.`, call: { caller, expressions: called?.expressions ?? {} } };
}

/** The module instance of a resource's address (`module.db[0].type.name`): each module call from the root on. */
function scopeOf(address: string, origins: PlanOrigins): Scope {
  let scope: Scope = { module: origins.root, prefix: "" };
  for (const [, name, key] of address.matchAll(new RegExp(String.raw`module\.([\w-]+)((?:${instanceKey})?)\.`, "g"))) scope = calledScope(scope, name!, key!);
  return scope;
}

/**
 * The texts a value read through `references` may hold that no file of the configuration writes: a root variable
 * declared sensitive and given at plan (not its default), and what a resource or a data source holds (a generated
 * password, a secret read from a vault; a literal there is judged at that resource), followed through module
 * variables and outputs. A local, `each` and `count` are not in a plan (jsonconfig writes no locals): nothing is
 * traced through them, nor through a variable that is not sensitive, which the check of a folder reads as written too.
 */
function deployTimeTexts(references: readonly string[], scope: Scope, origins: PlanOrigins, seen: Set<string>): string[] {
  // Terraform lists a traversal, then each of its prefixes (`module.db.password`, `module.db`).
  const longest = references.filter(
    (reference) => !references.some((other) => other !== reference && /^[.[]/.test(other.slice(reference.length)) && other.startsWith(reference)),
  );
  return longest.flatMap((reference) => {
    const key = `${scope.prefix}${reference}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const variable = /^var\.([\w-]+)/.exec(reference)?.[1];
    if (variable !== undefined) {
      if (scope.call) return deployTimeTexts(referencesOf(scope.call.expressions[variable]), scope.call.caller, origins, seen);
      const declared = scope.module?.variables?.[variable];
      const given = origins.variables[variable]?.value;
      const defaulted = declared && "default" in declared && JSON.stringify(declared.default) === JSON.stringify(given);
      return declared?.sensitive === true && given !== undefined && !defaulted ? texts(given) : [];
    }
    const output = /^module\.([\w-]+)((?:\[[^\]]*\])?)\.([\w-]+)/.exec(reference);
    if (output) {
      const [, name, key, value] = output;
      const child = calledScope(scope, name!, key!);
      return deployTimeTexts(referencesOf(child.module?.outputs?.[value!]?.expression), child, origins, seen);
    }
    if (/^(?:local|each|count|self|path|terraform|module)\./.test(reference)) return [];
    const attribute = /^((?:data\.)?[\w-]+\.[\w-]+)(?:\[[^\]]*\])?\.([\w-]+)/.exec(reference);
    if (!attribute) return [];
    const [, address, name] = attribute;
    return (origins.resources.get(withoutInstanceKeys(`${scope.prefix}${address}`)) ?? []).flatMap((values) => texts(values[name!]));
  });
}

/** The expressions under a key: an argument's covers what it holds; nested blocks (a list, in any order) each write theirs. */
const expressionsUnder = (expressions: readonly unknown[], key: string | number): unknown[] =>
  expressions.flatMap((expression) => {
    if (isArgumentExpression(expression) || typeof key === "number") return [expression];
    const under = isMap(expression) ? expression[key] : undefined;
    return Array.isArray(under) ? under : under === undefined ? [] : [under];
  });

const allReferences = (expressions: readonly unknown[]): string[] =>
  expressions.flatMap((expression) =>
    isArgumentExpression(expression) ? referencesOf(expression) : isMap(expression) ? allReferences(Object.values(expression).flat()) : [],
  );

/**
 * A planned resource's values with what is given at deploy time left unknown: `terraform show -json` writes the value
 * of a sensitive variable, and of a generated password once it exists, in plain text, where the configuration wrote
 * `var.admin_password` or `random_password.db.result`. Only values the plan marks sensitive (`sensitive_values`) are
 * read so, and only a text holding one the configuration does not write (deployTimeTexts): a literal written beside
 * it in the same map stays, as in the check of a folder, where a sensitive variable given by TF_VAR_ or -var is not
 * read.
 */
export function withDeployTimeValuesUnknown(
  values: Record<string, unknown>,
  sensitive: unknown,
  expressions: unknown,
  address: string,
  origins: PlanOrigins,
): Record<string, unknown> {
  if (!isMap(sensitive) || Object.keys(sensitive).length === 0) return values;
  const scope = scopeOf(address, origins);
  const unknownWhereGiven = (value: unknown, marked: unknown, under: readonly unknown[]): unknown => {
    if (marked === true) {
      const given = deployTimeTexts(allReferences(under), scope, origins, new Set()).filter((text) => text !== "");
      const hide = (item: unknown): unknown => {
        if (typeof item === "string") return given.some((text) => item.includes(text)) ? knownAfterApply : item;
        if (Array.isArray(item)) return item.map(hide);
        return isMap(item) ? Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, hide(entry)])) : item;
      };
      return given.length > 0 ? hide(value) : value;
    }
    if (Array.isArray(marked) && Array.isArray(value)) return value.map((item, i) => unknownWhereGiven(item, marked[i], expressionsUnder(under, i)));
    if (isMap(marked) && isMap(value))
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unknownWhereGiven(item, marked[key], expressionsUnder(under, key))]));
    return value;
  };
  return unknownWhereGiven(values, sensitive, [expressions ?? {}]) as Record<string, unknown>;
}
