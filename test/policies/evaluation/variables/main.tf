# Values set through variables, locals, tfvars, count and for_each: each resource named bad_* must be flagged.
variable "admin_cidr" {
  type    = string
  default = "0.0.0.0/0"
}

variable "allowed_cidr" {
  type    = string
  default = "0.0.0.0/0" # replaced by terraform.tfvars
}

variable "debug_enabled" {
  type    = bool
  default = false
}

locals {
  ports = { ssh = 22, https = 443 }
  name  = format("%s-%s", "app", "web")
}

resource "openstack_networking_secgroup_v2" "app" {
  name        = local.name
  description = "Application servers (${local.name})"
}

resource "openstack_networking_secgroup_rule_v2" "bad_admin_ssh" {
  security_group_id = openstack_networking_secgroup_v2.app.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = var.admin_cidr
}

resource "openstack_networking_secgroup_rule_v2" "allowed" {
  security_group_id = openstack_networking_secgroup_v2.app.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = var.allowed_cidr
}

# count = 0: Terraform creates nothing, so nothing is judged.
resource "openstack_networking_secgroup_rule_v2" "debug" {
  count             = var.debug_enabled ? 1 : 0
  security_group_id = openstack_networking_secgroup_v2.app.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = "0.0.0.0/0"
}

resource "openstack_networking_secgroup_rule_v2" "bad_public" {
  for_each          = local.ports
  security_group_id = openstack_networking_secgroup_v2.app.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = each.value
  port_range_max    = each.value
  remote_ip_prefix  = each.key == "ssh" ? cidrsubnet("0.0.0.0/0", 0, 0) : "198.51.100.0/24"
}
