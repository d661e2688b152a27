import type { TfConfiguration, TfResource } from "../../engine/model";
import { originOf } from "../../engine/origins";
import { cite, configurationPolicy, lineInValue, type Violation } from "../../engine/policy";
import { base64Decoded } from "../../lib/cloud-init";
import { parseKubernetesYaml } from "../../lib/go-yaml";
import { appliedObjects, chartValueWritten, helmReleaseType, helmValues, isKind, rawChartDocuments, refusedValues, setValues } from "../../lib/helm";
import { isCustomResource, withV1 } from "../../lib/kubernetes";
import { clusterTemplateType, clusterType, labelsOf, nodeGroupType } from "../../lib/magnum";
import { temporaryUrlKeys } from "../../lib/openstack";
import {
  chartValueSecrets,
  containerFields,
  holdsNamedSecret,
  isLiteralSecret,
  jsonObjectIn,
  literalSecretPaths,
  secretArgumentNames,
  secretInText,
  typeSecretArguments,
} from "../../lib/secrets";
import { attributePath, block, blocks, isMap, keyPath, isUnderPath, list, literalString, pathSegments, valueAtPath, walk } from "../../lib/values";
import { lineInYaml } from "../../lib/yaml-lines";

/** Arguments and resource types other policies already cover, reported once only. */
const coveredElsewhere = new Set(["admin_pass"]);

/**
 * Arguments named like a credential that name one instead, by resource or data source type: Google Secret Manager's
 * `secret` is the secret's id or name, whose value is `secret_data` (the Google provider's
 * google_secret_manager_secret_version and google_secret_manager_secret_version_access, and their regional forms). (A
 * ResourceQuota's hard limits, which count Secrets, are no credentials: literalSecretPaths.)
 */
const namingArguments: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries([
  ...[
    "google_secret_manager_secret_version",
    "google_secret_manager_secret_version_access",
    "google_secret_manager_regional_secret_version",
    "google_secret_manager_regional_secret_version_access",
  ].map((type) => [type, new Set([...coveredElsewhere, "secret"])]),
]);
const typesCoveredElsewhere = new Set([
  ...withV1("kubernetes_secret"),
  "kubernetes_secret_v1_data",
  ...withV1("kubernetes_config_map"),
  "kubernetes_config_map_v1_data",
]);

/**
 * Resources that hand values to a chart: a release, and the helm_template data source, which renders a chart with
 * the same values, set, set_list, set_sensitive and set_wo arguments (the Helm provider v3.1.2, helm/data_helm_template.go).
 */
const chartTypes = new Set([helmReleaseType, "helm_template"]);

/** Where a resource applies objects as written: their fields are read by their words (objectSecrets). */
const manifestTypes = new Set(withV1("kubernetes_manifest"));

/**
 * A network address, which no one keeps secret, though a chart may take it among its secrets: a host name of three
 * labels or more, or with a port, or a URL that holds no user or password (`tempo.tempo.svc.cluster.local:4317`),
 * read decoded where a chart asks it in base64.
 */
const isNetworkAddress = (text: string): boolean =>
  /^(?:[a-z][a-z0-9+.-]*:\/\/(?![^/]*@))?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d{1,5})?(?:\/\S*)?$/i.test(text) &&
  (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /:\d{1,5}(?:\/|$)/.test(text) || /^[^/:]*\.[^/:]*\.[^/:]*(?:[:/]|$)/.test(text));

/**
 * Whether a chart value's path, as `set` names it, names a Secret or a key in one, whose value is a name even when it is
 * set as sensitive: Kubernetes' own references (EnvFromSource's secretRef.name, a SecretKeySelector's secretKeyRef.name
 * and .key, a secret volume's secretName), and a chart's existing Secret (Bitnami's existingSecret,
 * existingSecretPasswordKey).
 */
function namesASecretReference(path: string): boolean {
  const keys = path.replace(/\[\d+\]/g, "").split(/(?<!\\)\./);
  const [last = "", parent = ""] = [keys.at(-1), keys.at(-2)];
  return (
    (last === "name" && /^(secret|configMap)(Key)?Ref$/.test(parent)) ||
    (last === "key" && /^(secret|configMap)KeyRef$/.test(parent)) ||
    last === "secretName" ||
    /^existingSecret/.test(last)
  );
}

