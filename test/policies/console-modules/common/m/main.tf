variable "n" {
  type = number
}
variable "opts" {
  type    = object({ enabled = optional(bool, true), tags = optional(map(string), {}) })
  default = {}
}
output "doubled" {
  value = var.n * 2
}
output "names" {
  value = [for i in range(var.n > 5 ? 2 : var.n) : "n${i}"]
}
output "opts" {
  value = var.opts
}
