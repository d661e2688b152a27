import { isDeepStrictEqual } from "node:util";
import * as cronJob from "@cdktf/provider-kubernetes/lib/cron-job";
import * as cronJobV1 from "@cdktf/provider-kubernetes/lib/cron-job-v1";
import * as deployment from "@cdktf/provider-kubernetes/lib/deployment";
import * as deploymentV1 from "@cdktf/provider-kubernetes/lib/deployment-v1";
import * as pod from "@cdktf/provider-kubernetes/lib/pod";
import * as podV1 from "@cdktf/provider-kubernetes/lib/pod-v1";
import type { Pod } from "./pod-security-cases";

/**
 * A Kubernetes pod written as the Terraform provider's typed resources, the inverse of the provider's expand functions
 * (hashicorp/terraform-provider-kubernetes, kubernetes/structures_pod.go flattenPodSpec, structures_container.go
 * flattenContainers and flattenContainerSecurityContext): snake_case attribute names, every nested object a one-item
 * list block, list fields named in the singular.
 */

type Value = unknown;
type Block = Record<string, Value>;

/**
 * API fields the provider names otherwise than by snake-casing them, as `holder.field` where the name depends on the
 * object holding it (schema_pod_spec.go, schema_container.go, schema_volume_source.go; structure_persistent_volume_spec.go,
 * flattenAzureDiskVolumeSource, flattenGlusterfsVolumeSource, flattenRBDVolumeSource).
 */
const providerNames: Readonly<Record<string, string>> = {
  "azureDisk.diskURI": "data_disk_uri",
  "glusterfs.endpoints": "endpoints_name",
  "rbd.monitors": "ceph_monitors",
  "rbd.image": "rbd_image",
  containers: "container",
  initContainers: "init_container",
  ephemeralContainers: "ephemeral_container",
  ports: "port",
  volumes: "volume",
  sysctls: "sysctl",
  httpHeaders: "http_header",
  cephfs: "ceph_fs",
  runAsUserName: "run_as_username",
};

/** API fields that are maps of strings, which the provider keeps as map attributes. */
const mapFields = new Set(["annotations", "labels", "nodeSelector", "requests", "limits"]);

/** int64 fields the provider takes as strings (schema_container.go securityContextSchema, schema_pod_spec.go podSpecFields: security_context). */
const stringIntegers = new Set(["runAsUser", "runAsGroup", "fsGroup"]);

/** The parents whose `port` is an IntOrString, which the provider takes as a string (flattenHTTPGet, flattenTCPSocket). */
const intOrStringPortHolders = new Set(["httpGet", "tcpSocket"]);

const snakeCased = (field: string, holder: string): string =>
  providerNames[`${holder}.${field}`] ?? providerNames[field] ?? field.replace(/[A-Z]+/g, (capitals) => `_${capitals.toLowerCase()}`);

const isObject = (value: Value): value is Block => typeof value === "object" && value !== null && !Array.isArray(value);

function attribute(field: string, value: Value, holder: string): Value {
  if (mapFields.has(field) || !(isObject(value) || Array.isArray(value))) {
    if (stringIntegers.has(field) || (field === "port" && intOrStringPortHolders.has(holder))) return String(value);
    return value;
  }
  if (isObject(value)) return [typedBlock(value, field)];
  return value.map((item) => (isObject(item) ? typedBlock(item, field) : item));
}

/** An API object as the provider's block: a null is a field left unset, which Terraform JSON leaves out. */
export const typedBlock = (object: Block, field = ""): Block =>
  Object.fromEntries(
    Object.entries(object)
      .filter(([, value]) => value !== null)
      .map(([key, value]) => [snakeCased(key, field), attribute(key, value, field)]),
  );

/** The metadata and spec of a pod template, labelled to be selected (the typed resources' pod template). */
const template = (written: Pod) => ({
  metadata: [{ labels: { app: written.metadata.name }, ...(written.metadata.annotations ? { annotations: written.metadata.annotations } : {}) }],
  spec: [typedBlock(written.spec)],
});

const metadata = (written: Pod) => [{ name: written.metadata.name, namespace: "apps" }];

const podBody = (written: Pod): Block => ({ metadata: [{ ...metadata(written)[0], ...template(written).metadata[0] }], spec: template(written).spec });

const deploymentBody = (written: Pod): Block => ({
  metadata: metadata(written),
  spec: [{ selector: [{ match_labels: { app: written.metadata.name } }], template: [template(written)] }],
});

