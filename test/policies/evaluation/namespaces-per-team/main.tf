# A namespace per team, and a deny-all NetworkPolicy only for the teams that asked for one: each policy names its own
# namespace by key (ns[each.key]), so the team without one is found.
variable "teams" {
  default = {
    alpha = { isolated = true }
    beta  = { isolated = false }
  }
}

resource "kubernetes_namespace_v1" "team" {
  for_each = var.teams
  metadata {
    name = each.key
    labels = {
      "pod-security.kubernetes.io/enforce" = "restricted"
    }
  }
}

resource "kubernetes_network_policy_v1" "deny_all" {
  for_each = { for name, team in var.teams : name => team if team.isolated }
  metadata {
    name      = "deny-all"
    namespace = kubernetes_namespace_v1.team[each.key].metadata[0].name
  }
  spec {
    pod_selector {}
    policy_types = ["Ingress", "Egress"]
  }
}
