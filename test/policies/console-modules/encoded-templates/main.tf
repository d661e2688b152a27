# Templates given as text (templatestring) and text in other character encodings (textencodebase64, textdecodebase64).
variable "cloud_config" {
  default = "#cloud-config\nchpasswd:\n  list: |\n    root:$${password}\n%%{ for user in users ~}\n    $${user}:x\n%%{ endfor ~}"
}
locals {
  rule = "$${network}/0"
  result = [
    templatestring(var.cloud_config, { password = "not-a-real-one", users = ["a", "b"] }),
    templatestring(local.rule, { network = "0.0.0.0" }),
    textdecodebase64("MAAuADAALgAwAC4AMAAvADAA", "UTF-16LE"),
    textencodebase64("Hello World", "UTF-16LE"),
    textencodebase64("Hello", "UTF-16BE"),
    textdecodebase64(textencodebase64("café", "ISO-8859-1"), "ISO-8859-1"),
    textencodebase64("ok", "US-ASCII"),
    textdecodebase64("aMOpbGxv", "UTF-8"),
  ]
}
