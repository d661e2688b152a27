# Security groups given to a module as a list of another module's outputs, partly through a local: the servers join the
# groups those outputs stand for, although their names are known only at apply.
variable "environment" {
  type = string
}

module "groups" {
  source      = "./modules/groups"
  environment = var.environment
}

locals {
  admin_groups = [module.groups.admin_name]
}

module "servers" {
  source          = "./modules/servers"
  security_groups = concat([module.groups.web_name], local.admin_groups)
}
