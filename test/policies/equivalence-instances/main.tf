# One configuration with count, for_each and a module called with count, written twice: this file and plan.json, in
# the shape `terraform show -json` gives (1.11; the shape of addresses, keys and references checked with terraform_data
# in inputs.test.ts, the OpenStack attributes as the provider computes them). Both forms must give the same findings.
resource "openstack_networking_network_v2" "net" {
  name = "example-network"
}

resource "openstack_networking_secgroup_v2" "app" {
  count                = 2
  name                 = "app-${count.index}"
  description          = "Application servers"
  delete_default_rules = true
}

resource "openstack_networking_port_v2" "app" {
  count              = 2
  name               = "app-${count.index}"
  network_id         = openstack_networking_network_v2.net.id
  security_group_ids = [openstack_networking_secgroup_v2.app[count.index].id]
}

resource "openstack_networking_floatingip_v2" "app" {
  for_each = toset(["first"])
  pool     = "public"
  port_id  = openstack_networking_port_v2.app[0].id
}

module "edge" {
  source = "./modules/edge"
  count  = 1
}
