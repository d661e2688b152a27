# Two modules that read each other's outputs: the first node's address goes to the security group module, the group's
# name comes back to the nodes. Terraform follows single values, not whole module calls, so both are known.
module "secgroup" {
  source     = "./modules/secgroup"
  admin_cidr = "${module.nodes.first_address}/32"
}

module "nodes" {
  source        = "./modules/nodes"
  secgroup_name = module.secgroup.name
}

# A rule written in a third module, given the group through a variable: it opens the group as any rule of it does.
module "rules" {
  source   = "./modules/rules"
  group_id = module.secgroup.id
}
