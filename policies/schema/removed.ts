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

/**
 * What to write instead of an argument, where the block keeps one that takes its place, or else what to do.
 */
type Replacement = { readonly instead: string } | { readonly advice: string };

/**
 * The arguments of the OpenStack provider's blocks that version 2.0.0 removed, with what takes their place: a
 * configuration written for a version 1 provider still sets them, and Terraform refuses it ("Unsupported argument").
 * From the provider's CHANGELOG (2.0.0, breaking changes: pull requests #1654, #1661 to #1663, #1684 to #1687, and
 * #1640 for use_octavia) and its upgrade guide to version 2 ("Other removals", "Provider configuration option").
 */
export const removedInVersion2: Readonly<Record<"resource" | "data" | "provider", Readonly<Record<string, Readonly<Record<string, Replacement>>>>>> = {
  resource: {
    openstack_blockstorage_volume_v3: { multiattach: { advice: 'use a volume type marked multiattach (extra_specs multiattach = "<is> True")' } },
    openstack_compute_instance_v2: {
      floating_ip: { advice: "remove it: it had no effect (openstack_networking_floatingip_associate_v2 binds a floating IP to a port)" },
      volume: { advice: "remove it: it had no effect (openstack_compute_volume_attach_v2 attaches a volume)" },
    },
    openstack_images_image_v2: { update_at: { advice: "remove it: the provider computes updated_at" } },
    openstack_networking_router_v2: { external_gateway: { instead: "external_network_id" } },
    openstack_networking_subnet_v2: { allocation_pools: { instead: "allocation_pool" } },
  },
  data: {
    openstack_images_image_ids_v2: { sort_dir: { instead: "sort" }, sort_key: { instead: "sort" } },
    openstack_images_image_v2: { sort_dir: { instead: "sort" }, sort_key: { instead: "sort" } },
    openstack_networking_subnet_v2: { dhcp_disabled: { instead: "dhcp_enabled" } },
  },
  provider: {
    openstack: { use_octavia: { advice: "remove it: the provider always uses Octavia" } },
  },
};

/** Why an argument of a block the schema does not have is not there, when the provider removed it: what to do. */
export function removedArgumentSaid(section: "resource" | "data" | "provider", type: string, argument: string): string | undefined {
  const replacement = removedInVersion2[section][type]?.[argument];
  if (!replacement) return undefined;
  return `the provider removed it in version 2.0.0: ${"instead" in replacement ? `write ${replacement.instead} instead` : replacement.advice}`;
}

/** Why a type the schema lacks is not there, when the provider removed it: what to write instead. */
export function removedTypeSaid(section: "resource" | "data", type: string): string | undefined {
  const replacement = removedInVersion3[section][type];
  return replacement && `the provider removed it in version 3.0.0: write ${replacement} instead`;
}
