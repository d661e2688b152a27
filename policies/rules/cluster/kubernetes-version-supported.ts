import { cite, resourcePolicy, type Violation } from "../../engine/policy";
import type { ResourceGraph } from "../../engine/graph";
import type { TfResource } from "../../engine/model";
import { type ChosenVersion, versionPastSupport } from "../../lib/kubernetes-releases";
import { builtByAnotherDriver, builtByCapiHelm, type ClusterApiDriver, clusterLabels, clusterTemplateType, clusterType, labelsOf } from "../../lib/magnum";
import { appliedManifestsOf, findingsOn, helmReleaseType, isKind } from "../../lib/helm";
import { kubeadmRunsOf } from "../../lib/kubeadm-instance";
import { type NodeSetup, nodeSetups, nodeSetupTypes, nodeSetupsDescribed } from "../../lib/node-setup";
import { block, fieldAt, isUnknown } from "../../lib/values";

/**
 * The RKE2 or K3s release a node's setup installs (an instance's user data, as the instance gets it; provisioners), in
 * its text or the scripts it runs (a script a file provisioner copies and a command runs: withScriptsRun): the install
 * script's INSTALL_RKE2_VERSION or INSTALL_K3S_VERSION, or its channel when that names a minor (INSTALL_RKE2_CHANNEL,
 * INSTALL_K3S_CHANNEL: "There is a release channel tied to each Kubernetes minor version, including versions that are
 * end-of-life": docs.rke2.io, upgrades/manual; docs.k3s.io, upgrades/manual), quoted either way or not.
 */
