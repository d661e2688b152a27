variable "shard" { type = number }
variable "after" { type = list(list(string)) }
resource "terraform_data" "shard" {
  input = { shard = var.shard, waits_for = length(flatten(var.after)) }
}
output "label" { value = "db-${var.shard}" }
