resource "openstack_networking_secgroup_rule_v2" "ssh" {
  security_group_id = "00000000-0000-0000-0000-000000000001"
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = "0.0.0.0/0"
}
