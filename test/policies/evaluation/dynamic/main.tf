# A privileged container and a hostPath volume set through dynamic blocks.
variable "sidecars" {
  default = {
    debug = { image = "registry.example.fr/eds/debug:1.0.0@sha256:06a5ddc729bf803813585110d076c49a873dd3294b599ce6b07a91e6bcfea195", privileged = true }
  }
}

resource "kubernetes_pod_v1" "bad_debug" {
  metadata {
    name      = "debug"
    namespace = "apps"
  }
  spec {
    dynamic "container" {
      for_each = var.sidecars
      content {
        name  = container.key
        image = container.value.image
        security_context {
          privileged = container.value.privileged
        }
      }
    }
    dynamic "volume" {
      for_each = ["/"]
      iterator = path
      content {
        name = "host"
        host_path {
          path = path.value
        }
      }
    }
  }
}
