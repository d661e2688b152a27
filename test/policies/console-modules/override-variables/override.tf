variable "port" {
  default = 20 + 2
}
