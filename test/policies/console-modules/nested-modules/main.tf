module "outer" {
  source = "./modules/outer"
  names  = ["web", "db"]
}
module "second" {
  source = "./modules/outer"
  names  = module.outer.upper
}
locals {
  result = [module.outer.inner_values, module.second.upper, module.outer.upper, module.second.inner_values]
}
