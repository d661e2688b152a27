variable "group_id" {
  type = string
}

resource "openstack_networking_secgroup_rule_v2" "rdp" {
  security_group_id = var.group_id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 3389
  port_range_max    = 3389
  remote_ip_prefix  = "0.0.0.0/0"
  description       = "Remote desktop"
}