/**
 * A Helm release's literal credentials: what `set_sensitive` and `set_wo` set (they exist for secrets: Terraform hides
 * the first from its output, not from the repository or the state, and keeps the second out of the state only), but
 * for a network address or the name of a Secret, and the secrets of the chart values that `values` or `set` write
 * (chartValueSecrets). The raw chart's values are objects, each judged as its kind (a Secret by
 * k8s-secret-no-literal-data), custom resources by objectSecrets.
 */
function releaseSecrets(release: TfResource): Violation[] {
  // set_wo (the Helm provider 3.x's write-only values) keeps them out of the state, not out of the code.
  const sensitive = (["set_sensitive", "set_wo"] as const).flatMap((field) =>
    blocks(release.values[field]).flatMap((set, i) =>
      isLiteralSecret(set.value) && !isNetworkAddress(base64Decoded(set.value as string)) && !namesASecretReference(literalString(set.name) ?? "")
        ? [{ message: `${field} ${literalString(set.name) ?? i} is a literal credential`, address: release.address, path: `${field}[${i}].value` }]
        : [],
    ),
  );
  if (release.values.chart === "raw") return sensitive;
  // What values and set write, set_sensitive's and set_wo's left to the lines above: a literal in values is one,
  // whatever replaces it.
  // A value known only at apply is no literal: the literals beside it are still read.
  const written = helmValues({ ...release, values: { ...release.values, set_sensitive: [], set_wo: [] } }, { unknownsAsWritten: true });
  // Values known only at apply hide no literal of their own; a document Helm refuses cannot be judged.
  if (written === undefined)
    return refusedValues(release)
      ? [
          ...sensitive,
          {
            outcome: "cannot-evaluate",
            message: "a values document is no YAML Helm reads: the chart values' secrets cannot be judged",
            address: release.address,
            path: "values",
          },
        ]
      : sensitive;
  return [
    ...sensitive,
    ...chartValueSecrets(written).map(({ path, said }) => ({
      message: `the chart value ${path} ${said}`,
      address: release.address,
      ...(chartValueWritten(release, path) ?? { path: "values" }),
    })),
  ];
}

/**
 * The literal credentials of the objects a resource applies as written (a kubernetes_manifest, a raw chart's
 * objects): fields named like a credential, and in a custom resource, whose fields no schema of Kubernetes' fixes,
 * fields read by their words (adminPassword), the secrets its texts hold, and the chart values GitOps tools hand to
 * Helm (chartValuesIn).
 */
function objectSecrets(resource: TfResource, apart: ObjectsApart): Violation[] {
  // A raw chart's objects of Kubernetes' own kinds are resources of their own (rawChartObjects), judged as such; its
  // custom resources are judged here, those read as the workloads of their pods too (not again at their typed view).
  const objects = [
    ...appliedObjects(resource)
      .filter(({ manifest }) => resource.type !== helmReleaseType || isCustomResource(manifest))
      .map((object) => ({
        ...object,
        // The pod templates an operator completes are judged as pods too (TfResource.completedPodTemplates).
        podsRead: resource.completedPodTemplates !== undefined || apart.podsRead.has(`${resource.address}.${object.at.replace(/^values\./, "")}`),
      })),
    // A custom resource read as the workload of its pods is judged as written too.
    ...(resource.customResource && !apart.rawChartObjects.has(resource.address)
      ? [{ manifest: resource.customResource as Record<string, unknown>, at: "manifest", podsRead: true }]
      : []),
  ];
  return objects.flatMap(({ manifest, at, podsRead }) => {
    const custom = isCustomResource(manifest);
    // Paths in the object, as the file writes them.
    const chartValues = custom ? chartValuesIn(manifest) : [];
    // Settings read as the values they write (a HelmChartConfig's set) are judged there, once.
    const settingsPaths = chartValues.flatMap((chart) => ("whole" in chart ? [chart.path] : []));
    // Where the object's pods are read, their containers' environment is k8s-env-no-literal-secrets'.
    const named = literalSecretPaths(manifest, { byWord: custom, entries: podsRead ? "outside containers" : "everywhere" }).filter(
      (path) => !settingsPaths.some((at) => isUnderPath(path, at)),
    );
    const found = [
      ...named.map((path) => ({ path, message: `${path} is a literal credential` })),
      ...(custom ? textSecrets(manifest, new Set([...named, ...chartValues.map(({ path }) => path)]), podsRead) : []),
      ...chartValues.flatMap((chart) => {
        if ("unreadable" in chart) return [{ path: chart.path, message: chart.unreadable, outcome: "cannot-evaluate" as const }];
        return chartValueSecrets(chart.values).flatMap(({ path: valuePath, said }) => {
          if (chart.whole) {
            const line = chart.text === undefined ? undefined : lineInYaml(chart.text, pathSegments(valuePath));
            return [{ path: chart.path, message: `${chart.path}: the chart value ${valuePath} ${said}`, ...lineInValue(line) }];
          }
          const field = under(chart.path, valuePath);
          return named.includes(field) ? [] : [{ path: field, message: `${field} ${said}` }];
        });
      }),
    ];
    const prefix = resource.type === helmReleaseType ? `${at}.` : "";
    return found.map(({ path, ...finding }) => ({ ...finding, message: `${prefix}${finding.message}`, address: resource.address, path: under(at, path) }));
  });
}

