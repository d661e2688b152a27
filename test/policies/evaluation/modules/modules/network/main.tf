# A child module: envs/prod calls it, so it is evaluated inside its caller and never judged alone.
terraform {
  required_providers {
    openstack = {
      source  = "terraform-provider-openstack/openstack"
      version = ">= 3.0"
    }
  }
}

variable "name" {
  type = string
}

variable "ssh_sources" {
  type = list(string)
}

resource "openstack_networking_secgroup_v2" "group" {
  name        = "${var.name}-admin"
  description = "Administration of ${var.name}"
}

resource "openstack_networking_secgroup_rule_v2" "ssh" {
  count             = length(var.ssh_sources)
  security_group_id = openstack_networking_secgroup_v2.group.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = var.ssh_sources[count.index]
}

output "group_name" {
  value = openstack_networking_secgroup_v2.group.name
}
