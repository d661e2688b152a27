# An example that leaves its provider to the environment (OS_CLOUD): no provider block, no backend. It is judged too, as
# a module judged alone, and the module with its inputs.
module "bastion" {
  source     = "../../"
  admin_cidr = "198.51.100.0/24"
}

resource "openstack_networking_secgroup_rule_v2" "debug" {
  security_group_id = module.bastion.group_id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = "0.0.0.0/0"
  description       = "Debugging"
}
