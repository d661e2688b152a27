# Collections of `any` take one element type: primitives of several types all become strings (go-cty's unification),
# so a bool compared with "true" is equal; a collection of one type keeps it.
variable "settings" {
  type = map(any)
  default = {
    name       = "web"
    public_ssh = true
    port       = 22
  }
}

variable "ports" {
  type    = list(any)
  default = [22, "443"]
}

variable "flags" {
  type    = set(any)
  default = [true, "on"]
}

variable "numbers" {
  type    = list(any)
  default = [22, 443]
}

variable "nested_lists" {
  type    = list(any)
  default = [[1], ["a"]]
}

variable "nested_objects" {
  type = map(any)
  default = {
    a = { open = true }
    b = { open = "no" }
  }
}

locals {
  result = [var.settings, var.settings["public_ssh"] == "true", var.ports, var.flags, var.numbers, var.nested_lists, var.nested_objects, var.nested_objects.a.open == "true"]
}
