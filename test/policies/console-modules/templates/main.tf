variable "servers" {
  default = [{ name = "a", ip = "192.0.2.1" }, { name = "b", ip = "192.0.2.2" }]
}
locals {
  hosts = <<-EOT
  %{ for s in var.servers ~}
  ${s.name} ansible_host=${s.ip}
  %{ endfor ~}
  [all:vars]
  EOT
  inline = "x%{ if length(var.servers) > 1 }many%{ else }one%{ endif }y"
  rendered = templatefile("${path.module}/t.tpl", { servers = var.servers, port = 22 })
  result = [local.hosts, local.inline, local.rendered, replace(local.hosts, "/\\s+$/", "")]
}
