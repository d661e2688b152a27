import type { TfResource } from "../engine/model";
import { parseKubernetesYamlDocuments } from "../lib/go-yaml";
import { helmReleaseType, isMap, rawChartDocuments } from "../lib/helm";
import { groupKindOf, groupOf } from "../lib/kubernetes";
import { isUnknown, memoized, pathSegments } from "../lib/values";
import { type WorkflowPods, workflowPods, writtenInWorkflow } from "./argo-workflows";
import { cloudnativePgPods } from "./cloudnative-pg-pods";
import { elasticPods } from "./elastic-pods";
import { minioPods } from "./minio-pods";
import { monitoringPods } from "./monitoring-pods";
import { postgresPods } from "./postgres-pods";
import { strimziPods } from "./strimzi-pods";
import { sparkPods } from "./spark-pods";
import { heldTemplatePods } from "./template-workloads";
import { parsedTemplate, parseTemplate } from "./hcl-expression";
import { type DecodedText, lineInText } from "./text-sources";

/**
 * A `kubernetes_manifest` read as the typed resource of its kind, so that every Kubernetes policy judges a Deployment
 * written as a manifest as it judges a `kubernetes_deployment_v1`. The manifest is the API object (camelCase fields,
 * lists of objects, objects); the typed resources of the provider write snake_case names, a block (a list of one
 * object) for each nested object, and a singular name for each list of blocks (github.com/hashicorp/
 * terraform-provider-kubernetes, kubernetes/structures_*.go: `container` for `containers`, `port` for `ports`).
 * The extensions group served Deployments, ReplicaSets, DaemonSets and NetworkPolicies until Kubernetes 1.16, and
 * Ingresses until 1.22, in the shapes of their later groups: a manifest written for it is judged as its kind.
 */
const typedKinds: Readonly<Record<string, { readonly groups: readonly string[]; readonly type: string }>> = {
  Pod: { groups: [""], type: "kubernetes_pod_v1" },
  Deployment: { groups: ["apps", "extensions"], type: "kubernetes_deployment_v1" },
  // A ReplicaSet carries its pod template as a Deployment does (apps/v1 ReplicaSetSpec.template), and the provider has
  // no typed resource for it: it is judged in the shape it shares.
  ReplicaSet: { groups: ["apps", "extensions"], type: "kubernetes_deployment_v1" },
  DaemonSet: { groups: ["apps", "extensions"], type: "kubernetes_daemon_set_v1" },
  StatefulSet: { groups: ["apps"], type: "kubernetes_stateful_set_v1" },
  Job: { groups: ["batch"], type: "kubernetes_job_v1" },
  CronJob: { groups: ["batch"], type: "kubernetes_cron_job_v1" },
  ReplicationController: { groups: [""], type: "kubernetes_replication_controller_v1" },
  Namespace: { groups: [""], type: "kubernetes_namespace_v1" },
  NetworkPolicy: { groups: ["networking.k8s.io", "extensions"], type: "kubernetes_network_policy_v1" },
  Service: { groups: [""], type: "kubernetes_service_v1" },
  Ingress: { groups: ["networking.k8s.io", "extensions"], type: "kubernetes_ingress_v1" },
  ConfigMap: { groups: [""], type: "kubernetes_config_map_v1" },
  PersistentVolume: { groups: [""], type: "kubernetes_persistent_volume_v1" },
  PersistentVolumeClaim: { groups: [""], type: "kubernetes_persistent_volume_claim_v1" },
  ResourceQuota: { groups: [""], type: "kubernetes_resource_quota_v1" },
  LimitRange: { groups: [""], type: "kubernetes_limit_range_v1" },
  ServiceAccount: { groups: [""], type: "kubernetes_service_account_v1" },
  Secret: { groups: [""], type: "kubernetes_secret_v1" },
  Role: { groups: ["rbac.authorization.k8s.io"], type: "kubernetes_role_v1" },
  ClusterRole: { groups: ["rbac.authorization.k8s.io"], type: "kubernetes_cluster_role_v1" },
  RoleBinding: { groups: ["rbac.authorization.k8s.io"], type: "kubernetes_role_binding_v1" },
  ClusterRoleBinding: { groups: ["rbac.authorization.k8s.io"], type: "kubernetes_cluster_role_binding_v1" },
};

