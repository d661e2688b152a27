import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { userDataAsSent } from "../../lib/cloud-init";
import { type ChosenVersion, versionPastSupport } from "../../lib/kubernetes-releases";
import { builtByAnotherDriver, builtByCapiHelm, type ClusterApiDriver, clusterLabels, clusterTemplateType, clusterType, labelsOf } from "../../lib/magnum";
import { block, isUnknown } from "../../lib/values";

/**
 * The RKE2 release an instance's user data installs, read as the instance gets it (userDataAsSent): the install
 * script's INSTALL_RKE2_VERSION, or its INSTALL_RKE2_CHANNEL when that names a minor ("There is a release channel tied
 * to each Kubernetes minor version, including versions that are end-of-life": docs.rke2.io, upgrades/manual), quoted
 * either way or not.
 */
function rke2Version(userData: unknown): string | undefined {
  if (typeof userData !== "string") return undefined;
  const text = userDataAsSent(userData);
  return /INSTALL_RKE2_VERSION=["']?(v\d+\.\d+\.\d+[^"'\s]*)/.exec(text)?.[1] ?? /INSTALL_RKE2_CHANNEL=["']?(v\d+\.\d+)(?![\d.])/.exec(text)?.[1];
}

/** The version magnum-cluster-api runs when a cluster's labels have no kube_tag (magnum_cluster_api/utils.py, get_kube_tag). */
const driverDefault = "v1.25.3";

/**
 * The Kubernetes version a resource's nodes run, as written (or the driver's default, with why); undefined when the
 * resource does not choose it: an instance that installs no RKE2, a cluster that runs with its template's version (the
 * template is judged).
 */
function chosenVersion(resource: TfResource, graph: ResourceGraph, driver: ClusterApiDriver): ChosenVersion | undefined {
  if (resource.type === "openstack_compute_instance_v2") {
    const written = rke2Version(resource.values.user_data);
    return written === undefined ? undefined : { written, path: "user_data" };
  }
  if (builtByCapiHelm(resource, graph, driver)) return imageVersion(resource, graph);
  const path = "labels.kube_tag";
  const own = labelsOf(resource);
  if (own?.kube_tag !== undefined) return { written: own.kube_tag, path };
  if (resource.type === clusterTemplateType) return { written: driverDefault, path, defaulted: "kube_tag is not set" };
  // A cluster's own kube_tag is read over its template's, merged or not; labels of its own without it replace the template's.
  return clusterLabels(resource, graph, driver).replacesTemplate
    ? { written: driverDefault, path: "labels", defaulted: "the cluster's labels replace its template's (merge_labels is not true) and set no kube_tag" }
    : undefined;
}

/**
 * The version magnum-capi-helm runs: its template's image's kube_version property (driver.py, _get_kube_version), read
 * from the image resource or the data source that looks it up with it. kube_tag is not read. A cluster runs its
 * template's image: the template is judged.
 */
function imageVersion(resource: TfResource, graph: ResourceGraph): ChosenVersion | undefined {
  if (resource.type !== clusterTemplateType) return undefined;
  const image = graph.targetOf(resource.values.image, resource);
  const properties = image?.values.properties;
  const written = isUnknown(properties) ? properties : block(properties)?.kube_version;
  return written === undefined
    ? {
        written,
        path: "image",
        unread: "magnum-capi-helm runs the Kubernetes version of the image's kube_version property, which the configuration does not give",
      }
    : { written, path: "image" };
}

export default resourcePolicy(
  {
    id: "kubernetes-version-supported",
    title: "The Kubernetes minor is in upstream support",
    description:
      "Flags Magnum cluster templates and clusters whose kube_tag (or, without one, the driver's default, v1.25.3; with magnum-capi-helm, the kube_version property of the template's image), and instances whose cloud-config installs an RKE2 release, give a Kubernetes minor past its end of upstream support on the day of the check; a minor older than the table of support dates is past it.",
    rationale: "A minor past its end of life gets no security fix: every vulnerability found afterwards stays open on the cluster that holds the health data.",
    remediation: "Move the region to a supported minor (kubernetes.version in the environment file) and upgrade the cluster.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.11.a"), cite("anssi", "Hygiene 34", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [clusterTemplateType, clusterType, "openstack_compute_instance_v2"],
  (resource, { settings, graph }): Violation[] => {
    const driver = settings.magnumDriver;
    if (resource.type !== "openstack_compute_instance_v2" && driver !== "magnum-capi-helm" && isUnknown(resource.values.labels))
      return [{ message: "the labels, and so the Kubernetes version, are not known before apply", path: "labels", outcome: "cannot-evaluate" }];
    const chosen = chosenVersion(resource, graph, driver);
    if (!chosen) return [];
    if (chosen.defaulted && builtByAnotherDriver(resource, graph, driver))
      return [
        {
          message: `${chosen.defaulted}: the template's image selects another driver than ${driver}, whose default version this check does not know`,
          path: chosen.path,
          outcome: "cannot-evaluate",
        },
      ];
    return versionPastSupport(chosen, settings.today);
  },
);
