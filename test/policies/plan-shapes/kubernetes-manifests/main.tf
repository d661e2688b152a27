# Objects written as manifests: a privileged pod, and a binding to cluster-admin applied by a release of the raw chart.
# The plan holds each manifest as written, and the policies judge them as the typed resources of their kinds.
resource "kubernetes_manifest" "debug" {
  manifest = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata = {
      name      = "debug"
      namespace = "apps"
    }
    spec = {
      containers = [{
        name  = "debug"
        image = "registry.example.fr/debug@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        securityContext = {
          privileged = true
        }
      }]
    }
  }
}

resource "helm_release" "objects" {
  name       = "objects"
  namespace  = "apps"
  repository = "https://bedag.github.io/helm-charts"
  chart      = "raw"
  version    = "2.0.0"
  values = [<<-EOT
    resources:
      - apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: apps-admin
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: cluster-admin
        subjects:
          - kind: ServiceAccount
            name: deployer
            namespace: apps
  EOT
  ]
}
