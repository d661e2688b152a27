variable "password" {
  type      = string
  sensitive = true
}

resource "terraform_data" "user" {
  input = var.password
}

output "password" {
  value     = var.password
  sensitive = true
}
