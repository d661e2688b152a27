resource "openstack_networking_secgroup_v2" "app" {
  name                 = "app"
  description          = "app"
  delete_default_rules = true
}
resource "openstack_networking_floatingip_v2" "peer" {
  pool = "public"
}
resource "openstack_networking_secgroup_rule_v2" "ssh" {
  security_group_id = openstack_networking_secgroup_v2.app.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = "${openstack_networking_floatingip_v2.peer.address}/0"
  description       = "ssh"
}
