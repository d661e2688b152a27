import type { GivenSecurityContext, OperatorCompletion } from "../engine/model";
import { isMap } from "../lib/helm";
import { groupKindOf } from "../lib/kubernetes";
import { isUnknownValue, list } from "../lib/values";
import { asMap, itemsOf, type Origin, type PodGroup, templatesIn, viewOfGroups, type WorkflowPods } from "./argo-workflows";

type Path = readonly (string | number)[];
/** A stack version's release, and whether it is a pre-release of it (`8.8.0-SNAPSHOT`). */
type Version = readonly [major: number, minor: number, patch: number, preRelease?: boolean];

/**
 * Where each kind of Elastic's operator (ECK) holds the pod templates of the pods it runs, under its spec
 * (cloud-on-k8s pkg/apis: NodeSet.PodTemplate in elasticsearch_types.go, the PodTemplate of KibanaSpec, ApmServerSpec,
 * EnterpriseSearchSpec, LogstashSpec, MapsSpec, PackageRegistrySpec, AutoOpsAgentPolicySpec, and of the DaemonSetSpec,
 * DeploymentSpec and StatefulSetSpec of a Beat or an Agent; `*` stands for each item of a list).
 */
const templatesAt: Readonly<Record<string, readonly Path[]>> = {
  "elasticsearch.k8s.elastic.co/Elasticsearch": [["nodeSets", "*", "podTemplate"]],
  "kibana.k8s.elastic.co/Kibana": [["podTemplate"]],
  "autoops.k8s.elastic.co/AutoOpsAgentPolicy": [["podTemplate"]],
  "packageregistry.k8s.elastic.co/PackageRegistry": [["podTemplate"]],
  "apm.k8s.elastic.co/ApmServer": [["podTemplate"]],
  "enterprisesearch.k8s.elastic.co/EnterpriseSearch": [["podTemplate"]],
  "logstash.k8s.elastic.co/Logstash": [["podTemplate"]],
  "maps.k8s.elastic.co/ElasticMapsServer": [["podTemplate"]],
  "beat.k8s.elastic.co/Beat": [
    ["daemonSet", "podTemplate"],
    ["deployment", "podTemplate"],
  ],
  "agent.k8s.elastic.co/Agent": [
    ["daemonSet", "podTemplate"],
    ["deployment", "podTemplate"],
    ["statefulSet", "podTemplate"],
  ],
};

/**
 * A stack version as the operator compares it (pkg/controller/common/version, semver). The expression of a version
 * known only at apply; undefined for a version it cannot parse, whose object it refuses.
 */
function stackVersion(value: unknown): Version | string | undefined {
  if (isUnknownValue(value)) return value;
  const parts = typeof value === "string" ? /^(\d+)\.(\d+)\.(\d+)(-[^+]*)?(?:\+.*)?$/.exec(value) : null;
  return parts ? [Number(parts[1]), Number(parts[2]), Number(parts[3]), parts[4] !== undefined] : undefined;
}

/**
 * Whether a version reaches a minimum. Most minimums are written X.Y.Z-SNAPSHOT (version.MinFor, MustParse), which the
 * pre-releases of X.Y.Z reach; one written X.Y.Z (version.From: Kibana's) only its release does (`releaseOnly`).
 */
const atLeast = (version: Version, [major, minor, patch]: Version, releaseOnly = false): boolean =>
  version[0] !== major
    ? version[0] > major
    : version[1] !== minor
      ? version[1] > minor
      : version[2] !== patch
        ? version[2] > patch
        : !(releaseOnly && version[3]);

/** A value the operator gives to the stack versions that pass `gives`: absent for the others, the version's expression when it is known only at apply. */
function byVersion<T>(version: Version | string | undefined, gives: (version: Version) => boolean, value: T): T | string | undefined {
  if (typeof version === "string") return version;
  return version !== undefined && gives(version) ? value : undefined;
}

/** A value the operator gives from a stack version on (byVersion). */
const since = <T>(version: Version | string | undefined, minimum: Version, value: T, releaseOnly = false): T | string | undefined =>
  byVersion(version, (each) => atLeast(each, minimum, releaseOnly), value);

/** What the operator gives the pods of one kind, where each template of an object is `at` in its spec. */
interface Defaults {
  readonly containerSecurityContexts: OperatorCompletion["containerSecurityContexts"];
  readonly given: (at: Path) => GivenSecurityContext;
  readonly podSeccompProfile?: string;
}

