# A root module: its backend and provider make it one. It calls the network module with an open CIDR.
terraform {
  backend "s3" {
    bucket       = "example-state"
    key          = "prod.tfstate"
    endpoints    = { s3 = "https://s3.fr-test-1.cloud.example.fr" }
    region       = "fr-test-1"
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
  }
}

variable "state_passphrase" {
  type      = string
  sensitive = true
}

provider "openstack" {}

module "network" {
  source      = "../../modules/network"
  name        = "prod"
  ssh_sources = ["0.0.0.0/0"]
}

output "group" {
  value = module.network.group_name
}
