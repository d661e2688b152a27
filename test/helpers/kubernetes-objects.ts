import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { TerraformJson } from "./terraform";

/**
 * Converts the synthesized `kubernetes_*` resources into the objects the Kubernetes API receives, as the Terraform
 * provider's expand functions do (hashicorp/terraform-provider-kubernetes, kubernetes/structures_*.go): attribute names
 * in camelCase, list blocks to the API's plural arrays, one-element blocks to objects, numbers written as strings to
 * numbers, int-or-string ports to numbers when numeric, file modes from octal, references to the names they resolve to.
 * The tests then validate the objects against the Kubernetes OpenAPI schemas (kubernetes-models).
 */

/** Resource type → apiVersion and kind. */
export const kinds: Readonly<Record<string, { apiVersion: string; kind: string }>> = {
  kubernetes_namespace_v1: { apiVersion: "v1", kind: "Namespace" },
  kubernetes_config_map_v1: { apiVersion: "v1", kind: "ConfigMap" },
  kubernetes_service_v1: { apiVersion: "v1", kind: "Service" },
  kubernetes_service_account_v1: { apiVersion: "v1", kind: "ServiceAccount" },
  kubernetes_default_service_account_v1: { apiVersion: "v1", kind: "ServiceAccount" },
  kubernetes_resource_quota_v1: { apiVersion: "v1", kind: "ResourceQuota" },
  kubernetes_limit_range_v1: { apiVersion: "v1", kind: "LimitRange" },
  kubernetes_persistent_volume_claim_v1: { apiVersion: "v1", kind: "PersistentVolumeClaim" },
  kubernetes_deployment_v1: { apiVersion: "apps/v1", kind: "Deployment" },
  kubernetes_daemon_set_v1: { apiVersion: "apps/v1", kind: "DaemonSet" },
  kubernetes_job_v1: { apiVersion: "batch/v1", kind: "Job" },
  kubernetes_cron_job_v1: { apiVersion: "batch/v1", kind: "CronJob" },
  kubernetes_network_policy_v1: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy" },
  kubernetes_ingress_v1: { apiVersion: "networking.k8s.io/v1", kind: "Ingress" },
  kubernetes_cluster_role_v1: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole" },
  kubernetes_cluster_role_binding_v1: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding" },
  kubernetes_role_v1: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role" },
  kubernetes_role_binding_v1: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding" },
  kubernetes_pod_disruption_budget_v1: { apiVersion: "policy/v1", kind: "PodDisruptionBudget" },
  kubernetes_storage_class_v1: { apiVersion: "storage.k8s.io/v1", kind: "StorageClass" },
};

/** Arguments of the Terraform resource that are Terraform's own, not the object's. */
const terraformOnly = new Set([
  "//",
  "depends_on",
  "lifecycle",
  "provider",
  "count",
  "for_each",
  "timeouts",
  "wait_for_rollout",
  "wait_for_completion",
  "wait_for_load_balancer",
  "wait_until_bound",
]);

/** The provider's singular list blocks and the API's plural fields. */
const plurals: Readonly<Record<string, string>> = {
  container: "containers",
  init_container: "initContainers",
  volume: "volumes",
  volume_mount: "volumeMounts",
  port: "ports",
  toleration: "tolerations",
  rule: "rules",
  subject: "subjects",
  path: "paths",
  limit: "limits",
  image_pull_secrets: "imagePullSecrets",
  topology_spread_constraint: "topologySpreadConstraints",
  node_selector_term: "nodeSelectorTerms",
};

/** Attributes the provider names otherwise than the API (structure_cron_job_v1.go: `timezone` is `TimeZone`). */
const renamed: Readonly<Record<string, string>> = { timezone: "timeZone" };

/** API fields that are arrays of objects, so a one-element list block stays a list. */
const arrayFields = new Set([
  "containers",
  "initContainers",
  "volumes",
  "volumeMounts",
  "ports",
  "env",
  "envFrom",
  "tolerations",
  "rules",
  "subjects",
  "matchExpressions",
  "imagePullSecrets",
  "paths",
  "tls",
  "limits",
  "ingress",
  "egress",
  "from",
  "to",
  "nodeSelectorTerms",
  "items",
  "sources",
  "topologySpreadConstraints",
]);

/** Fields whose value is a map: copied as written, keys untouched. */
const mapFields = new Set([
  "labels",
  "annotations",
  "data",
  "binary_data",
  "match_labels",
  "node_selector",
  "parameters",
  "hard",
  "requests",
  "default",
  "default_request",
  "max",
  "min",
  "max_limit_request_ratio",
]);

/** Integer fields the provider takes as strings. */
const integerFields = new Set([
  "replicas",
  "backoffLimit",
  "parallelism",
  "completions",
  "successfulJobsHistoryLimit",
  "failedJobsHistoryLimit",
  "runAsUser",
  "runAsGroup",
  "fsGroup",
]);
/** IntOrString fields: a numeric string becomes a number (intstr.Parse). */
const intOrStringFields = new Set(["port", "targetPort", "minAvailable", "maxUnavailable", "maxSurge"]);
/** File modes, written in octal by the provider. */
const modeFields = new Set(["defaultMode", "mode"]);

