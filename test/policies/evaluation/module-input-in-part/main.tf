# A cloud-config rendered by the root module from a template known only in part (a token generated at apply), handed to
# a module that makes the instance: the instance's user data is what the caller writes of it.
resource "random_password" "join" {
  length = 32
}

locals {
  cloud_config = templatefile("${path.module}/cloud-config.tftpl", { token = random_password.join.result })
}

module "bad_vm" {
  source    = "./vm"
  user_data = local.cloud_config
}
