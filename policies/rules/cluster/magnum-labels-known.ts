import { cite, resourcePolicy } from "../../engine/policy";
import { magnumCapiHelmDriver, magnumCapiHelmLabels, magnumCapiHelmTemplateOnlyLabels } from "../../lib/magnum-capi-helm";
import { magnumClusterApiDriver, magnumClusterApiLabels, magnumNodeGroupLabels } from "../../lib/magnum-cluster-api";
import { closest } from "../../../lib/did-you-mean";
import { type ClusterApiDriver, clusterTemplateType, clusterType, labelsOf, nodeGroupType, templateOf, usesClusterApiDriver } from "../../lib/magnum";
import { literalString } from "../../lib/values";

/** What each Cluster API driver reads: its labels, those it reads from a node group too, those from the template alone. */
const readBy: Record<ClusterApiDriver, { named: string; labels: ReadonlySet<string>; nodeGroup: ReadonlySet<string>; templateOnly: ReadonlySet<string> }> = {
  "magnum-cluster-api": {
    named: `${magnumClusterApiDriver.name} ${magnumClusterApiDriver.version}`,
    labels: magnumClusterApiLabels,
    nodeGroup: magnumNodeGroupLabels,
    templateOnly: new Set(),
  },
  "magnum-capi-helm": {
    named: `${magnumCapiHelmDriver.name} ${magnumCapiHelmDriver.version}`,
    labels: magnumCapiHelmLabels,
    nodeGroup: new Set(),
    templateOnly: magnumCapiHelmTemplateOnlyLabels,
  },
};

export default resourcePolicy(
  {
    id: "magnum-labels-known",
    title: "Magnum labels are ones the Cluster API driver reads",
    description: `Flags labels of cluster templates, clusters and node groups that the cloud's Cluster API driver (the settings' magnumDriver: ${magnumClusterApiDriver.name} ${magnumClusterApiDriver.version} by default, or ${magnumCapiHelmDriver.name} ${magnumCapiHelmDriver.version}) does not read (its code, not its documentation), labels on node groups that it reads from the cluster only, and labels on clusters that it reads from the template only; not evaluable where the template's image selects another driver.`,
    rationale:
      "Magnum passes any label through and the driver ignores the ones it does not know: a misspelled audit or OIDC label is a security setting that silently never takes effect, while the policies that look for it would pass.",
    remediation: "Use the label the driver reads (the finding suggests the closest one), or remove it.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.10.a-c"), cite("anssi", "Hygiene 34", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [clusterTemplateType, clusterType, nodeGroupType],
  (resource, { graph, settings }) => {
    const labels = labelsOf(resource);
    if (!labels) return [];
    const driver = settings.magnumDriver;
    // Whether the template's image selects the cloud's driver: undefined where it is not known here (builtByAnotherDriver).
    const template = templateOf(resource, graph);
    const selectsDriver = template && usesClusterApiDriver(template, graph, driver);
    if (selectsDriver === false)
      return [
        {
          message: `the template's image selects another driver than ${driver} (its os_distro): the labels that driver reads are not known here`,
          path: "labels",
          outcome: "cannot-evaluate",
        },
      ];
    const { named, labels: read, nodeGroup, templateOnly } = readBy[driver];
    // Judged by the cloud's driver: say so where the template's image, whose os_distro is not known here, could select another.
    const imageName = template && literalString(template.values.image);
    const image =
      imageName === undefined
        ? "the template's image, not known here,"
        : `the image ${JSON.stringify(imageName)}, whose os_distro property is not in the configuration,`;
    const readerSaid = selectsDriver === true ? named : `${named}, the cloud's driver (settings: magnumDriver; ${image} could select another)`;
    const known = Object.keys(labels).filter((name) => read.has(name));
    const elsewhere = (where: string, names: string[]) =>
      names.map((name) => ({ message: `the label ${name} is read from ${where} (${named}): here it has no effect`, path: `labels.${name}` }));
    const misplaced =
      resource.type === nodeGroupType
        ? elsewhere(
            "the cluster, not from a node group",
            known.filter((name) => !nodeGroup.has(name)),
          )
        : resource.type === clusterType
          ? elsewhere(
              "the template, not from a cluster",
              known.filter((name) => templateOnly.has(name)),
            )
          : [];
    return Object.keys(labels)
      .filter((name) => !read.has(name))
      .map((name) => {
        // A label the resource already sets is no misspelling of this one.
        const hint = closest(
          name,
          [...read].filter((readName) => !Object.hasOwn(labels, readName)),
        );
        return {
          message: `the label ${name} is not read by ${readerSaid}, so it has no effect${hint ? `; did you mean ${hint}?` : ""}`,
          path: `labels.${name}`,
        };
      })
      .concat(misplaced);
  },
);
