variable "a" {
  default = null
}
variable "b" {
  type    = string
  default = null
}
variable "c" {
  type    = list(string)
  default = null
}
locals {
  result = [coalesce(var.a, "x"), var.b == null ? "none" : var.b, var.c != null ? length(var.c) : 0, try(var.c[0], "empty"), can(var.c[0]), coalescelist(var.c == null ? [] : var.c, ["d"]), one([]) == null, compact(["a", "", "b"]), alltrue([]), anytrue([true]), [for x in ["a", "bb", "ccc"] : length(x) if length(x) > 1]]
}
