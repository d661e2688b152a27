/**
 * Terraform's native syntax (`.tf`, `.tofu` files) read into the document its JSON form would be, exactly as
 * @cdktf/hcl2json writes it (github.com/tmccombs/hcl2json, convert/convert.go, which that package runs in WebAssembly):
 * blocks nested by label, each an array of bodies; literal values as JSON values; strings and heredocs as strings with
 * `${` and `%{` escaped; tuples and objects element by element; any other expression as `"${<its source>}"`; object keys
 * in byte order, as Go writes a map; an expression that ends with a heredoc gets the new line its closing marker needs
 * (hcl2json writes `EOT}`, which reads back as no expression). The rest of the reader then treats both forms alike. Expressions are read by the
 * same parser as the JSON form's strings (hcl-expression.ts); the structure around them follows hclsyntax/spec.md
 * ("Structural Elements"). A test holds the result to hcl2json's on a corpus of configurations.
 */
import { terraformLiteral } from "../../lib/terraform-literal";
import { keyPath } from "../lib/values";
import {
  argumentsBlockAddress,
  type BlockLines,
  keepArgumentLine,
  keepBlockLine,
  keepLine,
  latestKey,
  lineInArguments,
  readsArgumentLines,
} from "./block-lines";
import { lineBreaks } from "./text-sources";
import { emptySources, type Expression, ExpressionParser, type ExpressionSources, maximumNesting, sourceSpan } from "./hcl-expression";

export type HclDocument = Record<string, unknown>;

/**
 * Reads one file: its document, the line of each top-level block a finding can point at, and the line each heredoc's
 * text starts on, by the text (ModuleFile.heredocs). A syntax error throws an ExpressionSyntaxError that gives its line
 * and column.
 */
export function parseHclFile(written: string): { document: HclDocument; lines: BlockLines; heredocs: readonly Heredoc[] } {
  const text = written.startsWith("\uFEFF") ? written.slice(1) : written;
  const file = new NativeFile(text);
  const document = inByteOrder(file.body(0)) as HclDocument;
  // A block's body is read again for its arguments' lines when a finding first asks, so that reading a large
  // configuration keeps only its blocks' lines and its text, not what the first reading built.
  const { bodies } = file;
  const read = new Map<string, BlockLines>();
  readsArgumentLines(file.lines, (address) => {
    const body = bodies.get(address);
    if (!body) return undefined;
    const lines = read.get(address) ?? NativeFile.argumentLines(text, body);
    read.set(address, lines);
    return (path) => lineInArguments(lines, path);
  });
  return { document, lines: file.lines, heredocs: file.heredocTexts() };
}

/**
 * A heredoc's text, as the string Terraform gives of one that interpolates nothing, or the template as the JSON form
 * writes it of one that does; and the line it starts on (the line after its opening marker).
 */
export interface Heredoc {
  readonly text: string;
  readonly line: number;
}

/** Where the body of a resource or data block starts: its "{", and that line. */
interface BodyStart {
  readonly offset: number;
  readonly line: number;
}

/** The functions that write an object as a text whose keys are the object's (developer.hashicorp.com/terraform/language/functions). */
const encodingFunctions: ReadonlySet<string> = new Set(["yamlencode", "jsonencode"]);

class NativeFile {
  readonly lines = new Map<string, number>();
  /** Where the body of each block whose arguments' lines are kept starts (argumentsBlockAddress), by its key in `lines`. */
  readonly bodies = new Map<string, BodyStart>();
  private readonly sources: ExpressionSources;
  private readonly parser: ExpressionParser;
  /** Lines counted up to `counted`, top-level blocks coming in order. */
  private counted = 0;
  private line = 1;

  /** Reads a text; `onlyLines` when it is read again for the lines of a block's arguments, whose values are not needed. */
  constructor(
    private readonly text: string,
    private readonly onlyLines = false,
  ) {
    // Read again for lines, where the keys of objects are written too.
    this.sources = onlyLines ? { ...emptySources(), keys: new Map() } : emptySources();
    this.parser = new ExpressionParser(text, this.sources);
  }

