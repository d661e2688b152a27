# Rules whose keys and sources come from other resources' arguments, as public cluster modules write them: Terraform
# knows configured arguments at plan, so each rule is an instance of its own and is judged.
variable "name" {
  default = "demo"
}

resource "openstack_networking_secgroup_v2" "server" {
  name        = "${var.name}-server"
  description = "Servers"
}

resource "openstack_networking_secgroup_v2" "bastion" {
  name        = "${var.name}-bastion"
  description = "Bastion"
}

resource "openstack_networking_secgroup_v2" "counted" {
  count       = 2
  name        = "counted-${count.index}"
  description = "Counted"
}

data "openstack_networking_network_v2" "public" {
  name = "ext-net"
}

locals {
  network = data.openstack_networking_network_v2.public.name
  openings = [
    { group = openstack_networking_secgroup_v2.server, port = 6443, source = "192.0.2.0/24" },
    { group = openstack_networking_secgroup_v2.bastion, port = 22, source = "0.0.0.0/0" },
  ]
}

resource "openstack_networking_secgroup_rule_v2" "openings" {
  for_each          = { for opening in local.openings : "${opening.group.name}-${opening.port}" => opening }
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = each.value.port
  port_range_max    = each.value.port
  remote_ip_prefix  = each.value.source
  security_group_id = each.value.group.id
  description       = "Opening beside ${local.network}"
}

resource "openstack_networking_secgroup_rule_v2" "per_group" {
  for_each          = toset(openstack_networking_secgroup_v2.counted[*].name)
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 443
  port_range_max    = 443
  remote_ip_prefix  = "0.0.0.0/0"
  security_group_id = openstack_networking_secgroup_v2.counted[0].id
  description       = openstack_networking_secgroup_v2.server.description
}

# Terraform refuses a cycle; here what depends on one stays unknown.
resource "openstack_networking_secgroup_v2" "first" {
  name        = openstack_networking_secgroup_v2.second.description
  description = "First"
}

resource "openstack_networking_secgroup_v2" "second" {
  name        = "second"
  description = openstack_networking_secgroup_v2.first.name
}

resource "openstack_networking_secgroup_rule_v2" "cyclic" {
  for_each          = toset([openstack_networking_secgroup_v2.first.name])
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = "0.0.0.0/0"
  security_group_id = openstack_networking_secgroup_v2.first.id
  description       = "Cyclic"
}

# A map's keys are known when its values are not (a variable given no value): one instance per key, judged as unknown.
variable "admin_source" {
  type = string
}

resource "openstack_networking_secgroup_rule_v2" "admin" {
  for_each          = { admin = var.admin_source }
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = each.value
  security_group_id = openstack_networking_secgroup_v2.bastion.id
  description       = "Administration"
}
