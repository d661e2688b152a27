locals {
  plain = <<EOT
line one
  indented ${var.name}
EOT
  flush = <<-EOT
    first
      second
    ${var.name} third
  EOT
  flush_blank = <<-EOT
      a

      b
    EOT
  directives = <<-EOT
    %{ for port in var.ports ~}
    - ${port}
    %{ endfor ~}
    %{~ if var.on ~}
      kept
    %{~ endif ~}
    done
  EOT
  escaped = <<EOT
$${literal} %%{ literal } \n stays
EOT
  in_call = jsonencode(<<EOT
{"a": 1}
EOT
  )
  crlf_free = trimspace(<<-EOT
    spaced
  EOT
  )
  empty = <<EOT
EOT
  multi_interp = <<EOT
${join(",",
  var.list)} after
EOT
}