const camel = (key: string): string => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** A value converted under `key` of `parent` (the parent's camelCased key, to resolve the few ambiguous names). */
function convert(value: unknown, key: string, parent: string, resolve: (text: string) => string): [string, unknown] {
  // Container.resources is a block with the limits and requests maps; a Service's selector is a map, a label selector is a block.
  const isMap =
    mapFields.has(key) ||
    (key === "limits" && parent === "resources") ||
    (key === "selector" &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      !("match_labels" in (value as object) || "match_expressions" in (value as object)));
  if (isMap) return [camel(key), value];
  const isListBlock = Array.isArray(value) && value.length > 0 && value.every((item) => item && typeof item === "object");
  const name = isListBlock ? (plurals[key] ?? camel(key)) : (renamed[key] ?? camel(key));
  // nodeAffinity's required term is an object; podAffinity's is a list.
  const keepsList = arrayFields.has(name) || (name === "requiredDuringSchedulingIgnoredDuringExecution" && parent !== "nodeAffinity");
  if (isListBlock) {
    const items = (value as Record<string, unknown>[]).map((item) => convertObject(item, name, resolve));
    return [name, keepsList || items.length > 1 ? items : items[0]];
  }
  if (value && typeof value === "object" && !Array.isArray(value)) return [name, convertObject(value as Record<string, unknown>, name, resolve)];
  if (typeof value === "string") {
    if (value.includes("${")) return [name, resolve(value)];
    if (modeFields.has(name) && /^0[0-7]+$/.test(value)) return [name, Number.parseInt(value, 8)];
    if ((integerFields.has(name) || intOrStringFields.has(name)) && /^\d+$/.test(value)) return [name, Number(value)];
  }
  return [name, value];
}

function convertObject(object: Record<string, unknown>, self: string, resolve: (text: string) => string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object)
      .filter(([key]) => !terraformOnly.has(key))
      .map(([key, value]) => convert(value, key, self, resolve)),
  );
}

/** Every convertible resource of a synthesized stack, as Kubernetes objects, with its Terraform address. */
export function kubernetesObjects(tf: TerraformJson): { address: string; object: Record<string, any> }[] {
  const resolve = (text: string): string => {
    const names = /^\$\{kubernetes_[a-z_0-9]+\.[A-Za-z0-9_-]+\.metadata\[0\]\.name\}$/.test(text) ? tf.deref(text).body.metadata?.name : undefined;
    return typeof names === "string" ? names : "resolved-at-apply";
  };
  return Object.entries(kinds).flatMap(([type, { apiVersion, kind }]) =>
    tf.resources(type).map(([name, body]) => {
      const object = convertObject(body, "", resolve);
      if (type === "kubernetes_default_service_account_v1") object.metadata = { ...(object.metadata as object), name: "default" };
      if (type === "kubernetes_storage_class_v1") {
        const { storageProvisioner, ...rest } = object;
        return { address: `${type}.${name}`, object: { apiVersion, kind, ...rest, provisioner: storageProvisioner } };
      }
      return { address: `${type}.${name}`, object: { apiVersion, kind, ...object } };
    }),
  );
}

/** Every field name the Kubernetes API schemas know, read from kubernetes-models' compiled validators. */
export function kubernetesFieldNames(): ReadonlySet<string> {
  const schemas = join(dirname(createRequire(import.meta.url).resolve("kubernetes-models/package.json")), "_schemas");
  const names = new Set<string>();
  for (const file of readdirSync(schemas).filter((name) => name.endsWith(".js")))
    for (const [, field] of readFileSync(join(schemas, file), "utf8").matchAll(/instancePath\+"\/([A-Za-z][A-Za-z0-9]*)"/g)) names.add(field!);
  return names;
}

/** Keys of an object that no Kubernetes schema knows, outside the map fields (labels, data...): a conversion or a resource gone wrong. */
export function unknownFields(object: unknown, known: ReadonlySet<string>, path = ""): string[] {
  if (Array.isArray(object)) return object.flatMap((item, i) => unknownFields(item, known, `${path}[${i}]`));
  if (!object || typeof object !== "object") return [];
  return Object.entries(object as Record<string, unknown>).flatMap(([key, value]) => {
    if (
      [
        "labels",
        "annotations",
        "data",
        "binaryData",
        "matchLabels",
        "nodeSelector",
        "parameters",
        "hard",
        "requests",
        "limits",
        "default",
        "defaultRequest",
        "max",
        "min",
        "maxLimitRequestRatio",
        "selector",
      ].includes(key) &&
      value &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      Object.values(value).every((v) => typeof v !== "object")
    )
      return [];
    return [...(known.has(key) || ["apiVersion", "kind"].includes(key) ? [] : [`${path}.${key}`]), ...unknownFields(value, known, `${path}.${key}`)];
  });
}
