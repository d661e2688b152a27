# Groups given to a module as a list of objects (the instances themselves), ports as a set of numbers written partly as
# strings, names as a set with a duplicate: converted to their types, each rule names its group, and for_each over the
# set makes one resource per distinct name.
variable "environment" {
  type = string
}
resource "openstack_networking_secgroup_v2" "web" {
  name = "${var.environment}-web"
}
resource "openstack_networking_secgroup_v2" "db" {
  name = "${var.environment}-db"
}
module "rules" {
  source = "./modules/rules"
  groups = [openstack_networking_secgroup_v2.web, openstack_networking_secgroup_v2.db]
  ports  = ["443", 5432]
}

variable "names" {
  type    = set(string)
  default = ["web", "db", "web"]
}

resource "openstack_networking_secgroup_v2" "named" {
  for_each = var.names
  name     = "${var.environment}-${each.key}"
}

# A count given as a string (a variable typed string, as older modules declare it): Terraform converts it to a number.
variable "replicas" {
  type    = string
  default = 2
}

resource "openstack_compute_instance_v2" "node" {
  count       = var.replicas
  name        = "node-${count.index}"
  flavor_name = "s1.small"
}
