# One configuration, written four ways (this file, main.tf.json, a cdktf.out made by the test, plan.json):
# every form must give the same findings.
provider "openstack" {
  auth_url = "https://identity.cloud.example.fr/v3"
  region   = "fr-test-1"
}

variable "state_passphrase" {
  type      = string
  sensitive = true
}

terraform {
  backend "s3" {
    bucket       = "example-terraform-state"
    key          = "equivalence.tfstate"
    endpoints    = { s3 = "https://s3.fr-test-1.cloud.example.fr" }
    region       = "fr-test-1"
    encrypt      = true
    use_lockfile = true
  }
  encryption {
    key_provider "pbkdf2" "state" {
      passphrase = var.state_passphrase
    }
    method "aes_gcm" "state" {
      keys = key_provider.pbkdf2.state
    }
    state {
      method   = method.aes_gcm.state
      enforced = true
    }
    plan {
      method   = method.aes_gcm.state
      enforced = true
    }
    remote_state_data_sources {
      default {
        method = method.aes_gcm.state
      }
    }
  }
}

resource "openstack_networking_network_v2" "net" {
  name = "example-network"
}

resource "openstack_networking_secgroup_v2" "app" {
  name        = "app"
  description = "Application servers"
}

resource "openstack_networking_secgroup_rule_v2" "ssh" {
  security_group_id = openstack_networking_secgroup_v2.app.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = "0.0.0.0/0"
  description       = "Support access"
}

resource "openstack_networking_port_v2" "app" {
  name               = "app"
  network_id         = openstack_networking_network_v2.net.id
  security_group_ids = [openstack_networking_secgroup_v2.app.id]
}

resource "openstack_compute_instance_v2" "app" {
  name        = "app"
  flavor_name = "s1.small"
  metadata = {
    role = "application"
  }
  block_device {
    source_type           = "image"
    uuid                  = "00000000-0000-0000-0000-000000000001"
    destination_type      = "volume"
    boot_index            = 0
    volume_size           = 20
    volume_type           = "encrypted-ssd"
    delete_on_termination = true
  }
  network {
    port = openstack_networking_port_v2.app.id
  }
}

resource "openstack_networking_floatingip_v2" "app" {
  pool    = "ext-net"
  port_id = openstack_networking_port_v2.app.id
}

resource "openstack_blockstorage_volume_v3" "data" {
  name        = "data"
  size        = 100
  volume_type = "standard"
  metadata = {
    backup_policy = "daily"
  }
}