/**
 * The groups that serve a kind the policies judge, where an object names one of Kubernetes' own groups: undefined when
 * that group serves it, or the group is another's (a CustomResourceDefinition's group holds a dot, and the groups of
 * Kubernetes' own that hold one are its own: a Knative `serving.knative.dev/v1` Service is no core Service).
 */
function servingGroupsIfNotServedBy(kind: string, group: string): readonly string[] | undefined {
  const served = Object.hasOwn(typedKinds, kind) ? typedKinds[kind]!.groups : undefined;
  if (!served || served.includes(group)) return undefined;
  return !group.includes(".") || typedGroups.has(group) ? served : undefined;
}

const typedGroups: ReadonlySet<string> = new Set(Object.values(typedKinds).flatMap(({ groups }) => groups));

/** Lists of blocks the provider names in the singular. */
const singular: Readonly<Record<string, string>> = {
  containers: "container",
  initContainers: "init_container",
  ephemeralContainers: "ephemeral_container",
  volumes: "volume",
  volumeMounts: "volume_mount",
  ports: "port",
  subjects: "subject",
  rules: "rule",
  paths: "path",
  sysctls: "sysctl",
  tolerations: "toleration",
  hostAliases: "host_aliases",
  topologySpreadConstraints: "topology_spread_constraint",
  volumeClaimTemplates: "volume_claim_template",
};

/** Fields whose value is a map of strings, kept as a map (not a block). */
const maps = new Set(["labels", "annotations", "matchLabels", "nodeSelector", "limits", "requests", "data", "stringData", "binaryData"]);

const snakeCase = (name: string): string => name.replace(/[A-Z]+/g, (upper, offset: number) => `${offset > 0 ? "_" : ""}${upper.toLowerCase()}`);

/**
 * Names of one kind's fields that the provider gives otherwise than every kind: a NetworkPolicy rule's `ports`, which
 * kubernetes_network_policy_v1 keeps plural (its spec.ingress.ports and spec.egress.ports blocks), and a LimitRange's
 * `limits`, kubernetes_limit_range_v1's `limit` blocks (a container's `limits` stays a map).
 */
const namesOfKind: Readonly<Record<string, Readonly<Record<string, string>>>> = { NetworkPolicy: { ports: "ports" }, LimitRange: { limits: "limit" } };

/** The name the provider gives a manifest's field: a list of blocks in the singular, save the exceptions of its kind. */
const typedName = (key: string, kind: string): string => namesOfKind[kind]?.[key] ?? singular[key] ?? snakeCase(key);

/** An API object's field as the provider writes it: a block (list of one object) for each nested object. */
function typed(value: unknown, key: string | undefined, kind: string): unknown {
  if (Array.isArray(value))
    return value.map((item) => (item !== null && typeof item === "object" && !Array.isArray(item) ? fields(item as Record<string, unknown>, kind) : item));
  if (value !== null && typeof value === "object") {
    // A Service's selector is a map of labels; a workload's is a label selector (a block).
    if ((key && maps.has(key)) || (kind === "Service" && key === "selector")) return value;
    return [fields(value as Record<string, unknown>, kind)];
  }
  return value;
}

/**
 * An object's fields as the provider writes them. The object's own apiVersion, kind and status are not fields of the
 * typed resource; a nested object's are its own (a binding's `subjects[].kind`, `roleRef.kind`).
 */
function fields(object: Record<string, unknown>, kind: string, objectItself = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if ((objectItself && (key === "apiVersion" || key === "kind" || key === "status")) || key === "stringData") continue;
    out[typedName(key, kind)] = typed(value, key, kind);
  }
  // A Secret's stringData is merged into its data, its keys winning (Kubernetes API reference, Secret): the provider's
  // data holds both, each map's literals as written.
  if (object.stringData !== undefined) out.data = mergedMaps(object.data, object.stringData);
  return out;
}

/** The names the typed reading gives a manifest's fields, back to the manifest's: `container` is `containers`. */
const pluralOf: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(singular).map(([plural, one]) => [one, plural]));

const camelCase = (name: string): string => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * A path the policies give on the typed reading of a manifest (`spec[0].template[0].spec[0].container[1].image`), as
 * the manifest writes it: `spec.template.spec.containers[1].image`. Each name is the field of the object that reads as
 * it, so `hostIPC` stays itself; a block made of one object loses its `[0]`; a field the manifest does not write (what
 * a policy says is unset) is named as the API names it. A path the policy gives as written (`asWritten`) keeps its
 * indexes.
 */
