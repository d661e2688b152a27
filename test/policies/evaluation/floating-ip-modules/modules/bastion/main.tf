variable "floating_ip" {
  type = string
}

resource "openstack_networking_port_v2" "bastion" {
  name       = "bastion"
  network_id = "00000000-0000-0000-0000-000000000001"
}

resource "openstack_compute_instance_v2" "bastion" {
  name        = "bastion"
  flavor_name = "s1.small"
  metadata = {
    role = "bastion"
  }
  network {
    port = openstack_networking_port_v2.bastion.id
  }
}

resource "openstack_networking_floatingip_associate_v2" "bastion" {
  floating_ip = var.floating_ip
  port_id     = openstack_networking_port_v2.bastion.id
}
