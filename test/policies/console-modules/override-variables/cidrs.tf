variable "cidrs" {
  type    = list(string)
  default = ["192.0.2.0/24"]
}
