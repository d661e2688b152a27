# Rules given to a module as a list of objects, each merged with another module's output in a for expression: the
# rules the module makes with for_each (and a dynamic block) admit the members of that group, known only at apply.
variable "private_rules" {
  type    = list(object({ port = number }))
  default = [{ port = 22 }, { port = 5432 }]
}

module "bastion_group" {
  source = "./modules/group"
  name   = "bastion"
  rules  = []
}

module "private_group" {
  source = "./modules/group"
  name   = "private"
  rules  = [for rule in var.private_rules : merge(rule, { remote_group_id = module.bastion_group.id })]
}

resource "openstack_compute_instance_v2" "bastion" {
  name            = "bastion"
  flavor_name     = "s1.small"
  security_groups = [module.bastion_group.name]
}

resource "openstack_compute_instance_v2" "database" {
  name            = "database"
  flavor_name     = "s1.small"
  security_groups = [module.private_group.name]
}
