# A module published from the root of its repository, with an example that calls it: checked from the root, the example
# is a root module too, and the module is judged with the example's inputs as well as with its defaults (as a module
# judged alone: it declares no backend, provider or lock file, and where the state lives is its callers' to say).
variable "admin_cidr" {
  type    = string
  default = "10.20.0.0/16"
}

module "naming" {
  source = "./modules/naming"
}

resource "openstack_networking_secgroup_v2" "bastion" {
  name                 = module.naming.bastion
  description          = "Bastion"
  delete_default_rules = true
}

resource "openstack_networking_secgroup_rule_v2" "ssh" {
  security_group_id = openstack_networking_secgroup_v2.bastion.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = var.admin_cidr
  description       = "Administration"
}

output "group_id" {
  value = openstack_networking_secgroup_v2.bastion.id
}
