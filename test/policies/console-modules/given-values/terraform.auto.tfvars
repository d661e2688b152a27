order = "terraform.auto.tfvars"
