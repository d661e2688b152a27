import type { ResourceGraph } from "../engine/graph";
import type { DefaultLimit, DefaultLimits, GivenSecurityContext, NotKnownHere, TfResource } from "../engine/model";
import { goParseBool } from "../../lib/go-parse-bool";
import type { BackupArchive, DatabaseBackups } from "./cloudnative-pg";
import { configurationObject, gitOpsReleases, keptText } from "./gitops-charts";
import {
  type AppliedManifest,
  appliedManifests,
  appliedManifestsCalled,
  helmReleaseType,
  helmValues,
  isKind,
  mergeMaps,
  objectName,
  placeOf,
  releaseNamespace,
} from "./helm";
import { cronFrequency, namesTimeZone } from "./schedules";
import { containers, namespaceOf, withV1, workloadTypes } from "./kubernetes";
import { block, blocks, fieldAt, isMap, isUnknown, keyPath, list, literalBool, literalString, mapsIn } from "./values";

/**
 * Zalando's postgres-operator (zalando/postgres-operator) runs each `postgresql` (acid.zalan.do) as Spilo pods
 * (zalando/spilo), which archive the WAL and take base backups with WAL-E or WAL-G as their environment says; the
 * operator may also run a logical backup CronJob for it. This reads both as the operator and Spilo do, from the
 * cluster's object, the operator's configuration and the ConfigMaps and Secrets they name.
 */

/**
 * A variable as a Spilo pod receives it: its value and where it is written (`from`, for a message; `path`, in the
 * cluster's resource, when the cluster itself sets it), or why it is known only at apply.
 */
export type EnvValue = { readonly value: string; readonly from: string; readonly path?: string } | { readonly unknown: string };

/** One source of a pod's variables: its entries in order (a name known only at apply undefined), or why what it sets is not known. */
type EnvSource = readonly { readonly name: string | undefined; readonly value: EnvValue }[] | { readonly unknown: string };

/**
 * The operator's settings, as its OperatorConfiguration's `configuration` holds them (sections kubernetes, aws_or_gcp,
 * logical_backup), with those it holds outside any section in one named general.
 */
interface OperatorConfiguration {
  readonly resource: TfResource;
  /**
   * Where the operator runs, in which a pod environment ConfigMap named without a namespace is looked up first; undefined
   * or an interpolation when known only at apply.
   */
  readonly namespace: unknown;
  /** Where a setting of a section is written in the resource. */
  readonly pathOf: (section: string, name: string) => string;
  readonly configuration: Record<string, unknown>;
}

type ReadConfiguration = OperatorConfiguration | { readonly unread: string };

/** The sections read here; a ConfigMap of the operator holds their settings in one map (pkg/util/config/config.go, NewFromMap). */
const sections = ["general", "kubernetes", "aws_or_gcp", "logical_backup", "connection_pooler", "postgres_pod_resources"];

/** An OperatorConfiguration object's settings. */
function fromOperatorObject(applied: AppliedManifest): ReadConfiguration {
  const configuration = fieldAt(applied.manifest, "configuration");
  return isMap(configuration)
    ? {
        resource: applied.resource,
        namespace: fieldAt(applied.manifest, "metadata", "namespace") ?? "default",
        pathOf: (section, name) => placeOf(applied, section === "general" ? `configuration.${name}` : `configuration.${section}.${name}`),
        configuration: { ...configuration, general: configuration },
      }
    : { unread: `the configuration of ${objectName(applied.manifest)} is known only at apply` };
}

/** A ConfigMap's settings, one map for every section. */
function fromConfigMap(resource: TfResource, data: unknown, namespace: string, pathOf: (name: string) => string): ReadConfiguration {
  if (isUnknown(data)) return { unread: `the data of ${resource.address} is known only at apply` };
  const settings = isMap(data) ? data : {};
  return { resource, namespace, pathOf: (_, name) => pathOf(name), configuration: Object.fromEntries(sections.map((section) => [section, settings])) };
}

/**
 * The configurations the operator's Deployments name, as the operator reads its own environment: the
 * OperatorConfiguration POSTGRES_OPERATOR_CONFIGURATION_OBJECT names in its namespace, else the ConfigMap CONFIG_MAP_NAME
 * names (`namespace/name`, or a name in its namespace), else its defaults (pkg/controller/controller.go,
 * initOperatorConfig; cmd/main.go); undefined when no Deployment names either.
 */