const dataVolume = "elasticsearch-data";
const namesOf = (value: unknown, name: (item: Record<string, unknown>) => unknown): unknown[] => list(value).map((item) => (isMap(item) ? name(item) : item));

/**
 * Whether an Elasticsearch node set mounts its data volume, which makes the operator give its containers a read-only
 * root filesystem (nodespec/podspec.go, enableReadOnlyRootFilesystem): a claim template of that name, the default one
 * the operator adds to a node set that writes none (common/defaults/pvc.go, AppendDefaultPVCs), or a volume of that name
 * in its pod template (nodespec/volumes.go, AppendDefaultDataVolumeMount).
 */
function mountsDataVolume(nodeSet: Record<string, unknown>): boolean | string {
  const claims = nodeSet.volumeClaimTemplates;
  if (isUnknownValue(claims)) return claims;
  const template = isMap(nodeSet.podTemplate) && isMap(nodeSet.podTemplate.spec) ? nodeSet.podTemplate.spec : {};
  const names = [
    ...namesOf(claims, (claim) => (isMap(claim.metadata) ? claim.metadata.name : undefined)),
    ...namesOf(template.volumes, (volume) => volume.name),
  ];
  if (list(claims).length === 0 || names.includes(dataVolume)) return true;
  return names.find(isUnknownValue) ?? false;
}

/** Whether the package registry's image runs as a numeric non-root user (packageregistry/pod.go, supportsRunAsNonRoot). */
const packageRegistryRunsAsNonRoot = (version: Version): boolean =>
  atLeast(version, [9, 3, 0]) ||
  (version[0] === 9 && version[1] === 2 && version[2] >= 4) ||
  (version[0] === 9 && version[1] === 1 && version[2] >= 10) ||
  (version[0] === 8 && atLeast(version, [8, 19, 10]));

/** The node set a template sits in (`nodeSets.<i>.podTemplate`); none where the node sets are known only at apply. */
function nodeSetAt(spec: Record<string, unknown>, at: Path): Record<string, unknown> {
  const nodeSet = at[0] === "nodeSets" ? list(spec.nodeSets)[Number(at[1])] : undefined;
  return isMap(nodeSet) ? nodeSet : {};
}

const noDefaults: Defaults = { containerSecurityContexts: "none", given: () => ({}) };

/**
 * What the operator gives the containers of each kind that fills them, by the object's stack version, with the operator
 * run as it is by default off OpenShift (`--set-default-security-context=auto-detect`, cmd/manager/main.go), which
 * gives the pod's seccomp profile where the template writes no pod security context (WithPodSecurityContext):
 * - Elasticsearch: no privilege escalation, a read-only root filesystem where the data volume is mounted, every
 *   capability dropped from 8.0, run as non-root from 8.8, a RuntimeDefault profile from 8.0
 *   (elasticsearch/securitycontext/securitycontext.go, For; nodespec/podspec.go);
 * - Kibana from 7.10 (before, nothing): no privilege escalation, every capability dropped, a read-only root
 *   filesystem, a RuntimeDefault profile (kibana/securitycontext.go, kibana/pod.go); a user id, but not run as
 *   non-root;
 * - AutoOps: no privilege escalation, every capability dropped, a writable root filesystem, a RuntimeDefault profile
 *   (autoops/expected.go);
 * - the package registry: no privilege escalation, every capability dropped, run as non-root by version, a
 *   RuntimeDefault profile (packageregistry/pod.go);
 * - an APM server, a Logstash, a maps server: a RuntimeDefault profile alone (apmserver/pod.go, logstash/pod.go,
 *   maps/pod.go); a Beat, an Agent, an Enterprise Search: nothing.
 */
