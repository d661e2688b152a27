import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import type { PolicySettings } from "../settings";
import { block, isUnknown, literalBool, literalString, memoized } from "./values";

export const clusterTemplateType = "openstack_containerinfra_clustertemplate_v1";
export const clusterType = "openstack_containerinfra_cluster_v1";
export const nodeGroupType = "openstack_containerinfra_nodegroup_v1";

/**
 * A Magnum resource's own labels (a map of strings), or undefined when it sets none. Null is an argument left out, and
 * a label whose value is null is dropped, as the providers' SDK drops a map's null elements (terraform-plugin-sdk
 * hcl2shim, ConfigValueFromHCL2): `{ kube_tag = var.tag }` with the variable left null sets no label.
 */
export const labelsOf = memoized((resource: TfResource): Record<string, unknown> | undefined => {
  const labels = resource.values.labels;
  if (typeof labels !== "object" || labels === null || Array.isArray(labels)) return undefined;
  // Found by their descriptors, which the engine does not take for reads (unknowns.ts): a label known only at apply is
  // not read unless a policy reads it.
  const nulls = new Set(Object.keys(labels).filter((key) => Object.getOwnPropertyDescriptor(labels, key)?.value === null));
  if (nulls.size === 0) return labels as Record<string, unknown>;
  return new Proxy(labels as Record<string, unknown>, {
    get: (target, key, receiver) => (typeof key === "string" && nulls.has(key) ? undefined : Reflect.get(target, key, receiver)),
    has: (target, key) => !(typeof key === "string" && nulls.has(key)) && Reflect.has(target, key),
    ownKeys: (target) => Reflect.ownKeys(target).filter((key) => !(typeof key === "string" && nulls.has(key))),
    getOwnPropertyDescriptor: (target, key) => (typeof key === "string" && nulls.has(key) ? undefined : Reflect.getOwnPropertyDescriptor(target, key)),
  });
});

/** A Magnum label as written. */
export const label = (resource: TfResource, name: string): unknown => labelsOf(resource)?.[name];

/**
 * A boolean label as magnum-cluster-api reads it (utils.get_cluster_label_as_bool): oslo.utils' bool_from_string,
 * which strips and lowercases the text and takes 1, t, true, on, y, yes and 0, f, false, off, n, no ("False" is
 * false; the driver's own tests write str(False)). Undefined for any other text, which the driver refuses.
 */
export function labelBool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return undefined;
  const text = value.trim().toLowerCase();
  return ["1", "t", "true", "on", "y", "yes"].includes(text) ? true : ["0", "f", "false", "off", "n", "no"].includes(text) ? false : undefined;
}

/**
 * Whether a switch that must be off is on. Templates must turn it off explicitly (Magnum's default is on); a cluster
 * may only leave it unset (inheriting the template) or off. Unknown values pass.
 */
export function switchedOn(resource: TfResource, value: unknown): "unset" | "on" | undefined {
  if (isUnknown(value)) return undefined;
  const enabled = literalBool(value);
  if (resource.type === clusterTemplateType) return enabled === false ? undefined : enabled === undefined ? "unset" : "on";
  return enabled === true ? "on" : undefined;
}

/** The template a cluster is made from, when the configuration declares it (not a data source's, not an id). */
export function clusterTemplate(cluster: TfResource, graph: ResourceGraph): TfResource | undefined {
  const template = graph.targetOf(cluster.values.cluster_template_id, cluster);
  return template?.type === clusterTemplateType && template.mode !== "data" ? template : undefined;
}

/**
 * The labels a cluster runs with. magnum-cluster-api reads those Magnum's API sets at creation
 * (magnum/api/controllers/v1/cluster.py): its template's when it sets none; its own alone when it sets some, unless
 * merge_labels is true, in which case its own over its template's. magnum-capi-helm reads its template's with its own
 * over them, whatever merge_labels says (driver.py, _label). `labels` is undefined when they take some from a template
 * not in the configuration (a data source, an id).
 */