function namedByDeployments(graph: ResourceGraph): ReadConfiguration[] | undefined {
  const named = graph.ofType(workloadTypes).flatMap((workload) =>
    containers(workload).flatMap(({ container, path }): ReadConfiguration[] => {
      const env = blocks(container.env);
      const written = (name: string) => env.find((each) => each.name === name)?.value;
      const [object, configMap] = ["POSTGRES_OPERATOR_CONFIGURATION_OBJECT", "CONFIG_MAP_NAME"].map(written);
      if (object === undefined && configMap === undefined) return [];
      const namespace = namespaceOf(workload, graph);
      if (isUnknown(object) || isUnknown(configMap) || namespace === undefined)
        return [{ unread: `the configuration the operator's ${workload.address} names is known only at apply` }];
      if (typeof object === "string" && object !== "") {
        const found = appliedManifestsCalled(graph, object).find(
          ({ manifest }) => isKind(manifest, "OperatorConfiguration", "acid.zalan.do") && (manifest.metadata?.namespace ?? "default") === namespace,
        );
        return [
          found
            ? fromOperatorObject(found)
            : { unread: `the OperatorConfiguration ${namespace}/${object} that ${workload.address} names is not in this configuration` },
        ];
      }
      if (typeof configMap === "string" && configMap !== "") {
        const [own, name] = namespacedName(configMap, namespace);
        const found = configMaps(graph).find((each) => each.namespace === own && each.name === name);
        return [
          found
            ? fromConfigMap(found.resource, found.data, namespace, found.pathOf)
            : { unread: `the ConfigMap ${own}/${name} that ${workload.address} names is not in this configuration` },
        ];
      }
      return [{ resource: workload, namespace, pathOf: () => `${path}.env`, configuration: {} }];
    }),
  );
  return named.length > 0 ? named : undefined;
}

/** A name the operator reads as `namespace/name`, or a name alone in the namespace given (pkg/spec/types.go, DecodeWorker). */
function namespacedName(value: string, namespace: unknown): [unknown, string] {
  const [first, rest] = value.split(/\/(.*)/s);
  return rest === undefined ? [namespace, first!] : [first, rest.replace(/^\/+/, "")];
}

/** The ConfigMaps of a configuration, applied as objects or as the provider's typed resources, with where each setting is written. */
const configMaps = (graph: ResourceGraph): { resource: TfResource; namespace: unknown; name: unknown; data: unknown; pathOf: (name: string) => string }[] => [
  ...appliedManifests(graph)
    .filter(({ manifest }) => manifest.apiVersion === "v1" && manifest.kind === "ConfigMap")
    .map((applied) => ({
      resource: applied.resource,
      namespace: applied.manifest.metadata?.namespace ?? "default",
      name: applied.manifest.metadata?.name,
      data: applied.manifest.data,
      pathOf: (name: string) => placeOf(applied, `data.${name}`),
    })),
  ...graph.ofType(withV1("kubernetes_config_map")).map((resource) => ({
    resource,
    namespace: block(resource.values.metadata)?.namespace ?? "default",
    name: block(resource.values.metadata)?.name,
    data: resource.values.data,
    pathOf: (name: string) => keyPath("data", name),
  })),
];

/**
 * The chart's defaults for the settings read here (charts/postgres-operator/values.yaml, configLogicalBackup), which
 * name a bucket, unlike the operator's own defaults (pkg/util/config/config.go).
 */
const chartDefaults = {
  logical_backup: { logical_backup_provider: "s3", logical_backup_s3_bucket: "my-bucket-url", logical_backup_schedule: "30 00 * * *" },
  postgres_pod_resources: { default_cpu_limit: "1", default_memory_limit: "500Mi" },
};

/** The chart's values sections and the sections of the OperatorConfiguration it writes from them (templates/operatorconfiguration.yaml). */
const chartSections: Readonly<Record<string, string>> = {
  general: "configGeneral",
  kubernetes: "configKubernetes",
  aws_or_gcp: "configAwsOrGcp",
  logical_backup: "configLogicalBackup",
  connection_pooler: "configConnectionPooler",
  postgres_pod_resources: "configPostgresPodResources",
};

/**
 * Zalando's chart, `postgres-operator`, from Zalando's repository (opensource.zalando.com): the name alone is not enough,
 * as other operators' charts have been published under it.
 */
const isZalandoChart = (chart: unknown, repository: unknown): boolean =>
  /(?:^|\/)postgres-operator(?:-[\d.]+\.tgz)?$/.test(literalString(chart) ?? "") &&
  /zalando/.test(`${literalString(repository) ?? ""} ${literalString(chart) ?? ""}`);

/**
 * The settings a release of the chart gives the operator, from its values over the chart's defaults; `at` is where the
 * values are written in the resource that installs it.
 */
function fromChart(resource: TfResource, namespace: string | undefined, values: Record<string, unknown> | undefined, at: string): ReadConfiguration {
  if (values === undefined) return { unread: `the values of ${resource.address} are known only at apply` };
  const configuration = Object.fromEntries(
    Object.entries(chartSections).map(([section, key]) => [
      section,
      mergeMaps((fieldAt(chartDefaults, section) as Record<string, unknown>) ?? {}, isMap(values[key]) ? values[key] : {}),
    ]),
  );
  return { resource, namespace, pathOf: (section, name) => `${at}.${chartSections[section]}.${name}`, configuration };
}

/**
 * The operator's configurations a configuration writes: those its Deployments name, or else every OperatorConfiguration
 * object; and the releases of the operator's chart, by a helm_release or a GitOps controller (its repository read from
 * the object that names it), whose Deployment names the configuration it writes from its values.
 */
