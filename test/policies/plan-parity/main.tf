# Held to terraform plan (test/policies/plan-parity.test.ts): the resources the evaluator makes of this configuration, their
# addresses and their values, are those plan makes (terraform_data needs no provider download). Variables and their
# types, tfvars, locals, modules by count and for_each, outputs, splats, for expressions, templatefile, try, functions.
variable "envs" {
  type    = map(object({ replicas = number, tags = optional(map(string), {}) }))
  default = {
    prod = { replicas = 2, tags = { tier = "gold" } }
    dev  = { replicas = 1 }
  }
}
variable "ports" {
  type    = set(string)
  default = ["443", "80", "443"]
}
locals {
  pairs = flatten([for env, e in var.envs : [for i in range(e.replicas) : { key = "${env}-${i}", env = env, index = i }]])
}
module "app" {
  source   = "./modules/app"
  for_each = var.envs
  name     = each.key
  replicas = each.value.replicas
  tags     = merge({ env = each.key }, each.value.tags)
}
module "db" {
  source = "./modules/db"
  count  = 2
  shard  = count.index
  after  = [for k, m in module.app : m.names]
}
resource "terraform_data" "pair" {
  for_each = { for p in local.pairs : p.key => p }
  input    = { env = each.value.env, index = each.value.index, upper = upper(each.key) }
}
resource "terraform_data" "port" {
  for_each = var.ports
  input    = tonumber(each.value) * 2
}
resource "terraform_data" "summary" {
  input = {
    apps  = { for k, m in module.app : k => m.names }
    dbs   = module.db[*].label
    count = length(local.pairs)
    json  = jsonencode({ b = 1, a = [true, null] })
    fmt   = format("%05.1f|%x|%-4s|", 3.14159, 255, "ab")
  }
}

module "disabled" {
  source   = "./modules/db"
  count    = var.with_disabled ? 1 : 0
  shard    = 9
  after    = []
}
variable "with_disabled" {
  default = false
}
resource "terraform_data" "paths" {
  input = {
    workspace = terraform.workspace
    rendered  = templatefile("${path.module}/modules/app/motd.tpl", { names = module.app["prod"].names })
    fallback  = try(var.envs["staging"].replicas, 0)
    cidrs     = cidrsubnets("10.40.0.0/16", 8, 8, 4)
    nothing   = [for k, v in {} : k]
  }
}
resource "terraform_data" "branch" {
  # A condition on another resource's configured argument is known at plan, and so is the branch it takes.
  input = terraform_data.port["443"].input == 886 ? "taken" : terraform_data.port["8443"].output
}
