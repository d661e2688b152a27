# An SSH rule whose source a ConfigMap's manifest gives: Terraform knows it at plan, as the manifest writes it.
resource "kubernetes_manifest" "cidrs" {
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "cidrs", namespace = "default" }
    data       = { admin = "0.0.0.0/0" }
  }
}

resource "openstack_networking_secgroup_rule_v2" "admin" {
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = kubernetes_manifest.cidrs.manifest.data.admin
  security_group_id = "x"
}
