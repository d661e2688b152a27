output "bastion" {
  value = "bastion"
}
