variable "port_security" {
  type     = bool
  default  = true
  nullable = false
}
output "port_security" {
  value = var.port_security
}