/**
 * Objects the configuration judges apart: the addresses of custom resources whose pods are read as a workload's, or
 * whose pod templates an operator completes (podsRead: their containers are k8s-env-no-literal-secrets'), and of a raw chart's objects (judged at the release).
 */
interface ObjectsApart {
  readonly podsRead: ReadonlySet<string>;
  readonly rawChartObjects: ReadonlySet<string>;
}

const objectsApart = (resources: readonly TfResource[]): ObjectsApart => ({
  podsRead: new Set(resources.filter((resource) => resource.customResource || resource.completedPodTemplates).map((resource) => resource.address)),
  rawChartObjects: new Set(
    resources
      .filter((resource) => resource.type === helmReleaseType && resource.values.chart === "raw")
      .flatMap((release) => rawChartDocuments(release).map(({ at }) => `${release.address}.${at}`)),
  ),
});

/** A path under another: `spec.values` and `auth.password`, or `["grafana.ini"]` (a key that is no plain name). */
const under = (path: string, subpath: string): string => (subpath.startsWith("[") ? `${path}${subpath}` : attributePath(path, subpath));

/**
 * The secrets an object's texts hold (a JAAS configuration's password="...", a configuration file, a URL with a
 * password), but those at paths read otherwise (`skipped`: named credentials, chart values), in PromQL expressions (a
 * label matcher, {secret="registry-credentials"}, names a series) and a SealedSecret's ciphertext (made to be
 * committed), and, where the object's pods are read, in its containers, which k8s-env-no-literal-secrets judges.
 */
function textSecrets(manifest: Record<string, unknown>, skipped: ReadonlySet<string>, podsRead: boolean): { path: string; message: string }[] {
  const found: { path: string; message: string }[] = [];
  walk(manifest, (item, key, path) => {
    if (typeof key === "string" && (unreadFields.has(key) || (podsRead && containerFields.has(key)))) return false;
    if (skipped.has(path())) return false;
    if (typeof item !== "string") return true;
    const text = secretInText(item, "its text");
    if (text) found.push({ path: path(), message: `${path()} holds ${text} (not shown)` });
    return false;
  });
  return found;
}

const unreadFields = new Set(["expr", "encryptedData"]);

/**
 * Chart values an object hands to Helm, each with its path in the object; `whole` where they are a text or a setting,
 * whose findings are pointed at that field:
 * - a Flux HelmRelease's `spec.values`;
 * - an Argo CD Application's `helm.valuesObject`, `helm.values` (a YAML text) and `helm.parameters` (each a `--set`,
 *   a string with forceString), for its source, or each of its sources where it has them (Argo CD then ignores source),
 *   and an ApplicationSet's, in the template of its Applications;
 * - a K3s or RKE2 HelmChart's or HelmChartConfig's `spec.valuesContent` (a YAML text) and `spec.set` (a map of `--set`
 *   settings; docs.k3s.io, "Helm").
 */
