import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Value, evaluate, noNames, unknown, within } from "../../policies/inputs/hcl-evaluate";
import { ExpressionSyntaxError, parseTemplate } from "../../policies/inputs/hcl-expression";
import { parseHclFile } from "../../policies/inputs/hcl-file";
import { terraform, terraformConsole } from "./terraform-console";

const scope = within(noNames, {
  var: { cidr: "10.20.0.0/16", ports: [22, 443], tags: { env: "prod" }, enabled: true, token: unknown, name: "web" },
  local: { prefix: "eds" },
  count: { index: 2 },
});
const value = (text: string): Value => evaluate(parseTemplate(text), scope);

describe("Terraform expressions (HCL native syntax)", () => {
  it.each<[string, Value]>([
    ["${var.cidr}", "10.20.0.0/16"],
    ["${var.ports}", [22, 443]],
    ["${var.ports[1]}", 443],
    ["${var.tags.env}", "prod"],
    ['${var.tags["env"]}', "prod"],
    ["${local.prefix}-${var.name}-${count.index + 1}", "eds-web-3"],
    ['${var.enabled ? "on" : "off"}', "on"],
    ["${!var.enabled || 2 * 3 == 6 && 7 % 4 >= 3}", true],
    ['${format("%s-%03d", var.name, 7)}', "web-007"],
    ['${join(",", concat(["a"], ["b", "c"]))}', "a,b,c"],
    ['${merge(var.tags, { team = "data" })}', { env: "prod", team: "data" }],
    ['${lookup(var.tags, "missing", "none")}', "none"],
    ["${cidrsubnet(var.cidr, 8, 3)}", "10.20.3.0/24"],
    ['${cidrhost("192.0.2.0/28", 5)}', "192.0.2.5"],
    ['${cidrsubnet("2001:db8::/32", 16, 1)}', "2001:db8:1::/48"],
    ["${[for port in var.ports : port + 1 if port > 100]}", [444]],
    ['${{ for key, tag in var.tags : upper(key) => "${tag}!" }}', { ENV: "prod!" }],
    ["${[{ id = 1 }, { id = 2 }][*].id}", [1, 2]],
    ['${[{ n = [{ u = "a" }] }, { n = [{ u = "b" }] }].*.n.0.u[1]}', "b"],
    ['${tonumber("8080")}', 8080],
    ["${5}", 5],
    ["${true}", true],
    ["${1e3}", 1000],
    ['${try(var.tags.missing, "fallback")}', "fallback"],
    ["${can(var.tags.missing)}", false],
    ["${jsonencode({ a = [1, true, null] })}", '{"a":[1,true,null]}'],
    ["literal $${not.an.interpolation} and %%{ not a directive }", "literal ${not.an.interpolation} and %{ not a directive }"],
  ])("%s", (text, expected) => {
    expect(value(text)).toEqual(expected);
  });

  it("leaves unknown a regular expression that repeats a repetition, which JavaScript may take for ever to match (RE2 does not)", () => {
    const long = `${"a".repeat(40)}!`;
    expect(value(`\${regex("^(a+)+$", "${long}")}`)).toBe(unknown);
    expect(value(`\${can(regex("^(?P<x>[a-z]*)*$", "${long}"))}`)).toBe(unknown);
    expect(value(`\${replace("${long}", "/(a|aa)+b/", "x")}`)).toBe(unknown);
    expect(value('${regex("^([a-z]+)[.]([a-z]+)$", "eds.example")}')).toEqual(["eds", "example"]);
    expect(value('${regex("^(?:[a-z]+[.])?example$", "eds.example")}')).toBe("eds.example");
  });

  it("refuses to make lists of more than a million elements, where Terraform would run out of memory first", () => {
    expect(() => value("${setproduct(range(1000), range(1000), range(2))}")).toThrow(/setproduct: more than 1000000 elements/);
    expect(value("${length(setproduct(range(1000), range(1000)))}")).toBe(1_000_000);
  });

  it("gives unknown for what depends on a value known only at apply, and for a resource attribute", () => {
    expect(value("${var.token}")).toBe(unknown);
    expect(value("Bearer ${var.token}")).toBe(unknown);
    expect(value('${format("%s", var.token)}')).toBe(unknown);
    expect(value("${openstack_networking_network_v2.net.id}")).toBe(unknown);
    expect(value('${var.enabled ? "on" : var.token}')).toBe("on");
    expect(value("${false && var.token}")).toBe(false);
    // What a function decides for itself (terraform console -plan 1.11): coalesce cannot skip an argument known only at
    // apply, nor lookup take a key that is; a value found, false or 0 or empty, is the one taken over the default.
    expect(value('${coalesce("", var.token, "a")}')).toBe(unknown);
    expect(value('${coalesce("0.0.0.0/0", var.token)}')).toBe("0.0.0.0/0");
    expect(value("${lookup({ a = 1 }, var.token, 2)}")).toBe(unknown);
    expect(value('${lookup({ enabled = false, port = 0 }, "enabled", true)}')).toBe(false);
    // Operators and for expressions on a value known only at apply (an unknown key or condition drops no element).
    expect(value("${!var.token}")).toBe(unknown);
    expect(value("${-var.token}")).toBe(unknown);
    expect(value("${[for v in [1, 2] : v if var.token]}")).toBe(unknown);
    expect(value("${{ for v in [1, 2] : var.token => v }}")).toBe(unknown);
    expect(value("${[1, 2][var.token]}")).toBe(unknown);
    // A function neither tool has is an error (an input problem where it is written), which can() and try() catch.
    expect(() => value("${not_a_function(1)}")).toThrow(/not_a_function is not a function/);
    // What Terraform refuses (terraform console 1.11: "Invalid index", "Duplicate object key") is an error here too.
    expect(() => value("${[1, 2][2]}")).toThrow();
    expect(() => value('${{ for v in ["a", "a"] : v => 1 }}')).toThrow();
    expect(value("${can(not_a_function(1))}")).toBe(false);
    // list() and map(), which Terraform 0.12 deprecated, fail every call, even of values known only at apply, in the
    // words of terraform console 1.11 ("Call to function "list" failed").
    expect(() => value('${list("a")}')).toThrow(
      'list: the "list" function was deprecated in Terraform v0.12 and is no longer available; use tolist([ ... ]) syntax to write a literal list',
    );
    expect(() => value('${map("a", var.token)}')).toThrow(/^map: the "map" function was deprecated in Terraform v0\.12 and is no longer available/);
    expect(value('${can(list("a"))}')).toBe(false);
    // Provider-defined functions (Terraform 1.8+) run in the provider: parsed, and never taken for a built-in one.
    expect(value("${provider::aws::arn_parse(var.name).region}")).toBe(unknown);
    expect(value('${provider::example::join(",", ["a"])}')).toBe(unknown);
    // core:: names a built-in function (Terraform 1.8+): terraform console gives 2 for core::max(1, 2).
    expect(value('${core::join("-", ["a", "b"])}')).toBe("a-b");
    expect(value('${core::try(var.tags.missing, "fallback")}')).toBe("fallback");
  });

  it("refuses what Terraform refuses to parse, saying where", () => {
    expect(() => parseTemplate("ok\nsudo-io/%{user}")).toThrow(ExpressionSyntaxError);
    expect(() => parseTemplate("ok\nsudo-io/%{user}")).toThrow(/template directive.*not "user" \(line 2 of the value\)/);
    expect(() => parseTemplate('[ "${#reason}" -lt 15 ]')).toThrow(/starts an interpolation/);
    expect(() => parseTemplate("${var.a +}")).toThrow(ExpressionSyntaxError);
    expect(() => parseTemplate("%{ if var.enabled }on%{ endif }")).not.toThrow();
    expect(() => parseTemplate("%{ if var.enabled }on")).toThrow(/expected %\{ else \} or %\{ endif \} before the end/);
    expect(() => parseTemplate("on%{ endif }")).toThrow(/%\{ endif \} closes no %\{ if \} or %\{ for \}/);
    expect(() => parseTemplate("${provider::aws::arn_parse}")).toThrow(ExpressionSyntaxError);
    // Grouping is for objects (terraform console: "Grouping ellipsis (...) cannot be used when building a tuple").
    expect(() => parseHclFile("locals {\n  keys = [for k, v in { a = 1 } : k... if v == 1]\n}\n")).toThrow(
      /grouping ellipsis \(\.\.\.\) cannot be used when building a tuple/,
    );
    expect(value("${{ for k, v in { a = 1, b = 2, c = 1 } : v => k... }}")).toEqual({ 1: ["a", "c"], 2: ["b"] });
  });
});