const operatorConfigurations = (graph: ResourceGraph): readonly ReadConfiguration[] =>
  graph.cached("zalando: operator configurations", () => [
    ...(namedByDeployments(graph) ??
      appliedManifests(graph)
        .filter(({ manifest }) => isKind(manifest, "OperatorConfiguration", "acid.zalan.do"))
        .map(fromOperatorObject)),
    ...graph.resources
      .filter((resource) => resource.mode !== "data" && resource.type === helmReleaseType && isZalandoChart(resource.values.chart, resource.values.repository))
      .map((resource) => fromChart(resource, releaseNamespace(resource, graph), helmValues(resource, { unknownsAsWritten: true }), "values")),
    ...gitOpsReleases(graph)
      .filter(({ chart, repository }) => isZalandoChart(chart, repository))
      .map(({ resource, installer, namespace, values, valuesAt }) =>
        "unread" in values
          ? { unread: `${resource.address} installs the operator's chart through ${installer}, whose ${values.unread} are not read here` }
          : fromChart(resource, namespace, values, valuesAt),
      ),
  ]);

/** A flag that turns a part on: true, false where unset or false, or the expression of one known only at apply. */
const turnedOn = (value: unknown): boolean | string => (literalBool(value) === true ? true : isUnknown(value) ? (value as string) : false);

/**
 * Whether a postgresql runs connection pooler pods (pkg/cluster/connection_pooler.go, needMasterConnectionPoolerWorker
 * and needReplicaConnectionPoolerWorker): the primary's where enableConnectionPooler is true, or left unset beside a
 * connectionPooler section; the replicas' where enableReplicaConnectionPooler is true. The expression of a flag known
 * only at apply where that decides.
 */
export function connectionPoolerRuns(spec: Record<string, unknown>): boolean | string {
  const primary = spec.enableConnectionPooler;
  const bySection = (primary === undefined || primary === null) && spec.connectionPooler !== undefined && spec.connectionPooler !== null;
  const flags = [bySection || turnedOn(primary), turnedOn(spec.enableReplicaConnectionPooler)];
  return flags.includes(true) || (flags.find((flag) => typeof flag === "string") ?? false);
}

/** Whether a postgresql runs the operator's logical backup job (enableLogicalBackup). */
export const logicalBackupRuns = (spec: Record<string, unknown>): boolean | string => turnedOn(spec.enableLogicalBackup);

/** The one configuration of the operator, or why it is not known here. */
function operatorConfiguration(graph: ResourceGraph): OperatorConfiguration | { readonly unknown: string } {
  const found = operatorConfigurations(graph);
  if (found.length === 0)
    return {
      unknown: "the operator's configuration (an OperatorConfiguration, or the values of Zalando's postgres-operator chart) is not in this configuration",
    };
  if (found.length > 1) return { unknown: "the configuration writes several configurations of the operator, and which one it reads is not known here" };
  const [only] = found;
  return "unread" in only! ? { unknown: only.unread } : only!;
}

/** A setting of the operator's configuration: its value and where it is written, or why it is not known. */
function setting(operator: OperatorConfiguration, section: string, name: string): { value: unknown; at: string } | { unknown: string } {
  const value = fieldAt(operator.configuration, section, name);
  if (isUnknown(fieldAt(operator.configuration, section)) || isUnknown(value)) return { unknown: `the operator's ${name} is known only at apply` };
  return { value, at: operator.pathOf(section, name) };
}

/**
 * The operator's settings that name the images it runs for a cluster, with their defaults in v2.0.1 (pkg/util/config/config.go;
 * the chart's values.yaml writes the same).
 */
const imageSettings = {
  docker_image: { section: "general", fallback: "ghcr.io/zalando/spilo-18:4.1-p2" },
  connection_pooler_image: { section: "connection_pooler", fallback: "ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1" },
  logical_backup_docker_image: { section: "logical_backup", fallback: "ghcr.io/zalando/postgres-operator/logical-backup:v2.0.1" },
} as const;

/**
 * The image an operator's setting names (imageSettings), and where: its value, else its default (empty is unset,
 * util.Coalesce); or why it is not known here.
 */
export function operatorImageSetting(graph: ResourceGraph, name: keyof typeof imageSettings): { text: string; from: string } | { unknown: string } {
  const operator = operatorConfiguration(graph);
  if ("unknown" in operator) return operator;
  const { section, fallback } = imageSettings[name];
  const found = settingOrDefault(operator, section, name, fallback);
  if ("unknown" in found) return found;
  return { text: found.value, from: found.from ?? `the operator's default ${name}, as ${operator.resource.address} sets none` };
}

/**
 * A boolean setting of the operator as it reads it, a ConfigMap's text as Go's strconv.ParseBool (pkg/util/config), an
 * OperatorConfiguration's bool as written; its default where unset; or why it is not known here.
 */
function booleanSetting(operator: OperatorConfiguration | NotKnownHere, name: string, fallback: boolean): boolean | NotKnownHere {
  if ("unknown" in operator) return { unknown: `its ${name}, as ${operator.unknown}` };
  const found = setting(operator, "kubernetes", name);
  if ("unknown" in found) return found;
  const value = typeof found.value === "string" ? goParseBool(found.value) : found.value;
  return typeof value === "boolean" ? value : fallback;
}

/**
 * The security context the operator gives the Spilo container of every cluster, by its settings (pkg/cluster/k8sres.go,
 * generateContainer: privileged from spilo_privileged, off by default; privilege escalation from
 * spilo_allow_privilege_escalation, on by default: pkg/util/config/config.go, and the OperatorConfiguration's
 * importConfigurationFromCRD, util.CoalesceBool with true).
 */
