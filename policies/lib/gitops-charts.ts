import { createHash } from "node:crypto";
import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { goTemplateFilled } from "./go-template";
import { parseKubernetesYaml } from "./go-yaml";
import { appliedManifests, helmReleaseType, isKind, isSveltosProfile, mergeMaps, setValues } from "./helm";
import { withV1 } from "./kubernetes";
import { blocks, decodedBase64, fieldAt, isMap, isUnknown, list, literalString, memoized } from "./values";
import { groupedBy } from "../../lib/groups";

type Values = Record<string, unknown>;

/** A chart a GitOps controller installs from an object of the configuration, and the values it renders the chart with. */
export interface GitOpsRelease {
  /** The resource that applies the installing object. */
  readonly resource: TfResource;
  /** What installs the chart, for a message: "a Flux HelmRelease". */
  readonly installer: string;
  /** The chart as the object names it: a name, `repository/name`, a package's URL, or the URL of the OCI repository it comes from. */
  readonly chart: string;
  /** The repository the chart is fetched from as written (a HelmRepository's URL, a source's repoURL); undefined when none is read. */
  readonly repository?: string;
  /** The chart's version or version constraint as written; undefined when none is. */
  readonly version: string | undefined;
  /** The release's name, which the chart's templates name their objects after; undefined when not written. */
  readonly releaseName: string | undefined;
  /** The namespace the release installs into, where Helm writes the objects that name none; undefined when not written. */
  readonly namespace: string | undefined;
  /** The values the controller hands to Helm, merged in its order; or what of them is not read here. */
  readonly values: Values | { readonly unread: string };
  /** The object's field that writes the values, for a message: "spec.values". */
  readonly valuesAt: string;
}

const unread = (what: string): { unread: string } => ({ unread: what });

/** Whether an object has that name and namespace, as written. */
const placedAs = (object: unknown, name: unknown, namespace: unknown): boolean =>
  fieldAt(object, "metadata", "name") === name && fieldAt(object, "metadata", "namespace") === namespace;

/** A list of objects indexed by name (`metadata.name`, as written), once per list. */
const byNameIn = memoized((objects: readonly Record<string, unknown>[]) => groupedBy(objects, (object) => fieldAt(object, "metadata", "name")));

/**
 * The objects of a list with that name, in the list's order: each release and each pod looks its objects up in the
 * whole configuration's.
 */
const objectsNamed = (objects: readonly Record<string, unknown>[], name: unknown): readonly Record<string, unknown>[] => byNameIn(objects).get(name) ?? [];

/** Whether a field lists something: a list with an entry, or a value known only at apply. */
const given = (value: unknown): boolean => list(value).length > 0 || isUnknown(value);

/** A values text as Helm reads a values file (none: no values), or what refuses it. */
function valuesText(text: unknown, field: string): Values | { unread: string } {
  if (text === undefined || text === null || text === "") return {};
  if (typeof text !== "string" || isUnknown(text)) return unread(`${field}, known only at apply`);
  try {
    const values = parseKubernetesYaml(text);
    return isMap(values) ? values : {};
  } catch {
    return unread(`${field}, no YAML Helm reads`);
  }
}

/** Values merged over values, or the first reason either is not read. */
const over = (base: Values | { unread: string }, next: Values | { unread: string }): Values | { unread: string } =>
  "unread" in base ? base : "unread" in next ? next : mergeMaps(base, next);

/** `--set` settings applied over values (setValues), or why they are not read here. */
function withSettings(values: Values | { unread: string }, sets: readonly Values[], field: string): Values | { unread: string } {
  if ("unread" in values || sets.length === 0) return values;
  return setValues(sets, values) ?? unread(field);
}

/**
 * The chart a Flux HelmRelease's spec.chartRef names (helm-controller api/v2, HelmReleaseSpec.ChartRef, a
 * CrossNamespaceSourceReference in the release's namespace unless it names one): an OCIRepository's artifact is the
 * chart at its spec.url (oci://host/path/name), a HelmChart names it in its spec.chart. Undefined when the object is not
 * in the configuration, or names no literal chart.
 */
