variable "environment" {
  type = string
}

resource "openstack_networking_secgroup_v2" "web" {
  name                 = "${var.environment}-web"
  description          = "Web servers"
  delete_default_rules = true
}

resource "openstack_networking_secgroup_rule_v2" "database" {
  security_group_id = openstack_networking_secgroup_v2.web.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 5432
  port_range_max    = 5432
  remote_ip_prefix  = "0.0.0.0/0"
  description       = "PostgreSQL, left open"
}

resource "openstack_networking_secgroup_v2" "admin" {
  name                 = "${var.environment}-admin"
  description          = "Administration"
  delete_default_rules = true
}

resource "openstack_networking_secgroup_rule_v2" "ssh" {
  security_group_id = openstack_networking_secgroup_v2.admin.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = "10.20.0.0/16"
  description       = "Administration network"
}

output "web_name" {
  value = openstack_networking_secgroup_v2.web.name
}

output "admin_name" {
  value = openstack_networking_secgroup_v2.admin.name
}

output "ids" {
  value = { for name, group in { web = openstack_networking_secgroup_v2.web, admin = openstack_networking_secgroup_v2.admin } : name => group.id }
}
