locals {
  crlf = "windows"
  doc = <<-EOT
    a
    b
  EOT
}