export function manifestPath(
  manifest: Record<string, unknown>,
  typedPath: string,
  asWritten = false,
): { path: (string | number)[]; names: Map<string, string> } {
  const path: (string | number)[] = [];
  /** Each name of the typed reading that the manifest writes otherwise (`allow_privilege_escalation`), with the manifest's. */
  const names = new Map<string, string>();
  let value: unknown = manifest;
  let keysAsWritten = false;
  // A key that holds a dot or a slash is written `["app.kubernetes.io/name"]` (attributePath).
  for (const name of pathSegments(typedPath)) {
    if (typeof name === "number") {
      // A typed path's block index (`security_context[0]`) is no list in the manifest; a path as written keeps its
      // index past what the manifest writes (a list a ClusterClass's patch adds).
      if (Array.isArray(value) || (asWritten && value === undefined)) {
        path.push(name);
        value = Array.isArray(value) ? value[name] : undefined;
      }
      continue;
    }
    if (name === "persistent_volume_source") continue;
    const fieldName = isMap(value) && !keysAsWritten ? Object.keys(value).find((key) => typedName(key, String(manifest.kind)) === name) : undefined;
    const key: string = keysAsWritten ? name : (fieldName ?? pluralOf[name] ?? camelCase(name));
    path.push(key);
    if (key !== name) names.set(name, key);
    // A Service's selector is a map of labels, whose keys are written as they are.
    keysAsWritten = maps.has(key) || (key === "selector" && manifest.kind === "Service");
    value = isMap(value) ? value[key] : undefined;
  }
  // A Secret's stringData is read into its data, its keys winning (fields): a key stringData holds is written there.
  if (path[0] === "data" && typeof path[1] === "string" && isMap(manifest.stringData) && path[1] in manifest.stringData) path[0] = "stringData";
  return { path, names };
}

const podViewsRead = new WeakMap<object, WorkflowPods | null>();
/** The pods of an object that holds them elsewhere than a Deployment does (workflowPods, elsewhereTemplate), read once per manifest. */
function podViewOf(manifest: Record<string, unknown>): WorkflowPods | undefined {
  if (!podViewsRead.has(manifest))
    podViewsRead.set(
      manifest,
      workflowPods(manifest) ??
        elsewhereTemplate(manifest) ??
        elasticPods(manifest) ??
        monitoringPods(manifest) ??
        sparkPods(manifest) ??
        postgresPods(manifest) ??
        minioPods(manifest) ??
        cloudnativePgPods(manifest) ??
        strimziPods(manifest) ??
        heldTemplatePods(manifest) ??
        null,
    );
  return podViewsRead.get(manifest) ?? undefined;
}

/**
 * Workloads whose pod template is not at spec.template, viewed as a Deployment whose template is theirs, each
 * finding pointing where it is written: a PodTemplate holds it at `template` (controllers and users create pods from it,
 * and Pod Security admission judges it as a pod), KEDA's ScaledJob runs the Job spec it holds at spec.jobTargetRef (keda
 * apis/keda/v1alpha1/scaledjob_types.go), and a Knative Revision's spec is its pods' spec (serving
 * pkg/apis/serving/v1/revision_types.go: RevisionSpec embeds corev1.PodSpec).
 */
function elsewhereTemplate(manifest: Record<string, unknown>): WorkflowPods | undefined {
  const { apiVersion, kind, spec } = manifest;
  if (apiVersion === "v1" && kind === "PodTemplate" && isMap(manifest.template))
    return { view: { ...manifest, spec: { template: manifest.template } }, origins: [[["spec", "template"], ["template"]]] };
  if (typeof apiVersion !== "string" || !isMap(spec)) return undefined;
  const workload = groupKindOf(apiVersion, kind);
  if (workload === "keda.sh/ScaledJob") {
    const template = isMap(spec.jobTargetRef) ? spec.jobTargetRef.template : undefined;
    if (!isMap(template)) return undefined;
    return {
      view: { ...manifest, spec: { template } },
      origins: [
        [
          ["spec", "template"],
          ["spec", "jobTargetRef", "template"],
        ],
      ],
    };
  }
  if (workload === "serving.knative.dev/Revision" && Array.isArray(spec.containers))
    return {
      view: { ...manifest, spec: { template: { metadata: manifest.metadata, spec } } },
      origins: [
        [["spec", "template", "spec"], ["spec"]],
        [["spec", "template", "metadata"], ["metadata"]],
      ],
    };
  return undefined;
}

