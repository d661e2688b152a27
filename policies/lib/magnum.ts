import type { TfResource } from "../engine/model";
import { isUnknown, literalBool } from "./values";

export const clusterTemplateType = "openstack_containerinfra_clustertemplate_v1";
export const clusterType = "openstack_containerinfra_cluster_v1";
export const nodeGroupType = "openstack_containerinfra_nodegroup_v1";

/** A Magnum label as written (labels are a map of strings). */
export const label = (resource: TfResource, name: string): unknown => (resource.values.labels as Record<string, unknown> | undefined)?.[name];

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
