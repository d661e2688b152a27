# Values of every form the reader converts, held to @cdktf/hcl2json by hcl-file.test.ts.
locals {
  number       = 42
  decimal      = 1.5e3
  small        = 0.1
  negative     = -7
  not_true     = !true
  minus_var    = -var.count
  double_minus = - -3
  nothing      = null
  yes          = true
  empty        = ""
  escapes      = "tab\there \"quoted\" back\\slash \u00e9 \U0001F600"
  dollar       = "$${not.interpolated} and %%{ not a directive } and $ alone and 100%"
  only         = "${var.name}"
  only_number  = "${5}"
  only_string  = "${"inner"}"
  only_tuple   = "${[1, 2]}"
  mixed        = "a-${var.name}-${5}-${true}-${null}"
  stripped     = "a ${~ var.name ~} b"
  conditional  = "x${var.on ? "yes" : var.other}y"
  only_cond    = "${var.on ? "yes" : "no"}"
  if_directive = "%{ if var.on }on%{ else }off%{ endif }!"
  if_no_else   = "%{if var.on}on%{endif}"
  for_keyed    = "%{ for k, v in var.tags }${k}=${v};%{ endfor }"
  nested       = "outer ${"inner ${var.name}"} end"
  parens       = (5)
  parens_expr  = (var.a + 1)
  tuple        = [1, "two", var.three, [4], { five = 5 }]
  empty_tuple  = []
  object = {
    bare        = 1
    "quoted"    = 2
    (var.key)   = 3
    traversal.x = 4
    10          = "ten"
    null        = "null key"
    "a${var.b}" = 5
    nested      = { deeper = [true, false] }
  }
  comma_object = { a = 1, b = 2 }
  colon_object = { "a" : 1 }
  binary       = var.a + 2 * 3 == 7 || !var.b
  comparison   = 1 < 2 && 3 >= 3
  index        = var.list[0]
  index_var    = var.map[var.key]
  legacy_index = var.list.0.name
  splat        = var.items[*].id
  legacy_splat = var.items.*.id
  call         = join(",", concat(["a"], var.rest...))
  provider_fn  = provider::example::echo("x")
  for_tuple    = [for x in var.list : upper(x) if x != ""]
  for_object   = { for k, v in var.map : k => v... }
  conditional2 = var.a ? var.b : var.c
  multiline = [
    "one", # a comment
    "two", // another
    /* inline */ "three",
  ]
  multiline_call = merge(
    var.a,
    { b = 1 },
  )
  unicode_name = "démo ✓"
  unicode_ref  = local.unicode_名前
  unicode_名前   = 1
  trailing_cmt = 1 # after a value
  block_cmt    = /* before */ 2
}
