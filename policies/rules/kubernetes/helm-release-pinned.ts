import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import { helmReleaseType } from "../../lib/helm";
import { isUnknown, literalString } from "../../lib/values";

/** An exact chart version: a range, a wildcard or nothing lets Helm pick whatever the repository offers that day. */
const exactVersion = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

export default resourcePolicy(
  {
    id: "helm-release-pinned",
    title: "Helm charts come from the region's registry, at an exact version",
    description: "Flags helm_release resources whose chart repository is not an OCI repository of an allowed registry, or whose version is missing or a range.",
    rationale:
      "A chart fetched from the Internet at deploy time, or at whatever version the repository serves that day, installs code nobody reviewed; the region mirrors each chart and pins it.",
    remediation: "Mirror the chart into the region's registry and set repository = oci://<registry>/<path> and an exact version.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.10.a-c"), cite("anssi", "Hygiene 34", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [helmReleaseType],
  (release, { settings }): Violation[] => {
    const violations: Violation[] = [];
    const repository = release.values.repository;
    const chart = literalString(release.values.chart) ?? "";
    const reference = literalString(repository) ?? (chart.startsWith("oci://") ? chart : undefined);
    if (isUnknown(repository)) violations.push({ message: "the chart repository is not known before apply", path: "repository", outcome: "cannot-evaluate" });
    else {
      const host = reference?.startsWith("oci://") ? reference.slice("oci://".length).split("/")[0] : undefined;
      if (host === undefined) violations.push({ message: `chart ${chart} does not come from an OCI repository of the region's registry`, path: "repository" });
      else if (settings.allowedRegistries.length > 0 && !settings.allowedRegistries.includes(host)) {
        violations.push({ message: `chart ${chart} comes from ${host}, not one of ${settings.allowedRegistries.join(", ")}`, path: "repository" });
      }
    }
    const version = literalString(release.values.version);
    if (!isUnknown(release.values.version) && (version === undefined || !exactVersion.test(version))) {
      violations.push({
        message: version === undefined ? `chart ${chart} has no version: Helm takes the latest` : `chart version "${version}" is not exact`,
        path: "version",
      });
    }
    return violations;
  },
);
