module "a" {
  source   = "../common/m"
  for_each = { x = 1, y = 2 }
  n        = each.value
}
module "b" {
  source = "../common/m"
  count  = 2
  n      = count.index + 10
}
locals {
  result = [{ for k, m in module.a : k => m.doubled }, module.b[*].doubled, module.a["y"].names, [for m in module.b : m.names]]
}
