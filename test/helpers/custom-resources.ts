import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";

/**
 * A custom resource's schema (its CRD's openAPIV3Schema, kept in test/constructs/crd-schemas/ by
 * scripts/refresh-crd-schemas.ts) as the API server applies it to an object, in JSON Schema for ajv:
 * - a field the schema does not declare is pruned by the API server, silently (structural schemas, Kubernetes
 *   documentation "Extend the Kubernetes API with CustomResourceDefinitions", Field pruning): here it is an error,
 *   since the operator then never sees it, unless x-kubernetes-preserve-unknown-fields keeps it;
 * - x-kubernetes-int-or-string takes an integer or a string, nullable takes null too;
 * - formats and patterns are Go's: left to the API server.
 */
function asJsonSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "properties") out.properties = Object.fromEntries(Object.entries(value as object).map(([name, item]) => [name, asJsonSchema(item)]));
    else if (key === "items" || key === "additionalProperties")
      out[key] = typeof value === "object" && value !== null ? asJsonSchema(value as Record<string, unknown>) : value;
    else if (key === "allOf" || key === "anyOf" || key === "oneOf") out[key] = (value as Record<string, unknown>[]).map(asJsonSchema);
    else if (["type", "required", "enum", "minimum", "maximum", "minItems", "maxItems", "minLength", "maxLength"].includes(key)) out[key] = value;
  }
  if (schema["x-kubernetes-int-or-string"] === true) {
    delete out.type;
    out.anyOf = [{ type: "integer" }, { type: "string" }];
  }
  if (schema.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  if (schema.properties && schema.additionalProperties === undefined && schema["x-kubernetes-preserve-unknown-fields"] !== true)
    out.additionalProperties = false;
  return out;
}

const folder = join(import.meta.dirname, "..", "constructs", "crd-schemas");
const ajv = new Ajv({ allErrors: true, strict: false });

/** Validators by "group/version Kind" (apiVersion and kind as an object writes them). */
const validators = new Map<string, ValidateFunction>(
  readdirSync(folder)
    .filter((name) => name.endsWith(".json"))
    .map((name) => {
      const [group, kind, version] = name.replace(/\.json$/, "").split("_") as [string, string, string];
      const { "//": _source, ...schema } = JSON.parse(readFileSync(join(folder, name), "utf8")) as Record<string, unknown>;
      // metadata is the API server's ObjectMeta, not the CRD's to describe.
      const properties = { ...(schema.properties as object), metadata: { type: "object", "x-kubernetes-preserve-unknown-fields": true } };
      return [`${group}/${version} ${kind}`, ajv.compile(asJsonSchema({ ...schema, properties }))] as const;
    }),
);

/** The kinds whose schemas are kept. */
export const customResourceKinds = (): string[] => [...validators.keys()].sort();

/** What the API server would refuse or prune in a custom resource, as "path: message"; undefined for a kind not kept. */
export function customResourceProblems(object: { apiVersion: string; kind: string }): string[] | undefined {
  const validate = validators.get(`${object.apiVersion} ${object.kind}`);
  return validate && problemsOf(validate, object, (field) => `field ${field} is not in the schema (the API server prunes it)`);
}

/** A validation's errors as "path: message", with the words for a key the schema does not allow. */
function problemsOf(validate: ValidateFunction, value: unknown, unknownKey: (key: string) => string): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (error: ErrorObject) =>
      `${error.instancePath || "/"}: ${error.keyword === "additionalProperties" ? unknownKey(String(error.params.additionalProperty)) : (error.message ?? error.keyword)}`,
  );
}

/**
 * The values.schema.json of the charts that ship one (test/constructs/chart-schemas/<chart>.json, copied from the chart
 * at the version helm-component.ts pins). Helm validates the values merged with the chart's defaults; the defaults are
 * not kept here, so the schema's required keywords are dropped and the release's own values are checked: unknown keys
 * where the chart forbids them, and types.
 */
function withoutRequired(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutRequired);
  if (schema === null || typeof schema !== "object") return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== "required")
      .map(([key, value]) => [key, withoutRequired(value)]),
  );
}

const chartFolder = join(import.meta.dirname, "..", "constructs", "chart-schemas");
const chartValidators = new Map<string, ValidateFunction>(
  readdirSync(chartFolder)
    .filter((name) => name.endsWith(".json") && !name.endsWith(".values-read.json"))
    .map((name) => {
      const { $schema, ...schema } = JSON.parse(readFileSync(join(chartFolder, name), "utf8")) as Record<string, unknown>;
      const compiler = String($schema).includes("2020-12") ? new Ajv2020({ allErrors: true, strict: false }) : ajv;
      return [name.replace(/\.json$/, ""), compiler.compile(withoutRequired(schema) as object)] as const;
    }),
);

/** The charts whose values schema is kept. */
export const chartsWithSchema = (): string[] => [...chartValidators.keys()].sort();

/** What Helm would refuse in a release's values, as "path: message"; undefined for a chart without a schema kept. */
export function chartValuesProblems(chart: string, values: unknown): string[] | undefined {
  const validate = chartValidators.get(chart);
  return validate && problemsOf(validate, values, (key) => `key ${key} is not one the chart accepts`);
}

/** The value paths a chart's templates read (`.Values.a.b`), from test/constructs/chart-schemas/<chart>.values-read.json. */
const valuesRead = new Map<string, readonly string[]>(
  readdirSync(chartFolder)
    .filter((name) => name.endsWith(".values-read.json"))
    .map((name) => [name.replace(/\.values-read\.json$/, ""), (JSON.parse(readFileSync(join(chartFolder, name), "utf8")) as { read: string[] }).read] as const),
);

/** The charts whose read values are kept. */
export const chartsWithValuesRead = (): string[] => [...valuesRead.keys()].sort();

/**
 * The values a release sets that no template of its chart reads, as dotted paths: a value read whole (a map the chart
 * renders with toYaml) covers everything under it. Lists are values, not followed. Undefined for a chart not kept.
 */
export function valuesNotRead(chart: string, values: unknown): string[] | undefined {
  const read = valuesRead.get(chart);
  if (!read) return undefined;
  const isRead = (path: string) => read.some((known) => path === known || path.startsWith(`${known}.`));
  const unread: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (path !== "" && isRead(path)) return;
    if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0)
      for (const [key, item] of Object.entries(value)) visit(item, path === "" ? key : `${path}.${key}`);
    else unread.push(path);
  };
  visit(values, "");
  return unread;
}