function rancherVersion({ text, commands }: NodeSetup): string | undefined {
  if (text === undefined) return undefined;
  const installs = [text, ...commands].join("\n");
  return (
    /INSTALL_(?:RKE2|K3S)_VERSION=["']?(v\d+\.\d+\.\d+[^"'\s]*)/.exec(installs)?.[1] ??
    /INSTALL_(?:RKE2|K3S)_CHANNEL=["']?(v\d+\.\d+)(?![\d.])/.exec(installs)?.[1]
  );
}

/**
 * The Kubernetes version at which the kubeadm init a resource's setups run makes its control plane: its configuration's
 * ClusterConfiguration.kubernetesVersion (kubeadmRunsOf). Left unset, kubeadm takes the latest stable release
 * (cmd/kubeadm/app/apis/kubeadm/v1beta4 defaults: DefaultKubernetesVersion "stable-1"), which is not judged; a machine
 * that joins runs the cluster's.
 */
function kubeadmVersion(resource: TfResource, graph: ResourceGraph): ChosenVersion | undefined {
  for (const { setup, found } of kubeadmRunsOf(resource, graph)) {
    if ("unreadable" in found || !found.kubeadm.onInstance.startsApiServer) continue;
    const written = fieldAt(found.kubeadm.spec, "clusterConfiguration", "kubernetesVersion");
    if (written !== undefined) return { written, path: setup.path, source: `${found.said} (kubernetesVersion)` };
  }
  return undefined;
}

/** The RKE2 or K3s release a resource's setups install (rancherVersion), at the first that names one. */
function setupsRancherVersion(resource: TfResource, graph: ResourceGraph): ChosenVersion | undefined {
  for (const setup of nodeSetups(resource, graph)) {
    const written = rancherVersion(setup);
    if (written !== undefined) return { written, path: setup.path };
  }
  return undefined;
}

/**
 * Where the objects of Cluster API give the Kubernetes version of the machines they make (api/core and
 * api/controlplane of kubernetes-sigs/cluster-api; Cluster API's K3s and RKE2 providers name it alike): a control plane's
 * spec.version, a MachineDeployment's, a MachinePool's and a Machine's spec.template.spec.version or spec.version, and
 * a Cluster's spec.topology.version, from which its ClusterClass makes them.
 */
const clusterApiVersions: readonly { readonly kind: string; readonly group: string; readonly at: readonly string[] }[] = [
  { kind: "KubeadmControlPlane", group: "controlplane.cluster.x-k8s.io", at: ["spec", "version"] },
  { kind: "KThreesControlPlane", group: "controlplane.cluster.x-k8s.io", at: ["spec", "version"] },
  { kind: "RKE2ControlPlane", group: "controlplane.cluster.x-k8s.io", at: ["spec", "version"] },
  { kind: "MachineDeployment", group: "cluster.x-k8s.io", at: ["spec", "template", "spec", "version"] },
  { kind: "MachinePool", group: "cluster.x-k8s.io", at: ["spec", "template", "spec", "version"] },
  { kind: "Machine", group: "cluster.x-k8s.io", at: ["spec", "version"] },
  { kind: "Cluster", group: "cluster.x-k8s.io", at: ["spec", "topology", "version"] },
];

/** The Kubernetes versions the Cluster API objects a resource applies give their machines (clusterApiVersions), judged at their field. */
function clusterApiVersionsPastSupport(resource: TfResource, graph: ResourceGraph, today: string): Violation[] {
  return appliedManifestsOf(graph, resource).flatMap((applied) =>
    clusterApiVersions.flatMap(({ kind, group, at }) => {
      if (!isKind(applied.manifest, kind, group)) return [];
      const written = fieldAt(applied.manifest, ...at);
      if (written === undefined) return [];
      const finding = findingsOn(applied, at);
      return versionPastSupport({ written, path: at.join(".") }, today).map(({ message, outcome }) =>
        finding([], message, outcome === "cannot-evaluate" ? { value: written } : undefined),
      );
    }),
  );
}

/** The version magnum-cluster-api runs when a cluster's labels have no kube_tag (magnum_cluster_api/utils.py, get_kube_tag). */
const driverDefault = "v1.25.3";

/**
 * The Kubernetes version a resource's nodes run, as written (or the driver's default, with why); undefined when the
 * resource does not choose it: an instance that installs no RKE2, a cluster that runs with its template's version (the
 * template is judged).
 */
function chosenVersion(resource: TfResource, graph: ResourceGraph, driver: ClusterApiDriver): ChosenVersion | undefined {
  if (nodeSetupTypes.includes(resource.type)) return setupsRancherVersion(resource, graph) ?? kubeadmVersion(resource, graph);
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
    description: `Flags Magnum cluster templates and clusters whose kube_tag (or, without one, the driver's default, v1.25.3; with magnum-capi-helm, the kube_version property of the template's image), instances whose user data installs an RKE2 or K3s release (INSTALL_RKE2_VERSION, INSTALL_K3S_VERSION, or a channel that names a minor) or runs kubeadm init with a ClusterConfiguration's kubernetesVersion, and Cluster API objects (a KubeadmControlPlane's, a KThreesControlPlane's or an RKE2ControlPlane's spec.version, a MachineDeployment's or a MachinePool's spec.template.spec.version, a Machine's spec.version, a Cluster's spec.topology.version), that give a Kubernetes minor past its end of upstream support on the day of the check; a minor older than the table of support dates is past it. A version known only at apply, or a placeholder another tool fills, is not evaluable. ${nodeSetupsDescribed}`,
    rationale: "A minor past its end of life gets no security fix: every vulnerability found afterwards stays open on the cluster that holds the health data.",
    remediation:
      "Move the region to a supported minor (kubernetes.version in the environment file) and upgrade the cluster; elsewhere, give the install script, kubeadm's kubernetesVersion or the Cluster API objects' version a supported minor, and upgrade the machines.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.11.a"), cite("anssi", "Hygiene 34", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  [clusterTemplateType, clusterType, ...nodeSetupTypes, "kubernetes_manifest", helmReleaseType],
  (resource, { settings, graph }): Violation[] => {
    if (resource.type === "kubernetes_manifest" || resource.type === helmReleaseType) return clusterApiVersionsPastSupport(resource, graph, settings.today);
    const driver = settings.magnumDriver;
    if (!nodeSetupTypes.includes(resource.type) && driver !== "magnum-capi-helm" && isUnknown(resource.values.labels))
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