function fluxChartRef(manifest: Record<string, unknown>, manifests: readonly Record<string, unknown>[]): string | undefined {
  const reference = fieldAt(manifest, "spec", "chartRef");
  const kind = fieldAt(reference, "kind");
  if (kind !== "OCIRepository" && kind !== "HelmChart") return undefined;
  const namespace = fieldAt(reference, "namespace") ?? fieldAt(manifest, "metadata", "namespace");
  const name = fieldAt(reference, "name");
  const source = objectsNamed(manifests, name).find((object) => isKind(object, kind, "source.toolkit.fluxcd.io") && placedAs(object, name, namespace));
  return literalString(fieldAt(source, "spec", kind === "OCIRepository" ? "url" : "chart"));
}

/**
 * The text a ConfigMap or a Secret of the configuration holds under a key: a ConfigMap's data, a Secret's stringData
 * (which the API server writes into its data) or its data decoded from base64; "absent" when the object has no such
 * key; undefined when it is known only at apply, or is a Secret encrypted with SOPS, or no base64.
 */
export function keptText(object: Record<string, unknown>, key: string): string | "absent" | undefined {
  const text = (value: unknown) => (value === undefined ? "absent" : typeof value === "string" && !isUnknown(value) ? value : undefined);
  if (object.kind === "ConfigMap") return text(fieldAt(object, "data", key));
  if (fieldAt(object, "sops") !== undefined) return undefined;
  const written = fieldAt(object, "stringData", key);
  if (written !== undefined) return text(written);
  const encoded = text(fieldAt(object, "data", key));
  if (encoded === undefined || encoded === "absent") return encoded;
  return decodedBase64(encoded);
}

/**
 * A Flux HelmRelease's values: each of spec.valuesFrom in order, a ConfigMap or a Secret of the release's namespace
 * whose key (valuesKey, values.yaml by default) holds a values text merged over the values before it, or, with a
 * targetPath, one value set at that path as `--set` sets it (`--set-string` when quoted, its quotes trimmed; verbatim when
 * literal); then spec.values merged over them all (fluxcd/pkg chartutil/values.go, ChartValuesFromReferences,
 * ReplacePathValue, ReplacePathLiteralValue). A reference to an object not in the configuration, optional or not, leaves
 * the values unread: the object may be in the cluster. Values files of the chart's source (spec.chart.spec.valuesFiles)
 * and post-renderers, which patch what the chart writes, are not read.
 */