/**
 * Template directives and strip markers (hclsyntax/spec.md, "Template Directives", "Template Strip Markers"). Each
 * expected value is what `terraform console` (1.11) prints for the same string in a `.tf.json` file; the last test asks
 * it again when Terraform is on the PATH. Literal text is cut at each line's end, so a strip marker trims one line.
 */
const directiveCases: [string, Value][] = [
  ["%{ for port in var.ports }${port},%{ endfor }", "22,443,"],
  ["%{ for i, port in var.ports }${i}=${port} %{ endfor }", "0=22 1=443 "],
  ["%{ for key, tag in var.tags }${key}:${tag};%{ endfor }", "env:prod;"],
  ["x %{ if var.enabled }yes%{ else }no%{ endif } y", "x yes y"],
  ["x %{ if !var.enabled }yes%{ endif }y", "x y"],
  ["a\n  %{~ if var.enabled ~}\n  kept\n  %{~ endif ~}\n  b", "a\n  kept\n  b"],
  ['hello ${~ "x" ~}   world', "helloxworld"],
  ['p ${~ "x" ~}  \n\n  q', "px\n  q"],
  ["%{ for port in var.ports ~}\n- ${port}\n%{ endfor ~}\n", "- 22\n- 443\n"],
  ["%{ for port in var.ports }%{ if port > 100 }${port}%{ endif }%{ endfor }", "443"],
];

