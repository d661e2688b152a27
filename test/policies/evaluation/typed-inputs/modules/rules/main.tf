variable "groups" {
  type = list(object({ id = string, name = string }))
}
variable "ports" {
  type = set(number)
}
resource "openstack_networking_secgroup_rule_v2" "in" {
  count             = length(var.groups)
  security_group_id = var.groups[count.index].id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = tolist(var.ports)[count.index]
  port_range_max    = tolist(var.ports)[count.index]
  remote_ip_prefix  = "0.0.0.0/0"
}
