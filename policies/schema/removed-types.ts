/**
 * The OpenStack provider's types that version 3.0.0 removed, each with the one that takes its place: a configuration
 * written for an older provider still names them, and Terraform refuses it with a provider of version 3 ("The provider
 * ... does not support resource type"). From terraform-provider-openstack pull request #1751 ("Remove deprecated
 * resources", released in 3.0.0) and the provider's upgrade guide to version 3.
 */
export const removedInVersion3: Readonly<Record<"resource" | "data", Readonly<Record<string, string>>>> = {
  resource: {
    openstack_blockstorage_quotaset_v2: "openstack_blockstorage_quotaset_v3",
    openstack_blockstorage_volume_v1: "openstack_blockstorage_volume_v3",
    openstack_blockstorage_volume_v2: "openstack_blockstorage_volume_v3",
    openstack_blockstorage_volume_attach_v2: "openstack_blockstorage_volume_attach_v3",
    openstack_compute_secgroup_v2: "openstack_networking_secgroup_v2 and openstack_networking_secgroup_rule_v2",
    openstack_compute_floatingip_v2: "openstack_networking_floatingip_v2",
    openstack_compute_floatingip_associate_v2: "openstack_networking_floatingip_associate_v2",
    openstack_fw_firewall_v1: "openstack_fw_group_v2",
    openstack_fw_policy_v1: "openstack_fw_policy_v2",
    openstack_fw_rule_v1: "openstack_fw_rule_v2",
    openstack_lb_member_v1: "openstack_lb_member_v2",
    openstack_lb_monitor_v1: "openstack_lb_monitor_v2",
    openstack_lb_pool_v1: "openstack_lb_pool_v2",
    openstack_lb_vip_v1: "openstack_lb_loadbalancer_v2",
  },
  data: {
    openstack_blockstorage_snapshot_v2: "openstack_blockstorage_snapshot_v3",
    openstack_blockstorage_volume_v2: "openstack_blockstorage_volume_v3",
    openstack_fw_policy_v1: "openstack_fw_policy_v2",
  },
};

/** Why a type the schema lacks is not there, when the provider removed it: what to write instead. */
export function removedTypeSaid(section: "resource" | "data", type: string): string | undefined {
  const replacement = removedInVersion3[section][type];
  return replacement && `the provider removed it in version 3.0.0: write ${replacement} instead`;
}
