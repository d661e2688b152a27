variable "security_groups" {
  type = list(string)
}

resource "openstack_compute_instance_v2" "server" {
  name            = "server"
  flavor_name     = "s1.small"
  security_groups = var.security_groups
}

resource "openstack_networking_floatingip_v2" "public" {
  pool = "ext-net"
}

resource "openstack_compute_floatingip_associate_v2" "public" {
  floating_ip = openstack_networking_floatingip_v2.public.address
  instance_id = openstack_compute_instance_v2.server.id
}

# One worker per group, the way of older code: count over the list, element by index.
resource "openstack_compute_instance_v2" "worker" {
  count           = length(var.security_groups)
  name            = "worker-${count.index}"
  flavor_name     = "s1.small"
  security_groups = [element(var.security_groups, count.index)]
}