export function spiloSecurityContext(graph: ResourceGraph): GivenSecurityContext {
  const operator = operatorConfiguration(graph);
  return {
    privileged: booleanSetting(operator, "spilo_privileged", false),
    allow_privilege_escalation: booleanSetting(operator, "spilo_allow_privilege_escalation", true),
  };
}

/**
 * The limits the operator gives a container that leaves one unset (pkg/cluster/k8sres.go, generateResourceRequirements),
 * from two of its settings, none when empty (no default in pkg/util/config/config.go; the chart's values give them), or
 * why they are not known here:
 * - a cluster's pods', its postgres_pod_resources' default_cpu_limit and default_memory_limit ("1" and 500Mi in the
 *   chart);
 * - its connection poolers', connection_pooler's connection_pooler_default_cpu_limit and
 *   connection_pooler_default_memory_limit ("1" and 100Mi in the chart; connection_pooler.go,
 *   makeDefaultConnectionPoolerResources).
 */
export function defaultLimitsOf(graph: ResourceGraph, of: "pods" | "pooler" | "logical backup"): DefaultLimits | NotKnownHere {
  if (of === "logical backup") return logicalBackupLimits(graph);
  const [section, prefix] = of === "pods" ? ["postgres_pod_resources", "default"] : ["connection_pooler", "connection_pooler_default"];
  const operator = operatorConfiguration(graph);
  if ("unknown" in operator) return { unknown: `its ${prefix}_cpu_limit and ${prefix}_memory_limit, as ${operator.unknown}` };
  return bothLimits((kind) => limitSetting(operator, section, `${prefix}_${kind}_limit`));
}

/** A limit setting of the operator's configuration, its value (none unless a text or a number) and where it is written. */
function limitSetting(operator: OperatorConfiguration, section: string, name: string): DefaultLimit | NotKnownHere {
  const found = setting(operator, section, name);
  if ("unknown" in found) return found;
  const value = typeof found.value === "string" || typeof found.value === "number" ? found.value : undefined;
  return { value, from: `${name} of ${operator.resource.address} ${found.at}` };
}

/** The CPU and memory limits `limit` gives, or why the first of them not known here is not. */
function bothLimits(limit: (kind: "cpu" | "memory") => DefaultLimit | NotKnownHere): DefaultLimits | NotKnownHere {
  const cpu = limit("cpu");
  if ("unknown" in cpu) return cpu;
  const memory = limit("memory");
  return "unknown" in memory ? memory : { cpu, memory };
}

/** The values the operator reads as no quantity (k8sres.go, fillResourceList: emptyResourceExamples). */
export const emptyResources: ReadonlySet<string> = new Set(["", "0", "null"]);

/**
 * The limits of the logical backup's pod (k8sres.go, generateLogicalBackupJob): logical_backup's logical_backup_cpu_limit
 * and logical_backup_memory_limit, each the pods' default (defaultLimitsOf) where it is one the operator reads as none
 * (fillResourceList, emptyResourceExamples: "", "0", "null").
 */
function logicalBackupLimits(graph: ResourceGraph): DefaultLimits | NotKnownHere {
  const pods = defaultLimitsOf(graph, "pods");
  const operator = operatorConfiguration(graph);
  if ("unknown" in pods || "unknown" in operator) return pods;
  return bothLimits((kind) => {
    const own = limitSetting(operator, "logical_backup", `logical_backup_${kind}_limit`);
    return "unknown" in own || (own.value !== undefined && !emptyResources.has(String(own.value))) ? own : pods[kind];
  });
}

/** A ConfigMap's or Secret's entries as variables, each read as keptText reads it, prefixed as envFrom prefixes them. */
function objectEntries(object: Record<string, unknown>, what: string, prefix: unknown): EnvSource {
  if (isUnknown(object.data) || isUnknown(object.stringData)) return { unknown: `the entries of ${what} are known only at apply` };
  // In the order of their keys, as the operator appends them (getPodEnvironmentSecretVariables, sort.Slice).
  const keys = [...new Set([...Object.keys(isMap(object.data) ? object.data : {}), ...Object.keys(isMap(object.stringData) ? object.stringData : {})])].sort();
  if (keys.some(isUnknown)) return { unknown: `a key of ${what} is named at apply` };
  return keys.map((key) => {
    const text = keptText(object, key);
    return {
      name: `${String(prefix)}${key}`,
      value: text === undefined || text === "absent" ? { unknown: `${key} of ${what} is known only at apply` } : { value: text, from: `${key} of ${what}` },
    };
  });
}

/** The variables a ConfigMap or Secret of the configuration gives, or why they are not known. */
function envOfObject(graph: ResourceGraph, kind: "ConfigMap" | "Secret", namespace: unknown, name: unknown, what: string, prefix: unknown = ""): EnvSource {
  if (isUnknown(name) || namespace === undefined || isUnknown(namespace) || isUnknown(prefix)) return { unknown: `${what} is named at apply` };
  const object = configurationObject(graph, kind, namespace, name);
  if (object === undefined) return { unknown: `${what} (${kind} ${String(namespace)}/${String(name)}) is not in this configuration` };
  return objectEntries(object, `${what} ${String(namespace)}/${String(name)}`, prefix);
}