  /** The lines of a resource's or data source's arguments and nested blocks, by their path in it (`rule[0].cidr`). */
  static argumentLines(text: string, body: BodyStart): BlockLines {
    const again = new NativeFile(text, true);
    again.parser.position = body.offset + 1;
    again.counted = body.offset;
    again.line = body.line;
    try {
      again.body(1, false, "");
    } catch {
      // Read once already: a block that does not read again gives the lines it reached.
    }
    return again.lines;
  }

  /**
   * A body's arguments and blocks, one per line, up to its closing brace (in a block: `depth` > 0) or the end of the
   * file. A block that goes on after its "{" on the same line is a one-line block: nothing, or one argument, then "}".
   * In a locals block's body (`keepsLocalLines`), the line of each argument is kept, as a block's is; in a resource's
   * body read again for the lines of its arguments (`argumentsAt`, the path of this body in the resource: see
   * argumentLines), each argument's and nested block's.
   */
  body(depth: number, keepsLocalLines = false, argumentsAt?: string, inDynamic = false): HclDocument {
    const { parser, text } = this;
    const inBlock = depth > 0;
    if (depth > maximumNesting) parser.fail(`blocks nest more than ${maximumNesting} levels deep`);
    const document: HclDocument = {};
    const attributes = new Map<string, unknown>();
    if (inBlock && !this.atLineEnd()) return this.oneLineBody(keepsLocalLines, argumentsAt);
    for (;;) {
      parser.skipSpace();
      const char = text[parser.position];
      if (char === undefined) {
        if (inBlock) parser.fail('expected "}" to close the block before the end of the file');
        break;
      }
      if (char === "}") {
        if (!inBlock) parser.fail('"}" closes no block');
        parser.position += 1;
        break;
      }
      const start = parser.position;
      const name = parser.name() ?? parser.fail("expected an argument name or a block type");
      this.skipInline();
      if (text[parser.position] === "=" && text[parser.position + 1] !== "=") {
        parser.position += 1;
        if (attributes.has(name)) parser.fail(`the argument "${name}" is set twice in this body`);
        if (keepsLocalLines) keepLine(this.lines, `local.${name}`, this.lineAt(start));
        if (argumentsAt !== undefined) keepArgumentLine(this.lines, `${argumentsAt}${name}`, this.lineAt(start));
        attributes.set(name, this.value(argumentsAt === undefined ? undefined : `${argumentsAt}${name}`));
      } else {
        const labels = this.labels(name);
        // Terraform's "Missing name for provisioner" (internal/configs/resource.go, its block schema's LabelNames: type).
        if (isProvisioner(depth, name) && labels.length !== 1)
          parser.fail(`a provisioner block takes a type, not ${labels.length === 0 ? "none" : labels.map((label) => `"${label}"`).join(" ")}`);
        let within: { readonly at: string; readonly inDynamic?: true } | undefined;
        if (!inBlock) {
          const wanted = topLevelLabels[name];
          if (wanted !== undefined && labels.length !== wanted.length)
            parser.fail(
              `a ${name} block takes ${wanted.length === 0 ? "no label" : wanted.join(" and ")}, not ${labels.length === 0 ? "none" : labels.map((label) => `"${label}"`).join(" ")}`,
            );
          const line = this.lineAt(start);
          keepBlockLine(this.lines, name, labels, line);
          const address = argumentsBlockAddress(name, labels);
          const key = address && latestKey(this.lines, address);
          if (key !== undefined) this.bodies.set(key, { offset: parser.position, line: this.lineAt(parser.position) });
        } else if (argumentsAt !== undefined && inDynamic && name === "content") {
          // What a dynamic block's content writes is kept under the dynamic block (`dynamic.rule.cidr`).
          within = { at: argumentsAt };
        } else if (argumentsAt !== undefined) {
          // Blocks written as such come first in the evaluated body, in their order, a dynamic block's after them
          // (module.ts, body): `rule[1]` is the second block written. A labelled block is kept under its labels, as its
          // body is (`key_provider.pbkdf2.main[0]`), a provisioner by its index among those of its type
          // (`provisioner.local-exec[1]`, the second; provisionersOf).
          const path =
            name === "dynamic"
              ? `dynamic.${labels[0]}`
              : isProvisioner(depth, name)
                ? `provisioner.${labels[0]}[${provisionersWritten(document.provisioner, labels[0]!)}]`
                : labels.length > 0
                  ? `${name}.${labels.join(".")}[${blocksWritten(labels.reduce<unknown>((bodies, label) => (bodies as HclDocument | undefined)?.[label], document[name]))}]`
                  : `${name}[${blocksWritten(document[name])}]`;
          keepArgumentLine(this.lines, `${argumentsAt}${path}`, this.lineAt(start));
          within = name === "dynamic" ? { at: `${argumentsAt}${path}.`, inDynamic: true } : { at: `${argumentsAt}${path}.` };
        }
        parser.position += 1;
        const body = this.body(depth + 1, !inBlock && name === "locals", within?.at, within?.inDynamic);
        if (isProvisioner(depth, name)) addProvisioner(document, labels[0]!, body, parser);
        else addBlock(document, name, labels, body, parser);
      }
      if (!this.atLineEnd()) parser.fail("expected a new line after an argument or a block");
    }
    // Arguments after blocks, as hcl2json sets them.
    for (const [name, value] of attributes) setOwn(document, name, value);
    return document;
  }