function defaultsOf(kind: string, spec: Record<string, unknown>): Defaults {
  const version = stackVersion(spec.version);
  switch (kind) {
    case "elasticsearch.k8s.elastic.co/Elasticsearch":
      return {
        containerSecurityContexts: "unwritten",
        given: (at) => ({
          allow_privilege_escalation: false,
          read_only_root_filesystem: mountsDataVolume(nodeSetAt(spec, at)),
          drop: since(version, [8, 0, 0], ["ALL"]),
          run_as_non_root: since(version, [8, 8, 0], true),
        }),
        podSeccompProfile: since(version, [8, 0, 0], "RuntimeDefault"),
      };
    case "kibana.k8s.elastic.co/Kibana": {
      const hardened = since(version, [7, 10, 0], true, true);
      if (hardened === undefined) return noDefaults;
      const from = <T>(value: T): T | string => (hardened === true ? value : hardened);
      return {
        containerSecurityContexts: "unwritten",
        given: () => ({ allow_privilege_escalation: from(false), read_only_root_filesystem: from(true), drop: from(["ALL"]) }),
        podSeccompProfile: from("RuntimeDefault"),
      };
    }
    case "autoops.k8s.elastic.co/AutoOpsAgentPolicy":
      return {
        containerSecurityContexts: "unwritten",
        given: () => ({ allow_privilege_escalation: false, read_only_root_filesystem: false, drop: ["ALL"] }),
        podSeccompProfile: "RuntimeDefault",
      };
    case "packageregistry.k8s.elastic.co/PackageRegistry":
      return {
        containerSecurityContexts: "unwritten",
        given: () => ({
          allow_privilege_escalation: false,
          drop: ["ALL"],
          run_as_non_root: byVersion(version, packageRegistryRunsAsNonRoot, true),
        }),
        podSeccompProfile: "RuntimeDefault",
      };
    case "apm.k8s.elastic.co/ApmServer":
    case "logstash.k8s.elastic.co/Logstash":
    case "maps.k8s.elastic.co/ElasticMapsServer":
      return { ...noDefaults, podSeccompProfile: "RuntimeDefault" };
    default:
      return noDefaults;
  }
}

/**
 * The container an object of Elastic's operator runs its product in, by name (pkg/apis: ElasticsearchContainerName,
 * KibanaContainerName...; a Beat's is its type, beat/common/pod.go NewPodTemplateBuilder(podTemplate, spec.Type)).
 */
const mainContainers: Readonly<Record<string, string>> = {
  "elasticsearch.k8s.elastic.co/Elasticsearch": "elasticsearch",
  "kibana.k8s.elastic.co/Kibana": "kibana",
  "autoops.k8s.elastic.co/AutoOpsAgentPolicy": "autoops-agent",
  "packageregistry.k8s.elastic.co/PackageRegistry": "package-registry",
  "apm.k8s.elastic.co/ApmServer": "apm-server",
  "enterprisesearch.k8s.elastic.co/EnterpriseSearch": "enterprise-search",
  "logstash.k8s.elastic.co/Logstash": "logstash",
  "maps.k8s.elastic.co/ElasticMapsServer": "maps",
  "agent.k8s.elastic.co/Agent": "agent",
};

/**
 * The pod templates of an object of Elastic's operator, with the name of the container it runs its product in, and
 * whether every group of pods it runs has one (an Elasticsearch node set may write no podTemplate); undefined for an
 * object of another kind.
 */
export function elasticProductContainer(
  manifest: Record<string, unknown>,
): { readonly name: unknown; readonly templates: readonly unknown[]; readonly everyPodTemplated: boolean } | undefined {
  const { apiVersion, kind } = manifest;
  if (typeof apiVersion !== "string") return undefined;
  const kindName = groupKindOf(apiVersion, kind);
  const paths = templatesAt[kindName];
  // The kind before the spec: an object of another kind is not read.
  const spec = paths && manifest.spec;
  if (!paths || !isMap(spec)) return undefined;
  const templates = paths.flatMap((path) => templatesIn(spec, path)).map(({ template }) => template);
  const groups = kindName === "elasticsearch.k8s.elastic.co/Elasticsearch" ? list(spec.nodeSets).length : 1;
  return { name: mainContainers[kindName] ?? spec.type, templates, everyPodTemplated: templates.length >= groups };
}

/**
 * The limits the operator gives the container it runs its product in where neither the template nor the object's
 * resources shorthand writes any CPU or memory (each kind's DefaultResources: elasticsearch/nodespec/defaults.go,
 * kibana/pod.go, apmserver/pod.go, enterprisesearch/pod.go, logstash/pod.go, maps/pod.go, packageregistry/pod.go,
 * autoops/expected.go, beat/common/pod.go; agent/pod.go, defaultResources, or defaultFleetResources in fleet mode):
 * most give a memory limit alone.
 */
