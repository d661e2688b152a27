resource "openstack_identity_project_v3" "analytics" {
  name = "analytics"
}

resource "openstack_objectstorage_container_v1" "extracts" {
  name           = "extracts"
  container_read = ".r:*,${openstack_identity_project_v3.analytics.id}:*"
  versioning     = true
}