describe("template directives", () => {
  it.each(directiveCases)("%j", (text, expected) => {
    expect(value(text)).toEqual(expected);
  });

  it("leave a template unknown when what a directive reads is unknown", () => {
    expect(value('%{ if var.token == "x" }a%{ endif }')).toBe(unknown);
    expect(value("%{ for t in [var.token] }${t}%{ endfor }")).toBe(unknown);
  });

  it.skipIf(!terraform)("give what terraform console gives (runs when terraform is on the PATH)", () => {
    const locals: Record<string, unknown> = { var: { ports: [22, 443], tags: { env: "prod" }, enabled: true } };
    directiveCases.forEach(([text], i) => {
      locals[`case${i}`] = text.replace(/var\./g, "local.var.");
    });
    const printed = terraformConsole({ "main.tf.json": JSON.stringify({ locals }) }, `[${directiveCases.map((_, i) => `local.case${i}`).join(", ")}]`);
    expect(printed).toEqual(directiveCases.map(([text]) => value(text)));
  });
});

/** A value with its objects' keys in one order: objects are compared as values, whatever order their keys were written in. */
const sortedKeys = (item: unknown): unknown =>
  Array.isArray(item)
    ? item.map(sortedKeys)
    : item && typeof item === "object"
      ? Object.fromEntries(
          Object.entries(item)
            .sort()
            .map(([k, v]) => [k, sortedKeys(v)]),
        )
      : item;