/**
 * A path the policies give on the typed reading of a manifest, as the manifest writes it (manifestPath); for the pods
 * of an Argo Workflows object or of a workload whose template is elsewhere, the field the pod's comes from. A policy that
 * reads an object as written (a custom resource) gives its path at `manifest.<path>`.
 */
export function writtenManifestPath(manifest: Record<string, unknown>, policyPath: string): { path: (string | number)[]; names: Map<string, string> } {
  const typedPath = policyPath.replace(/^manifest(\.|$)/, "");
  // A path at manifest.<path> is the object's as written, not its pods' view's.
  const pods = typedPath === policyPath ? podViewOf(manifest) : undefined;
  if (!pods) return manifestPath(manifest, typedPath, typedPath !== policyPath);
  const { path, names } = manifestPath(pods.view, typedPath);
  return { path: writtenInWorkflow(pods, manifest, path), names };
}

/** A manifest path as text: `spec.containers[0]["app.kubernetes.io/name"]`. */
export const pathText = (path: readonly (string | number)[]): string =>
  path.map((part, i) => (typeof part === "number" ? `[${part}]` : /^[\w-]+$/.test(part) ? `${i > 0 ? "." : ""}${part}` : `[${JSON.stringify(part)}]`)).join("");

/** Two maps, the second's keys winning; a map beside a value that is none (known only at apply) is kept as it is. */
const mergedMaps = (first: unknown, second: unknown): unknown =>
  isMap(first) && isMap(second) ? { ...first, ...second } : isMap(second) || first === undefined ? second : first;

/** The fields of a PersistentVolume's spec that are not its source (Kubernetes API reference, PersistentVolumeSpec). */
const persistentVolumeFields = new Set([
  "access_modes",
  "capacity",
  "claim_ref",
  "mount_options",
  "node_affinity",
  "persistent_volume_reclaim_policy",
  "storage_class_name",
  "volume_attributes_class_name",
  "volume_mode",
]);

/** The provider writes a persistent volume's source (host_path, csi, nfs...) in a block of its own: persistent_volume_source. */
function withVolumeSource(values: Record<string, unknown>): Record<string, unknown> {
  const [spec] = Array.isArray(values.spec) ? (values.spec as Record<string, unknown>[]) : [];
  if (!spec) return values;
  const own = Object.entries(spec).filter(([key]) => persistentVolumeFields.has(key));
  const source = Object.entries(spec).filter(([key]) => !persistentVolumeFields.has(key));
  return { ...values, spec: [{ ...Object.fromEntries(own), persistent_volume_source: [Object.fromEntries(source)] }] };
}

/**
 * Where a finding on the typed view of a manifest is written: its field in the manifest, after `prefix`; in the file
 * the manifest's text is read or decoded from, at the field's line, when it is one (TfResource.textSources).
 */
export const writtenUnder =
  (manifest: Record<string, unknown>, prefix: readonly string[], sourceOf?: () => DecodedText | undefined): NonNullable<TfResource["written"]> =>
  (typedPath) => {
    const { path, names } = writtenManifestPath(manifest, typedPath);
    const source = sourceOf?.();
    return { path: pathText([...prefix, ...path]), names, ...(source ? { file: source.file, line: lineInText(source, path) } : {}) };
  };

/**
 * The object a `kubectl_manifest` (gavinbunney/kubectl, and its alekc fork) applies: its `yaml_body` read as go-yaml v2
 * reads the first document (yaml/parser.go, ParseYAML), in `override_namespace` when it is set, else in its own, else
 * in `default` (resource_kubectl_manifest.go: SetNamespace). A value the body interpolates that is known only at apply
 * stays in its place, unknown; a body wholly unknown is returned as it is, as a `kubernetes_manifest`'s would be.
 * Undefined when the body does not parse or holds no object: the provider refuses it at plan. Read once per resource:
 * refusedManifest and asTypedResource both ask for it.
 */
export const kubectlManifest = memoized((resource: TfResource): unknown => {
  const body = resource.values.yaml_body;
  if (typeof body !== "string") return undefined;
  if (isWholeInterpolation(body)) return body;
  let manifest: unknown;
  try {
    [manifest] = parseKubernetesYamlDocuments(body);
  } catch {
    return undefined;
  }
  if (!isMap(manifest)) return undefined;
  // An interpolation the YAML reading cut in two (a line wholly a value known only at apply, `${join("\n", [...])}`,
  // read as a key up to its `: `): what the body's lines make is known only at apply, as a body wholly unknown.
  if (holdsCutInterpolation(manifest)) return body;
  const override = resource.values.override_namespace;
  const metadata = isMap(manifest.metadata) ? manifest.metadata : {};
  return typeof override === "string" && !isClusterScoped(manifest)
    ? { ...manifest, metadata: { ...metadata, namespace: override } }
    : placedIn(manifest, "default");
});