  /** A block written on one line, after its "{": `{}`, or `{ name = value }`. */
  private oneLineBody(keepsLocalLines: boolean, argumentsAt: string | undefined): HclDocument {
    const { parser, text } = this;
    const document: HclDocument = {};
    if (text[parser.position] !== "}") {
      const start = parser.position;
      const name = parser.name() ?? parser.fail("expected an argument name: a block written on one line holds one argument at most");
      if (keepsLocalLines) keepLine(this.lines, `local.${name}`, this.lineAt(start));
      if (argumentsAt !== undefined) keepArgumentLine(this.lines, `${argumentsAt}${name}`, this.lineAt(start));
      this.skipInline();
      if (text[parser.position] !== "=" || text[parser.position + 1] === "=") parser.fail("a block written on one line holds one argument, and no block");
      parser.position += 1;
      setOwn(document, name, this.value(argumentsAt === undefined ? undefined : `${argumentsAt}${name}`));
      this.skipInline();
      if (text[parser.position] !== "}") parser.fail('a block written on one line ends with "}" on that line');
    }
    parser.position += 1;
    return document;
  }

  /** Each heredoc's text, with the line it starts on. */
  heredocTexts(): Heredoc[] {
    const texts: Heredoc[] = [];
    let line = 1;
    let counted = 0;
    for (const [expression, start] of [...this.sources.heredocs].sort(([, a], [, b]) => a - b)) {
      line += lineBreaks(this.text, counted, start);
      counted = start;
      const text = expression.kind === "literal" ? expression.value : expression.kind === "template" ? this.template(expression.parts) : undefined;
      if (typeof text === "string") texts.push({ text, line });
    }
    return texts;
  }

  /** The line at `start`, counting on from the last asked: blocks and arguments come in order. */
  private lineAt(start: number): number {
    if (start > this.counted) {
      this.line += lineBreaks(this.text, this.counted, start);
      this.counted = start;
    }
    return this.line;
  }

