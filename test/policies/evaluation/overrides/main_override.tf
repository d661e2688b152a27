# Merged into main.tf: an argument replaces the original, lifecycle is merged argument by argument.
locals {
  admin_cidr = "0.0.0.0/0"
}

resource "openstack_networking_secgroup_rule_v2" "bad_ssh" {
  lifecycle {
    create_before_destroy = true
  }
}
