import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { helmReleaseType, isKind } from "../../lib/helm";
import { block, isUnknown, literalString } from "../../lib/values";

/** An exact chart version: a range, a wildcard or nothing lets Helm pick whatever the repository offers that day. */
const exactVersion = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** A chart to install, as a release or a HelmChart names it, with where each part is written. */
interface ChartSource {
  readonly repository: unknown;
  readonly chart: unknown;
  readonly version: unknown;
  readonly paths: { readonly repository: string; readonly version: string };
}

/** Why a chart is not the region's, at an exact version: an OCI repository of an allowed registry, and a version. */
function chartViolations({ repository, chart: written, version: writtenVersion, paths }: ChartSource, allowedRegistries: readonly string[]): Violation[] {
  const violations: Violation[] = [];
  const chart = literalString(written) ?? "";
  const reference = literalString(repository) ?? (chart.startsWith("oci://") ? chart : undefined);
  if (isUnknown(repository)) violations.push({ message: "the chart repository is not known before apply", path: paths.repository, outcome: "cannot-evaluate" });
  else {
    const host = reference?.startsWith("oci://") ? reference.slice("oci://".length).split("/")[0] : undefined;
    if (host === undefined)
      violations.push({ message: `chart ${chart} does not come from an OCI repository of the region's registry`, path: paths.repository });
    else if (allowedRegistries.length > 0 && !allowedRegistries.includes(host)) {
      violations.push({ message: `chart ${chart} comes from ${host}, not one of ${allowedRegistries.join(", ")}`, path: paths.repository });
    }
  }
  const version = literalString(writtenVersion);
  if (!isUnknown(writtenVersion) && (version === undefined || !exactVersion.test(version))) {
    violations.push({
      message: version === undefined ? `chart ${chart} has no version: Helm takes the latest` : `chart version "${version}" is not exact`,
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

export default resourcePolicy(
  {
    id: "helm-release-pinned",
    title: "Helm charts come from the region's registry, at an exact version",
    description:
      "Flags helm_release resources, and HelmChart objects of RKE2's and K3s's Helm controller, whose chart repository is not an OCI repository of an allowed registry, or whose version is missing or a range.",
    rationale:
      "A chart fetched from the Internet at deploy time, or at whatever version the repository serves that day, installs code nobody reviewed; the region mirrors each chart and pins it.",
    remediation: "Mirror the chart into the region's registry and set repository = oci://<registry>/<path> and an exact version.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.10.a-c"), cite("anssi", "Hygiene 34", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [helmReleaseType, "kubernetes_manifest"],
  (resource, { settings }): Violation[] => {
    if (resource.type === helmReleaseType)
      return chartViolations(
        {
          repository: resource.values.repository,
          chart: resource.values.chart,
          version: resource.values.version,
          paths: { repository: "repository", version: "version" },
        },
        settings.allowedRegistries,
      );
    const manifest = block(resource.values.manifest);
    const source = manifest && isKind(manifest, "HelmChart", "helm.cattle.io") ? helmChartSource(manifest) : undefined;
    return source ? chartViolations(source, settings.allowedRegistries) : [];
  },
);
