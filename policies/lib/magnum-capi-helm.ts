/**
 * The labels openstack/magnum-capi-helm reads, at 1.4.0 (commit a8b82c2480a286a10b60ecc1d94c6cd9f1d01823, 2026-06-08): the
 * options of its capi_helm_cluster_labels group and their deprecated names (magnum_capi_helm/conf.py), the only names
 * its `_label` helper accepts (driver.py, _REGISTERED_LABEL_NAMES), and capi_helm_chart_version, which it reads from the
 * template's labels alone (driver.py, _get_chart_version). It reads them from the template's labels with the
 * cluster's over them (`mergeconcat(cluster.cluster_template.labels, cluster.labels)`), whatever merge_labels says, and
 * reads no node group's labels: a node group's label has no effect.
 */
export const magnumCapiHelmDriver = { name: "magnum-capi-helm", version: "1.4.0", commit: "a8b82c2480a286a10b60ecc1d94c6cd9f1d01823" } as const;

export const magnumCapiHelmLabels: ReadonlySet<string> = new Set([
  // the chart and the Kubernetes version: the version is the image's kube_version property, not a label
  "capi_helm_chart_version",
  // API server and its load balancer
  "master_lb_floating_ip_enabled",
  "api_master_lb_allowed_cidrs",
  "keystone_auth_enabled",
  "octavia_provider",
  "octavia_lb_algorithm",
  "octavia_lb_healthcheck",
  // nodes and their volumes
  "auto_healing_enabled",
  "auto_scaling_enabled",
  "min_node_count",
  "max_node_count",
  "boot_volume_type",
  "boot_volume_size",
  "etcd_blockdevice_size",
  "etcd_blockdevice_type",
  "etcd_blockdevice_volume_type",
  "etcd_blockdevice_volume_az",
  "etcd_volume_size",
  "etcd_volume_type",
  // networking
  "fixed_subnet_cidr",
  "extra_network_names",
  "extra_network_name",
  // add-ons and the Cinder CSI storage classes
  "monitoring_enabled",
  "kube_dashboard_enabled",
  "csi_cinder_availability_zone",
  "csi_cinder_reclaim_policy",
  "csi_cinder_volume_binding_mode",
  "csi_cinder_fstype",
  "csi_cinder_allow_volume_expansion",
]);

/** The label read from the template only: on a cluster it has no effect. */
export const magnumCapiHelmTemplateOnlyLabels: ReadonlySet<string> = new Set(["capi_helm_chart_version"]);