/** The variables the cluster's own spec.env sets, which come before all others. */
function specEnv(applied: AppliedManifest): EnvSource {
  const env = fieldAt(applied.manifest, "spec", "env");
  if (isUnknown(env) || list(env).some(isUnknown)) return { unknown: "spec.env is known only at apply" };
  return mapsIn(env).map((entry, i) => ({
    name: isUnknown(entry.name) ? undefined : String(entry.name),
    value: isUnknown(entry.name)
      ? { unknown: `spec.env[${i}].name is known only at apply` }
      : isUnknown(entry.value)
        ? { unknown: `spec.env[${i}].value is known only at apply` }
        : entry.valueFrom !== undefined
          ? { unknown: `spec.env[${i}] takes its value from an object at apply (valueFrom)` }
          : { value: String(entry.value ?? ""), from: `spec.env[${i}]`, path: placeOf(applied, `spec.env[${i}].value`) },
  }));
}

/** The variables the operator's configuration gives every cluster: its WAL buckets (generateSpiloPodEnvVars). */
function operatorEnv(operator: OperatorConfiguration): EnvSource {
  const variables = { wal_s3_bucket: "WAL_S3_BUCKET", wal_gs_bucket: "WAL_GS_BUCKET", wal_az_storage_account: "AZURE_STORAGE_ACCOUNT" };
  return Object.entries(variables).flatMap(([name, variable]): { name: string; value: EnvValue }[] => {
    const found = setting(operator, "aws_or_gcp", name);
    if ("unknown" in found) return [{ name: variable, value: found }];
    return typeof found.value === "string" && found.value !== ""
      ? [{ name: variable, value: { value: found.value, from: `the operator's ${name} (${operator.resource.address} ${found.at})` } }]
      : [];
  });
}

/** A Spilo pod's variables by where they come from: its container's env, in order, and its envFrom, in order. */
interface PodEnv {
  readonly env: readonly EnvSource[];
  readonly envFrom: readonly EnvSource[];
}

/**
 * The sources of a Spilo pod's variables. Its container's env, first first (pkg/cluster/k8sres.go,
 * generateSpiloPodEnvVars, which appends each only where no earlier one has its name, in any case): the cluster's
 * spec.env; the operator's pod environment Secret (pod_environment_secret, in the cluster's namespace) and ConfigMap
 * (pod_environment_configmap, `namespace/name`, or a name in the operator's namespace; either not found there is looked
 * up in the cluster's), each in the order of their keys; the WAL buckets of the operator's configuration. Then the
 * ConfigMaps and Secrets of spec.envFrom, which the operator gives the container as they are.
 */
function envSources(applied: AppliedManifest, graph: ResourceGraph): PodEnv {
  const namespace = fieldAt(applied.manifest, "metadata", "namespace") ?? "default";
  const operator = operatorConfiguration(graph);
  const fromOperator = (): EnvSource[] => {
    if ("unknown" in operator) return [{ unknown: operator.unknown }];
    const secret = setting(operator, "kubernetes", "pod_environment_secret");
    const configMap = setting(operator, "kubernetes", "pod_environment_configmap");
    const sources: EnvSource[] = [];
    if ("unknown" in secret) sources.push(secret);
    else if (typeof secret.value === "string" && secret.value !== "")
      sources.push(envOfObject(graph, "Secret", namespace, secret.value, "the operator's pod environment Secret"));
    if ("unknown" in configMap) sources.push(configMap);
    else if (typeof configMap.value === "string" && configMap.value !== "") {
      const [own, name] = namespacedName(configMap.value, operator.namespace);
      const what = "the operator's pod environment ConfigMap";
      // Not found, it is looked up in the cluster's namespace (getPodEnvironmentConfigMapVariables).
      const lookedUp = own === undefined || isUnknown(own) || configurationObject(graph, "ConfigMap", own, name) ? own : namespace;
      sources.push(envOfObject(graph, "ConfigMap", lookedUp, name, what));
    }
    return [...sources, operatorEnv(operator)];
  };
  const envFrom = fieldAt(applied.manifest, "spec", "envFrom");
  const fromEnvFrom: EnvSource[] =
    isUnknown(envFrom) || list(envFrom).some(isUnknown)
      ? [{ unknown: "spec.envFrom is known only at apply" }]
      : mapsIn(envFrom).map((entry, i) => {
          const what = `the object of spec.envFrom[${i}]`;
          const prefix = entry.prefix ?? "";
          const reference = isMap(entry.configMapRef)
            ? (["ConfigMap", entry.configMapRef] as const)
            : isMap(entry.secretRef)
              ? (["Secret", entry.secretRef] as const)
              : undefined;
          return reference ? envOfObject(graph, reference[0], namespace, reference[1].name, what, prefix) : { unknown: `${what} is known only at apply` };
        });
  return { env: [specEnv(applied), ...fromOperator()], envFrom: fromEnvFrom };
}

/**
 * A variable as the pod receives it, in its case, or undefined when unset. In the container's env the first source to
 * name it in any case sets it, or keeps it out when in another case; then envFrom's, whose last source to name it wins
 * (Kubernetes: a variable of env over any of envFrom, and the last of envFrom over the ones before it).
 */