function chartValuesIn(manifest: Record<string, unknown>): ChartValues[] {
  const spec = isMap(manifest.spec) ? manifest.spec : {};
  if (isKind(manifest, "HelmRelease", "helm.toolkit.fluxcd.io")) return isMap(spec.values) ? [{ values: spec.values, path: "spec.values" }] : [];
  if (isKind(manifest, "HelmChart", "helm.cattle.io") || isKind(manifest, "HelmChartConfig", "helm.cattle.io"))
    return [
      ...textValues(spec.valuesContent, "spec.valuesContent"),
      ...settings(
        Object.entries(isMap(spec.set) ? spec.set : {}).map(([name, value]) => ({ name, value })),
        "spec.set",
      ),
    ];
  if (isKind(manifest, "Application", "argoproj.io")) return applicationChartValues(spec, "spec", false);
  const template = isMap(spec.template) && isMap(spec.template.spec) ? spec.template.spec : undefined;
  return isKind(manifest, "ApplicationSet", "argoproj.io") && template ? applicationChartValues(template, "spec.template.spec", true) : [];
}

/**
 * The chart values of an Argo CD Application's spec (at `path`), for each of its sources (chartValuesIn); in an
 * ApplicationSet's template (`templated`), a values text is read with its generators' parameters (`{{ .cluster }}`)
 * filled in, as the controller renders them before Helm reads the text.
 */
function applicationChartValues(spec: Record<string, unknown>, path: string, templated: boolean): ChartValues[] {
  // Argo CD reads sources when it holds one at least (ApplicationSpec.HasMultipleSources), source otherwise.
  const sources =
    Array.isArray(spec.sources) && spec.sources.length > 0
      ? spec.sources.map((source, i) => ({ source, at: `${path}.sources[${i}]` }))
      : [{ source: spec.source, at: `${path}.source` }];
  return sources.flatMap(({ source, at }) => {
    const helm = isMap(source) && isMap(source.helm) ? source.helm : undefined;
    if (!helm) return [];
    return [
      ...(isMap(helm.valuesObject) ? [{ values: helm.valuesObject, path: `${at}.helm.valuesObject` }] : []),
      ...textValues(typeof helm.values === "string" && templated ? helm.values.replace(/\{\{[^{}]*\}\}/g, "generated") : helm.values, `${at}.helm.values`),
      ...settings(
        blocks(helm.parameters).map((parameter) => ({
          name: parameter.name,
          value: parameter.value,
          type: parameter.forceString === true ? "string" : "auto",
        })),
        `${at}.helm.parameters`,
      ),
    ];
  });
}

/** Chart values an object hands to Helm (chartValuesIn), or a text of them Helm could not read. */
/** Chart values, with the YAML text they are read from where they are one (`text`), for the line of a key in it. */
type ChartValues = { values: unknown; path: string; whole?: true; text?: string } | { unreadable: string; path: string };

/** Values written as a YAML text, read whole. */
function textValues(text: unknown, path: string): ChartValues[] {
  if (typeof text !== "string") return [];
  try {
    const values = parseKubernetesYaml(text);
    return isMap(values) ? [{ values, path, whole: true, text }] : [];
  } catch (error) {
    return [
      { unreadable: `the chart values at ${path} are no YAML Helm reads (${(error as Error).message.split("\n")[0]}): their secrets cannot be judged`, path },
    ];
  }
}

/** `--set` settings, read together as the values they write (a list's entries set one by one, a variable's name and value). */
const settings = (sets: readonly Record<string, unknown>[], path: string): ChartValues[] => {
  const values = sets.length > 0 ? setValues(sets) : undefined;
  return values ? [{ values, path, whole: true }] : [];
};

/** A value written to be replaced: CHANGE_ME, REPLACE_ME, TODO, placeholder, dummy, to-be-set. */
const placeholder = /^(?:change[_-]?me|replace[_-]?me|todo|placeholder|dummy|to[_-]?be[_-]?(?:set|changed|replaced))$/i;

/**
 * Whether a top-level argument holds a placeholder that lifecycle.ignore_changes leaves to be replaced outside Terraform
 * (a secret's value set in the console): the configuration holds no credential, and Terraform never writes it back.
 */