/**
 * Why the provider refuses a manifest at plan, where nothing would be judged: a `kubectl_manifest` body that does not
 * parse or holds no object (yaml/parser.go, ParseYAML), a kind its group does not serve (the API server's "no matches for
 * kind", which both providers meet mapping the object). Undefined when the manifest is unknown or served.
 */
export function refusedManifest(resource: TfResource): string | undefined {
  if (resource.mode !== "managed") return undefined;
  let manifest: unknown = resource.values.manifest;
  if (resource.type === kubectlManifestType) {
    const body = resource.values.yaml_body;
    if (typeof body !== "string" || isWholeInterpolation(body)) return undefined;
    manifest = kubectlManifest(resource);
    if (manifest === undefined) return "yaml_body holds no Kubernetes object the kubectl provider can read, so it refuses it at plan";
  } else if (resource.type !== "kubernetes_manifest") return undefined;
  return isMap(manifest) ? (unservedKind(manifest) ?? removedVersion(manifest)) : undefined;
}

/**
 * The versions of Kubernetes' own groups that no longer serve a kind, by `apiVersion kind`: the release that stopped
 * serving it, and the version that serves it since (none for PodSecurityPolicy, which Pod Security admission replaced).
 * From the Deprecated API Migration Guide (kubernetes.io/docs/reference/using-api/deprecation-guide) and, for 1.16,
 * kubernetes.io/blog/2019/07/18/api-deprecations-in-1-16. By kind, not by version: a version may serve other kinds
 * still (storage.k8s.io/v1beta1 serves VolumeAttributesClass, networking.k8s.io/v1beta1 IPAddress).
 */
const removedVersions: ReadonlyMap<string, { readonly release: string; readonly since?: string }> = new Map(
  (
    [
      ["1.16", "apps/v1", ["extensions/v1beta1", "apps/v1beta1", "apps/v1beta2"], ["Deployment", "ReplicaSet"]],
      ["1.16", "apps/v1", ["extensions/v1beta1", "apps/v1beta2"], ["DaemonSet"]],
      ["1.16", "apps/v1", ["apps/v1beta1", "apps/v1beta2"], ["StatefulSet"]],
      ["1.16", "networking.k8s.io/v1", ["extensions/v1beta1"], ["NetworkPolicy"]],
      ["1.16", undefined, ["extensions/v1beta1"], ["PodSecurityPolicy"]],
      ["1.22", "admissionregistration.k8s.io/v1", ["admissionregistration.k8s.io/v1beta1"], ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]],
      ["1.22", "apiextensions.k8s.io/v1", ["apiextensions.k8s.io/v1beta1"], ["CustomResourceDefinition"]],
      ["1.22", "apiregistration.k8s.io/v1", ["apiregistration.k8s.io/v1beta1"], ["APIService"]],
      ["1.22", "authentication.k8s.io/v1", ["authentication.k8s.io/v1beta1"], ["TokenReview"]],
      [
        "1.22",
        "authorization.k8s.io/v1",
        ["authorization.k8s.io/v1beta1"],
        ["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SubjectAccessReview", "SelfSubjectRulesReview"],
      ],
      ["1.22", "certificates.k8s.io/v1", ["certificates.k8s.io/v1beta1"], ["CertificateSigningRequest"]],
      ["1.22", "coordination.k8s.io/v1", ["coordination.k8s.io/v1beta1"], ["Lease"]],
      ["1.22", "networking.k8s.io/v1", ["extensions/v1beta1", "networking.k8s.io/v1beta1"], ["Ingress"]],
      ["1.22", "networking.k8s.io/v1", ["networking.k8s.io/v1beta1"], ["IngressClass"]],
      ["1.22", "rbac.authorization.k8s.io/v1", ["rbac.authorization.k8s.io/v1beta1"], ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]],
      ["1.22", "scheduling.k8s.io/v1", ["scheduling.k8s.io/v1beta1"], ["PriorityClass"]],
      ["1.22", "storage.k8s.io/v1", ["storage.k8s.io/v1beta1"], ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"]],
      ["1.25", "batch/v1", ["batch/v1beta1"], ["CronJob"]],
      ["1.25", "discovery.k8s.io/v1", ["discovery.k8s.io/v1beta1"], ["EndpointSlice"]],
      ["1.25", "events.k8s.io/v1", ["events.k8s.io/v1beta1"], ["Event"]],
      ["1.25", "autoscaling/v2", ["autoscaling/v2beta1"], ["HorizontalPodAutoscaler"]],
      ["1.25", "policy/v1", ["policy/v1beta1"], ["PodDisruptionBudget"]],
      ["1.25", undefined, ["policy/v1beta1"], ["PodSecurityPolicy"]],
      ["1.25", "node.k8s.io/v1", ["node.k8s.io/v1beta1"], ["RuntimeClass"]],
      ["1.26", "flowcontrol.apiserver.k8s.io/v1", ["flowcontrol.apiserver.k8s.io/v1beta1"], ["FlowSchema", "PriorityLevelConfiguration"]],
      ["1.26", "autoscaling/v2", ["autoscaling/v2beta2"], ["HorizontalPodAutoscaler"]],
      ["1.27", "storage.k8s.io/v1", ["storage.k8s.io/v1beta1"], ["CSIStorageCapacity"]],
      ["1.29", "flowcontrol.apiserver.k8s.io/v1", ["flowcontrol.apiserver.k8s.io/v1beta2"], ["FlowSchema", "PriorityLevelConfiguration"]],
      ["1.32", "flowcontrol.apiserver.k8s.io/v1", ["flowcontrol.apiserver.k8s.io/v1beta3"], ["FlowSchema", "PriorityLevelConfiguration"]],
    ] as const
  ).flatMap(([release, since, versions, kinds]) =>
    versions.flatMap((version) => kinds.map((kind) => [`${version} ${kind}`, since ? { release, since } : { release }] as const)),
  ),
);

