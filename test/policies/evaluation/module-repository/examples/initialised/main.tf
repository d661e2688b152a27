# An example where terraform init was run (its dependency lock file is here) and the provider is configured from the
# environment (OS_CLOUD): a root module, judged on where its state lives too.
module "bastion" {
  source     = "../../"
  admin_cidr = "198.51.100.0/24"
}
