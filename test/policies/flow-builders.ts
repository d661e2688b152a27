import type { Endpoint } from "../../policies/flows/requirements";
import { addTerraformJson, emptyConfiguration } from "../../policies/inputs/terraform-json";

/** Resources by type and name, as a .tf.json file writes them. */
export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** A configuration of these resources and data sources, read as a .tf.json file is. */
export const configuration = (resource: Resources, data: Resources = {}) => {
  const built = emptyConfiguration("test");
  addTerraformJson(built, { resource, data }, "test.tf.json");
  return built;
};

/** A router to the Internet, as openstack_networking_router_v2 resources. */
export const router = { r: { name: "r", external_network_id: "00000000-0000-0000-0000-000000000001" } };

/** A security group with no default rules. */
export const group = (name: string, extra: Record<string, unknown> = {}) => ({ name, description: name, delete_default_rules: true, ...extra });

/** A TCP rule of IPv4 of the group `owner`. */
export const rule = (owner: string, direction: string, extra: Record<string, unknown>) => ({
  security_group_id: `\${openstack_networking_secgroup_v2.${owner}.id}`,
  direction,
  ethertype: "IPv4",
  protocol: "tcp",
  ...extra,
});

/** The members of a security group, as an endpoint of a flow. */
export const members = (name: string): Endpoint => ({ name, securityGroup: name });