const cronJobBody = (written: Pod): Block => ({
  metadata: metadata(written),
  spec: [{ schedule: "0 3 * * *", job_template: [{ metadata: [{}], spec: [{ template: [template(written)] }] }] }],
});

type Bindings = Readonly<Record<string, unknown>>;

/**
 * The pod as each typed resource (resource_kubernetes_pod_v1.go, resource_kubernetes_deployment_v1.go,
 * resource_kubernetes_cron_job_v1.go, and the un-suffixed resources of the same schema), with the generated bindings
 * of its blocks and the prefix of their functions.
 */
export const typedResources = {
  kubernetes_pod_v1: { bindings: podV1 as Bindings, prefix: "podV1", body: podBody },
  kubernetes_pod: { bindings: pod as Bindings, prefix: "pod", body: podBody },
  kubernetes_deployment_v1: { bindings: deploymentV1 as Bindings, prefix: "deploymentV1", body: deploymentBody },
  kubernetes_deployment: { bindings: deployment as Bindings, prefix: "deployment", body: deploymentBody },
  kubernetes_cron_job_v1: { bindings: cronJobV1 as Bindings, prefix: "cronJobV1", body: cronJobBody },
  kubernetes_cron_job: { bindings: cronJob as Bindings, prefix: "cronJob", body: cronJobBody },
} as const;

export type TypedResource = keyof typeof typedResources;

const camelCased = (name: string): string => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
const pascalCased = (name: string): string => camelCased(name).replace(/^[a-z]/, (letter) => letter.toUpperCase());
const isBlockList = (value: Value): value is Block[] => Array.isArray(value) && value.length > 0 && value.every(isObject);

/**
 * The attributes and blocks of a typed resource's block that the provider's schema lacks, or whose value the schema
 * would not carry, by path: each block goes through the generated bindings' `<prefix><Block path>ToTerraform`
 * (@cdktf/provider-kubernetes), which writes the schema's attributes alone.
 */
function outsideSchema(bindings: Bindings, prefix: string, block: Block, path: string): string[] {
  const toTerraform = bindings[`${prefix}ToTerraform`];
  if (typeof toTerraform !== "function") return [path];
  const attributes = Object.entries(block).filter(([, value]) => !isBlockList(value));
  const written = toTerraform(Object.fromEntries(attributes.map(([key, value]) => [camelCased(key), value]))) as Block;
  return Object.entries(block).flatMap(([key, value]) => {
    const at = path === "" ? key : `${path}.${key}`;
    if (isBlockList(value)) return value.flatMap((item) => outsideSchema(bindings, `${prefix}${pascalCased(key)}`, item, at));
    return isDeepStrictEqual(written[key], value) ? [] : [at];
  });
}

/** The attributes and blocks of a typed resource's body that the provider's schema lacks (see outsideSchema). */
export const outsideResourceSchema = (type: TypedResource, body: Block): string[] =>
  Object.entries(body).flatMap(([key, value]) =>
    isBlockList(value)
      ? value.flatMap((item) => outsideSchema(typedResources[type].bindings, `${typedResources[type].prefix}${pascalCased(key)}`, item, key))
      : [key],
  );

/**
 * Whether the bindings write a block as one object, as CDKTF synthesizes a block of at most one item (MaxItems 1 in the
 * provider's schema), rather than as a list: given a list, the function of such a block makes one object of it.
 */
function isSingleBlock(bindings: Bindings, prefix: string, key: string): boolean {
  const toTerraform = bindings[`${prefix}ToTerraform`] as (config: Block) => Block;
  return !Array.isArray(toTerraform({ [camelCased(key)]: [{}] })[key]);
}

function synthesizedBlock(bindings: Bindings, prefix: string, block: Block): Block {
  return Object.fromEntries(
    Object.entries(block).map(([key, value]) => {
      if (!isBlockList(value)) return [key, value];
      const items = value.map((item) => synthesizedBlock(bindings, `${prefix}${pascalCased(key)}`, item));
      return [key, isSingleBlock(bindings, prefix, key) ? items[0] : items];
    }),
  );
}

/**
 * A typed resource's body as `cdktf synth` writes it, which is how the project's stacks write theirs: a block of at
 * most one item an object, other blocks lists; the resource's metadata and spec are such blocks.
 */
export const synthesized = (type: TypedResource, body: Block): Block =>
  Object.fromEntries(
    Object.entries(body).map(([key, value]) => [
      key,
      synthesizedBlock(typedResources[type].bindings, `${typedResources[type].prefix}${pascalCased(key)}`, (value as Block[])[0]!),
    ]),
  );