function productLimits(kind: string, spec: Record<string, unknown>): Record<string, string> {
  switch (kind) {
    case "elasticsearch.k8s.elastic.co/Elasticsearch":
    case "kibana.k8s.elastic.co/Kibana":
      return { memory: "2Gi" };
    case "apm.k8s.elastic.co/ApmServer":
      return { memory: "512Mi" };
    case "enterprisesearch.k8s.elastic.co/EnterpriseSearch":
      return { memory: "4Gi" };
    case "maps.k8s.elastic.co/ElasticMapsServer":
      return { memory: "200Mi" };
    case "logstash.k8s.elastic.co/Logstash":
      return { cpu: "2000m", memory: "2Gi" };
    case "packageregistry.k8s.elastic.co/PackageRegistry":
      return { cpu: "1000m", memory: "4Gi" };
    case "autoops.k8s.elastic.co/AutoOpsAgentPolicy":
      return { cpu: "200m", memory: "400Mi" };
    case "beat.k8s.elastic.co/Beat":
      return { cpu: "100m", memory: "300Mi" };
    default:
      return { cpu: "200m", memory: spec.mode === "fleet" ? "1Gi" : "400Mi" };
  }
}

const isWritten = (value: unknown): boolean => value !== undefined && value !== null;

/**
 * The resources of the container the operator runs its product in (pod_template.go, WithResourcesAndOverrides): the
 * template's; the operator's defaults where neither they nor the shorthand (`resources`) give any CPU or memory; then
 * each CPU or memory limit the shorthand writes over them.
 */
function productResources(written: unknown, shorthand: unknown, defaults: Record<string, string>): unknown {
  if (isUnknownValue(written)) return written;
  if (isUnknownValue(shorthand)) return shorthand;
  const own = asMap(written);
  const over = asMap(shorthand);
  const overLimits = asMap(over.limits);
  const overridden = [overLimits, asMap(over.requests)].some((side) => isWritten(side.cpu) || isWritten(side.memory));
  const base = isWritten(own.limits) || isWritten(own.requests) || overridden ? own : { ...own, limits: defaults };
  const limits = Object.fromEntries(["cpu", "memory"].flatMap((kind) => (isWritten(overLimits[kind]) ? [[kind, overLimits[kind]]] : [])));
  return Object.keys(limits).length === 0 ? base : { ...base, limits: { ...asMap(base.limits), ...limits } };
}

/**
 * An object's group of pods viewed as a pod template: its pod template, with the container the operator runs its
 * product in given its resources (productResources), added where the template does not name it; where the group
 * writes no pod template, the operator's pods alone, named by the group.
 */
function elasticGroup(
  holder: unknown,
  at: Path,
  view: number,
  product: {
    readonly name: unknown;
    readonly shorthand: unknown;
    readonly shorthandAt: Path;
    readonly limits: Record<string, string>;
    readonly sidecars: readonly { name: string; securityContext?: Record<string, unknown> }[];
  },
): PodGroup {
  const templateAt: Path = ["spec", ...at, "podTemplate"];
  const podTemplate = isUnknownValue(holder) ? holder : asMap(holder).podTemplate;
  const podSpec = asMap(asMap(podTemplate).spec);
  const pod: Path = ["spec", "template", view];
  const written: Origin = isUnknownValue(holder) || podTemplate === undefined ? [pod, ["spec", ...at], undefined, "whole"] : [pod, templateAt];
  if (isUnknownValue(podTemplate) || isUnknownValue(asMap(podTemplate).spec) || typeof product.name !== "string")
    return { template: podTemplate ?? {}, origins: [written] };
  const containers = itemsOf(podSpec.containers);
  const main = containers.findIndex((container) => asMap(container).name === product.name);
  const index = main === -1 ? containers.length : main;
  const resources = asMap(containers[main]).resources;
  const container = { ...asMap(containers[main]), name: product.name, resources: productResources(resources, product.shorthand, product.limits) };
  const viewed = main === -1 ? [...containers, container] : containers.map((each, i) => (i === main ? container : each));
  // A sidecar the template names keeps what it writes, the operator's filling the rest (WithContainers); the others
  // are added.
  const sidecarOrigins: Origin[] = [];
  for (const sidecar of product.sidecars) {
    const named = viewed.findIndex((each) => asMap(each).name === sidecar.name);
    if (named === -1) {
      sidecarOrigins.push([[...pod, "spec", "containers", viewed.length], ["spec", "monitoring"], undefined, "whole"]);
      viewed.push(sidecar);
    } else if (sidecar.securityContext && !isWritten(asMap(viewed[named]).securityContext))
      viewed[named] = { ...asMap(viewed[named]), securityContext: sidecar.securityContext };
  }
  return {
    template: { ...asMap(podTemplate), spec: { ...podSpec, containers: viewed } },
    origins: [
      written,
      ...(main === -1 ? [[[...pod, "spec", "containers", index], ["spec", ...at], undefined, "whole"] as Origin] : []),
      ...(isWritten(resources) ? [] : [[[...pod, "spec", "containers", index, "resources"], product.shorthandAt] as Origin]),
      ...sidecarOrigins,
    ],
  };
}

