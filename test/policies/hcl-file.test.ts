import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import { evaluate, noNames, within } from "../../policies/inputs/hcl-evaluate";
import { ExpressionSyntaxError, parseTemplate } from "../../policies/inputs/hcl-expression";
import { parseHclFile } from "../../policies/inputs/hcl-file";
import { terraform, terraformConsole } from "./terraform-console";

const syntax = join(import.meta.dirname, "hcl-syntax");
const root = join(import.meta.dirname, "..", "..");

/**
 * Every .tf file of the project's tests and examples: fixtures of every policy, modules, overrides, public shapes; but
 * those where the reader deliberately writes more faithfully than hcl2json (`beyond-hcl2json/`, each file says why).
 */
function corpus(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() && entry.name !== "node_modules" && entry.name !== "beyond-hcl2json" && !entry.name.startsWith(".")
      ? corpus(join(folder, entry.name))
      : /\.(tf|tofu)$/.test(entry.name)
        ? [join(folder, entry.name)]
        : [],
  );
}

describe("the native syntax reader", () => {
  const files = [...corpus(join(root, "test")), ...corpus(join(root, "environments"))];

  it("has a corpus to be held to", () => {
    expect(files.length).toBeGreaterThan(30);
    expect(files.map((file) => relative(syntax, file))).toEqual(expect.arrayContaining(["expressions.tf", "heredocs.tf", "structure.tf", "crlf.tf"]));
  });

  // hcl2json (Go's hclsyntax and tmccombs/hcl2json in WebAssembly) is the reference: same document, byte for byte.
  it.each(files.map((file) => [relative(root, file)]))("reads %s as hcl2json does", async (file) => {
    const text = readFileSync(join(root, file), "utf8");
    const reference = JSON.stringify(await parse(file, text));
    expect(JSON.stringify(parseHclFile(text).document)).toBe(reference);
  });

  it("reads generated strings and heredocs as hcl2json does: escapes, sequences, strip markers, indentation", async () => {
    // A fixed pseudo-random sequence (mulberry32): the same file on every run.
    let seed = 20261129;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const quoted = [
      "a",
      " ",
      "é",
      "✓",
      '\\"',
      "\\\\",
      "\\n",
      "\\t",
      "\\u00e9",
      "$a",
      "%a",
      "$${x}",
      "%%{y}",
      "{",
      "}",
      "~",
      "${var.x}",
      "${ var.y ~}",
      "${~ 1 }",
      "%{ if true }t%{ else }f%{ endif }",
      "%{~ for i in [1, 2] ~} ${i} %{~ endfor ~}",
    ];
    const heredoc = [
      "a",
      " ",
      "  ",
      "\t",
      "\n",
      "$a",
      "%a",
      "$${x}",
      "%%{y}",
      "\\",
      '"',
      "${var.x}",
      "${~ var.y ~}",
      "%{ if var.on ~}\n  on\n%{~ endif }",
      "%{ for i in var.list }\n  - ${i}\n%{ endfor }",
    ];
    const lines: string[] = ["locals {"];
    for (let i = 0; i < 150; i++) lines.push(`  q${i} = "${Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick(quoted)).join("")}"`);
    for (let i = 0; i < 60; i++) {
      const indent = " ".repeat(Math.floor(random() * 4));
      const body = Array.from(
        { length: 1 + Math.floor(random() * 5) },
        () => indent + Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(heredoc)).join(""),
      );
      lines.push(`  h${i} = <<${random() < 0.5 ? "-" : ""}EOT`, ...body.join("\n").split("\n"), "  EOT");
    }
    lines.push("}", "");
    const text = lines.join("\n");
    expect(JSON.stringify(parseHclFile(text).document)).toBe(JSON.stringify(await parse("generated.tf", text)));
  });

  it.each([
    ["an argument without a value", "locals {\n  a =\n}\n", /line 3, column 1/],
    ["JSON written as native syntax", '{ "terraform": {} }\n', /expected an argument name or a block type \(line 1, column 1\)/],
    ["an interpolation in a label", 'resource "a" "${var.b}" {}\n', /a block label is a quoted string without interpolation \(line 1, column 14\)/],
    ["an unclosed block", 'resource "a" "b" {\n  x = 1\n', /expected "}" to close the block before the end of the file \(line 3/],
    ["a stray closing brace", "}\n", /"}" closes no block \(line 1, column 1\)/],
    ["two values on one line", "a = 1 b = 2\n", /expected a new line after an argument or a block \(line 1, column 7\)/],
    ["an argument set twice", "a = 1\na = 2\n", /the argument "a" is set twice/],
    ["blocks with and without labels", 'x {}\nx "label" {}\n', /"x" blocks are written both with and without labels/],
    ["an unterminated heredoc", "a = <<EOT\ntext\n", /expected the heredoc's closing line "EOT"/],
    ["an unterminated string", 'a = "text\n', /unterminated string|expected/],
  ])("refuses %s, with the line and column", (_, text, message) => {
    expect(() => parseHclFile(text)).toThrow(ExpressionSyntaxError);
    expect(() => parseHclFile(text)).toThrow(message);
  });

  it("writes text left ending in $ before an interpolation so that it is not read as the escape $${", () => {
    const { document } = parseHclFile('a = "x $$ ${~ var.name}"\nb = "y % %{~ if true }on%{ endif }"\n');
    expect(document).toEqual({ a: 'x ${"$$"}${var.name}', b: 'y ${"%"}%{if true}on%{endif}' });
    const scope = within(noNames, { var: { name: "web" } });
    expect(evaluate(parseTemplate(document.a as string), scope)).toBe("x $$web");
  });

  it("keeps a key named __proto__ as data", () => {
    const document = parseHclFile('locals {\n  m = { "__proto__" = 1 }\n}\n').document as { locals: [{ m: Record<string, unknown> }] };
    expect(Object.keys(document.locals[0].m)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(document.locals[0].m)).toBe(Object.prototype);
  });

  it.skipIf(!terraform).each(["heredocs.tf", "beyond-hcl2json/text-left-before-a-sequence.tf"])(
    "gives the values terraform console gives to %s: heredocs, strip markers, flush heredocs (runs when terraform is on the PATH)",
    (file) => {
      const text = readFileSync(join(syntax, file), "utf8");
      const variables = { name: "web", ports: [22, 443], on: true, list: ["a", "b"] };
      const locals = (parseHclFile(text).document as { locals: [Record<string, string>] }).locals[0];
      const names = Object.keys(locals);
      const printed = terraformConsole(
        { "main.tf": text.replace(/var\./g, "local.var."), "var.tf.json": JSON.stringify({ locals: { var: variables } }) },
        `[${names.map((name) => `local.${name}`).join(", ")}]`,
      );
      const scope = within(noNames, { var: variables });
      expect(printed).toEqual(names.map((name) => evaluate(parseTemplate(locals[name]!), scope)));
    },
  );
});
