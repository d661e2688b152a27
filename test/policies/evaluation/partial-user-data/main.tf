# RKE2 servers whose cloud-config holds a token known only at apply: what is known of it is judged.
resource "random_password" "token" {
  length = 32
}

variable "cni" {
  type    = string
  default = "flannel"
}

# A heredoc in parentheses: flannel enforces no NetworkPolicy, and no audit policy is written.
resource "openstack_compute_instance_v2" "heredoc" {
  name        = "rke2-server-0"
  flavor_name = "m1.large"
  user_data = (<<-EOT
    #cloud-config
    write_files:
      - path: /etc/rancher/rke2/config.yaml
        permissions: "0600"
        content: |
          token: "${random_password.token.result}"
          cni: ${var.cni}
  EOT
  )
}

# A template file, encoded as Nova takes it, with its directives known: the server's part is written.
resource "openstack_compute_instance_v2" "template_file" {
  name        = "rke2-server-1"
  flavor_name = "m1.large"
  user_data   = base64encode(templatefile("${path.module}/cloud-init.yaml.tpl", { token = random_password.token.result, is_server = true, cni = var.cni }))
}

# The same template given its variables by a merge: each is written as what the last object that sets it gives.
resource "openstack_compute_instance_v2" "merged_variables" {
  name        = "rke2-server-5"
  flavor_name = "m1.large"
  user_data   = templatefile("${path.module}/cloud-init.yaml.tpl", merge({ token = "replaced", is_server = true }, { token = random_password.token.result, cni = var.cni }, {}))
}

# A directive whose condition is known only at apply: nothing of the template is judged.
resource "openstack_compute_instance_v2" "unknown_directive" {
  name        = "rke2-server-2"
  flavor_name = "m1.large"
  user_data   = templatefile("${path.module}/cloud-init.yaml.tpl", { token = random_password.token.result, is_server = random_password.token.special, cni = var.cni })
}

# A local holding the template.
locals {
  cloud_init = <<-EOT
    #cloud-config
    write_files:
      - path: /etc/rancher/rke2/config.yaml
        content: |
          token: ${random_password.token.result}
          cni: ${var.cni}
  EOT
}

resource "openstack_compute_instance_v2" "local" {
  name        = "rke2-server-3"
  flavor_name = "m1.large"
  user_data   = local.cloud_init
}

# A configuration file whose whole content is known only at apply: what it sets is not known, not RKE2's defaults.
resource "openstack_compute_instance_v2" "whole_file_unknown" {
  name        = "rke2-server-4"
  flavor_name = "m1.large"
  user_data   = templatefile("${path.module}/config-from-caller.yaml.tpl", { config = yamlencode({ token = random_password.token.result, cni = "cilium" }) })
}
