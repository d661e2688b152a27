import { cite, resourcePolicy } from "../../engine/policy";
import { magnumClusterApiDriver, magnumClusterApiLabels, magnumNodeGroupLabels } from "../../lib/magnum-cluster-api";
import { closest } from "../../../lib/did-you-mean";
import { builtByAnotherDriver, clusterTemplateType, clusterType, labelsOf, nodeGroupType } from "../../lib/magnum";

export default resourcePolicy(
  {
    id: "magnum-labels-known",
    title: "Magnum labels are ones the Cluster API driver reads",
    description: `Flags labels of cluster templates, clusters and node groups that ${magnumClusterApiDriver.name} ${magnumClusterApiDriver.version} does not read (its code, not its documentation), and labels on node groups that it reads from the cluster only; not evaluable where the template's image selects another driver.`,
    rationale:
      "Magnum passes any label through and the driver ignores the ones it does not know: a misspelled audit or OIDC label is a security setting that silently never takes effect, while the policies that look for it would pass.",
    remediation: "Use the label the driver reads (the finding suggests the closest one), or remove it.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.10.a-c"), cite("anssi", "Hygiene 34", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  [clusterTemplateType, clusterType, nodeGroupType],
  (resource, { graph }) => {
    const labels = labelsOf(resource);
    if (!labels) return [];
    if (builtByAnotherDriver(resource, graph))
      return [
        {
          message: `the template's image selects another driver than ${magnumClusterApiDriver.name} (its os_distro): the labels that driver reads are not known here`,
          path: "labels",
          outcome: "cannot-evaluate",
        },
      ];
    const known = Object.keys(labels).filter((name) => magnumClusterApiLabels.has(name));
    const clusterOnly =
      resource.type === nodeGroupType
        ? known
            .filter((name) => !magnumNodeGroupLabels.has(name))
            .map((name) => ({
              message: `the label ${name} is read from the cluster, not from a node group (${magnumClusterApiDriver.name} ${magnumClusterApiDriver.version}): here it has no effect`,
              path: `labels.${name}`,
            }))
        : [];
    return Object.keys(labels)
      .filter((name) => !magnumClusterApiLabels.has(name))
      .map((name) => {
        const hint = closest(name, [...magnumClusterApiLabels]);
        return {
          message: `the label ${name} is not read by ${magnumClusterApiDriver.name} ${magnumClusterApiDriver.version}, so it has no effect${hint ? `; did you mean ${hint}?` : ""}`,
          path: `labels.${name}`,
        };
      })
      .concat(clusterOnly);
  },
);
