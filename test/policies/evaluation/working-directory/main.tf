# Terraform reads a relative path from its working directory, the root module's folder, wherever eds check runs; a
# module reads its own files through path.module.
resource "openstack_compute_instance_v2" "bad_literal_password" {
  name        = "worker"
  flavor_name = "s1.small"
  user_data   = file("scripts/init.sh")
  metadata = {
    module = path.module
  }
}

module "agent" {
  source = "./modules/agent"
}
