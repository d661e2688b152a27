variable "cidr" {
  default = "10.20.0.0/16"
}
variable "subnets" {
  default = { app = 8, db = 8, mgmt = 12 }
}
locals {
  names   = sort(keys(var.subnets))
  blocks  = cidrsubnets(var.cidr, [for n in local.names : var.subnets[n]]...)
  plan    = zipmap(local.names, local.blocks)
  hosts   = { for k, c in local.plan : k => cidrhost(c, 10) }
  result  = [local.plan, local.hosts, [for k, c in local.plan : "${k}:${cidrnetmask(c)}"], format("%-6s|%3d", "x", 7)]
}