function placeholderLeftToTheConsole(resource: TfResource, path: string): boolean {
  const value = resource.values[path];
  if (typeof value !== "string" || !placeholder.test(value.trim())) return false;
  // Terraform's ignore_changes names arguments as references (`[secret_string]`), or `all`.
  const ignored = blocks(resource.values.lifecycle).flatMap((lifecycle) =>
    lifecycle.ignore_changes === "all" || lifecycle.ignore_changes === "${all}" ? ["all"] : list(lifecycle.ignore_changes),
  );
  return ignored.some((name) => name === "all" || name === path || name === `\${${path}}`);
}

const magnumTypes: ReadonlySet<string> = new Set([clusterTemplateType, clusterType, nodeGroupType]);

/**
 * A Magnum label named like a credential that holds a literal, read by word as a chart's values are: Magnum's Heat
 * driver takes Grafana's admin password as the label grafana_admin_passwd (its monitoring labels), and the label is
 * kept in the template, the state and the cluster's metadata.
 */
const labelSecrets = (resource: TfResource): Violation[] =>
  literalSecretPaths(labelsOf(resource) ?? {}, { byWord: true })
    // A label named as an argument that holds a credential (`password`) is found with the resource's arguments.
    .filter((path) => !secretArgumentNames.has(path))
    .map((path) => ({
      message: `the label ${path} is a literal credential`,
      address: resource.address,
      path: `labels.${path}`,
    }));

/** The Temp-URL-Keys a container's or the account's metadata writes out: the secret Swift signs temporary URLs with. */
const signingKeySecrets = (resource: TfResource, values: Record<string, unknown>): Omit<Violation, "address">[] =>
  temporaryUrlKeys(resource)
    .filter((key) => isLiteralSecret(block(values.metadata)?.[key]))
    .map((key) => ({ message: `${key} in the metadata is a literal credential: the key Swift signs temporary URLs with`, path: keyPath("metadata", key) }));

/** A resource's arguments that hold a literal credential: by their names, or in the JSON object a text encodes. */
function argumentSecrets(resource: TfResource, values: Record<string, unknown>): Violation[] {
  const named = literalSecretPaths(values, { except: namingArguments[resource.type] ?? coveredElsewhere, also: typeSecretArguments[resource.type] }).filter(
    (path) => !placeholderLeftToTheConsole(resource, path),
  );
  // A chart's values, JSON being YAML, are read as its values (releaseSecrets).
  const inJson = chartTypes.has(resource.type) ? [] : jsonTextSecrets(values, named);
  return [...named.map((path) => ({ message: `${path} is a literal credential`, path })), ...inJson, ...signingKeySecrets(resource, values)].map(
    (violation) => ({
      ...violation,
      address: resource.address,
    }),
  );
}

/**
 * The credentials an argument holds as a JSON object's text (`data_json = jsonencode({ password = ... })`: Vault's KV
 * secrets, Grafana's secure_json_data_encoded), read by the keys' last words as a chart's values are; `found` are the
 * paths the argument's own name already reports.
 */
function jsonTextSecrets(values: Record<string, unknown>, found: readonly string[]): Omit<Violation, "address">[] {
  const secrets: Omit<Violation, "address">[] = [];
  walk(values, (item, _key, path) => {
    if (typeof item !== "string") return true;
    const parsed = found.includes(path()) ? undefined : jsonObjectIn(item);
    const keys = parsed ? literalSecretPaths(parsed, { byWord: true }) : [];
    if (keys.length > 0) secrets.push({ message: `${path()} holds a literal credential in its JSON (${keys.join(", ")})`, path: path() });
    return false;
  });
  return secrets;
}

/**
 * A root module's variables named like a credential whose default is a literal (`variable "admin_password" { default =
 * "..." }`): the default is written in the configuration, whatever a deployment gives, and is the value where it gives
 * none; read wherever the module uses it, in a provisioner's connection or a template as much as an argument.
 */
const defaultSecrets = (configuration: TfConfiguration): Violation[] =>
  (configuration.variableDefaults ?? []).flatMap(({ name, value }) =>
    literalSecretPaths({ [name]: value }, { byWord: true })
      // Read by its words as a chart's value is: a file's name (`secret_key = ".secrets.yaml"`, a key in a Secret) is none.
      .filter((path) => {
        const segments = pathSegments(path);
        return holdsNamedSecret(String(segments.filter((step) => typeof step === "string").at(-1)), valueAtPath(value, segments.slice(1)));
      })
      .map((path) => {
        const within = path.slice(name.length);
        return {
          message: `variable "${name}" has a literal credential ${within ? `in its default (${within.replace(/^\./, "")})` : "for its default"}, written in the configuration`,
          address: `var.${name}`,
          path: `default${within}`,
        };
      }),
  );

