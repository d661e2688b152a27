resource "openstack_networking_secgroup_v2" "edge" {
  name                 = "edge"
  description          = "Edge servers"
  delete_default_rules = true
}

resource "openstack_networking_secgroup_rule_v2" "ssh" {
  security_group_id = openstack_networking_secgroup_v2.edge.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = "0.0.0.0/0"
  description       = "Support access"
}

resource "openstack_networking_port_v2" "edge" {
  name               = "edge"
  network_id         = "00000000-0000-0000-0000-000000000009"
  security_group_ids = [openstack_networking_secgroup_v2.edge.id]
}

resource "openstack_networking_floatingip_v2" "edge" {
  pool    = "public"
  port_id = openstack_networking_port_v2.edge.id
}
