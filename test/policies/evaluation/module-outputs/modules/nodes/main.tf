# Counted instances, each reached from outside by a floating IP through the compute association: references by
# count.index name one instance each.
variable "secgroup_name" {
  type = string
}

resource "openstack_compute_instance_v2" "node" {
  count           = 2
  name            = "node-${count.index}"
  flavor_name     = "s1.small"
  security_groups = [var.secgroup_name]
  access_ip_v4    = "192.0.2.${10 + count.index}"
}

resource "openstack_networking_floatingip_v2" "public" {
  count = 2
  pool  = "ext-net"
}

resource "openstack_compute_floatingip_associate_v2" "public" {
  count       = 2
  floating_ip = openstack_networking_floatingip_v2.public[count.index].address
  instance_id = openstack_compute_instance_v2.node[count.index].id
}

output "first_address" {
  value = openstack_compute_instance_v2.node[0].access_ip_v4
}
