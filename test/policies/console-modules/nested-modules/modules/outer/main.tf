variable "names" {
  type = list(string)
}
module "inner" {
  source   = "../inner"
  for_each = toset(var.names)
  name     = each.key
}
output "upper" {
  value = [for n in var.names : upper(n)]
}
output "inner_values" {
  value = { for k, m in module.inner : k => m.label }
}