/** Functions of Terraform's standard library: each expected value is what `terraform console` (1.11) prints. */
const functionCases: [string, Value][] = [
  ['cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)', ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]],
  [
    'cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)',
    ["fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72", "fd00:fd12:3456:7800:200::/72", "fd00:fd12:3456:7800:300::/88"],
  ],
  [
    'setproduct(["a", "b"], [1, 2])',
    [
      ["a", 1],
      ["a", 2],
      ["b", 1],
      ["b", 2],
    ],
  ],
  ['setunion(["a", "b"], ["b", "c"])', ["a", "b", "c"]],
  ['setintersection(["a", "b", "c"], ["b", "c", "d"])', ["b", "c"]],
  ['setsubtract(["a", "b", "c"], ["a"])', ["b", "c"]],
  ['chunklist(["a", "b", "c", "d", "e"], 2)', [["a", "b"], ["c", "d"], ["e"]]],
  ['transpose({ a = ["1", "2"], b = ["2", "3"] })', { "1": ["a"], "2": ["a", "b"], "3": ["b"] }],
  ['matchkeys(["i-1", "i-2", "i-3"], ["us1", "us2", "us1"], ["us1"])', ["i-1", "i-3"]],
  ['regex("([0-9]{4})-([0-9]{2})-([0-9]{2})", "2019-02-01")', ["2019", "02", "01"]],
  ['regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")', { scheme: "https", authority: "terraform.io" }],
  ['regexall("[a-z]+", "1234abcd5678efgh9")', ["abcd", "efgh"]],
  ['indent(2, "[\\n  foo,\\n  bar,\\n]\\n")', "[\n    foo,\n    bar,\n  ]\n  "],
  ['urlencode("Hello World!/~é")', "Hello+World%21%2F~%C3%A9"],
  ['basename("foo/bar/baz.txt")', "baz.txt"],
  ['dirname("baz.txt")', "."],
  ['parseint("FF", 16)', 255],
  ["log(16, 2)", 4],
  [
    'csvdecode("a,b,c\\n1,2,3\\n4,5,6")',
    [
      { a: "1", b: "2", c: "3" },
      { a: "4", b: "5", c: "6" },
    ],
  ],
  ['csvdecode("name,note\\n\\"x, y\\",\\"say \\"\\"hi\\"\\"\\"\\n")', [{ name: "x, y", note: 'say "hi"' }]],
  [
    'csvdecode("a,b\\n\\n1,2\\r\\n3,4\\r\\n")',
    [
      { a: "1", b: "2" },
      { a: "3", b: "4" },
    ],
  ],
  // A splat after a full splat takes the rest of the steps (terraform console: a list of lists).
  ["[{ a = [{ b = 1 }, { b = 2 }] }, { a = [{ b = 3 }] }][*].a[*].b", [[1, 2], [3]]],
  ["[[1, 2], [3]][*][*]", [[1, 2], [3]]],
  // == tells a list from a tuple and a map from an object (terraform console 1.11).
  ["tolist([]) == []", false],
  ["tomap({}) == {}", false],
  ['split(",", "a") == ["a"]', false],
  ['[for s in ["a"] : s] == ["a"]', true],
  // Functions that take a list refuse an object, and an index has no fractional part (terraform console 1.11).
  ["can(tolist({ port = 22 }))", false],
  // format's argument index takes that argument, and the next verb the one after it (terraform console 1.11).
  ['format("%[2]s/%[1]d", 0, "0.0.0.0")', "0.0.0.0/0"],
  ['format("%[2]s %s", "a", "b", "c")', "b c"],
  ['can(["a", "b"][1.5])', false],
  ['sha256("hello world")', "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"],
  // A map's keys come in lexical order: in a for expression, and in jsonencode's text (with HTML characters escaped).
  ["[for k, v in { b = 1, a = 2 } : k]", ["a", "b"]],
  ['[for k, v in { "10" = "ten", "9" = "nine" } : v]', ["ten", "nine"]],
  // A set's elements too: strings in lexical order, numbers ascending; mixed primitives become strings.
  ['[for s in toset(["b", "a", "10", "9", "b"]) : s]', ["10", "9", "a", "b"]],
  ["tolist(toset([3, 1, 2]))", [1, 2, 3]],
  ['tolist(toset([3, "a"]))', ["3", "a"]],
  ['tolist(setunion(["b"], ["a"]))', ["a", "b"]],
  ['tolist(setsubtract(["c", "b", "a"], ["b"]))', ["a", "c"]],
  // Go's fmt verbs and rounding (half to even), Go's case mappings and strings.Title, cty's type unification, uuidv5, and
  // go-yaml's YAML 1.1 booleans and merge keys.
  [
    'format("%05.2f|%-5s|%5d|%x|%X|%o|%b|%e|%q|%t|%%", 3.14159, "ab", 42, 255, 255, 8, 5, 1234.5, "hi", true)',
    '03.14|ab   |   42|ff|FF|10|101|1.234500e+03|"hi"|true|%',
  ],
  ['format("%.1f|%.0f|%.0f|%.2f", 2.25, 2.5, 3.5, -1.005)', "2.2|2|4|-1.00"],
  ['format("%g|%g|%g|%.3g|%G", 1234567.0, 100000, 0.00001234, 3.14159, 1e-7)', "1.234567e+06|100000|1.234e-05|3.14|1E-07"],
  ['format("%+d|%+.1f|%08.3f|%-6d|%#v", 5, 2.25, -3.14159, 7, "a")', '+5|+2.2|-003.142|7     |"a"'],
  ['upper("straße")', "STRAßE"],
  ['title("héllo wörld-foo_bar x.y")', "Héllo Wörld-Foo_bar X.Y"],
  ['tolist(["a", 1])', ["a", "1"]],
  ['tomap({ a = 1, b = "x" })', { a: "1", b: "x" }],
  ['distinct([1, "1"])', ["1"]],
  ['uuidv5("dns", "example.fr")', "ba3dc86d-c41d-5fc0-b09f-028e93368bce"],
  [
    'yamldecode("b: [x, y, on, No, \\"yes\\"]\\nbase: &b { k: 1 }\\nm:\\n  <<: *b\\n  j: 2\\n")',
    { b: ["x", true, true, false, "yes"], base: { k: 1 }, m: { j: 2, k: 1 } },
  ],
  ['parseint("1A", 16)', 26],
  ['jsonencode({ "9" = 1, "10" = 2, b = [{ z = 1, y = 2 }], s = "<a&b>" })', '{"10":2,"9":1,"b":[{"y":2,"z":1}],"s":"\\u003ca\\u0026b\\u003e"}'],
  // go-yaml v3 ends a plain scalar alone with a document end marker; a string is quoted, and has none.
  ['[yamlencode(1.5), yamlencode(true), yamlencode(null), yamlencode("1.5"), yamlencode([])]', ["1.5\n...\n", "true\n...\n", "null\n...\n", '"1.5"\n', "[]\n"]],
  // A literal block alone indented as under a key; double-quoted where a space ends a line, or a tab is in it.
  ['yamlencode(["a\\nb\\n", "  lead\\nx"])', "- |\n  a\n  b\n- |2-\n    lead\n  x\n"],
  ['[yamlencode("a\\nb\\n"), yamlencode("  lead\\nx"), yamlencode({ a = "\\tx\\ny" })]', ["|\n  a\n  b\n", "|2-\n    lead\n  x\n", '"a": "\\tx\\ny"\n']],
  // The same object held twice is written twice, with no anchor nor alias.
  ['yamlencode([for o in [{ s = "m" }] : { a = o, b = o }])', '- "a":\n    "s": "m"\n  "b":\n    "s": "m"\n'],
  // A double-quoted string folded where go-yaml folds it, at the first space past 80 columns, its line going on two past
  // its key or dash (a backslash keeps a second space); go-yaml's escapes, a character beyond the BMP escaped.
  [
    'yamlencode({ a = { b = ["curl -sSfL https://get.example.fr/install.sh --header Authorization-Bearer-something-long-enough to pass eighty columns", { c = "${join("", [for i in range(83) : "a"])}  b  c" }] } })',
    '"a":\n  "b":\n  - "curl -sSfL https://get.example.fr/install.sh --header Authorization-Bearer-something-long-enough\n    to pass eighty columns"\n  - "c": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n      \\ b  c"\n',
  ],
  [
    'yamlencode({ "k\\"ey" = "trail \\nx\\t\\u0001\\u007f\\u0085\\u00a0\\u2028\\ufeff😀é" })',
    '"k\\"ey": "trail \\nx\\t\\x01\\x7F\\N\u00a0\\L\\uFEFF\\U0001F600é"\n',
  ],
  // Go's base64 decoder skips line breaks, and wants its padding; the result must be UTF-8.
  ['base64decode("YQ==\\n")', "a"],
  ['[can(base64decode("YQ")), can(base64decode("/w==")), can(base64decode("!!"))]', [false, false, false]],
  // What Terraform refuses to compute: an empty sum, min and max of nothing, concat and coalescelist of nothing.
  ["[can(sum([])), can(min()), can(max()), can(concat()), can(coalescelist([], [])), can(coalescelist())]", [false, false, false, false, false, false]],
  ['[can(format("%d", 1.5)), can(format("%x", 2.5)), format("%d|%x", 1.0, "255")]', [false, false, "1|ff"]],
  // An argument no verb takes, a verb Go's fmt does not have, a % that ends the text.
  [
    '[can(format("%s", "a", "b")), can(format("%[1]s", "a", "b")), can(format("%z", 1)), can(format("100%")), format("%[2]s/%[1]d", 0, "a")]',
    [false, false, false, false, "a/0"],
  ],
  // Indexes outside the list or backwards, keys and values that do not pair, a step away from the end, a logarithm
  // that is no number, a text with no header, patterns that mix named and unnamed groups.
  ['[can(slice([1, 2], 1, 5)), can(slice([1, 2], 2, 1)), slice([1], 0, 0), can(zipmap(["a"], [1, 2])), zipmap([], [])]', [false, false, [], false, {}]],
  ['[can(range(1, 3, -1)), can(range(3, 1, 1)), range(1, 1, -1), range(3, 1), can(log(-1, 2)), can(csvdecode(""))]', [false, false, [], [3, 2], false, false]],
  [
    '[can(regex("(a)(?P<n>b)", "ab")), can(regexall("(a)|(?P<n>b)", "ab")), regex("(?:a)(?P<n>b)", "ab"), regex("[(]a", "(a")]',
    [false, false, { n: "b" }, "(a"],
  ],
  // Go's FindAll skips an empty match that abuts the one before; substr starts at 0 at the latest; null converts to null;
  // strrev keeps a letter with its combining accent.
  ['[regexall("a*", "baaac"), substr("abc", -5, 2), tolist(null), toset(null), strrev("e\\u0301x")]', [["", "aaa", ""], "ab", null, null, "x\u00e9"]],
];