export default configurationPolicy(
  {
    id: "no-literal-secret-arguments",
    title: "No resource argument or variable default holds a literal credential",
    description:
      "Flags any resource or data source argument named password, secret, token, private_key, psk and the like, or whose last words name a credential (client_secret, admin_password, registration_token; not a token that makes a request idempotent, creation_token) (or their write-only forms, password_wo, which keep the value out of the state, not out of the code; read from a plan's configuration section, whose values never hold them) whose value is a literal string, the credentials an argument holds as a JSON object's text (Vault's data_json, Grafana's secure_json_data_encoded), by their keys' last words, and an HTTP Authorization header with its credentials written out, a Temp-URL-Key in a Swift container's or the account's metadata (the key temporary URLs are signed with); in a custom resource and in a chart's values, any key whose last words name a credential (postgresPassword, clientSecret, erlangCookie, apiKey; not existingSecret or passwordKey, which name a Secret or a key in it, nor a secret field that holds an object's name, nor a key's name in a map of a Secret's keys: secretKeys, existingSecretKeys beside existingSecretName, a secretRef's keys), and the secrets a custom resource's texts hold (a JAAS configuration's password); in a Magnum template's, cluster's or node group's labels, any label whose last words name a credential (the Heat driver's grafana_admin_passwd); in a Helm release, what set_sensitive and set_wo set (but a network address, or the name of a Secret or of a key in one); and in chart values (a helm_release's or a helm_template's, a Flux HelmRelease's, an Argo CD Application's or ApplicationSet's values, valuesObject and parameters, a K3s HelmChart's valuesContent and set) environment entries named like a secret that hold a literal, and the secrets their texts hold (a password in a URL, in a configuration file); and a root module's variable whose last words name a credential and whose default is a literal.",
    rationale:
      "A literal credential is stored in the repository, the synthesized JSON and the state; it must be generated server side or passed at deploy time.",
    remediation:
      "Generate the value server side (Barbican, in-cluster) or pass it as a sensitive variable at deploy time; give a chart an existing Secret's name rather than its content.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "10.5.c"), cite("anssi", "PA-022 R34-R38")],
    enforcementLevel: "mandatory",
    // A literal secret cannot hide in a variable; a chart values text Helm cannot read is reported as not evaluable.
    onUnknown: "reported-by-policy",
  },
  (configuration, { graph }) => {
    const apart = objectsApart(configuration.resources);
    const defaults = defaultSecrets(configuration);
    // An argument that reads a variable whose default is such a credential (`password = var.db_password`) is said at
    // the default, where the literal is written, with where it is read: once, not at both.
    const readBy = new Map(defaults.map(({ address }) => [address, [] as string[]]));
    const fromDefault = (resource: TfResource, { path }: Violation): boolean => {
      const variable = originOf(resource, path)?.rootDefault;
      const readers = variable === undefined ? undefined : readBy.get(variable);
      readers?.push(`${resource.address}${path ? ` ${path}` : ""}`);
      return readers !== undefined;
    };
    return configuration.resources
      .filter((resource) => !typesCoveredElsewhere.has(resource.type))
      .flatMap((resource) => [
        // An object applied as written is judged as written (objectSecrets).
        // Read as Terraform knows it at plan: a text made of other resources' arguments is one (ResourceGraph.resolved).
        ...(manifestTypes.has(resource.type) || resource.customResource
          ? []
          : argumentSecrets(resource, graph.resolved(resource).values).filter((violation) => !fromDefault(resource, violation))),
        ...objectSecrets(resource, apart),
        ...(chartTypes.has(resource.type) ? releaseSecrets(resource) : []),
        ...(magnumTypes.has(resource.type) ? labelSecrets(resource) : []),
      ])
      .concat(
        defaults.map((violation) => {
          const readers = readBy.get(violation.address!) ?? [];
          return readers.length === 0 ? violation : { ...violation, message: `${violation.message}, and read by ${readers.join(", ")}` };
        }),
      );
  },
);
