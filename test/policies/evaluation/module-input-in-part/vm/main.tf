variable "user_data" {
  type = string
}

resource "openstack_compute_instance_v2" "vm" {
  name      = "vm"
  user_data = base64encode(var.user_data)
}
