import type { ResourceGraph } from "../../engine/graph";
import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { helmReleaseType, isKind, isSveltosProfile } from "../../lib/helm";
import { fromAllowedRegistry, isSha256Digest, parseImage } from "../../lib/kubernetes";
import { block, isUnknown, isUnset, literalString } from "../../lib/values";

/**
 * An exact chart version: a range, a wildcard or nothing lets Helm pick whatever the repository offers that day. The
 * constraint `=1.2.3` admits that version alone (Masterminds semver, which Helm and Flux read versions with), and a
 * digest (Flux's OCIRepository `ref.digest`) is exact too.
 */
const exactVersion = /^(?:=[ \t]*)?v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** A chart to install, as a release or a HelmChart names it, with where each part is written. */
interface ChartSource {
  readonly repository: unknown;
  readonly chart: unknown;
  readonly version: unknown;
  readonly paths: { readonly repository: string; readonly version: string };
  /** Where the repository and the version are written when another object holds them (a Flux OCIRepository), for messages. */
  readonly writtenIn?: { readonly repository: string; readonly version: string };
  /** Set when Helm installs the chart as it is named, reading no version (versionUnused). */
  readonly versionUnused?: true;
}

/**
 * Whether Helm installs a chart named without a repository as it is, reading no version: a local path (helm
 * pkg/action/install.go, ChartPathOptions.LocateChart: a name beginning with `.` or `/` is a path, never looked up, and
 * a name of more than two parts, such as `${path.module}/chart` in a module, can be nothing else, a repository's
 * chart being `repo/chart`) or an archive's full URL (pkg/downloader/chart_downloader.go, ResolveChartVersion returns a
 * URL with a host and a path as it is). Its repository is still judged.
 */
