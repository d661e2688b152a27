/**
 * The labels vexxhost's magnum-cluster-api driver reads, at v0.38.1 (commit 3890a362b74321726e777e5203fb045da5cb59bc,
 * 2026-07-23): read from magnum_cluster_api/utils.py and resources.py (`labels.get(...)`, `get_cluster_label*`) and
 * src/magnum.rs (`ClusterLabels`), not from docs/user/labels.md, which spells the audit labels differently from the code
 * (audit_log_maxage there, audit_log_max_age in resources.py). Magnum passes any other label through and the driver
 * ignores it, so a misspelled label is a setting that silently never takes effect.
 */
export const magnumClusterApiDriver = { name: "magnum-cluster-api", version: "v0.38.1", commit: "3890a362b74321726e777e5203fb045da5cb59bc" } as const;

export const magnumClusterApiLabels: ReadonlySet<string> = new Set([
  // Kubernetes and images
  "kube_tag",
  "container_infra_prefix",
  "cloud_provider_tag",
  // API server and its load balancer
  "master_lb_floating_ip_enabled",
  "api_server_floating_ip",
  "api_server_lb_flavor",
  "api_server_lb_availability_zone",
  "api_server_tls_cipher_suites",
  "api_server_cert_sans",
  "admission_control_list",
  "keystone_auth_enabled",
  "octavia_provider",
  "octavia_lb_algorithm",
  "octavia_lb_healthcheck",
  // audit logging
  "audit_log_enabled",
  "audit_log_max_age",
  "audit_log_max_backup",
  "audit_log_max_size",
  // OIDC on the API server
  "oidc_issuer_url",
  "oidc_client_id",
  "oidc_username_claim",
  "oidc_username_prefix",
  "oidc_groups_claim",
  "oidc_groups_prefix",
  // kubelet
  "kubelet_tls_cipher_suites",
  // nodes, volumes and placement
  "auto_healing_enabled",
  "auto_scaling_enabled",
  // The autoscaler's bounds: Magnum itself sets the default worker group's min_node_count from the cluster's label
  // (magnum/conductor/utils.py, _get_nodegroup_object, which also copies the cluster's labels to the default groups),
  // and the driver reads max_node_count from a node group's labels (utils.py, get_node_group_max_node_count).
  "min_node_count",
  "max_node_count",
  "boot_volume_size",
  "boot_volume_type",
  "boot_volume_availability_zone",
  "etcd_volume_size",
  "etcd_volume_type",
  "docker_volume_type",
  "availability_zone",
  "control_plane_availability_zones",
  "server_group_policies",
  "different_failure_domain",
  // networking
  "fixed_subnet_cidr",
  "dns_cluster_domain",
  "service_cluster_ip_range",
  "calico_ipv4pool",
  "calico_tag",
  "cilium_ipv4pool",
  "cilium_tag",
  "cilium_hubble_ui_enabled",
  // storage drivers
  "cinder_csi_enabled",
  "cinder_csi_plugin_tag",
  "manila_csi_enabled",
  "manila_csi_plugin_tag",
  "manila_csi_share_network_id",
  "csi_attacher_tag",
  "csi_liveness_probe_tag",
  "csi_node_driver_registrar_tag",
  "csi_provisioner_tag",
  "csi_resizer_tag",
  "csi_snapshotter_tag",
]);

/**
 * The labels the driver reads from a node group's own labels (resources.py: mutate_machine_deployment and the
 * machine deployment's variables; utils.py: get_node_group_max_node_count, server group policies, failure domain):
 * every other label is read from the cluster, and written on a node group has no effect.
 */
export const magnumNodeGroupLabels: ReadonlySet<string> = new Set([
  "boot_volume_size",
  "boot_volume_type",
  "container_infra_prefix",
  "availability_zone",
  "server_group_policies",
  "different_failure_domain",
  "max_node_count",
]);
