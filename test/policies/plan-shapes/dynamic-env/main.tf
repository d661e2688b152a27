# Environment variables written with `dynamic` over a collection known at apply only: the plan gives the whole list as
# unknown and no expression for it, while the configuration shows the literal password in the template.
resource "openstack_networking_network_v2" "net" {
  name = "net"
}

resource "kubernetes_pod_v1" "exporter" {
  metadata {
    name      = "exporter"
    namespace = "apps"
  }
  spec {
    container {
      name  = "exporter"
      image = "registry.example.fr/exporter@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      dynamic "env" {
        for_each = compact([openstack_networking_network_v2.net.id])
        content {
          name  = "DATABASE_URL"
          value = "host=db.apps.svc password=example-not-real network=${env.value}"
        }
      }
    }
  }
}