/**
 * Why the API server refuses an object of a version Kubernetes no longer serves (extensions/v1beta1 Deployment), if it
 * does. Its shape is its later version's, and it is judged as one: the problem says what to write instead.
 */
export function removedVersion({ apiVersion, kind }: Record<string, unknown>): string | undefined {
  const removed = removedVersions.get(`${String(apiVersion)} ${String(kind)}`);
  if (!removed) return undefined;
  const instead = removed.since
    ? `write ${removed.since} (the object is judged as one)`
    : `no version serves one${removed.release === "1.25" ? " since" : " since 1.25"}, and Pod Security admission replaces it`;
  return `${String(apiVersion)} ${String(kind)} is no longer served since Kubernetes ${removed.release}, which the API server refuses: ${instead}`;
}

/** Why the API server refuses an object of a kind its group does not serve (`v1` Deployment), if it does. */
export function unservedKind(object: Record<string, unknown>): string | undefined {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || typeof kind !== "string") return undefined;
  const serving = servingGroupsIfNotServedBy(kind, groupOf(apiVersion));
  return serving && `${apiVersion} serves no ${kind} (${serving[0] ? `${serving[0]}/v1` : "v1"} does), which the API server refuses`;
}

/** Whether a key or a text of a parsed value holds an interpolation cut in two: a template Terraform's grammar refuses. */
export function holdsCutInterpolation(value: unknown): boolean {
  const cut = (text: string): boolean => text.includes("${") && parsedTemplate(text) === undefined;
  if (typeof value === "string") return cut(value);
  if (Array.isArray(value)) return value.some(holdsCutInterpolation);
  return isMap(value) && Object.entries(value).some(([key, item]) => cut(key) || holdsCutInterpolation(item));
}

/** Whether a text is one interpolation and nothing else (`${yamlencode({...})}`, `${var.body}`): a value known only at apply. */
export function isWholeInterpolation(text: string): boolean {
  if (!text.startsWith("${")) return false;
  try {
    const expression = parseTemplate(text);
    return expression.kind !== "template" && expression.kind !== "literal";
  } catch {
    return false;
  }
}

/** The kubectl provider's resource that applies one object written as YAML. */
export const kubectlManifestType = "kubectl_manifest";

/**
 * The typed view of a `kubernetes_manifest` resource whose manifest is known and of a kind (in its API group) the policies judge; the
 * address stays the manifest's, and a finding names the field of the manifest (`manifest.spec.template.spec.containers[0].image`),
 * unless the resource says where its fields are written. Anything else is returned as is.
 */
