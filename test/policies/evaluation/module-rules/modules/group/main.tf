variable "name" {
  type = string
}

variable "from_group_only" {
  type    = bool
  default = true
}

variable "rules" {
  type = list(object({ port = number, remote_group_id = string }))
}

resource "random_id" "suffix" {
  byte_length = 4
}

resource "openstack_networking_secgroup_v2" "group" {
  name                 = "${var.name}-${random_id.suffix.hex}"
  description          = "Made by the group module"
  delete_default_rules = true
}

resource "openstack_networking_secgroup_rule_v2" "rule" {
  for_each          = { for rule in var.rules : tostring(rule.port) => rule }
  security_group_id = openstack_networking_secgroup_v2.group.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = each.value.port
  port_range_max    = each.value.port
  remote_group_id   = var.from_group_only ? each.value.remote_group_id : null
  description       = "From the group given"
}

# The deprecated form (removed in provider 3.0, common in code written for 1.x and 2.x), its rules in a dynamic block.
resource "openstack_compute_secgroup_v2" "legacy" {
  name        = "${var.name}-legacy"
  description = "Made by the group module"

  dynamic "rule" {
    for_each = var.rules
    content {
      ip_protocol   = "tcp"
      from_port     = rule.value.port
      to_port       = rule.value.port
      from_group_id = rule.value.remote_group_id
    }
  }
}

output "id" {
  value = openstack_networking_secgroup_v2.group.id
}

output "name" {
  value = openstack_networking_secgroup_v2.group.name
}
