# The bastion's floating IP allocated in one module and bound in another: the association's port is read in the module
# the association is written in.
module "network" {
  source = "./modules/network"
}

module "bastion" {
  source      = "./modules/bastion"
  floating_ip = module.network.floating_ip
}
