terraform {
  required_version = ">= 1.5"
  required_providers {
    openstack = {
      source  = "terraform-provider-openstack/openstack"
      version = "~> 3.4"
    }
  }
  backend "s3" {}
}

provider "openstack" {}
provider "openstack" { alias = "other" }

variable "ports" {
  type    = list(number)
  default = [22, 443]
}

resource "openstack_networking_secgroup_rule_v2" "ssh" {
  count             = length(var.ports)
  direction         = "ingress"
  port_range_min    = var.ports[count.index]
  remote_ip_prefix  = "192.0.2.0/24"
  lifecycle {
    ignore_changes = [description]
  }
  depends_on = [openstack_networking_secgroup_v2.web]
}

resource openstack_networking_secgroup_v2 web {
  name = "web"
}

resource "kubernetes_deployment_v1" "app" {
  spec {
    template {
      spec {
        container {
          name  = "a"
          image = "registry.example.fr/a:1"
        }
        container {
          name  = "b"
          image = "registry.example.fr/b:1"
        }
        dynamic "volume" {
          for_each = var.volumes
          content {
            name = volume.key
          }
        }
      }
    }
  }
}

module "network" {
  source = "./modules/network"
  cidr   = "10.0.0.0/16"
}

locals { one_line = "x" }
locals {
  second = "y"
}

data "openstack_images_image_v2" "debian" {
  name        = "debian-12"
  most_recent = true
}

output "ids" {
  value     = openstack_networking_secgroup_rule_v2.ssh[*].id
  sensitive = false
}

check "health" {
  assert {
    condition     = true
    error_message = "never"
  }
}

moved {
  from = openstack_networking_secgroup_v2.old
  to   = openstack_networking_secgroup_v2.web
}

import {
  to = openstack_networking_secgroup_v2.web
  id = "an-id"
}

removed {
  from = openstack_networking_secgroup_v2.gone
  lifecycle {
    destroy = false
  }
}
