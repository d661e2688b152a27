import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { isMap } from "../lib/helm";
import { valueAtPath } from "../lib/values";
import { groupOf } from "../lib/kubernetes";
import type { TfResource } from "../engine/model";
import { kubectlManifest, kubectlManifestType, pathText } from "./kubernetes-manifest";

/** Why the API server refuses an object, and the path of the field it names (`["spec", "replicas"]`). */
export interface Refusal {
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** Refused for what it lacks (a required field, a pod's containers), as a patch kustomize merges into an object lacks it. */
  readonly lacking?: true;
}

/**
 * The Kubernetes OpenAPI schemas, as kubernetes-models compiles them (one model per kind, `<group>/<version>/<Kind>.js`,
 * whose validate() runs the kind's schema with ajv). The package exports its groups' indexes only, whose loading takes
 * every kind of the group (66 ms for apps/v1), so a kind's own file is loaded by its path, once.
 */
const requireHere = createRequire(import.meta.url);
let modelsRoot: string | undefined;

/** One error of ajv, as kubernetes-models' validate() throws them. */
interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: { readonly type?: string; readonly missingProperty?: string; readonly allowedValues?: readonly unknown[]; readonly format?: string };
}

/** A kind's validation: the first errors its schema finds in an object, or undefined where it finds none. */
type Validator = (object: Record<string, unknown>) => readonly SchemaError[] | undefined;

type Model = new (object: Record<string, unknown>) => { validate(): void };

const validators = new Map<string, Validator | undefined>();

/** Names as Kubernetes writes them, which a file's path is made of: an API group (empty for the core one), a version, a kind. */
const groupName = /^(?:[a-z0-9]+(?:[.-][a-z0-9]+)*)?$/;
const versionName = /^v\d+(?:(?:alpha|beta)\d+)?$/;
const kindName = /^[A-Z][A-Za-z0-9]*$/;

function validatorOf(apiVersion: string, kind: string): Validator | undefined {
  const key = `${apiVersion} ${kind}`;
  if (validators.has(key)) return validators.get(key);
  const group = groupOf(apiVersion);
  const version = apiVersion.slice(apiVersion.indexOf("/") + 1);
  let validator: Validator | undefined;
  if (groupName.test(group) && versionName.test(version) && kindName.test(kind)) {
    modelsRoot ??= dirname(requireHere.resolve("kubernetes-models"));
    const file = join(modelsRoot, group, version, `${kind}.js`);
    if (existsSync(file)) {
      const model = (requireHere(file) as Record<string, Model>)[kind]!;
      validator = (object) => {
        try {
          new model(object).validate();
          return undefined;
        } catch (error) {
          return (error as { errors?: SchemaError[] }).errors ?? [];
        }
      };
    }
  }
  validators.set(key, validator);
  return validator;
}

/**
 * A value another tool fills before the API server reads it, which the schema does not judge as written: a placeholder
 * Flux's postBuild substitution or envsubst replaces (`storage: ${PVC_SIZE}`), SOPS's ciphertext, which Flux decrypts at
 * apply (`ENC[AES256_GCM,data:...]`, where a Secret's data takes base64).
 */
const filledByAnotherTool = (value: unknown): boolean => typeof value === "string" && (value.includes("${") || /^ENC\[[A-Z0-9_]+,data:/.test(value));

const pathOf = (instancePath: string): (string | number)[] =>
  instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/** What a value is, said without quoting it (a text may be a secret). */
function kindOfValue(value: unknown): string {
  if (typeof value === "string") return "a text";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number with a fraction";
  if (typeof value === "boolean") return `${value} (a boolean)`;
  if (Array.isArray(value)) return "a list";
  return isMap(value) ? "a map" : "empty";
}

const typeSaid: Readonly<Record<string, string>> = {
  string: "a text",
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a map",
};

const formatSaid: Readonly<Record<string, string>> = {
  byte: "base64 text",
  quantity: "a quantity (such as 500m or 2Gi)",
  int32: "an integer of 32 bits",
  "int-or-string": "an integer or a text",
};

/** Base64 with its padding, as encoding/base64's StdEncoding decodes it (the same test as kubernetes-models' byte format). */
const isBase64 = (text: string): boolean => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text);

/**
 * The first error the schema finds, said as the API server's refusal; undefined for one the API server takes: base64
 * text written over several lines (the JSON decoder of Go skips its line breaks, encoding/base64: Decode).
 */
