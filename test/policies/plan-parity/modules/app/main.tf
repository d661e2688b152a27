variable "name" { type = string }
variable "replicas" { type = number }
variable "tags" { type = map(string) }
resource "terraform_data" "replica" {
  count = var.replicas
  input = { name = "${var.name}-${count.index}", tags = var.tags }
}
output "names" { value = terraform_data.replica[*].input.name }
