resource "openstack_networking_floatingip_v2" "bastion" {
  pool = "ext-net"
}

output "floating_ip" {
  value = openstack_networking_floatingip_v2.bastion.address
}
