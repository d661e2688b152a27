resource "openstack_networking_network_v2" "nodes" {
  name = "nodes"
}

resource "openstack_containerinfra_clustertemplate_v1" "t" {
  name  = "t"
  coe   = "kubernetes"
  image = "ubuntu-2204-kube"
  labels = {
    master_lb_floating_ip_enabled = "false"
  }
}

resource "openstack_containerinfra_cluster_v1" "k8s" {
  name                = "k8s"
  cluster_template_id = openstack_containerinfra_clustertemplate_v1.t.id
  merge_labels        = true
  labels = {
    master_lb_floating_ip_enabled = "true"
    fixed_network_name            = openstack_networking_network_v2.nodes.id
  }
}
