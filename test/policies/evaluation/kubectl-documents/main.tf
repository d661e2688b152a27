# The kubectl provider's documents of a file, read at plan (data_source_kubectl_file_documents.go), each applied by a
# kubectl_manifest: by self link, or by position.
data "kubectl_file_documents" "docs" {
  content = file("${path.module}/manifests.yaml")
}

resource "kubectl_manifest" "applied" {
  for_each  = data.kubectl_file_documents.docs.manifests
  yaml_body = each.value
}

resource "kubectl_manifest" "by_index" {
  count     = length(data.kubectl_file_documents.docs.documents)
  yaml_body = element(data.kubectl_file_documents.docs.documents, count.index)
}
