port_security = "0"
order         = "terraform.tfvars"
escaped       = "a$${b}"
