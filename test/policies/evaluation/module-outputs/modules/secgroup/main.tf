variable "admin_cidr" {
  type = string
}

resource "openstack_networking_secgroup_v2" "group" {
  name                 = "nodes"
  description          = "Nodes"
  delete_default_rules = true
}

resource "openstack_networking_secgroup_rule_v2" "admin" {
  security_group_id = openstack_networking_secgroup_v2.group.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = var.admin_cidr
  description       = "Administration from the first node"
}

resource "openstack_networking_secgroup_rule_v2" "web" {
  security_group_id = openstack_networking_secgroup_v2.group.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 443
  port_range_max    = 443
  remote_ip_prefix  = "0.0.0.0/0"
  description       = "Users"
}

output "name" {
  value = openstack_networking_secgroup_v2.group.name
}

output "id" {
  value = openstack_networking_secgroup_v2.group.id
}
