# A module whose override files change it (developer.hashicorp.com/terraform/language/files/override): each resource
# named bad_* is made non-compliant by an override, each good_* is made compliant by one.
terraform {
  backend "s3" {
    bucket  = "example-terraform-state"
    key     = "overrides.tfstate"
    encrypt = true
  }
  required_providers {
    openstack = { source = "terraform-provider-openstack/openstack", version = "~> 3.0" }
    random    = { source = "hashicorp/random", version = "~> 3.6" }
  }
}

locals {
  admin_cidr = "192.0.2.0/28"
}

resource "openstack_networking_secgroup_v2" "admin" {
  name        = "admin"
  description = "Administration"
}

resource "openstack_networking_secgroup_rule_v2" "bad_ssh" {
  security_group_id = openstack_networking_secgroup_v2.admin.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = local.admin_cidr
  description       = "Administrators"

  lifecycle {
    ignore_changes = [description]
  }
}

resource "openstack_blockstorage_volume_v3" "good_data" {
  name        = "data"
  size        = 10
  volume_type = "standard"
}

# Opened during each run and never stored: a block of its own, ephemeral.random_password.database.
ephemeral "random_password" "database" {
  length = 24
}