describe("Terraform's functions", () => {
  it.each(functionCases)("%s", (expression, expected) => {
    expect(value(`\${${expression}}`)).toEqual(expected);
  });

  it("fail as Terraform's fail", () => {
    expect(() => value('${csvdecode("a,b\\n1\\n")}')).toThrow(/line 2 has 1 fields, the header 2/);
    expect(() => value('${regex("[0-9]+", "none")}')).toThrow(/matches nothing/);
    // terraform console 1.11: "Incorrect condition type"; a value that may be a secret is never quoted.
    expect(() => value('${"" ? 1 : 2}')).toThrow("a bool is required, and the value is a string that is neither true nor false");
    expect(() => value('${tonumber("s3cr3t")}')).toThrow("a number is required, and the value is a string that is no number");
  });

  it("leave unknown what a JavaScript regular expression cannot say as RE2 does", () => {
    for (const pattern of ["\\\\pL", "a(?i)b", "(?U)a+", "[[:^space:]]", "\\\\Qa.b\\\\E"]) {
      expect(value(`\${can(regex("${pattern}", "ab"))}`), pattern).toBe(unknown);
      expect(value(`\${replace("ab", "/${pattern}/", "x")}`), pattern).toBe(unknown);
    }
  });

  it.skipIf(!terraform)("give what terraform console gives (runs when terraform is on the PATH)", () => {
    for (const [expression] of functionCases) {
      expect(sortedKeys(terraformConsole({}, expression)), expression).toEqual(sortedKeys(value(`\${${expression}}`)));
    }
  });
});

