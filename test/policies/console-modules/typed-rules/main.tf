variable "ports" {
  type    = list(number)
  default = [443, "80", 22]
}
variable "rules" {
  type = map(object({ port = number, cidrs = optional(list(string), ["0.0.0.0/0"]) }))
  default = {
    https = { port = 443 }
    ssh   = { port = "22", cidrs = ["192.0.2.0/24"] }
  }
}
locals {
  flat   = merge([for name, r in var.rules : { for c in r.cidrs : "${name}-${c}" => { port = r.port, cidr = c } }]...)
  result = [var.ports, var.rules, local.flat, sort(var.ports), max(var.ports...), contains(var.ports, 80)]
}