export function asTypedResource(resource: TfResource): TfResource {
  if (resource.type === kubectlManifestType && resource.mode === "managed") {
    const manifest = kubectlManifest(resource);
    if (manifest === undefined) return resource;
    // A body known only at apply is judged at yaml_body, as it is written.
    const written =
      resource.written ??
      (isMap(manifest)
        ? writtenUnder(manifest, ["yaml_body"], resource.textSources?.get("yaml_body"))
        : (typedPath: string) => ({ path: typedPath.replace(/^manifest/, "yaml_body") }));
    return asTypedResource({
      ...resource,
      type: "kubernetes_manifest",
      values: { manifest },
      written,
      writtenValues: resource.writtenValues ?? resource.values,
    });
  }
  if (resource.type !== "kubernetes_manifest") return resource;
  const manifest = resource.values.manifest;
  if (manifest === null || typeof manifest !== "object" || Array.isArray(manifest)) return resource;
  const { kind, apiVersion } = manifest as { kind?: unknown; apiVersion?: unknown };
  const typedKind = typeof kind === "string" ? typedKinds[kind] : undefined;
  // A kind of the same name in another API group is another object: Calico's NetworkPolicy (projectcalico.org/v3)
  // selects pods with an expression, which read as Kubernetes' would select every pod.
  const typed = typedKind && typeof apiVersion === "string" && typedKind.groups.includes(groupOf(apiVersion));
  const written = resource.written ?? writtenUnder(manifest as Record<string, unknown>, ["manifest"], resource.textSources?.get("manifest"));
  const pods = typed ? undefined : podViewOf(manifest as Record<string, unknown>);
  const customResource = typed ? undefined : (manifest as Record<string, unknown>);
  const writtenValues = resource.writtenValues ?? resource.values;
  // The object stays itself, judged by what its templates write (TfResource.completedPodTemplates).
  if (pods?.completedByOperator)
    return { ...resource, completedPodTemplates: { values: fields(pods.view, "Deployment", true), completion: pods.completedByOperator }, written };
  if (pods)
    return {
      ...resource,
      type: "kubernetes_deployment_v1",
      values: fields(pods.view, "Deployment", true),
      fromManifest: true,
      customResource,
      written,
      writtenValues,
    };
  const type = typed ? typedKind.type : carriesPodTemplate(manifest as Record<string, unknown>) ? "kubernetes_deployment_v1" : undefined;
  if (type === undefined) return resource;
  const values = fields(manifest as Record<string, unknown>, kind as string, true);
  return {
    ...resource,
    type,
    values: kind === "PersistentVolume" ? withVolumeSource(values) : values,
    fromManifest: true,
    ...(customResource ? { customResource } : {}),
    written,
    writtenValues,
  };
}

/**
 * Workloads of other kinds that run the pod template they carry where a Deployment does (`spec.template`), as it is
 * written: Argo Rollouts (argoproj.io Rollout), OpenKruise's CloneSets, Advanced StatefulSets and DaemonSets
 * (apps.kruise.io), Knative Services and Configurations (serving.knative.dev). Their pods are judged as a Deployment's; left as written, a
 * privileged container in a Rollout passed with no word. An operator's template that it merges with its own containers
 * (CloudNativePG's Pooler) is not one: its pods are not the template.
 */
const podTemplateWorkloads: ReadonlySet<string> = new Set([
  "argoproj.io/Rollout",
  "apps.kruise.io/CloneSet",
  "apps.kruise.io/StatefulSet",
  "apps.kruise.io/DaemonSet",
  "serving.knative.dev/Service",
  "serving.knative.dev/Configuration",
]);

function carriesPodTemplate(manifest: Record<string, unknown>): boolean {
  const { apiVersion, kind, spec } = manifest;
  if (typeof apiVersion !== "string" || !podTemplateWorkloads.has(groupKindOf(apiVersion, kind))) return false;
  const template = isMap(spec) ? spec.template : undefined;
  return isMap(template) && isMap(template.spec) && Array.isArray(template.spec.containers);
}

/**
 * Kinds that are not in a namespace (the API's namespaced: false, `kubectl api-resources --namespaced=false`, and the
 * CRDs of well-known projects whose scope is Cluster): the others are created in the namespace Helm or kubectl is given
 * when they name none.
 */