describe("a corpus of expressions (console-expressions.txt)", () => {
  const expressions = readFileSync(join(import.meta.dirname, "console-expressions.txt"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"));

  it.skipIf(!terraform)("give what terraform console gives, each of them (runs when terraform is on the PATH)", () => {
    const printed = terraformConsole({}, `[${expressions.join(", ")}]`) as unknown[];
    expect(printed).toHaveLength(expressions.length);
    for (const [i, expression] of expressions.entries()) expect(sortedKeys(value(`\${${expression}}`)), expression).toEqual(sortedKeys(printed[i]));
  });
});

describe("Terraform 1.15's convert", () => {
  // The cases of Terraform's tests (internal/lang/functions_test.go, "convert"), and conversions a variable's type makes.
  it.each([
    ['convert({}, object({attr = optional(string, "default")}))', { attr: "default" }],
    ["convert({}, map(list(map(set(string)))))", {}],
    ['convert("22", number)', 22],
    ['convert(["443", 443], set(number))', [443]],
    ['convert({ port = "22", extra = true }, object({ port = number }))', { port: 22 }],
  ])("%s is %j", (expression, expected) => {
    expect(value(`\${${expression}}`)).toEqual(expected);
  });

  it("fails where the type does not take the value, and keeps what is known only at apply unknown", () => {
    expect(() => value('${convert("ssh", number)}')).toThrow("convert: a number is required");
    expect(() => value("${convert(1)}")).toThrow("convert: takes a value and a type constraint");
    expect(value("${convert(var.token, string)}")).toBe(unknown);
  });
});

describe("text in other character encodings", () => {
  it("is computed only in the encodings whose bytes Node writes as Terraform does, by the names Terraform knows", () => {
    expect(value('${textdecodebase64("aMOpbGxv", "UTF-8")}')).toBe("héllo");
    expect(value('${textencodebase64("é", "latin1")}')).toBe("6Q==");
    // windows-1252 (0x80 is €) and UTF-16 with its byte order mark are not computed; utf8 and ascii are no IANA names.
    for (const encoding of ["windows-1252", "UTF-16", "utf8", "ascii"])
      expect(() => value(`\${textdecodebase64("gA==", "${encoding}")}`), encoding).toThrow(/is not computed here/);
    // As terraform console gives them: a byte order mark kept, a replacement character refused.
    expect(value('${textdecodebase64("77u/aGk=", "UTF-8")}')).toBe("\uFEFFhi");
    expect(() => value('${textdecodebase64("77+9", "UTF-8")}')).toThrow(/not valid/);
  });
});

describe("OpenTofu's own functions", () => {
  // The cases of OpenTofu's tests (internal/lang/funcs: cidr_test.go TestCidrContains, encoding_test.go).
  it.each([
    ['cidrcontains("192.168.2.0/20", "192.168.2.1")', true],
    ['cidrcontains("192.168.2.0/20", "192.168.2.0/22")', true],
    ['cidrcontains("192.168.2.0/20", "192.126.2.1")', false],
    ['cidrcontains("192.168.2.0/20", "192.126.2.0/18")', false],
    ['cidrcontains("fe80::/48", "fe80::1")', true],
    ['cidrcontains("fe80::/48", "fe81::1")', false],
    ['cidrcontains("10.0.0.0/8", "10.0.0.0/7")', false],
    ['urldecode("a+b%20c%2Fd")', "a b c/d"],
    // Beyond OpenTofu's tests, as Go reads them: an IPv4-mapped IPv6 address is its IPv4 address (net.IP.To4).
    ['cidrcontains("10.0.0.0/8", "::ffff:10.0.0.1")', true],
    ['urldecode("%C3%A9")', "é"],
    ['base64gunzip(base64gzip("not-a-real-secret"))', "not-a-real-secret"],
  ])("%s is %j", (expression, expected) => {
    expect(value(`\${${expression}}`)).toBe(expected);
  });

  it("fail where OpenTofu's fail: an address family mismatch, an escape that is none", () => {
    expect(() => value('${cidrcontains("192.168.2.0/20", "fe80::1")}')).toThrow(/address family mismatch/);
    expect(() => value('${urldecode("100%")}')).toThrow(/invalid escape/);
    // Go's net.ParseIP takes four decimal parts only.
    for (const address of ["10.1", "0x0a.0.0.1"]) expect(() => value(`\${cidrcontains("10.0.0.0/8", "${address}")}`), address).toThrow();
  });
});

describe("Terraform's file functions", () => {
  // A tree with a hidden file and a nested folder; Terraform's working directory is its root.
  const tree = {
    "manifests/a.yaml": "kind: Pod\n",
    "manifests/b.yml": "kind: Service\n",
    "manifests/sub/c.yaml": "kind: Job\n",
    "manifests/.hidden.yaml": "kind: Secret\n",
    "README.md": "# tree\n",
  };
  const folder = mkdtempSync(join(tmpdir(), "eds-fileset-"));
  for (const [name, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  const inFolder = (text: string): Value => evaluate(parseTemplate(text), { ...noNames, directory: folder });
  // What terraform console printed for the same tree (Terraform 1.11).
  const cases: [string, string[]][] = [
    ['fileset(".", "manifests/*.yaml")', ["manifests/.hidden.yaml", "manifests/a.yaml"]],
    ['fileset(".", "**/*.yaml")', ["manifests/.hidden.yaml", "manifests/a.yaml", "manifests/sub/c.yaml"]],
    ['fileset(".", "manifests/{a,b}.y*ml")', ["manifests/a.yaml", "manifests/b.yml"]],
    ['fileset(".", "manifests/?.yaml")', ["manifests/a.yaml"]],
    ['fileset(".", "manifests/[ab].*")', ["manifests/a.yaml", "manifests/b.yml"]],
    ['fileset(".", "manifests/[^a].*")', ["manifests/b.yml"]],
    ['fileset(".", "manifests/**")', ["manifests/.hidden.yaml", "manifests/a.yaml", "manifests/b.yml", "manifests/sub/c.yaml"]],
    ['fileset("manifests", "*")', [".hidden.yaml", "a.yaml", "b.yml"]],
    ['fileset(".", "nothing/*")', []],
  ];

  it.each(cases)("%s", (expression, expected) => {
    expect(inFolder(`\${${expression}}`)).toEqual(expected);
  });

  it("read from the working directory, not the process's", () => {
    expect(inFolder('${filebase64("manifests/a.yaml")}')).toBe(Buffer.from("kind: Pod\n").toString("base64"));
    expect(inFolder('${abspath("manifests")}')).toBe(join(folder, "manifests"));
    // As terraform console gives them: a directory is an error, not false.
    expect(inFolder('${[fileexists("manifests/a.yaml"), fileexists("missing.yaml")]}')).toEqual([true, false]);
    expect(() => inFolder('${fileexists("manifests")}')).toThrow(/is a directory, not a file/);
    expect(inFolder('${[for f in fileset(".", "manifests/*.yaml") : yamldecode(file(f)).kind]}')).toEqual(["Secret", "Pod"]);
  });

  it.skipIf(!terraform)("give what terraform console gives (runs when terraform is on the PATH)", () => {
    const printed = terraformConsole(tree, `[${cases.map(([expression]) => expression).join(", ")}]`);
    expect(printed).toEqual(cases.map(([, expected]) => expected));
  });

  // The digests of a file's bytes, and of a string (base64sha256 and base64sha512).
  const digests = ["filemd5", "filesha1", "filesha256", "filesha512", "filebase64sha256", "filebase64sha512"].map((name) => `${name}("manifests/a.yaml")`);
  const digestsOfAll = `[${[...digests, 'base64sha256("hello")', 'base64sha512("hello")'].join(", ")}]`;

  it("digest a file's bytes as Terraform does", () => {
    expect(inFolder(`\${${digestsOfAll}}`)).toEqual([
      ...["md5", "sha1", "sha256", "sha512"].map((algorithm) => createHash(algorithm).update("kind: Pod\n").digest("hex")),
      ...["sha256", "sha512"].map((algorithm) => createHash(algorithm).update("kind: Pod\n").digest("base64")),
      ...["sha256", "sha512"].map((algorithm) => createHash(algorithm).update("hello").digest("base64")),
    ]);
  });

  it.skipIf(!terraform)("digest as terraform console does (runs when terraform is on the PATH)", () => {
    expect(terraformConsole(tree, digestsOfAll)).toEqual(inFolder(`\${${digestsOfAll}}`));
  });
});

describe("the Kubernetes provider's functions", () => {
  // As the provider's decode.go splits and checks documents: a `---` line separates them, not one inside a value.
  const manifests = [
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels:\n    note: a---b\ndata:\n  file: |\n    ---\n    x: 1\n",
    "---\n",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
  ].join("---\n");
  const decode = (call: string, text: string): Value => evaluate(parseTemplate(`\${${call}(m)}`), within(noNames, { m: text }));

  it("decode every object of a YAML text, or its only one", () => {
    expect(decode("provider::kubernetes::manifest_decode_multi", manifests)).toEqual([
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", labels: { note: "a---b" } }, data: { file: "---\nx: 1\n" } },
      { apiVersion: "v1", kind: "Service", metadata: { name: "web" } },
    ]);
    expect(decode("provider::kubernetes::manifest_decode", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n")).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "apps" },
    });
  });

  it("read each document as sigs.k8s.io/yaml reads it, as kubectl does, not as yamldecode does", () => {
    const configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {mode: 0400, on: yes}\nimmutable: 0x1F\n";
    // go-yaml v2's octal and hexadecimal, which sigs.k8s.io/yaml keeps; yamldecode reads 0400 as 400.
    expect(decode("provider::kubernetes::manifest_decode", configMap)).toMatchObject({ data: { mode: 256, true: true }, immutable: 31 });
    expect(evaluate(parseTemplate("${yamldecode(m)}"), within(noNames, { m: configMap }))).toMatchObject({ data: { mode: 400, true: true }, immutable: 31 });
  });

  it("fail as the provider's fail", () => {
    expect(() => decode("provider::kubernetes::manifest_decode", manifests)).toThrow(/several resources/);
    expect(() => decode("provider::kubernetes::manifest_decode_multi", "kind: Pod\nmetadata: {}\n")).toThrow(/missing field "apiVersion"/);
  });

  it("stay unknown for a provider function the check does not know", () => {
    expect(decode("provider::other::decode", "x")).toBe(unknown);
  });
});