export function clusterLabels(
  cluster: TfResource,
  graph: ResourceGraph,
  driver: ClusterApiDriver,
): { labels?: Record<string, unknown>; replacesTemplate: boolean } {
  const own = labelsOf(cluster);
  const template = clusterTemplate(cluster, graph);
  const templateLabels = template ? (labelsOf(template) ?? {}) : undefined;
  if (!own || Object.keys(own).length === 0) return templateLabels ? { labels: templateLabels, replacesTemplate: false } : { replacesTemplate: false };
  if (driver === "magnum-capi-helm" || literalBool(cluster.values.merge_labels) === true)
    return templateLabels ? { labels: { ...templateLabels, ...own }, replacesTemplate: false } : { replacesTemplate: false };
  return { labels: own, replacesTemplate: true };
}

/** The Cluster API driver a cloud runs (the settings' magnumDriver). */
export type ClusterApiDriver = PolicySettings["magnumDriver"];

/**
 * The os_distro values Magnum selects each Cluster API driver by (each driver's `provides`: magnum-cluster-api v0.38.1
 * driver.py; magnum-capi-helm driver.py, ubuntu and flatcar). Magnum picks a template's driver by its image's os_distro.
 */
const clusterApiDistros: Readonly<Record<ClusterApiDriver, ReadonlySet<string>>> = {
  "magnum-cluster-api": new Set(["ubuntu", "ubuntu-focal", "debian", "flatcar", "rockylinux"]),
  "magnum-capi-helm": new Set(["ubuntu", "flatcar"]),
};

/** The os_distro a template's image is looked up with in the configuration, or the cluster_distro it writes. */
function distroOf(template: TfResource, graph: ResourceGraph): string | undefined {
  const image = graph.targetOf(template.values.image, template);
  const distro = (image ? literalString(block(image.values.properties)?.os_distro) : undefined) ?? literalString(template.values.cluster_distro);
  return distro === "" ? undefined : distro;
}

/**
 * Whether a template is built by the cloud's Cluster API driver: its image is looked up, in the configuration, with an
 * os_distro that driver takes, or the template writes such a cluster_distro. Magnum stores the image's os_distro as the
 * template's cluster_distro (magnum api/controllers/v1/cluster_template.py, post), and the provider plans a change to a
 * template whose cluster_distro differs from what it reads back, so a configuration that plans no change writes the image's.
 * Undefined when neither is known here (an image given by name or id, no cluster_distro).
 */
export function usesClusterApiDriver(template: TfResource, graph: ResourceGraph, driver: ClusterApiDriver): boolean | undefined {
  const distro = distroOf(template, graph);
  return distro === undefined ? undefined : clusterApiDistros[driver].has(distro);
}

/** The template a cluster template, a cluster or a node group is built from, when the configuration declares it. */
export function templateOf(resource: TfResource, graph: ResourceGraph): TfResource | undefined {
  if (resource.type === clusterTemplateType) return resource;
  const cluster = resource.type === nodeGroupType ? graph.targetOf(resource.values.cluster_id, resource) : resource;
  return cluster?.type === clusterType ? clusterTemplate(cluster, graph) : undefined;
}

/**
 * Whether a Magnum resource is known to be built by another driver than the cloud's Cluster API driver (Heat's, for
 * Fedora CoreOS): its template's image is looked up with an os_distro that driver does not take. Its labels and
 * defaults are that driver's, which the policies do not know.
 */
export function builtByAnotherDriver(resource: TfResource, graph: ResourceGraph, driver: ClusterApiDriver): boolean {
  const template = templateOf(resource, graph);
  return template !== undefined && usesClusterApiDriver(template, graph, driver) === false;
}

/** Whether magnum-capi-helm builds a Magnum resource: the cloud runs it, and the template's image selects no other driver. */
export const builtByCapiHelm = (resource: TfResource, graph: ResourceGraph, driver: ClusterApiDriver): boolean =>
  driver === "magnum-capi-helm" && !builtByAnotherDriver(resource, graph, driver);
