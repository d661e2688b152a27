# Objects the kubectl provider applies: in override_namespace when it is set, else in their own, else in default; a
# body known only at apply stays unknown.
variable "documents" {
  type = list(string)
}

resource "kubectl_manifest" "in_default" {
  yaml_body = <<-YAML
    apiVersion: v1
    kind: Pod
    metadata: {name: shell}
    spec:
      hostNetwork: true
      containers: [{name: c, image: registry.example.fr/tools/shell:1.0.0}]
  YAML
}

resource "kubectl_manifest" "overridden" {
  override_namespace = "tools"
  yaml_body          = <<-YAML
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata: {name: admins, namespace: team}
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
    subjects: [{kind: Group, name: "system:authenticated", apiGroup: rbac.authorization.k8s.io}]
  YAML
}

resource "kubectl_manifest" "schedule" {
  yaml_body = <<-YAML
    apiVersion: velero.io/v1
    kind: Schedule
    metadata: {name: daily, namespace: velero}
    spec:
      schedule: "0 1 * * *"
      template: {ttl: 840h, includedNamespaces: ["*"]}
  YAML
}

resource "kubectl_manifest" "from_documents" {
  count     = length(var.documents)
  yaml_body = var.documents[count.index]
}

# Encoded with its kind known only at apply: no policy can tell what it is.
resource "kubectl_manifest" "encoded" {
  yaml_body = yamlencode({
    apiVersion = "v1"
    kind       = var.documents[1]
    metadata   = { name = var.documents[0], namespace = "tools" }
    spec       = { hostNetwork = true, containers = [] }
  })
}

# Encoded with its name known only at apply: a Pod all the same, judged on what is known.
resource "kubectl_manifest" "encoded_pod" {
  yaml_body = yamlencode({
    apiVersion = "v1"
    kind       = "Pod"
    metadata   = { name = var.documents[0], namespace = "tools" }
    spec       = { hostNetwork = true, containers = [] }
  })
}
