variable "name" {
  type = string
}
variable "prefix" {
  type    = string
  default = "eds"
  nullable = false
}
output "label" {
  value = "${var.prefix}-${var.name}-${length(var.name)}"
}
