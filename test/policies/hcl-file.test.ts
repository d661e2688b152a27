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
    expect(JSON.stringify(groupedAsHcl2json(parseHclFile(text).document))).toBe(reference);
  });

  // Generated files, the same on every run: what hand-written fixtures would not think of.
  it("reads generated strings and heredocs as hcl2json does: escapes, sequences, strip markers, indentation", async () => {
    const { random, pick } = seeded(20261129);
    const quoted = [
      "a",
      " ",
      "é",
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
      "${[1]}",
    ];
    quoted.push("%{ if true }t%{ else }f%{ endif }", "%{~ for i in [1, 2] ~} ${i} %{~ endfor ~}");
    const heredoc = ["a", " ", "  ", "\t", "\n", "   \n", "$a", "%a", "$${x}", "%%{y}", "\\", '"', "${var.x}", "${~ var.y ~}"];
    heredoc.push("%{ if var.on ~}\n  on\n%{~ endif }", "%{ for i in var.list }\n  - ${i}\n%{ endfor }");
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
    const text = [...lines, "}", ""].join("\n");
    expect(JSON.stringify(parseHclFile(text).document)).toBe(JSON.stringify(await parse("generated.tf", text)));
  });

  it("reads generated values as hcl2json does: literals, tuples, objects, operators, conditionals, for expressions, comments", async () => {
    const { random, pick } = seeded(4);
    const leaves = ["1", "-2", "1.5", "1e3", "true", "null", '"s"', '"a${var.x}b"', "var.x", 'var.m["k"]', "local.l.*.id", "var.l[*].n", "!true", "-var.n"];
    leaves.push("(1)", "f(1, 2)", "f(\n  1,\n  2\n)", "a.b.c", '"${var.x}"', '""', "x.0");
    const value = (depth: number): string => {
      const r = random();
      if (depth > 2 || r < 0.35) return pick(leaves);
      if (r < 0.5) {
        const items = Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
        return `[${items.join(pick([", ", ",\n"]))}${items.length > 0 ? pick(["", ","]) : ""}]`;
      }
      if (r < 0.65) {
        const keys = (i: number) => pick([`k${i}`, `"q${i}"`, `(var.k${i})`, `k.p${i}`, `${i}`]);
        return `{${Array.from({ length: Math.floor(random() * 4) }, (_, i) => `${keys(i)} ${pick(["=", ":"])} ${value(depth + 1)}`).join(pick([", ", "\n"]))}}`;
      }
      if (r < 0.75) return `${value(depth + 1)} ${pick(["+", "==", "&&", "<", "*"])} ${value(depth + 1)}`;
      if (r < 0.85) return `${value(depth + 1)} ? ${value(depth + 1)} : ${value(depth + 1)}`;
      if (r < 0.92) return `[for x in ${value(depth + 1)} : ${value(depth + 1)}${pick(["", " if x"])}]`;
      return `{ for k, v in ${value(depth + 1)} : k => v${pick(["", "..."])} }`;
    };
    const lines: string[] = [];
    for (let i = 0; i < 200; i++) lines.push(`a${i} = ${value(0)}${pick(["", " # c", " // c", " /* c */"])}`);
    for (let i = 0; i < 20; i++)
      lines.push(`block "l${i}" ${pick(['"m"', "bare", ""])} {`, `  x = ${value(0)}`, "  inner {", `    y = ${value(0)}`, "  }", "}");
    const text = `${lines.join("\n")}\n`;
    expect(JSON.stringify(parseHclFile(text).document)).toBe(JSON.stringify(await parse("generated.tf", text)));
  });

  it("quotes what surrounds a syntax error in whole words where a space allows it", () => {
    expect(() => parseHclFile('resource "kubernetes_pod" "x" {\n  spec {\n')).toThrow(/, near "\\"x\\" \{ spec \{"$/);
  });

  it("accepts and refuses what hcl2json does, on files with one character removed, added or replaced", async () => {
    const { random, pick } = seeded(13);
    const characters = ["\n", "\r", " ", "{", "}", "[", "]", "(", ")", '"', "=", ",", "$", "%", "~", "#", "<", "-", ".", "*", "?", ":", "\\", "a", "1"];
    const disagreements: string[] = [];
    for (let i = 0; i < 300; i++) {
      const text = readFileSync(pick(files), "utf8").slice(0, 4000);
      const at = Math.floor(random() * text.length);
      const how = random();
      const mutated = `${text.slice(0, at)}${how < 0.33 ? "" : pick(characters)}${text.slice(how < 0.66 ? at + 1 : at)}`;
      let refusedForTerraform = false;
      const ours = (() => {
        try {
          return JSON.stringify(groupedAsHcl2json(parseHclFile(mutated).document));
        } catch (error) {
          if (!(error instanceof ExpressionSyntaxError)) throw error;
          // Terraform refuses a top-level block with another number of labels than its own (a resource without its name,
          // a variable with two: "Extraneous label for variable"), which HCL alone, and hcl2json, accept.
          refusedForTerraform = /^a \w+ block takes /.test(error.message);
          return "refused";
        }
      })();
      const reference = await parse("mutated.tf", mutated).then(JSON.stringify, () => "refused");
      if (ours !== reference && !refusedForTerraform) disagreements.push(JSON.stringify(mutated.slice(Math.max(0, at - 40), at + 40)));
    }
    expect(disagreements).toEqual([]);
  });

  it.each([
    ["an argument without a value", "locals {\n  a =\n}\n", /expected an expression, found "\\n" \(column 6\)/, 2],
    ["JSON written as native syntax", '{ "terraform": {} }\n', /expected an argument name or a block type \(column 1\)/, 1],
    ["an interpolation in a label", 'resource "a" "${var.b}" {}\n', /a block label is a quoted string without interpolation \(column 14\)/, 1],
    ["an unclosed block", 'resource "a" "b" {\n  x = 1\n', /expected "}" to close the block before the end of the file/, 3],
    ["a stray closing brace", "}\n", /"}" closes no block \(column 1\)/, 1],
    ["two values on one line", "a = 1 b = 2\n", /expected a new line after an argument or a block \(column 7\)/, 1],
    ["an argument set twice", "a = 1\na = 2\n", /the argument "a" is set twice/, 2],
    ["blocks with and without labels", 'x {}\nx "label" {}\n', /"x" blocks are written both with and without labels/, 2],
    ["an unterminated heredoc", "a = <<EOT\ntext\n", /expected the heredoc's closing line "EOT"/, 3],
    ["a provisioner without its type", 'resource "a" "b" {\n  provisioner {\n  }\n}\n', /a provisioner block takes a type, not none/, 2],
    ["an unterminated string", 'a = "text\n', /a quoted string ends on its line \(write "\\n" for a newline, or use a heredoc\) \(column 10\)/, 1],
  ])("refuses %s, with the line and column", (_, text, message, line) => {
    const refusal = (() => {
      try {
        parseHclFile(text);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ExpressionSyntaxError);
    expect(refusal).toMatchObject({ message: expect.stringMatching(message), line });
  });

  it("writes text left ending in $ before an interpolation so that it is not read as the escape $${", () => {
    const { document } = parseHclFile('a = "x $$ ${~ var.name}"\nb = "y % %{~ if true }on%{ endif }"\n');
    expect(document).toEqual({ a: 'x ${"$$"}${var.name}', b: 'y ${"%"}%{if true}on%{endif}' });
    const scope = within(noNames, { var: { name: "web" } });
    expect(evaluate(parseTemplate(document.a as string), scope)).toBe("x $$web");
  });

  it("writes an expression that ends with a heredoc so that its JSON form reads back, where hcl2json's does not", async () => {
    const text = 'x = var.v != "" ? var.v : <<-EOT\n    root\n  EOT\n';
    // hcl2json ends the interpolation on the heredoc's marker line ("  EOT}"), which no Terraform JSON reader closes.
    expect((await parse("main.tf", text)).x).toBe('${var.v != "" ? var.v : <<-EOT\n    root\n  EOT}');
    const { document } = parseHclFile(text);
    expect(document.x).toBe('${var.v != "" ? var.v : <<-EOT\n    root\n  EOT\n}');
    expect(evaluate(parseTemplate(document.x as string), within(noNames, { var: { v: "" } }))).toBe("root\n");
  });

  // Newlines end an argument's value and an object's item, except inside brackets and template sequences; a block
  // written on one line holds one argument at most.
  it.each([
    ["a conditional continued on the next line", "a = b\n  ? c : d\n"],
    ["an operator ending a line", "a = 1 +\n  2\n"],
    ["an object item continued on the next line", "a = { x = b\n  ? c : d }\n"],
    ["object items without a comma or a newline", "a = { x = 1 y = 2 }\n"],
    ["a call whose arguments start on the next line", "a = f\n(1)\n"],
    ["a block inside a block written on one line", "a { b {} }\n"],
    ["two arguments in a block written on one line", "a { x = 1, y = 2 }\n"],
    ["a block opened on one line and closed on the next", "a {x = 1\n}\n"],
    ['an argument followed by the block\'s "}"', 'a "l" {\n  x = 1 }\n'],
    ["something after a block's closing brace", "a { b = 1 } c = 2\n"],
  ])("refuses what hcl2json refuses: %s", async (_, text) => {
    await expect(parse("refused.tf", text)).rejects.toThrow();
    expect(() => parseHclFile(text)).toThrow(ExpressionSyntaxError);
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

/**
 * A document with each resource's provisioners grouped by type, as hcl2json groups labelled blocks (its keys sorted):
 * the reader lists them in the order they are written, as Terraform runs them (hcl-file.ts, addProvisioner), which
 * hcl2json's form loses.
 */
function groupedAsHcl2json(document: Record<string, unknown>): Record<string, unknown> {
  const resources = document.resource as Record<string, Record<string, Record<string, unknown>[]>> | undefined;
  if (resources === undefined) return document;
  const grouped = (provisioners: Record<string, unknown[]>[]) => {
    const byType: Record<string, unknown[]> = {};
    for (const [type, bodies] of provisioners.flatMap((provisioner) => Object.entries(provisioner))) byType[type] = [...(byType[type] ?? []), ...bodies];
    return Object.fromEntries(Object.entries(byType).sort(([a], [b]) => (a < b ? -1 : 1)));
  };
  const resource = Object.fromEntries(
    Object.entries(resources).map(([type, named]) => [
      type,
      Object.fromEntries(
        Object.entries(named).map(([name, bodies]) => [
          name,
          bodies.map((body) => (Array.isArray(body.provisioner) ? { ...body, provisioner: grouped(body.provisioner) } : body)),
        ]),
      ),
    ]),
  );
  return { ...document, resource };
}

/** A fixed pseudo-random sequence (mulberry32) from a seed. */
function seeded(seed: number): { random: () => number; pick: <T>(items: readonly T[]) => T } {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { random, pick: (items) => items[Math.floor(random() * items.length)]! };
}
