# Values given in tfvars files, converted to the variables' types; their files read in Terraform's order.
variable "port_security" {
  type = bool
}
variable "ports" {
  type    = map(object({ network_id = string, port_security = optional(bool, false) }))
  default = { a = { network_id = "n", port_security = null } }
}
variable "order" {
  type = string
}
variable "script" {
  type = string
}
variable "escaped" {
  type = string
}
variable "written" {
  type    = string
  default = "x$${y}"
}
module "m" {
  source        = "./m"
  port_security = null
}
locals {
  result = [var.port_security, var.ports, var.order, var.script, var.escaped, var.written, module.m.port_security, [for k, v in toset(var.cidrs) : k]]
}
variable "cidrs" {
  type    = list(string)
  default = ["192.0.2.0/24", "0.0.0.0/0"]
}