/**
 * The stack monitoring sidecars the operator adds to the pods of an Elasticsearch, a Kibana or a Logstash whose
 * spec.monitoring names Elasticsearch clusters to ship to (common/stackmon/sidecar.go, metricbeat for its metrics and
 * filebeat for its logs; monitoring.go, AreEsRefsDefined: every ref names a cluster or a secret): no resources, and for
 * an Elasticsearch its own security context (elasticsearch/securitycontext, DefaultBeatSecurityContext: every
 * capability dropped, no privilege nor escalation, a read-only root filesystem, run as non-root from 8.8).
 */
function monitoringSidecars(kind: string, spec: Record<string, unknown>): { name: string; securityContext?: Record<string, unknown> }[] {
  if (!["elasticsearch.k8s.elastic.co/Elasticsearch", "kibana.k8s.elastic.co/Kibana", "logstash.k8s.elastic.co/Logstash"].includes(kind)) return [];
  const monitoring = asMap(spec.monitoring);
  const shipped = (key: string) => {
    const refs = list(asMap(monitoring[key]).elasticsearchRefs);
    const named = (value: unknown) => isUnknownValue(value) || (typeof value === "string" && value !== "");
    return refs.length > 0 && refs.every((ref) => isMap(ref) && (named(ref.name) || named(ref.secretName)));
  };
  const runAsNonRoot = since(stackVersion(spec.version), [8, 8, 0], true);
  const securityContext =
    kind === "elasticsearch.k8s.elastic.co/Elasticsearch"
      ? {
          capabilities: { drop: ["ALL"] },
          privileged: false,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          ...(runAsNonRoot === undefined ? {} : { runAsNonRoot }),
        }
      : undefined;
  return [
    ["metrics", "metricbeat"],
    ["logs", "filebeat"],
  ].flatMap(([key, name]) => (shipped(key!) ? [{ name: name!, ...(securityContext ? { securityContext } : {}) }] : []));
}

/** Elastic's own init containers, which a template names to change them, the operator filling what it leaves out. */
const operatorOwn = (name: string): boolean => name.startsWith("elastic-internal-");

/**
 * The pods an object of Elastic's operator runs, written as a Deployment whose `spec.template` lists a pod template
 * per group of pods (an Elasticsearch node set, or the object), with where each is written. The operator completes a
 * template, filling only what it leaves unset (pkg/controller/common/defaults/pod_template.go, PodTemplateBuilder:
 * each default is set "unless already provided in the template"; the container it runs its product in is added where
 * the template does not name it, with its resources, elasticGroup): what a template writes is what the pods run; of
 * what it leaves unset, the operator sets the token's mount (off, setDefaults), the security context of a container
 * that writes none and the pod's seccomp profile where it gives them (defaultsOf), the product's resources, and those
 * of its own init containers.
 */
export function elasticPods(manifest: Record<string, unknown>): WorkflowPods | undefined {
  const { apiVersion, kind, spec } = manifest;
  if (typeof apiVersion !== "string" || !isMap(spec)) return undefined;
  const kindName = groupKindOf(apiVersion, kind);
  const holders = (templatesAt[kindName] ?? []).flatMap((path) => templatesIn(spec, path.slice(0, -1)));
  if (holders.length === 0) return undefined;
  const defaults = defaultsOf(kindName, spec);
  const perNodeSet = kindName === "elasticsearch.k8s.elastic.co/Elasticsearch";
  const groups = holders.map(({ template: holder, at }, i) =>
    elasticGroup(holder, at, i, {
      name: mainContainers[kindName] ?? spec.type,
      shorthand: perNodeSet ? asMap(holder).resources : spec.resources,
      shorthandAt: perNodeSet ? ["spec", ...at, "resources"] : ["spec", "resources"],
      limits: productLimits(kindName, spec),
      sidecars: monitoringSidecars(kindName, spec),
    }),
  );
  return {
    ...viewOfGroups(manifest, groups),
    // setDefaults turns the token off where a template says nothing.
    completedByOperator: {
      operator: "Elastic's operator",
      tokenMounted: false,
      containerSecurityContexts: defaults.containerSecurityContexts,
      given: holders.map(({ at }) => defaults.given([...at, "podTemplate"])),
      ...(defaults.podSeccompProfile === undefined ? {} : { podSeccompProfile: defaults.podSeccompProfile }),
      resourcesAsViewed: true,
      resourcesGivenTo: operatorOwn,
    },
  };
}
