# The source of the rule is a variable given no value: known only when someone runs plan with it.
variable "ssh_source" {
  type = string
}

resource "openstack_networking_secgroup_v2" "admin" {
  name        = "admin"
  description = "Administration"
}

resource "openstack_networking_secgroup_rule_v2" "ssh" {
  security_group_id = openstack_networking_secgroup_v2.admin.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = var.ssh_source
}

# The database's clients, known only at plan too: the rule is for PostgreSQL, so the policies on SSH, RDP, HTTPS, every
# port, IPv6 and ICMP judge it whatever its source; only the one on public ports cannot. HTTPS may face the Internet.
variable "clients_cidr" {
  type = string
}

resource "openstack_networking_secgroup_rule_v2" "postgres" {
  security_group_id = openstack_networking_secgroup_v2.admin.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 5432
  port_range_max    = 5432
  remote_ip_prefix  = var.clients_cidr
}

resource "openstack_networking_secgroup_rule_v2" "https" {
  security_group_id = openstack_networking_secgroup_v2.admin.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 443
  port_range_max    = 443
  remote_ip_prefix  = var.clients_cidr
}
