provider "openstack" {
  region = "RegionOne"
}

module "bastion" {
  source     = "../../"
  admin_cidr = "0.0.0.0/0"
}
