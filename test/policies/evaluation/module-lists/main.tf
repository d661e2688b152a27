# Security groups given to a module as a list of another module's outputs, partly through a local: the servers join the
# groups those outputs stand for, although their names are known only at apply.
variable "environment" {
  type = string
}

module "groups" {
  source      = "./modules/groups"
  environment = var.environment
}

locals {
  admin_groups = [module.groups.admin_name]
}

module "servers" {
  source          = "./modules/servers"
  security_groups = concat([module.groups.web_name], local.admin_groups)
}

# A rule per group, for_each over a module's output map: each.value stands for the group's id.
resource "openstack_networking_secgroup_rule_v2" "icmp" {
  for_each          = module.groups.ids
  security_group_id = each.value
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "icmp"
  remote_ip_prefix  = "10.20.0.0/16"
  description       = "Ping from the administration network"
}

# Groups made by a counted module, named by a splat of its instances' outputs.
module "team_groups" {
  source      = "./modules/groups"
  count       = 2
  environment = "${var.environment}-team-${count.index}"
}

resource "openstack_compute_instance_v2" "team" {
  name            = "team"
  flavor_name     = "s1.small"
  security_groups = module.team_groups[*].web_name
}
