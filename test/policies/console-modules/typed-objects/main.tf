variable "settings" {
  type = object({ zones = list(string), size = optional(number, 3), extra = optional(object({ a = optional(string, "x") }), {}) })
  default = { zones = ["b", "a"] }
}
module "c" {
  source = "../common/m"
  n      = 1
  opts   = { tags = { env = "prod" } }
}
locals {
  zones  = toset(var.settings.zones)
  result = [var.settings, local.zones, module.c.opts, try(var.settings.missing, "none"), lookup(var.settings, "size", 0)]
}