  /** A block's labels, quoted or bare, up to its opening brace. */
  private labels(type: string): string[] {
    const { parser, text } = this;
    const labels: string[] = [];
    for (;;) {
      this.skipInline();
      const char = text[parser.position];
      if (char === "{") return labels;
      if (char === '"') {
        const start = parser.position;
        const label = parser.expression();
        if (label.kind !== "literal" || typeof label.value !== "string") {
          parser.position = start;
          return parser.fail("a block label is a quoted string without interpolation");
        }
        parser.position = parser.tokenEnd();
        labels.push(label.value);
      } else labels.push(parser.name() ?? parser.fail(`expected "=" after the argument "${type}", or labels and "{" after the block type "${type}"`));
    }
  }

  /** Spaces, tabs and comments, short of the end of the line. */
  private skipInline(): void {
    const { parser, text } = this;
    for (;;) {
      const char = text[parser.position];
      if (char === " " || char === "\t") parser.position += 1;
      else if (text.startsWith("/*", parser.position)) {
        const end = text.indexOf("*/", parser.position + 2);
        if (end < 0) parser.fail("a /* comment is not closed");
        parser.position = end + 2;
      } else return;
    }
  }

  /** Whether the line ends here, after spaces and comments: a newline, a line comment, or the end of the file. */
  private atLineEnd(): boolean {
    this.skipInline();
    const { parser, text } = this;
    const char = text[parser.position];
    return char === undefined || char === "\n" || text.startsWith("\r\n", parser.position) || char === "#" || text.startsWith("//", parser.position);
  }

  /**
   * An argument's value, converted as hcl2json converts it. Read again for lines only (argumentLines), at `path`, the
   * value is not needed: the lines of the keys of the objects it writes are kept instead.
   */
  private value(path?: string): unknown {
    const expression = this.parser.lineExpression();
    this.parser.position = this.parser.tokenEnd();
    if (!this.onlyLines) return this.convert(expression);
    if (path !== undefined) this.keepKeyLines(expression, path);
    return undefined;
  }

  /**
   * The line of each key an object constructor writes, and of those of the objects in it and in its lists, at its path
   * (`manifest.spec.containers[0].securityContext.privileged`; a key that is no plain name as `labels["app.kubernetes.io/name"]`),
   * and of those of an object a function encodes as text, at the text's path (`values[0].auth.password` of
   * `values = [yamlencode({ auth = { password = ... } })]`).
   */
  private keepKeyLines(expression: Expression, path: string): void {
    // What an object encoded as text holds is named in the text by the object's keys (Violation.keysInValue).
    if (expression.kind === "call" && encodingFunctions.has(expression.name) && expression.args.length === 1 && !expression.expandLast) {
      this.keepKeyLines(expression.args[0]!, path);
      return;
    }
    if (expression.kind === "tuple")
      for (const [i, item] of expression.items.entries()) {
        // An element is at its first line: where it is written, or its first key.
        const at = this.sources.spans.get(item)?.[0] ?? (item.kind === "object" && item.items[0] ? this.sources.keys?.get(item.items[0].key) : undefined);
        if (at !== undefined) keepArgumentLine(this.lines, `${path}[${i}]`, this.lineAt(at));
        this.keepKeyLines(item, `${path}[${i}]`);
      }
    if (expression.kind !== "object") return;
    for (const { key, value } of expression.items) {
      const at = this.sources.keys?.get(key);
      if (key.kind !== "literal" || typeof key.value !== "string" || at === undefined) continue;
      const written = keyPath(path, key.value);
      keepArgumentLine(this.lines, written, this.lineAt(at));
      this.keepKeyLines(value, written);
    }
  }

