resource "openstack_compute_instance_v2" "agent" {
  name        = "agent"
  flavor_name = "s1.small"
  user_data   = file("${path.module}/cloud-init.yaml")
  metadata = {
    module = path.module
    root   = path.root
  }
}
