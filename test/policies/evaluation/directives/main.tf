# Template directives evaluated as Terraform does: the cloud-config rendered from cloud-init.tftpl writes a literal
# password for the accounts in var.accounts (a %{ for } with an %{ if }), which instance-user-data-no-secrets must see.
variable "accounts" {
  type = list(object({ name = string, password = optional(string) }))
  default = [
    { name = "operator" },
    { name = "legacy", password = "hunter2-example" },
  ]
}

resource "openstack_compute_instance_v2" "bad_rendered_password" {
  name        = "app"
  flavor_name = "s1.small"
  user_data   = templatefile("${path.module}/cloud-init.tftpl", { accounts = var.accounts })
}

resource "openstack_compute_instance_v2" "good_no_password" {
  name        = "app2"
  flavor_name = "s1.small"
  user_data   = <<-EOT
    #cloud-config
    users:
    %{~ for account in var.accounts ~}
      - name: ${account.name}
    %{~ endfor ~}
  EOT
}