const clusterScoped = new Set([
  // Kubernetes' own.
  "Namespace",
  "Node",
  "ClusterRole",
  "ClusterRoleBinding",
  "PersistentVolume",
  "StorageClass",
  "VolumeAttachment",
  "CSIDriver",
  "CSINode",
  "IngressClass",
  "PriorityClass",
  "RuntimeClass",
  "CustomResourceDefinition",
  "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "APIService",
  "FlowSchema",
  "PriorityLevelConfiguration",
  "CertificateSigningRequest",
  "ClusterTrustBundle",
  "IPAddress",
  "ServiceCIDR",
  "DeviceClass",
  // Served until Kubernetes 1.25, and met still in manifests of the time (removedVersion).
  "PodSecurityPolicy",
  // Gateway API, CSI snapshots, cert-manager, Argo Workflows, Cilium, Calico, Kyverno, External Secrets;
  "GatewayClass",
  "VolumeSnapshotClass",
  "VolumeSnapshotContent",
  "ClusterIssuer",
  "ClusterWorkflowTemplate",
  "CiliumClusterwideNetworkPolicy",
  "GlobalNetworkPolicy",
  "GlobalNetworkSet",
  "HostEndpoint",
  "ClusterPolicy",
  "ClusterSecretStore",
  "ClusterExternalSecret",
  // Karpenter, Kueue, Tekton and Gatekeeper (their CRDs' scope).
  "NodePool",
  "NodeClaim",
  "EC2NodeClass",
  "ClusterQueue",
  "ResourceFlavor",
  "ClusterTask",
  "ConstraintTemplate",
]);

/**
 * Whether an object is cluster-scoped: of a kind above, a Gatekeeper constraint, whose kind each ConstraintTemplate
 * names and whose CRD Gatekeeper makes cluster-scoped (constraints.gatekeeper.sh), or a Sveltos ClusterProfile (the
 * cluster inventory API's ClusterProfile, multicluster.x-k8s.io, is namespaced).
 */
const isClusterScoped = (manifest: Record<string, unknown>): boolean =>
  clusterScoped.has(String(manifest.kind)) ||
  String(manifest.apiVersion).startsWith("constraints.gatekeeper.sh/") ||
  (manifest.kind === "ClusterProfile" && String(manifest.apiVersion).startsWith("config.projectsveltos.io/"));

/** An object as it is created: in `namespace` when it is namespaced and names none. */
export function placedIn(manifest: Record<string, unknown>, namespace: string): Record<string, unknown> {
  // Metadata known only at apply may name a namespace of its own.
  if (isUnknown(manifest.metadata)) return manifest;
  const metadata = (isMap(manifest.metadata) ? manifest.metadata : {}) as Record<string, unknown>;
  const named = metadata.namespace !== undefined && metadata.namespace !== null && metadata.namespace !== "";
  // The API server clears the namespace written on a cluster-scoped object (k8s.io/apiserver, registry/rest/create.go:
  // BeforeCreate), as kustomize's namespace field writes one there.
  if (isClusterScoped(manifest)) {
    if (!named) return manifest;
    const { namespace: _, ...cleared } = metadata;
    return { ...manifest, metadata: cleared };
  }
  // kubectl sets the namespace it is given on an object whose namespace is empty (resource.Helper, SetNamespace).
  return named ? manifest : { ...manifest, metadata: { ...metadata, namespace } };
}

/**
 * The objects a release of the `raw` chart applies, as typed resources of their kinds (those asTypedResource reads):
 * bedag's chart applies each item of `resources` as written (charts/raw/templates/resources.yaml), and Helm creates it
 * in the release's namespace when it names none. Each is judged at the release's address and its place in the values,
 * `helm_release.x.resources[2]`, so that a finding names what is written.
 */
export function rawChartObjects(release: TfResource): TfResource[] {
  if (release.mode === "data" || release.type !== helmReleaseType || release.values.chart !== "raw") return [];
  const releaseNamespace = typeof release.values.namespace === "string" ? release.values.namespace : "default";
  return rawChartDocuments(release).flatMap(({ manifest, at }): TfResource[] => {
    const placed = placedIn(manifest, releaseNamespace);
    const object = asTypedResource({
      ...release,
      address: `${release.address}.${at}`,
      type: "kubernetes_manifest",
      values: { manifest: placed },
      written: writtenUnder(placed, []),
    });
    // Custom resources are judged at the release, as written (appliedObjects); one whose pod templates an operator
    // completes is kept for its pods alone.
    if (object.type !== "kubernetes_manifest") return [object];
    return object.completedPodTemplates ? [{ ...object, values: {} }] : [];
  });
}
