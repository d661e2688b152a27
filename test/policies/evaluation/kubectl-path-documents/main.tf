# The kubectl provider's documents of the files a pattern matches, each rendered as a template with its variables,
# read at plan (data_source_kubectl_path_documents.go), each applied by a kubectl_manifest.
data "kubectl_path_documents" "docs" {
  pattern = "${path.module}/manifests/*.yaml"
  vars = {
    namespace = "tools"
  }
}

resource "kubectl_manifest" "applied" {
  for_each  = data.kubectl_path_documents.docs.manifests
  yaml_body = each.value
}