const versionUnused = (repository: unknown, chart: unknown): boolean => {
  const name = literalString(chart)?.trim() ?? "";
  return isUnset(repository) && (/^[./]/.test(name) || /^[^:]+\/[^:]*\//.test(name) || /^https?:\/\/[^/\s]+\/\S/.test(name));
};

/** Why a chart is not the region's, at an exact version: an OCI repository of an allowed registry, and a version. */
function chartViolations(
  { repository, chart: written, version: writtenVersion, paths, writtenIn, versionUnused }: ChartSource,
  allowedRegistries: readonly string[],
): Violation[] {
  // With no repository, the chart says where it comes from itself (an OCI reference, an archive's URL, a path): named
  // only at apply, neither where it comes from nor whether Helm reads a version is known here.
  if (isUnset(repository) && isUnknown(written))
    return [
      {
        message:
          "the chart is named only at apply, with no repository: where it comes from (an OCI reference, an archive's URL, a path) and whether Helm reads a version are not known here",
        path: paths.repository,
        outcome: "cannot-evaluate",
      },
    ];
  const violations: Violation[] = [];
  const where = (part: "repository" | "version"): string => (writtenIn ? ` (${writtenIn[part]})` : "");
  const chart = literalString(written) ?? "";
  // A chart named only at apply (`var.chart`) is said as such.
  const named = chart === "" ? "the chart" : `chart ${chart}`;
  const reference = literalString(repository) ?? (chart.startsWith("oci://") ? chart : undefined);
  if (isUnknown(repository)) violations.push({ message: "the chart repository is not known before apply", path: paths.repository, outcome: "cannot-evaluate" });
  else {
    // The registry of an OCI repository read as an image's (a port kept, the host in lower case), and judged alike.
    const ociReference = reference?.startsWith("oci://") ? reference.slice("oci://".length) : undefined;
    const image = ociReference === undefined ? undefined : parseImage(ociReference);
    if (image === undefined)
      violations.push({
        // A reference an image's grammar refuses (a repository path in upper case, a separator out of place) names no
        // OCI repository: the grammar of its path is the OCI distribution specification's, which Helm's client holds it to.
        message:
          ociReference !== undefined
            ? `${named} comes from ${reference}, which is not a valid OCI reference${where("repository")}`
            : `${named} does not come from an OCI repository of the region's registry${where("repository")}`,
        path: paths.repository,
      });
    else if (!fromAllowedRegistry(image, allowedRegistries)) {
      // As k8s-image-allowed-registry judges an image: with none declared, no registry is the region's.
      violations.push({
        message: `${named} comes from ${image.registry}, not ${allowedRegistries.length > 0 ? `one of ${allowedRegistries.join(", ")}` : "an allowed registry (none declared)"}${where("repository")}`,
        path: paths.repository,
      });
    }
  }
  const version = literalString(writtenVersion);
  if (!versionUnused && !isUnknown(writtenVersion) && (version === undefined || !(exactVersion.test(version) || isSha256Digest(version)))) {
    violations.push({
      // An empty version is none: the Helm provider hands it to Helm trimmed, which then takes the latest (terraform-provider-helm
      // v3, helm/resource_helm_release.go, chartPathOptions: ChartPathOptions.Version).
      message: `${version === undefined || version.trim() === "" ? `${named} has no version${version === undefined ? "" : " (an empty one)"}: Helm takes the latest` : `chart version "${version}" is not exact`}${where("version")}`,
      path: paths.version,
    });
  }
  return violations;
}

/**
 * The chart a HelmChart object makes RKE2's and K3s's Helm controller install (helm.cattle.io/v1: spec.repo, chart and
 * version; docs.rke2.io, helm); none for one that carries its chart (spec.chartContent), which the configuration holds.
 */
function helmChartSource(manifest: Record<string, unknown>): ChartSource | undefined {
  const spec = block(manifest.spec) ?? {};
  if (spec.chartContent !== undefined) return undefined;
  return { repository: spec.repo, chart: spec.chart, version: spec.version, paths: { repository: "manifest.spec.repo", version: "manifest.spec.version" } };
}

/**
 * The chart a HelmChartProxy of Cluster API's Helm add-on provider installs on each workload cluster it selects
 * (cluster-api-addon-provider-helm, api/v1alpha1 HelmChartProxySpec): spec.chartName from spec.repoURL, an `oci://`
 * registry or a chart repository's URL, at spec.version, the latest where it is unset.
 */
function helmChartProxySource(manifest: Record<string, unknown>): ChartSource {
  const spec = block(manifest.spec) ?? {};
  return {
    repository: spec.repoURL,
    chart: spec.chartName,
    version: spec.version,
    paths: { repository: "manifest.spec.repoURL", version: "manifest.spec.version" },
  };
}

/**
 * The charts a Sveltos ClusterProfile or Profile installs on each cluster it selects (projectsveltos addon-controller,
 * api/v1beta1 HelmChart): each of spec.helmCharts, chartName from repositoryURL at chartVersion; none of an entry whose
 * helmChartAction is Uninstall.
 */
function sveltosChartSources(manifest: Record<string, unknown>): ChartSource[] {
  const entries = block(manifest.spec)?.helmCharts;
  return (Array.isArray(entries) ? entries : []).flatMap((entry, i): ChartSource[] => {
    const chart = block(entry);
    if (!chart || chart.helmChartAction === "Uninstall") return [];
    const at = `manifest.spec.helmCharts[${i}]`;
    return [
      {
        repository: chart.repositoryURL,
        chart: chart.chartName,
        version: chart.chartVersion,
        paths: { repository: `${at}.repositoryURL`, version: `${at}.chartVersion` },
      },
    ];
  });
}

/** Flux's source objects (source.toolkit.fluxcd.io): where a HelmRelease takes its chart. */
const fluxSources = "source.toolkit.fluxcd.io";

/** The Flux source object of a kind and name the configuration applies in a namespace, if it is there. */
const fluxSource = (graph: ResourceGraph, kind: string, name: unknown, namespace: unknown): Record<string, unknown> | undefined =>
  fluxSourcesByKey(graph).get(sourceKey(kind, name, namespace));

const sourceKey = (kind: string, name: unknown, namespace: unknown): string => JSON.stringify([kind, name, namespace ?? null]);

/**
 * The Flux source objects the configuration's manifests apply, by kind, name and namespace, indexed once; of two at one
 * key, the first, as the scan this index replaced found it.
 */
const fluxSourcesByKey = (graph: ResourceGraph): ReadonlyMap<string, Record<string, unknown>> =>
  graph.cached("helm-release-pinned/flux-sources", () => {
    const byKey = new Map<string, Record<string, unknown>>();
    for (const resource of graph.ofType(["kubernetes_manifest"])) {
      const manifest = block(resource.values.manifest);
      if (manifest === undefined || typeof manifest.kind !== "string" || !isKind(manifest, manifest.kind, fluxSources)) continue;
      const key = sourceKey(manifest.kind, block(manifest.metadata)?.name, block(manifest.metadata)?.namespace);
      if (!byKey.has(key)) byKey.set(key, manifest);
    }
    return byKey;
  });

/**
 * The chart a Flux HelmRelease (helm.toolkit.fluxcd.io) installs, through the source it names (fluxcd.io, Helm
 * Releases): `spec.chart.spec` names a chart, an optional version (a semver constraint, the latest when unset) and a
 * HelmRepository (its `url`), a GitRepository or a Bucket; `spec.chartRef` names an OCIRepository (its `url`, at its
 * `ref`: a tag, a semver range or a digest, the `latest` tag when unset) or a HelmChart (itself a chart, a version and
 * a source). A source in another namespace is named with its namespace, else it is the release's. A source that is not
 * in what was checked cannot be judged.
 */
function fluxReleaseSource(manifest: Record<string, unknown>, graph: ResourceGraph): ChartSource | Violation {
  const namespace = block(manifest.metadata)?.namespace;
  const spec = block(manifest.spec) ?? {};
  const chartRef = block(spec.chartRef);
  // A HelmChart object's source is in its own namespace (LocalHelmChartSourceReference has no namespace: one written is
  // pruned); a release's chart template may name another.
  const viaChart = (template: Record<string, unknown>, at: string, sourceNamespace: unknown, local: boolean): ChartSource | Violation => {
    const sourceRef = block(template.sourceRef) ?? {};
    const paths = { repository: `${at}.sourceRef`, version: `${at}.version` };
    if (sourceRef.kind !== "HelmRepository") return notRegistry(template.chart, sourceRef.kind, paths.repository);
    const repository = fluxSource(graph, "HelmRepository", sourceRef.name, local ? sourceNamespace : (sourceRef.namespace ?? sourceNamespace));
    if (!repository) return notChecked("HelmRepository", sourceRef.name, paths.repository);
    return { repository: block(repository.spec)?.url, chart: template.chart, version: template.version, paths };
  };
  if (chartRef?.kind === "OCIRepository") {
    const at = "manifest.spec.chartRef";
    const repository = fluxSource(graph, "OCIRepository", chartRef.name, chartRef.namespace ?? namespace);
    if (!repository) return notChecked("OCIRepository", chartRef.name, at);
    const { url, ref } = block(repository.spec) ?? {};
    const pinned = block(ref) ?? {};
    // OCIRepository's ref: a digest takes precedence over a semver range, which takes precedence over a tag.
    const refField = (["digest", "semver", "tag"] as const).find((field) => pinned[field] !== undefined);
    const object = `OCIRepository ${String(block(repository.metadata)?.namespace)}/${String(chartRef.name)}`;
    return {
      repository: url,
      chart: url,
      version: refField && pinned[refField],
      paths: { repository: at, version: at },
      writtenIn: { repository: `${object}, spec.url`, version: `${object}, ${refField ? `spec.ref.${refField}` : "no spec.ref: the latest tag"}` },
    };
  }
  if (chartRef?.kind === "HelmChart") {
    const chart = fluxSource(graph, "HelmChart", chartRef.name, chartRef.namespace ?? namespace);
    if (!chart) return notChecked("HelmChart", chartRef.name, "manifest.spec.chartRef");
    return viaChart(block(chart.spec) ?? {}, "manifest.spec.chartRef", block(chart.metadata)?.namespace, true);
  }
  if (chartRef) return notRegistry(chartRef.name, chartRef.kind, "manifest.spec.chartRef");
  return viaChart(block(block(spec.chart)?.spec) ?? {}, "manifest.spec.chart.spec", namespace, false);
}

/**
 * The charts an Argo CD Application (argoproj.io) installs: its sources (`spec.sources`, else `spec.source`: GetSources
 * ignores the one when the other is set) that name a `chart` are Helm charts from `repoURL` at `targetRevision`
 * (argo-cd docs, user-guide/helm), a repoURL without a scheme being an OCI registry's path (the repository's
 * enableOCI); one whose repoURL is `oci://` is a chart too, its last path element (user-guide/oci, Argo CD 3.1). A Git
 * source without a chart is a path, not a chart.
 */
function argoCdSources(manifest: Record<string, unknown>): ChartSource[] {
  const spec = block(manifest.spec) ?? {};
  const sources =
    Array.isArray(spec.sources) && spec.sources.length > 0
      ? spec.sources.flatMap((source, i) => (block(source) ? [{ source: block(source)!, at: `manifest.spec.sources[${i}]` }] : []))
      : block(spec.source)
        ? [{ source: block(spec.source)!, at: "manifest.spec.source" }]
        : [];
  return sources.flatMap(({ source, at }) => {
    const url = literalString(source.repoURL);
    const oci = url?.startsWith("oci://") === true;
    if (source.chart === undefined && !oci) return [];
    return [
      {
        repository: url !== undefined && !url.includes("://") ? `oci://${url}` : source.repoURL,
        chart: source.chart ?? url!.split("/").at(-1),
        version: source.targetRevision,
        paths: { repository: `${at}.repoURL`, version: `${at}.targetRevision` },
      },
    ];
  });
}

const notRegistry = (chart: unknown, kind: unknown, path: string): Violation => ({
  message: `chart ${String(chart ?? "(unnamed)")} comes from a source of kind ${typeof kind === "string" ? kind : "(none)"}, not an OCI repository of the region's registry`,
  path,
});

const notChecked = (kind: string, name: unknown, path: string): Violation => ({
  message: `the ${kind} ${String(name)} the chart comes from is not in what was checked`,
  path,
  outcome: "cannot-evaluate",
});

export default resourcePolicy(
  {
    id: "helm-release-pinned",
    title: "Helm charts come from the region's registry, at an exact version",
    description:
      "Flags helm_release resources, HelmChart objects of RKE2's and K3s's Helm controller, Flux HelmRelease objects (through the HelmRepository, OCIRepository or HelmChart they name), the Helm sources of Argo CD Applications, the HelmChartProxy objects of Cluster API's Helm add-on provider and the helmCharts of Sveltos ClusterProfiles and Profiles, whose chart repository is not an OCI repository of an allowed registry, or whose version is missing or a range; a chart named only at apply with no repository (an OCI reference, an archive's URL or a path) is not evaluable.",
    rationale:
      "A chart fetched from the Internet at deploy time, or at whatever version the repository serves that day, installs code nobody reviewed; the region mirrors each chart and pins it.",
    remediation: "Mirror the chart into the region's registry and set repository = oci://<registry>/<path> and an exact version.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.10.a-c"), cite("anssi", "Hygiene 34", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [helmReleaseType, "kubernetes_manifest"],
  (resource, { graph, settings }): Violation[] => {
    if (resource.type === helmReleaseType)
      return chartViolations(
        {
          repository: resource.values.repository,
          chart: resource.values.chart,
          version: resource.values.version,
          paths: { repository: "repository", version: "version" },
          ...(versionUnused(resource.values.repository, resource.values.chart) ? { versionUnused: true as const } : {}),
        },
        settings.allowedRegistries,
      );
    const manifest = block(resource.values.manifest);
    if (manifest && isKind(manifest, "HelmRelease", "helm.toolkit.fluxcd.io")) {
      const source = fluxReleaseSource(manifest, graph);
      return "message" in source ? [source] : chartViolations(source, settings.allowedRegistries);
    }
    if (manifest && isKind(manifest, "Application", "argoproj.io"))
      return argoCdSources(manifest).flatMap((source) => chartViolations(source, settings.allowedRegistries));
    if (manifest && isSveltosProfile(manifest)) return sveltosChartSources(manifest).flatMap((source) => chartViolations(source, settings.allowedRegistries));
    if (manifest && isKind(manifest, "HelmChartProxy", "addons.cluster.x-k8s.io"))
      return chartViolations(helmChartProxySource(manifest), settings.allowedRegistries);
    const source = manifest && isKind(manifest, "HelmChart", "helm.cattle.io") ? helmChartSource(manifest) : undefined;
    return source ? chartViolations(source, settings.allowedRegistries) : [];
  },
);