  private convert(expression: Expression): unknown {
    if (this.sources.parenthesized.has(expression)) return this.wrap(expression);
    switch (expression.kind) {
      case "literal":
        return typeof expression.value === "string" ? terraformLiteral(expression.value) : expression.value;
      case "unary": {
        const { operand, operator } = expression;
        if (operand.kind !== "literal" || typeof operand.value === "string" || this.sources.parenthesized.has(operand)) return this.wrap(expression);
        // hcl2json computes it, as Terraform would: a type error is refused.
        if (operator === "-" && typeof operand.value === "number") return -operand.value;
        if (operator === "!" && typeof operand.value === "boolean") return !operand.value;
        return this.parser.fail(`"${operator}" cannot apply to ${JSON.stringify(operand.value)}`);
      }
      case "template":
        return this.template(expression.parts);
      case "tuple":
        return expression.items.map((item) => this.convert(item));
      case "object": {
        const object: HclDocument = {};
        for (const { key, value } of expression.items) setOwn(object, this.key(key), this.convert(value));
        return object;
      }
      default:
        return this.wrap(expression);
    }
  }

  /** A template's parts joined into one string of the JSON form; a literal alone is the literal. */
  private template(parts: readonly Expression[]): string {
    const only = parts.length === 1 ? parts[0]! : undefined;
    if (only?.kind === "literal" && typeof only.value === "string") return terraformLiteral(only.value);
    let text = "";
    for (const part of parts) {
      const written = this.stringPart(part);
      // Text ending in "$" before "${" (or "%" before "%{") would read as the escape "$${": a strip marker can leave it
      // so ("a $ ${~x}" is "a $" then x). hcl2json writes the escape; the run is written as an interpolation instead.
      const run = written.startsWith("${") ? /\$+$/.exec(text) : written.startsWith("%{") ? /%+$/.exec(text) : null;
      text = run ? `${text.slice(0, run.index)}\${"${run[0]}"}${written}` : text + written;
    }
    return text;
  }

  /** One part of a template: literal text, a directive written back as a directive, or an interpolation of its source. */
  private stringPart(expression: Expression): string {
    if (this.sources.parenthesized.has(expression)) return this.wrap(expression);
    switch (expression.kind) {
      case "literal":
        return expression.value === null ? "null" : typeof expression.value === "string" ? terraformLiteral(expression.value) : String(expression.value);
      case "template":
        return this.template(expression.parts);
      case "conditional": {
        const otherwise = this.stringPart(expression.otherwise);
        return `%{if ${this.source(expression.condition)}}${this.stringPart(expression.then)}${otherwise ? `%{else}${otherwise}` : ""}%{endif}`;
      }
      case "call": {
        const each = expression.args[1];
        if (!this.sources.directives.has(expression) || each?.kind !== "for") return this.wrap(expression);
        const names = each.keyName === undefined ? each.valueName : `${each.keyName}, ${each.valueName}`;
        return `%{for ${names} in ${this.source(each.collection)}}${this.stringPart(each.value)}%{endfor}`;
      }
      default:
        return this.wrap(expression);
    }
  }

  /** An object key: a name or traversal as written, anything else as a template part. */
  private key(expression: Expression): string {
    return isTraversal(expression) && !this.sources.parenthesized.has(expression) ? this.source(expression) : this.stringPart(expression);
  }

  private wrap(expression: Expression): string {
    const source = this.source(expression);
    // An expression that ends with a heredoc (`x ? y : <<EOT ... EOT`) ends with its closing marker, which a new line
    // must follow: written before "}" on its line, the marker would not close the heredoc.
    const last = /\n[ \t]*([A-Za-z_][\w-]*)$/.exec(source)?.[1];
    const endsWithHeredoc = last !== undefined && new RegExp(`<<-?${last}\\r?\\n`).test(source);
    return `\${${source}${endsWithHeredoc ? "\n" : ""}}`;
  }

  private source(expression: Expression): string {
    const [start, end] = sourceSpan(this.sources, expression) ?? this.parser.fail("an expression without a source");
    return this.text.slice(start, end);
  }
}

/** How many blocks of a name a body holds so far. */
const blocksWritten = (bodies: unknown): number => (Array.isArray(bodies) ? bodies.length : 0);

/** A provisioner block of a resource's body (`provisioner "file" { ... }`, its one label its type). */
const isProvisioner = (depth: number, name: string): boolean => depth === 1 && name === "provisioner";

