# A strip marker can leave text ending in "$" right before "${" (or "%" before "%{"). Written back as hcl2json writes
# it, "$${" would read as an escape and the interpolation would be lost; the reader writes that run as `${"$"}`.
locals {
  quoted  = "a $ ${~ var.name}"
  percent = "b % %{~ if var.on }on%{ endif }"
  doubled = "c $$ ${~ var.name}"
  heredoc = <<EOT
 $  
${~ var.name}
EOT
}
