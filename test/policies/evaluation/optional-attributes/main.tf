# Node groups typed with optional attributes (Terraform 1.3+): a group that leaves out volume_type gets null, the
# provider's default volume type, which is not the encrypted one.
variable "groups" {
  type = map(object({
    flavor      = string
    volume_type = optional(string)
    volume_size = optional(number, 40)
  }))
  default = {
    bad_workers = { flavor = "s1.large" }
  }
}

resource "openstack_compute_instance_v2" "node" {
  for_each    = var.groups
  name        = each.key
  flavor_name = each.value.flavor

  block_device {
    uuid                  = "00000000-0000-0000-0000-000000000001"
    source_type           = "image"
    destination_type      = "volume"
    boot_index            = 0
    volume_size           = each.value.volume_size
    volume_type           = each.value.volume_type
    delete_on_termination = true
  }
}
