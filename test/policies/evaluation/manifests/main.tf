# Workloads and bindings written as kubernetes_manifest: inline, and read from a YAML file.
resource "kubernetes_manifest" "bad_privileged_deployment" {
  manifest = {
    apiVersion = "apps/v1"
    kind       = "Deployment"
    metadata = {
      name      = "debug"
      namespace = "apps"
    }
    spec = {
      selector = { matchLabels = { app = "debug" } }
      template = {
        metadata = { labels = { app = "debug" } }
        spec = {
          containers = [
            {
              name  = "debug"
              image = "registry.example.fr/eds/debug:1.0.0"
              securityContext = {
                privileged = true
              }
            }
          ]
        }
      }
    }
  }
}

resource "kubernetes_manifest" "bad_host_path" {
  manifest = yamldecode(file("${path.module}/log-reader.yaml"))
}

resource "kubernetes_manifest" "bad_cluster_admin_binding" {
  manifest = {
    apiVersion = "rbac.authorization.k8s.io/v1"
    kind       = "ClusterRoleBinding"
    metadata   = { name = "ops" }
    roleRef    = { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = "cluster-admin" }
    subjects   = [{ apiGroup = "rbac.authorization.k8s.io", kind = "Group", name = "ops-team" }]
  }
}

# Manifests applied file by file: each instance is judged as the kind its file declares.
resource "kubernetes_manifest" "bad_applied" {
  for_each = fileset(path.module, "applied/*.yaml")
  manifest = yamldecode(file("${path.module}/${each.value}"))
}

# Several objects in one YAML file, decoded with the Kubernetes provider's function (Terraform 1.8+).
resource "kubernetes_manifest" "bad_bundle" {
  for_each = { for object in provider::kubernetes::manifest_decode_multi(file("${path.module}/bundle.yaml")) : "${object.kind}/${object.metadata.name}" => object }
  manifest = each.value
}

# Objects a release of the raw chart applies as written: a DaemonSet that shares the host's process namespace with a
# privileged container, created in the release's namespace (it names none), and a binding of cluster-admin.
resource "helm_release" "bad_raw" {
  name       = "node-tools"
  namespace  = "tools"
  repository = "oci://registry.example.fr/charts"
  chart      = "raw"
  version    = "2.0.0"
  values = [yamlencode({
    resources = [
      {
        apiVersion = "apps/v1"
        kind       = "DaemonSet"
        metadata   = { name = "node-tools" }
        spec = {
          selector = { matchLabels = { app = "node-tools" } }
          template = {
            metadata = { labels = { app = "node-tools" } }
            spec = {
              hostPID    = true
              containers = [{ name = "tools", image = "registry.example.fr/eds/tools:1.0.0", securityContext = { privileged = true } }]
            }
          }
        }
      },
      {
        apiVersion = "rbac.authorization.k8s.io/v1"
        kind       = "ClusterRoleBinding"
        metadata   = { name = "tools-admin" }
        roleRef    = { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = "cluster-admin" }
        subjects   = [{ kind = "Group", name = "system:authenticated", apiGroup = "rbac.authorization.k8s.io" }]
      },
      {
        apiVersion = "cert-manager.io/v1"
        kind       = "Certificate"
        metadata   = { name = "tools" }
        spec       = { secretName = "tools-tls", issuerRef = { name = "internal", kind = "ClusterIssuer" } }
      },
    ]
  })]
}

# The raw chart also applies each document of each `templates` string, rendered with tpl (bedag
# charts/raw/templates/resources.yaml): a plain one is read as written, one with a template action is not.
resource "helm_release" "bad_raw_templates" {
  name       = "debug-tools"
  namespace  = "tools"
  repository = "oci://registry.example.fr/charts"
  chart      = "raw"
  version    = "2.0.0"
  values = [yamlencode({
    templates = [
      <<-EOT
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: debug-notes
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: debug
      spec:
        containers:
          - name: debug
            image: registry.example.fr/eds/tools:1.0.0
            securityContext:
              privileged: true
      EOT
      ,
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n",
    ]
  })]
}
