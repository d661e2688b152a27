# Planned by terraform 1.11 after an apply (plan-deploy-time.test.ts): each terraform_data's input is then read as a
# credential argument, to see which values a plan holds that no file here writes.

variable "admin_password" {
  type      = string
  sensitive = true
}

variable "reader_password" {
  type      = string
  sensitive = true
  default   = "example-default-not-a-secret"
}

variable "app_token" {
  type = string
}

# Stands for a generated secret, known once it exists and sensitive (random_password's result, sensitive in its schema).
resource "terraform_data" "generated" {
  input = sensitive("example-generated-value")
}

resource "terraform_data" "from_variable" {
  input = var.admin_password
}

resource "terraform_data" "from_default" {
  input = var.reader_password
}

resource "terraform_data" "from_plain_variable" {
  input = var.app_token
}

resource "terraform_data" "literal" {
  input = "example-literal-not-a-secret"
}

resource "terraform_data" "from_generated" {
  input = terraform_data.generated.input
}

resource "terraform_data" "connection" {
  input = "postgres://app:${var.admin_password}@db.example.fr/app"
}

resource "terraform_data" "map" {
  input = {
    password = var.admin_password
    token    = "example-literal-token"
  }
}

module "db" {
  source   = "./db"
  password = var.admin_password
}

module "db_literal" {
  source   = "./db"
  password = "example-module-literal"
}

resource "terraform_data" "from_module_output" {
  input = module.db.password
}