function refusalOf(object: Record<string, unknown>, error: SchemaError): Refusal | undefined {
  const path = pathOf(error.instancePath);
  const value = valueAtPath(object, path);
  const field = path.length > 0 ? pathText(path) : "the object";
  const refuses = "which the API server refuses";
  switch (error.keyword) {
    case "required":
      return {
        path,
        message: `${path.length > 0 ? `${field}.` : ""}${error.params.missingProperty} is not written, and the API server requires it`,
        lacking: true,
      };
    case "type":
      return { path, message: `${field} is ${kindOfValue(value)} where ${typeSaid[error.params.type ?? ""] ?? error.params.type} is expected, ${refuses}` };
    case "enum":
      return { path, message: `${field} is not one of ${(error.params.allowedValues ?? []).map((allowed) => JSON.stringify(allowed)).join(", ")}, ${refuses}` };
    case "format": {
      const format = error.params.format ?? "";
      if (format === "byte" && typeof value === "string" && isBase64(value.replace(/[\r\n]/g, ""))) return undefined;
      return { path, message: `${field} is not ${formatSaid[format] ?? `of the format ${format}`}, ${refuses}` };
    }
    default:
      return { path, message: `${field} does not match the Kubernetes OpenAPI schema of a ${String(object.kind)} (${error.keyword}), ${refuses}` };
  }
}

/**
 * The object as the API server decodes it: a field given null is left at its zero value, as if not written
 * (`imagePullPolicy:` with no value is defaulted), where the schema's enums do not take null.
 */
const withoutNulls = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(withoutNulls)
    : isMap(value)
      ? Object.fromEntries(Object.entries(value).flatMap(([key, field]) => (field === null ? [] : [[key, withoutNulls(field)]])))
      : value;

/** Where each workload kind of Kubernetes' own groups writes its pod's spec. */
const podSpecPaths: Readonly<Record<string, readonly string[]>> = {
  "/Pod": ["spec"],
  "/ReplicationController": ["spec", "template", "spec"],
  "/PodTemplate": ["template", "spec"],
  "apps/Deployment": ["spec", "template", "spec"],
  "apps/StatefulSet": ["spec", "template", "spec"],
  "apps/DaemonSet": ["spec", "template", "spec"],
  "apps/ReplicaSet": ["spec", "template", "spec"],
  "batch/Job": ["spec", "template", "spec"],
  "batch/CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
};

/**
 * Why the API server refuses an object of Kubernetes' own groups whose fields do not have the types, formats and values
 * of its OpenAPI schema, or miss one the schema requires (`spec.replicas: "3"`, a label given `true`, an env value given
 * a number: the JSON decoder refuses them), or whose pod has no container (`spec.containers: Required value`, validation.go:
 * ValidatePodSpec, which the schema does not say). Undefined for any other object, and for a kind kubernetes-models does
 * not know. A CustomResourceDefinition is not checked: its versions' schemas are left out as the file is read.
 */
export function refusedBySchema(object: Record<string, unknown>): Refusal | undefined {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || typeof kind !== "string" || kind === "CustomResourceDefinition") return undefined;
  const errors = validatorOf(apiVersion, kind)?.(withoutNulls(object) as Record<string, unknown>);
  const refused = errors?.find((error) => !filledByAnotherTool(valueAtPath(object, pathOf(error.instancePath))));
  if (refused) return refusalOf(object, refused);
  const podSpecPath = podSpecPaths[`${groupOf(apiVersion)}/${kind}`];
  if (!podSpecPath || !validatorOf(apiVersion, kind)) return undefined;
  const containers = valueAtPath(object, [...podSpecPath, "containers"]);
  if (Array.isArray(containers) && containers.length > 0) return undefined;
  const path = containers === undefined || containers === null ? podSpecPath : [...podSpecPath, "containers"];
  const what = kind === "Pod" ? "a Pod with no containers" : `a ${kind} whose pod template has no containers`;
  return { path, message: `${what}, which the API server refuses (${pathText([...podSpecPath, "containers"])} is required)`, lacking: true };
}

/**
 * Why the API server refuses the object a `kubectl_manifest` applies, where its yaml_body is wholly written (no
 * interpolation): the provider sends it as written, as kubectl does a manifest file (refusedBySchema). A body that
 * interpolates a value is left to the API server, a `kubernetes_manifest` to its provider, which converts values to the
 * schema's types before it sends them.
 */
export function refusedKubectlBody(resource: TfResource): string | undefined {
  const body = resource.values.yaml_body;
  if (resource.type !== kubectlManifestType || resource.mode !== "managed" || typeof body !== "string" || body.includes("${")) return undefined;
  const manifest = kubectlManifest(resource);
  if (!isMap(manifest)) return undefined;
  const refused = refusedBySchema(manifest);
  return refused && `yaml_body: ${refused.message}`;
}