function variable({ env, envFrom }: PodEnv, name: string): EnvValue | undefined {
  for (const source of env) {
    if ("unknown" in source) return { unknown: source.unknown };
    // A name known only at apply may be this one.
    const entry = source.find((each) => each.name === undefined || each.name.toLowerCase() === name.toLowerCase());
    if (entry === undefined) continue;
    if (entry.name === undefined || entry.name === name) return entry.value;
    // Named in another case, it keeps this name out of the container's env.
    break;
  }
  for (const source of [...envFrom].reverse()) {
    if ("unknown" in source) return { unknown: source.unknown };
    const entry = source.find((each) => each.name === name);
    if (entry) return entry.value;
  }
  return undefined;
}

/**
 * The variables by which Spilo archives the WAL, any one of them set (configure_spilo.py: USE_WALE, from
 * AUTO_ENABLE_WALG_RESTORE and the Swift and Google ones); without one, archive_command is /bin/true and no base backup
 * is scheduled. The operator's wal_az_storage_account alone sets none of them: WAL-G's Azure storage needs WALG_AZ_PREFIX.
 */
export const walVariables = [
  "WAL_S3_BUCKET",
  "WALE_S3_PREFIX",
  "WALG_S3_PREFIX",
  "WALG_AZ_PREFIX",
  "WALG_SSH_PREFIX",
  "WAL_SWIFT_BUCKET",
  "WALE_SWIFT_PREFIX",
  "WAL_GCS_BUCKET",
  "WAL_GS_BUCKET",
  "WALE_GS_PREFIX",
  "WALG_GS_PREFIX",
] as const;

/** How long a logical backup is kept: `date -d "<retention> ago"` (logical-backup/dump.sh), read for whole days, weeks, months or years. */
function logicalRetention(retention: string): BackupArchive["retention"] {
  if (retention === "") return { days: Number.POSITIVE_INFINITY };
  const [, count, unit] = /^\s*(\d+)\s*(day|week|month|year)s?\s*$/i.exec(retention) ?? [];
  if (count === undefined) return { unknown: `its logical backups are kept "${retention}", a span not read here` };
  // A month and a year counted as their shortest, so that a minimum is never overstated.
  return { days: Number(count) * { day: 1, week: 7, month: 28, year: 365 }[unit!.toLowerCase() as "day" | "week" | "month" | "year"] };
}

/** The postgresql clusters a configuration applies, each with the sources of its pods' variables, found once per configuration. */
export const zalandoClusters = (graph: ResourceGraph): readonly { readonly applied: AppliedManifest; readonly env: (name: string) => EnvValue | undefined }[] =>
  graph.cached("zalando: clusters", () =>
    appliedManifests(graph)
      .filter(({ manifest }) => isKind(manifest, "postgresql", "acid.zalan.do"))
      .map((applied) => {
        const sources = envSources(applied, graph);
        return { applied, env: (name: string) => variable(sources, name) };
      }),
  );

/** Whether Spilo archives the WAL: a WAL variable set and not empty; "unknown" (why) when one that would decide is known only at apply. */
export function archivesWal(env: (name: string) => EnvValue | undefined): boolean | { readonly unknown: string } {
  const values = walVariables.map(env);
  if (values.some((value) => value !== undefined && "value" in value && value.value !== "")) return true;
  const unknown = values.find((value) => value !== undefined && "unknown" in value);
  return unknown && "unknown" in unknown ? { unknown: unknown.unknown } : false;
}

/** A value a logical backup job is given, and where it is written (for a message), or why it is not known here. */
type JobValue = { readonly value: string; readonly from?: string } | { readonly unknown: string };

/** A setting of the operator's configuration as the text it gives, its default when unset or empty (pkg/util/config/config.go). */
function settingOrDefault(operator: OperatorConfiguration, section: string, name: string, fallback: string): JobValue {
  const found = setting(operator, section, name);
  if ("unknown" in found) return found;
  return typeof found.value === "string" && found.value !== ""
    ? { value: found.value, from: `${name} of ${operator.resource.address} ${found.at}` }
    : { value: fallback };
}

/**
 * The variables by which the logical backup job (logical-backup/dump.sh) knows where to upload and what to delete, and
 * the settings the operator gives them from, for its provider only where it says so (k8sres.go,
 * generateLogicalBackupPodEnvVars).
 */
const jobVariables = {
  LOGICAL_BACKUP_PROVIDER: { setting: "logical_backup_provider", fallback: "s3" },
  LOGICAL_BACKUP_S3_BUCKET: { setting: "logical_backup_s3_bucket" },
  LOGICAL_BACKUP_S3_ENDPOINT: { setting: "logical_backup_s3_endpoint", provider: "s3" },
  LOGICAL_BACKUP_S3_RETENTION_TIME: { setting: "logical_backup_s3_retention_time", provider: "s3" },
  LOGICAL_BACKUP_AZURE_STORAGE_ACCOUNT_NAME: { setting: "logical_backup_azure_storage_account_name", provider: "az" },
  LOGICAL_BACKUP_AZURE_STORAGE_CONTAINER: { setting: "logical_backup_azure_storage_container", provider: "az" },
} as const satisfies Record<string, { setting: string; fallback?: string; provider?: string }>;

export type JobVariable = keyof typeof jobVariables;

