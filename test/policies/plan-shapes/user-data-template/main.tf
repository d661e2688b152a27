resource "openstack_networking_network_v2" "net" {
  name = "net"
}

resource "openstack_compute_instance_v2" "app" {
  name            = "app"
  flavor_name     = "s1.small"
  security_groups = ["app"]
  user_data       = <<-EOT
    #cloud-config
    chpasswd:
      expire: false
    password: example-only-not-a-real-password
    write_files:
      - path: /etc/app/network
        content: ${openstack_networking_network_v2.net.id}
  EOT
  block_device {
    source_type           = "image"
    uuid                  = "00000000-0000-0000-0000-000000000001"
    destination_type      = "volume"
    boot_index            = 0
    volume_size           = 20
    volume_type           = "encrypted-ssd"
    delete_on_termination = true
  }
  network {
    uuid = openstack_networking_network_v2.net.id
  }
}