function fluxValues(manifest: Record<string, unknown>, manifests: readonly Record<string, unknown>[]): Values | { unread: string } {
  const spec = fieldAt(manifest, "spec");
  if (given(fieldAt(spec, "chart", "spec", "valuesFiles")) || given(fieldAt(spec, "chart", "spec", "valuesFile")))
    return unread("spec.chart.spec.valuesFiles (values files of the chart's source)");
  if (given(fieldAt(spec, "postRenderers"))) return unread("spec.postRenderers (patches of what the chart writes)");
  const written = fieldAt(spec, "values") ?? {};
  if (isUnknown(written)) return unread("spec.values, known only at apply");
  if (!isMap(written)) return unread("spec.values, no map");
  const references = fieldAt(spec, "valuesFrom");
  if (isUnknown(references)) return unread("spec.valuesFrom, known only at apply");
  const namespace = fieldAt(manifest, "metadata", "namespace");
  let merged: Values | { unread: string } = {};
  for (const [i, reference] of list(references).entries()) {
    const kind = fieldAt(reference, "kind");
    const name = literalString(fieldAt(reference, "name"));
    const key = literalString(fieldAt(reference, "valuesKey")) ?? "values.yaml";
    const object = objectsNamed(manifests, name).find((each) => each.apiVersion === "v1" && each.kind === kind && placedAs(each, name, namespace));
    const at = `spec.valuesFrom[${i}] (${kind} ${name}, key ${key}`;
    if (!object || (kind !== "ConfigMap" && kind !== "Secret")) return unread(`${at}: not in what was checked)`);
    const text = keptText(object, key);
    if (text === "absent" && fieldAt(reference, "optional") === true) continue;
    if (text === undefined || text === "absent") return unread(`${at}: ${text === "absent" ? "no such key" : "known only at apply, encrypted or no base64"})`);
    const path = literalString(fieldAt(reference, "targetPath"));
    if (path === undefined) {
      merged = over(merged, valuesText(text, `${at})`));
      continue;
    }
    const quoted = ["'", '"'].some((quote) => text.startsWith(quote) && text.endsWith(quote));
    const set =
      fieldAt(reference, "literal") === true
        ? { name: path, value: text.replace(/[\\,[\]{}]/g, (character) => `\\${character}`), type: "string" }
        : quoted
          ? { name: path, value: text.replace(/^["']+|["']+$/g, ""), type: "string" }
          : { name: path, value: text };
    merged = withSettings(over(merged, written), [set], `${at}, at ${path})`);
  }
  return over(merged, written);
}

/**
 * The name helm-controller installs a release as: the name itself up to 53 characters, Helm's most; a longer one cut to
 * 40, a hyphen, and the first 12 hexadecimal digits of its SHA-256 (internal/release/name.go, ShortenName).
 */
function shortenedReleaseName(name: string | undefined): string | undefined {
  if (name === undefined || name.length <= 53) return name;
  return `${name.slice(0, 40)}-${createHash("sha256").update(name).digest("hex").slice(0, 12)}`;
}

/**
 * A Flux HelmRelease's chart (spec.chart.spec.chart, or the source spec.chartRef names: fluxChartRef) and values
 * (fluxValues). It installs into spec.targetNamespace, its own namespace by default, as the release spec.releaseName
 * names, by default its name after the target namespace when one is set (api/v2 HelmRelease, GetReleaseName).
 */
function fluxRelease(manifest: Record<string, unknown>, manifests: readonly Record<string, unknown>[]): Omit<GitOpsRelease, "resource">[] {
  const spec = fieldAt(manifest, "spec");
  const chart = literalString(fieldAt(spec, "chart", "spec", "chart")) ?? fluxChartRef(manifest, manifests);
  if (chart === undefined) return [];
  const values = fluxValues(manifest, manifests);
  const targetNamespace = literalString(fieldAt(spec, "targetNamespace"));
  const name = literalString(fieldAt(manifest, "metadata", "name"));
  // The HelmRepository of spec.chart.spec.sourceRef, in the release's namespace unless it names one.
  const sourceRef = fieldAt(spec, "chart", "spec", "sourceRef");
  const repository =
    fieldAt(sourceRef, "kind") === "HelmRepository"
      ? objectsNamed(manifests, fieldAt(sourceRef, "name")).find(
          (object) =>
            isKind(object, "HelmRepository", "source.toolkit.fluxcd.io") &&
            placedAs(object, fieldAt(sourceRef, "name"), fieldAt(sourceRef, "namespace") ?? fieldAt(manifest, "metadata", "namespace")),
        )
      : undefined;
  return [
    {
      installer: "a Flux HelmRelease",
      chart,
      repository: literalString(fieldAt(repository, "spec", "url")),
      version: literalString(fieldAt(spec, "chart", "spec", "version")),
      // helm-controller's default release name: the target namespace, when one is set, then the object's name.
      releaseName: shortenedReleaseName(
        literalString(fieldAt(spec, "releaseName")) ?? (name === undefined ? undefined : targetNamespace ? `${targetNamespace}-${name}` : name),
      ),
      namespace: targetNamespace ?? literalString(fieldAt(manifest, "metadata", "namespace")),
      values,
      valuesAt: "spec.values",
    },
  ];
}

/**
 * The charts of an Argo CD Application: its sources' that name a chart (it reads spec.sources when it holds one,
 * spec.source otherwise). Each source's values are its helm.valuesObject, or else its helm.values text
 * (ApplicationSourceHelm.ValuesYAML: the object replaces the text), with helm.parameters set over them, a string where
 * forceString is true (the reposerver's helmTemplate: `--set`, `--set-string`); its valueFiles and fileParameters,
 * files of a repository, are not read. Argo CD renders the chart in spec.destination.namespace, as the release
 * helm.releaseName names, the Application's name by default.
 */
function argoReleases(manifest: Record<string, unknown>, specAt = "spec"): Omit<GitOpsRelease, "resource">[] {
  const spec = fieldAt(manifest, "spec");
  const sources = list(fieldAt(spec, "sources")).length > 0 ? list(fieldAt(spec, "sources")) : [fieldAt(spec, "source")];
  return sources.flatMap((source, i) => {
    const chart = literalString(fieldAt(source, "chart"));
    if (chart === undefined) return [];
    const at = list(fieldAt(spec, "sources")).length > 0 ? `${specAt}.sources[${i}].helm` : `${specAt}.source.helm`;
    const helm = fieldAt(source, "helm");
    const valuesObject = fieldAt(helm, "valuesObject");
    const written = given(fieldAt(helm, "valueFiles"))
      ? unread(`${at}.valueFiles (values files of a repository)`)
      : given(fieldAt(helm, "fileParameters"))
        ? unread(`${at}.fileParameters (values read from files)`)
        : isUnknown(valuesObject)
          ? unread(`${at}.valuesObject, known only at apply`)
          : isMap(valuesObject)
            ? valuesObject
            : valuesText(fieldAt(helm, "values"), `${at}.values`);
    const parameters = blocks(fieldAt(helm, "parameters")).map((parameter) => ({
      name: parameter.name,
      value: parameter.value,
      type: parameter.forceString === true ? "string" : "auto",
    }));
    return [
      {
        installer: "an Argo CD Application",
        chart,
        repository: literalString(fieldAt(source, "repoURL")),
        version: literalString(fieldAt(source, "targetRevision")),
        releaseName: literalString(fieldAt(helm, "releaseName")) ?? literalString(fieldAt(manifest, "metadata", "name")),
        namespace: literalString(fieldAt(spec, "destination", "namespace")),
        values:
          given(fieldAt(helm, "parameters")) && parameters.length === 0 ? unread(`${at}.parameters`) : withSettings(written, parameters, `${at}.parameters`),
        valuesAt: isMap(valuesObject) ? `${at}.valuesObject` : `${at}.values`,
      },
    ];
  });
}

/** A text with an ApplicationSet's parameters filled in, or undefined where it is not read here. */
type Render = (text: string) => string | undefined;

/**
 * An ApplicationSet's parameters filled into a text as its controller fills them (argo-cd applicationset/utils/utils.go,
 * Replace): with goTemplate, a Go template under the spec's goTemplateOptions, read here as goTemplateFilled reads it;
 * without, each `{{tag}}` whose trimmed tag names a text parameter, any other left as written (fasttemplate).
 */
function parametersFilled(parameters: Values, goTemplate: boolean, options: unknown): Render {
  if (!goTemplate)
    return (text) =>
      text.replace(/\{\{([^{}]*)\}\}/g, (tag, name: string) => {
        const value = parameters[name.trim()];
        return typeof value === "string" ? value : tag;
      });
  return (text) => goTemplateFilled(text, parameters, options);
}

/** A value with every text and map key rendered (the controller's deeplyReplace), or undefined where one is not read here. */
function rendered(value: unknown, render: Render): unknown {
  if (typeof value === "string") return render(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => rendered(item, render));
    return items.includes(undefined) ? undefined : items;
  }
  if (!isMap(value)) return value;
  const entries = Object.entries(value).map(([key, item]) => [render(key), rendered(item, render)] as const);
  return entries.some(([key, item]) => key === undefined || item === undefined) ? undefined : Object.fromEntries(entries);
}

/**
 * The parameters of the Applications an ApplicationSet generates, each element of its list generators (generators/list.go:
 * each element as written with goTemplate; without, its keys with text values, and `values.<key>` for each of its map
 * values, any other value refused), or undefined where they are not read here: another generator (clusters, a Git
 * repository, pull requests, a matrix), a generator's own template or selector, a templatePatch.
 */
function applicationSetParameters(spec: unknown, goTemplate: boolean): Values[] | undefined {
  const generators = list(fieldAt(spec, "generators"));
  if (generators.length === 0 || fieldAt(spec, "templatePatch") !== undefined) return undefined;
  const parameters: (Values | undefined)[] = [];
  for (const generator of generators) {
    const listed = fieldAt(generator, "list");
    if (!isMap(listed) || fieldAt(generator, "selector") !== undefined || listed.template !== undefined || isUnknown(listed.elements)) return undefined;
    parameters.push(...list(listed.elements).map((element) => (goTemplate ? (isMap(element) ? element : undefined) : textParameters(element))));
    // elementsYaml's elements are added as they are read, with or without goTemplate.
    if (listed.elementsYaml !== undefined) {
      const elements = yamlList(listed.elementsYaml);
      if (elements === undefined) return undefined;
      parameters.push(...elements.map((element) => (isMap(element) ? element : undefined)));
    }
  }
  return parameters.includes(undefined) ? undefined : (parameters as Values[]);
}

/** A list generator's element as its parameters without goTemplate: texts only, `values.<key>` for each of its map values. */
function textParameters(element: unknown): Values | undefined {
  if (!isMap(element)) return undefined;
  const texts = Object.entries(element).flatMap(([key, value]) =>
    key === "values"
      ? isMap(value)
        ? Object.entries(value).map(([name, text]) => [`values.${name}`, text] as const)
        : [[key, undefined] as const]
      : [[key, value] as const],
  );
  return texts.every(([, text]) => typeof text === "string") ? Object.fromEntries(texts) : undefined;
}

/** A YAML text that holds a list, or undefined. */
function yamlList(text: unknown): unknown[] | undefined {
  if (typeof text !== "string" || isUnknown(text)) return undefined;
  try {
    const read = parseKubernetesYaml(text);
    return Array.isArray(read) ? read : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The charts of the Applications an Argo CD ApplicationSet generates: its template rendered with each element of its
 * list generators (applicationSetParameters, parametersFilled), then read as an Application's (argoReleases). Where
 * the Applications are not known here, a template that names its chart as a literal installs it with values unread.
 */
function applicationSetReleases(manifest: Record<string, unknown>): Omit<GitOpsRelease, "resource">[] {
  const spec = fieldAt(manifest, "spec");
  const template = fieldAt(spec, "template");
  if (!isMap(template)) return [];
  const goTemplate = fieldAt(spec, "goTemplate") === true;
  const application = (body: Record<string, unknown>) => ({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", ...body });
  const generated = (release: Omit<GitOpsRelease, "resource">) => ({ ...release, installer: "an Argo CD ApplicationSet" });
  const parameters = applicationSetParameters(spec, goTemplate);
  const options = fieldAt(spec, "goTemplateOptions");
  const renderings = parameters?.map((each) => rendered(template, parametersFilled(each, goTemplate, options)));
  if (renderings === undefined || renderings.some((each) => !isMap(each)))
    return argoReleases(application(template), "spec.template.spec")
      .filter(({ chart }) => !chart.includes("{{"))
      .map((release) => generated({ ...release, values: unread("spec.generators (the Applications it generates are not known here)") }));
  return renderings.flatMap((each) => argoReleases(application(each as Record<string, unknown>), "spec.template.spec").map(generated));
}

/**
 * A HelmChart of the K3s or RKE2 Helm controller: its spec.valuesContent, then the spec.valuesContent of the
 * HelmChartConfig of its name and namespace merged over it, then each of spec.set, its keys in order, with `--set` for a
 * number and for true, false or null in any case, `--set-string` for any other text, its commas escaped (helm-controller,
 * pkg/controllers/chart/chart.go: valuesConfigMapAddConfig, args, typedVal, escapeComma). Values kept in Secrets
 * (spec.valuesSecrets) are not read. It installs into spec.targetNamespace, its own namespace by default, as a release
 * of its own name.
 */
function k3sRelease(manifest: Record<string, unknown>, manifests: readonly Record<string, unknown>[]): Omit<GitOpsRelease, "resource">[] {
  const spec = fieldAt(manifest, "spec");
  const chart = literalString(fieldAt(spec, "chart"));
  if (chart === undefined) return [];
  const name = fieldAt(manifest, "metadata", "name");
  const namespace = fieldAt(manifest, "metadata", "namespace");
  const configs = objectsNamed(manifests, name).filter((config) => isKind(config, "HelmChartConfig", "helm.cattle.io") && placedAs(config, name, namespace));
  const set = fieldAt(spec, "set");
  const settings = isMap(set)
    ? Object.keys(set)
        .sort()
        .map((key) => {
          const value = set[key];
          const typed = typeof value === "number" || (typeof value === "string" && ["true", "false", "null"].includes(value.toLowerCase()));
          return typed || typeof value !== "string"
            ? { name: key, value }
            : { name: key, value: value.replace(/\\*,/g, (commas) => (commas.length % 2 === 1 ? `\\${commas}` : commas)), type: "string" };
        })
    : [];
  const values =
    given(fieldAt(spec, "valuesSecrets")) || configs.some((config) => given(fieldAt(config, "spec", "valuesSecrets")))
      ? unread("spec.valuesSecrets (values kept in Secrets)")
      : set !== undefined && !isMap(set)
        ? unread("spec.set")
        : withSettings(
            configs.reduce(
              (merged, config) => over(merged, valuesText(fieldAt(config, "spec", "valuesContent"), "HelmChartConfig spec.valuesContent")),
              valuesText(fieldAt(spec, "valuesContent"), "spec.valuesContent"),
            ),
            settings,
            "spec.set",
          );
  return [
    {
      installer: "a HelmChart of the K3s or RKE2 Helm controller",
      chart,
      repository: literalString(fieldAt(spec, "repo")),
      version: literalString(fieldAt(spec, "version")),
      releaseName: literalString(name),
      namespace: literalString(fieldAt(spec, "targetNamespace")) || literalString(namespace),
      values,
      valuesAt: "spec.valuesContent",
    },
  ];
}

/**
 * Values a controller renders as a Go template for each cluster it installs on (Cluster API's Helm add-on provider,
 * Sveltos) before Helm reads them: read as values where the text holds no action, not read where it does.
 */
const templatedValues = (template: unknown, field: string): Values | { unread: string } =>
  typeof template === "string" && template.includes("{{") ? unread(`${field}, a Go template rendered for each cluster`) : valuesText(template, field);

/**
 * A HelmChartProxy of Cluster API's Helm add-on provider (cluster-api-addon-provider-helm, api/v1alpha1
 * HelmChartProxySpec), which installs a chart on every workload cluster it selects: spec.chartName from spec.repoURL,
 * at spec.version (the latest where unset), as spec.releaseName (generated where unset) into spec.namespace (`default`
 * where unset), with the values of spec.valuesTemplate, a Go template the provider renders for each Cluster (with
 * sprig's functions and the Cluster's objects: templatedValues).
 */
function helmChartProxyRelease(manifest: Record<string, unknown>): Omit<GitOpsRelease, "resource">[] {
  const spec = fieldAt(manifest, "spec");
  const chart = literalString(fieldAt(spec, "chartName"));
  if (chart === undefined) return [];
  const template = fieldAt(spec, "valuesTemplate");
  return [
    {
      installer: "a Cluster API HelmChartProxy",
      chart,
      repository: literalString(fieldAt(spec, "repoURL")),
      version: literalString(fieldAt(spec, "version")),
      releaseName: literalString(fieldAt(spec, "releaseName")),
      namespace: literalString(fieldAt(spec, "namespace")) || "default",
      values: templatedValues(template, "spec.valuesTemplate"),
      valuesAt: "spec.valuesTemplate",
    },
  ];
}

/**
 * The charts a Sveltos ClusterProfile or Profile installs on every cluster it selects (projectsveltos addon-controller,
 * api/v1beta1 HelmChart): each of spec.helmCharts, chartName from repositoryURL at chartVersion, as releaseName into
 * releaseNamespace, with the values of `values`, which Sveltos renders as a Go template for each cluster
 * (templatedValues), not read where valuesFrom adds values kept in ConfigMaps or Secrets.
 * An entry whose helmChartAction is Uninstall installs nothing.
 */
function sveltosReleases(manifest: Record<string, unknown>): Omit<GitOpsRelease, "resource">[] {
  return list(fieldAt(manifest, "spec", "helmCharts")).flatMap((entry, i): Omit<GitOpsRelease, "resource">[] => {
    const chart = literalString(fieldAt(entry, "chartName"));
    if (chart === undefined || fieldAt(entry, "helmChartAction") === "Uninstall") return [];
    const template = fieldAt(entry, "values");
    const valuesAt = `spec.helmCharts[${i}].values`;
    return [
      {
        installer: `a Sveltos ${String(manifest.kind)}`,
        chart,
        repository: literalString(fieldAt(entry, "repositoryURL")),
        version: literalString(fieldAt(entry, "chartVersion")),
        releaseName: literalString(fieldAt(entry, "releaseName")),
        namespace: literalString(fieldAt(entry, "releaseNamespace")),
        values: given(fieldAt(entry, "valuesFrom"))
          ? unread(`spec.helmCharts[${i}].valuesFrom (values kept in ConfigMaps or Secrets)`)
          : templatedValues(template, valuesAt),
        valuesAt,
      },
    ];
  });
}

const keptTypes: readonly string[] = withV1("kubernetes_config_map", "kubernetes_secret");

/**
 * The ConfigMaps and Secrets the configuration writes with the provider's typed resources, as API objects: a manifest's
 * as written; a typed resource's data as text (a Secret's plain data, which the provider encodes, as its stringData; its
 * binary_data, in base64, as its data), in the namespace "default" unless it names one. A Secret a kubectl_manifest
 * writes, whose typed reading mixes its data and stringData, is left out.
 */
function keptObjects(graph: ResourceGraph): Record<string, unknown>[] {
  return graph.ofType(keptTypes).flatMap((resource) => {
    const kind = resource.type.startsWith("kubernetes_secret") ? "Secret" : "ConfigMap";
    const metadata = blocks(resource.values.metadata)[0];
    if (resource.fromManifest) {
      const manifest = resource.writtenValues?.manifest;
      if (isMap(manifest)) return [manifest];
      return kind === "ConfigMap" ? [{ apiVersion: "v1", kind, metadata, data: resource.values.data }] : [];
    }
    const placed = { apiVersion: "v1", kind, metadata: { name: metadata?.name, namespace: metadata?.namespace ?? "default" } };
    return [kind === "Secret" ? { ...placed, stringData: resource.values.data, data: resource.values.binary_data } : { ...placed, data: resource.values.data }];
  });
}

/**
 * The API objects a configuration writes that hold settings others read (a HelmRelease's valuesFrom, an operator's
 * environment): those applied as they are, and the ConfigMaps and Secrets of the typed resources (keptObjects), found
 * once per configuration.
 */
export const configurationObjects = (graph: ResourceGraph): readonly Record<string, unknown>[] =>
  graph.cached("gitops: configuration objects", () => [...appliedManifests(graph).map(({ manifest }) => manifest), ...keptObjects(graph)]);

/** A ConfigMap or Secret of the configuration, by kind, namespace and name (a namespace not written is "default"). */
export const configurationObject = (
  graph: ResourceGraph,
  kind: "ConfigMap" | "Secret",
  namespace: unknown,
  name: unknown,
): Record<string, unknown> | undefined =>
  objectsNamed(configurationObjects(graph), name).find(
    (object) =>
      object.apiVersion === "v1" &&
      object.kind === kind &&
      fieldAt(object, "metadata", "name") === name &&
      (fieldAt(object, "metadata", "namespace") ?? "default") === namespace,
  );

/** Every chart a GitOps controller installs from the configuration's objects, found once per configuration. */
export const gitOpsReleases = (graph: ResourceGraph): readonly GitOpsRelease[] =>
  graph.cached("gitops: releases", () => {
    const objects = configurationObjects(graph);
    return appliedManifests(graph).flatMap(({ manifest, resource }) => {
      const releases = isKind(manifest, "HelmRelease", "helm.toolkit.fluxcd.io")
        ? fluxRelease(manifest, objects)
        : isKind(manifest, "Application", "argoproj.io")
          ? argoReleases(manifest)
          : isKind(manifest, "ApplicationSet", "argoproj.io")
            ? applicationSetReleases(manifest)
            : isKind(manifest, "HelmChart", "helm.cattle.io")
              ? k3sRelease(manifest, objects)
              : isKind(manifest, "HelmChartProxy", "addons.cluster.x-k8s.io")
                ? helmChartProxyRelease(manifest)
                : isSveltosProfile(manifest)
                  ? sveltosReleases(manifest)
                  : [];
      return releases.map((release) => ({ resource, ...release }));
    });
  });

/**
 * The charts the configuration installs whose templates are not rendered here, each as a line: a helm_release's (but
 * the raw chart's, whose objects are its values, judged as written: rawChartDocuments) and a GitOps controller's. The
 * policies read the values each is handed, not the objects its templates make.
 */
export const chartsNotRendered = (graph: ResourceGraph): string[] => {
  const named = (address: string, chart: string | undefined, version: string | undefined, repository: string | undefined, installer?: string) =>
    `${address} (${installer ? `${installer}, ` : ""}the chart ${chart ?? "known only at apply"}${version ? ` ${version}` : ""}${repository ? ` from ${repository}` : ""})`;
  const releases = graph
    .ofType([helmReleaseType])
    .filter((release) => release.mode !== "data" && release.values.chart !== "raw")
    .map(({ address, values }) => named(address, literalString(values.chart), literalString(values.version), literalString(values.repository)));
  const gitOps = gitOpsReleases(graph).map(({ resource, chart, version, repository, installer }) =>
    named(resource.address, chart, version, repository, installer),
  );
  return [...new Set([...releases, ...gitOps])].sort();
};