/**
 * A resource's provisioners are kept in the order they are written, as Terraform runs them (internal/terraform,
 * node_resource_abstract_instance.go: applyProvisioners goes through the configuration's list in turn) and as its JSON syntax lists them
 * (`"provisioner": [{ "file": {...} }, { "remote-exec": {...} }]`): a file provisioner written before a remote-exec
 * has written its file when the command runs. Grouped by type, as other labelled blocks are, that order would be lost.
 */
function addProvisioner(document: HclDocument, type: string, body: HclDocument, parser: ExpressionParser): void {
  const written = Object.hasOwn(document, "provisioner") ? document.provisioner : undefined;
  if (written === undefined) setOwn(document, "provisioner", [{ [type]: [body] }]);
  else if (Array.isArray(written)) written.push({ [type]: [body] });
  else parser.fail('"provisioner" blocks are written both with and without labels');
}

/** How many provisioners of a type come before the next one (its index among them: `provisioner.file[1]`, the second). */
const provisionersWritten = (written: unknown, type: string): number =>
  Array.isArray(written) ? written.filter((byType) => Object.hasOwn(byType as HclDocument, type)).length : 0;

/**
 * A block into the document, as hcl2json nests it: `resource "a" "b" {}` at `resource.a.b`, an array of bodies since
 * blocks of one type may repeat.
 */
function addBlock(document: HclDocument, type: string, labels: readonly string[], body: HclDocument, parser: ExpressionParser): void {
  let level = document;
  let key = type;
  for (const label of labels) {
    if (!Object.hasOwn(level, key)) setOwn(level, key, {});
    const next = level[key];
    if (Array.isArray(next)) parser.fail(`"${key}" blocks are written both with and without labels`);
    level = next as HclDocument;
    key = label;
  }
  const bodies = Object.hasOwn(level, key) ? level[key] : undefined;
  if (bodies === undefined) setOwn(level, key, [body]);
  else if (Array.isArray(bodies)) bodies.push(body);
  else parser.fail(`"${key}" blocks are written both with and without labels`);
}

/**
 * The labels of Terraform's top-level blocks (terraform internal/configs/parser_config.go, configFileSchema): a block
 * with others is refused there ("Missing name for resource"), and its body would be read here under the wrong names.
 */
const topLevelLabels: Readonly<Record<string, readonly string[]>> = {
  resource: ["a type", "a name"],
  data: ["a type", "a name"],
  ephemeral: ["a type", "a name"],
  module: ["a name"],
  variable: ["a name"],
  output: ["a name"],
  provider: ["a name"],
  locals: [],
  terraform: [],
};

/** A name followed by attribute steps or literal indexes: what HCL calls a traversal. */
function isTraversal(expression: Expression): boolean {
  if (expression.kind === "variable") return true;
  if (expression.kind === "attribute") return isTraversal(expression.of);
  return expression.kind === "index" && expression.key.kind === "literal" && isTraversal(expression.of);
}

/** A key set as an own property, `__proto__` included. */
function setOwn(object: HclDocument, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** Go's encoding/json writes a map's keys in byte order: UTF-8 byte order is code point order. */
function byCodePoint(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate stands for a code point above U+FFFF, after every other code unit.
    const xSurrogate = x >= 0xd800 && x < 0xe000;
    if (xSurrogate !== (y >= 0xd800 && y < 0xe000)) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** The document's objects with their keys in byte order: reordered in place, copied only where the order differs. */
function inByteOrder(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = inByteOrder(value[i]);
    return value;
  }
  if (value === null || typeof value !== "object") return value;
  const object = value as HclDocument;
  const keys = Object.keys(object);
  const ordered = keys.every((key, i) => i === 0 || byCodePoint(keys[i - 1]!, key) < 0);
  const result = ordered ? object : {};
  for (const key of ordered ? keys : keys.sort(byCodePoint)) setOwn(result, key, inByteOrder(object[key]));
  return result;
}
