locals {
  users = {
    alice = { groups = ["admin", "dev"], shell = null }
    bob   = { groups = ["dev"] }
  }
  memberships = flatten([for user, u in local.users : [for g in u.groups : { user = user, group = g }]])
  by_group    = { for m in local.memberships : m.group => m.user... }
  shells      = { for user, u in local.users : user => try(u.shell, "bash") }
  result      = [local.memberships, local.by_group, local.shells, { for k, v in local.by_group : k => length(v) }, setproduct(keys(local.users), ["x"])]
}
