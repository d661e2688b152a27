# The source of the rule is a variable given no value: known only when someone runs plan with it.
variable "ssh_source" {
  type = string
}

resource "openstack_networking_secgroup_v2" "admin" {
  name        = "admin"
  description = "Administration"
}

resource "openstack_networking_secgroup_rule_v2" "ssh" {
  security_group_id = openstack_networking_secgroup_v2.admin.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = var.ssh_source
}
