# Object keys are templates and expressions too: quoted with an interpolation, in parentheses, escaped.
variable "mode" {
  type    = string
  default = "enforce"
}
variable "key" {
  type    = string
  default = "team"
}
locals {
  labels = {
    "pod-security.kubernetes.io/${var.mode}" = "restricted"
    (var.key)                                = "data"
    "literal-$${x}"                          = "kept"
    plain                                    = 1
  }
  result = [local.labels, keys(local.labels)]
}
