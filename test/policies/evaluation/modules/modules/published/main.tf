# A module published for others to call (from a registry, Git or Terragrunt): no folder here calls it, and it declares
# no backend, state encryption or provider. Its resources are judged with its defaults; its state is its callers' affair.
variable "admin_cidr" {
  type    = string
  default = "0.0.0.0/0"
}

resource "openstack_networking_secgroup_v2" "admin" {
  name        = "published-admin"
  description = "Administration through the published module"
}

resource "openstack_networking_secgroup_rule_v2" "ssh" {
  security_group_id = openstack_networking_secgroup_v2.admin.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = var.admin_cidr
  description       = "Administrators"
}