/**
 * A variable of a cluster's logical backup job as dump.sh reads it: the entry of the operator's
 * logical_backup_cronjob_environment_secret, a Secret of the cluster's namespace whose keys the operator appends after
 * its own variables, so that they win (generateLogicalBackupJob; Kubernetes gives the last of an env's entries of one
 * name); else the operator's own, LOGICAL_BACKUP_S3_RETENTION_TIME from the cluster's logicalBackupRetention first.
 */
export function logicalBackupVariable(manifest: Record<string, unknown>, graph: ResourceGraph, variable: JobVariable): JobValue {
  const read: { setting: string; fallback?: string; provider?: string } = jobVariables[variable];
  const operator = operatorConfiguration(graph);
  if ("unknown" in operator) return { unknown: `${operator.unknown}, and it may set ${read.setting}` };
  const secret = setting(operator, "logical_backup", "logical_backup_cronjob_environment_secret");
  if ("unknown" in secret) return secret;
  if (typeof secret.value === "string" && secret.value !== "") {
    const namespace = fieldAt(manifest, "metadata", "namespace") ?? "default";
    const entries = envOfObject(graph, "Secret", namespace, secret.value, "the logical backup job's environment Secret");
    if ("unknown" in entries) return { unknown: `${entries.unknown}, and it may set ${variable}` };
    const entry = entries.find((each) => each.name === variable);
    if (entry) return entry.value;
  }
  if (read.provider !== undefined) {
    const provider = settingOrDefault(operator, "logical_backup", "logical_backup_provider", "s3");
    if ("unknown" in provider) return provider;
    if (provider.value !== read.provider) return { value: "" };
  }
  const retention = literalString(fieldAt(manifest, "spec", "logicalBackupRetention"));
  if (variable === "LOGICAL_BACKUP_S3_RETENTION_TIME" && retention) return { value: retention, from: "spec.logicalBackupRetention" };
  return settingOrDefault(operator, "logical_backup", read.setting, read.fallback ?? "");
}

/**
 * Whether a cluster has logical backups, or why it is not known: the operator keeps their CronJob only for a cluster with
 * instances (sync.go), as many as numberOfInstances within the operator's min_instances and max_instances, unless the
 * cluster's annotation of ignore_instance_limits_annotation_key is "true" (k8sres.go, getNumberOfInstances).
 */
export function hasLogicalBackups(manifest: Record<string, unknown>, graph: ResourceGraph): boolean | { readonly unknown: string } {
  for (const field of ["enableLogicalBackup", "numberOfInstances"])
    if (isUnknown(fieldAt(manifest, "spec", field))) return { unknown: `spec.${field} is known only at apply` };
  if (fieldAt(manifest, "spec", "enableLogicalBackup") !== true) return false;
  const written = fieldAt(manifest, "spec", "numberOfInstances");
  const instances = typeof written === "number" ? written : 0;
  const operator = operatorConfiguration(graph);
  if ("unknown" in operator) return instances > 0 || { unknown: `${operator.unknown}, and its min_instances may give the cluster instances` };
  const limits = ["min_instances", "max_instances", "ignore_instance_limits_annotation_key"].map((name) => setting(operator, "general", name));
  const unknown = limits.find((limit) => "unknown" in limit);
  if (unknown && "unknown" in unknown) return { unknown: unknown.unknown };
  const [min, max, ignoredBy] = limits.map((limit) => ("value" in limit ? limit.value : undefined));
  const annotation = typeof ignoredBy === "string" && ignoredBy !== "" ? fieldAt(manifest, "metadata", "annotations", ignoredBy) : undefined;
  if (isUnknown(annotation)) return { unknown: `its annotation ${String(ignoredBy)} is known only at apply` };
  if (annotation === "true") return instances > 0;
  // A ConfigMap gives them as text; -1, their default, sets no limit.
  const limit = (value: unknown) => (/^\d+$/.test(String(value ?? "")) ? Number(value) : undefined);
  const capped = Math.min(instances, limit(max) ?? instances);
  return Math.max(capped, limit(min) ?? capped) > 0;
}

/** The variables a logical backup job needs to store its dump, by provider. */
const logicalDestinations: Readonly<Record<string, readonly JobVariable[]>> = {
  s3: ["LOGICAL_BACKUP_S3_BUCKET"],
  gcs: ["LOGICAL_BACKUP_S3_BUCKET"],
  az: ["LOGICAL_BACKUP_AZURE_STORAGE_ACCOUNT_NAME", "LOGICAL_BACKUP_AZURE_STORAGE_CONTAINER"],
};

/** The logical backups of a cluster: their schedule, from its spec or the operator's configuration, and their retention, as its job is given it. */
function logicalBackups(
  manifest: Record<string, unknown>,
  graph: ResourceGraph,
): BackupArchive | { readonly unknown: string } | { readonly storesNothing: string } | undefined {
  const spec = fieldAt(manifest, "spec");
  for (const field of ["logicalBackupSchedule", "logicalBackupRetention"])
    if (isUnknown(fieldAt(spec, field))) return { unknown: `spec.${field} is known only at apply` };
  const enabled = hasLogicalBackups(manifest, graph);
  if (enabled !== true) return enabled === false ? undefined : enabled;
  const operator = operatorConfiguration(graph);
  if ("unknown" in operator) return { unknown: `${operator.unknown}, and it may set logical_backup_schedule` };
  const written = literalString(fieldAt(spec, "logicalBackupSchedule"));
  const schedule = written ? { value: written } : settingOrDefault(operator, "logical_backup", "logical_backup_schedule", "30 00 * * *");
  if ("unknown" in schedule) return schedule;
  const provider = logicalBackupVariable(manifest, graph, "LOGICAL_BACKUP_PROVIDER");
  if ("unknown" in provider) return provider;
  // dump.sh takes an empty provider for s3, uploads to S3 or GCS, in LOGICAL_BACKUP_S3_BUCKET, or to an Azure account's
  // container, and nowhere for another provider (upload and az_upload).
  const providerName = provider.value || "s3";
  const destination = logicalDestinations[providerName];
  if (destination === undefined) return { storesNothing: `its logical backup job uploads nothing for the provider ${providerName} (only s3, gcs and az)` };
  for (const variable of destination) {
    const set = logicalBackupVariable(manifest, graph, variable);
    if ("unknown" in set) return set;
    if (set.value === "") return { storesNothing: `its logical backup job is given no ${variable} (${jobVariables[variable].setting}) and uploads nothing` };
  }
  // Only an S3 upload deletes old dumps (aws_delete_outdated): elsewhere they are kept.
  const retention = providerName === "s3" ? logicalBackupVariable(manifest, graph, "LOGICAL_BACKUP_S3_RETENTION_TIME") : { value: "" };
  if ("unknown" in retention) return retention;
  return {
    what: "its logical backups",
    retention: logicalRetention(retention.value),
    // A CronJob's schedule naming a time zone is refused by the API server: the job never runs.
    scheduled: [namesTimeZone(schedule.value) ? "other" : cronFrequency(schedule.value)],
  };
}

/**
 * The backups of Zalando's clusters. Spilo archives the WAL when a WAL variable is set (walVariables), and then takes a
 * base backup on BACKUP_SCHEDULE (`0 1 * * *` unless set), keeping BACKUP_NUM_TO_RETAIN of them (5 unless set) and
 * every one younger than that many days, two at least (scripts/postgres_backup.sh); with `enableLogicalBackup`, the
 * operator dumps the cluster on a schedule too. A standby cluster, which replays its source's archive, is not judged.
 */
export function zalandoBackups(graph: ResourceGraph): DatabaseBackups[] {
  return zalandoClusters(graph)
    .filter(({ applied }) => {
      // A spec known only at apply gives its standby as unknown (fieldAt), and is judged undecided.
      const standby = fieldAt(applied.manifest, "spec", "standby");
      return standby === undefined || isUnknown(standby);
    })
    .map(({ applied: { manifest, resource }, env }): DatabaseBackups => {
      const name = objectName(manifest);
      const unknownSpec = isUnknown(fieldAt(manifest, "spec"))
        ? "its spec"
        : isUnknown(fieldAt(manifest, "spec", "standby"))
          ? "whether it is a standby"
          : undefined;
      if (unknownSpec) return { resource, name, archiver: undefined, archives: [], undecided: `${unknownSpec} is known only at apply` };
      const archives = archivesWal(env);
      const logical = logicalBackups(manifest, graph);
      const undecided: string[] = [];
      if (typeof archives !== "boolean") undecided.push(`whether it archives its WAL is not known: ${archives.unknown}`);
      if (logical && "unknown" in logical) undecided.push(`its logical backups are not known: ${logical.unknown}`);
      const baseBackups = (): BackupArchive => {
        const schedule = env("BACKUP_SCHEDULE") ?? { value: "0 1 * * *" };
        const kept = env("BACKUP_NUM_TO_RETAIN") ?? { value: "5" };
        if ("unknown" in schedule) undecided.push(`its base backups' schedule (BACKUP_SCHEDULE) is not known: ${schedule.unknown}`);
        const count = "value" in kept && /^\d+$/.test(kept.value) ? Number(kept.value) : undefined;
        return {
          what: "its WAL archive",
          retention:
            "unknown" in kept
              ? { unknown: `BACKUP_NUM_TO_RETAIN is not known: ${kept.unknown}` }
              : count === undefined
                ? { unknown: `BACKUP_NUM_TO_RETAIN is ${kept.value}, not a number` }
                : { days: Math.max(count, 2) },
          scheduled: "value" in schedule ? [cronFrequency(schedule.value)] : [],
        };
      };
      const found = [...(archives === true ? [baseBackups()] : []), ...(logical && "what" in logical ? [logical] : [])];
      return {
        resource,
        name,
        archiver: archives === true ? { method: "Spilo" } : found.length > 0 ? { method: "logical backups" } : undefined,
        archives: found,
        ...(found.length === 0
          ? {
              lacks: `archives no WAL (Spilo archives only with a WAL bucket or prefix, WAL_S3_BUCKET or WALG_S3_PREFIX among them) and ${
                logical && "storesNothing" in logical ? `stores no logical backup: ${logical.storesNothing}` : "has no logical backups (enableLogicalBackup)"
              }`,
            }
          : {}),
        ...(undecided.length > 0 ? { undecided: undecided.join("; ") } : {}),
      };
    });
}
