/**
 * A parser for the expressions of Terraform configurations, as the JSON form writes them: every string is a template,
 * whose `${...}` parts are HCL native-syntax expressions. It follows the HCL native syntax specification
 * (github.com/hashicorp/hcl, hclsyntax/spec.md: "Expressions", "Templates", operator precedence), for the part of it
 * a configuration's values use, template directives (`%{ if }`, `%{ for }`) and strip markers included; the rest
 * (heredocs inside an expression) is parsed as `unsupported`, which evaluates to an unknown value rather than to a
 * wrong one.
 */

export type Expression =
  | { readonly kind: "literal"; readonly value: string | number | boolean | null }
  | { readonly kind: "template"; readonly parts: readonly Expression[] }
  | { readonly kind: "variable"; readonly name: string }
  | { readonly kind: "attribute"; readonly of: Expression; readonly name: string }
  | { readonly kind: "index"; readonly of: Expression; readonly key: Expression }
  | { readonly kind: "splat"; readonly of: Expression; readonly each: readonly Step[] }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Expression[]; readonly expandLast: boolean }
  | { readonly kind: "tuple"; readonly items: readonly Expression[] }
  | { readonly kind: "object"; readonly items: readonly { readonly key: Expression; readonly value: Expression }[] }
  | { readonly kind: "unary"; readonly operator: "!" | "-"; readonly operand: Expression }
  | { readonly kind: "binary"; readonly operator: string; readonly left: Expression; readonly right: Expression }
  | { readonly kind: "conditional"; readonly condition: Expression; readonly then: Expression; readonly otherwise: Expression }
  | {
      readonly kind: "for";
      readonly keyName?: string;
      readonly valueName: string;
      readonly collection: Expression;
      readonly key?: Expression;
      readonly value: Expression;
      readonly condition?: Expression;
      readonly grouped: boolean;
    }
  | { readonly kind: "unsupported"; readonly text: string };

/** One step applied to each element of a splat: `.name` or `[key]`. */
export type Step = { readonly name: string } | { readonly key: Expression };

export class ExpressionSyntaxError extends Error {}

/** A directive's body as one template: what it writes is always a string. */
const bodyOf = (body: { parts: Expression[] }): Expression =>
  body.parts.length === 0 ? { kind: "literal", value: "" } : { kind: "template", parts: body.parts };

/** Parses a string of a Terraform JSON configuration as the template Terraform reads it. */
export function parseTemplate(text: string): Expression {
  const parser = new Parser(text);
  const template = parser.template(undefined);
  // A template that is one interpolation gives the value with its own type ("${5}" is the number 5), as Terraform does.
  return template.parts.length === 1 && text.startsWith("${") && text.endsWith("}") ? template.parts[0]! : template;
}

const binaryPrecedence: Readonly<Record<string, number>> = {
  "||": 1,
  "&&": 2,
  "==": 3,
  "!=": 3,
  "<": 4,
  "<=": 4,
  ">": 4,
  ">=": 4,
  "+": 5,
  "-": 5,
  "*": 6,
  "/": 6,
  "%": 6,
};
const operators = [
  "...",
  "=>",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "!",
  "?",
  ":",
  "=",
  ",",
  ".",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
];
const escapes: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

class Parser {
  private position = 0;

  constructor(private readonly text: string) {}

  /**
   * Template parts up to `closing` (a quote inside an expression), or to the end of the text (a JSON string), or to a
   * directive of `until` (the `else`, `endif` or `endfor` closing a directive's body), which `ended` names. A `~` inside
   * a sequence's braces strips the whitespace of the literal text on that side (hclsyntax/spec.md, "Template Strip
   * Markers"); `stripLeading` carries one from the sequence before the body.
   */
  template(
    closing: '"' | undefined,
    until?: ReadonlySet<string>,
    stripLeading = false,
  ): { kind: "template"; parts: Expression[]; ended?: { keyword: string; stripAfter: boolean } } {
    const parts: Expression[] = [];
    let literal = "";
    let stripping = stripLeading;
    const add = (chars: string) => {
      if (stripping && /^\s+$/.test(chars)) return;
      stripping = false;
      literal += chars;
    };
    /** Ends the literal text before a sequence, without its trailing whitespace when the sequence opens with `~`. */
    const flush = (stripTrailing = false) => {
      if (stripTrailing) literal = literal.replace(/\s+$/, "");
      if (literal) parts.push({ kind: "literal", value: literal });
      literal = "";
    };
    const { text } = this;
    while (this.position < text.length) {
      const char = text[this.position]!;
      if (closing && char === closing) break;
      const next = text[this.position + 1];
      if ((char === "$" || char === "%") && next === char && text[this.position + 2] === "{") {
        add(`${char}{`);
        this.position += 3;
      } else if (char === "$" && next === "{") {
        const start = this.position;
        this.position += 2;
        flush(this.acceptStrip());
        try {
          parts.push(this.expression());
          stripping = this.sequenceEnd();
        } catch (error) {
          if (!(error instanceof ExpressionSyntaxError) || closing) throw error;
          // Said where the interpolation starts: a shell `${#x}` is easier to find there than where parsing gave up.
          this.position = start;
          this.fail(`"\${" starts an interpolation, and what follows is not a Terraform expression (write "$\${" for a literal "\${")`);
        }
      } else if (char === "%" && next === "{") {
        this.position += 2;
        flush(this.acceptStrip());
        this.skipSpace();
        const keyword = this.identifier();
        if (keyword !== undefined && until?.has(keyword)) return { kind: "template", parts, ended: { keyword, stripAfter: this.sequenceEnd() } };
        if (keyword === "if") {
          const condition = this.expression();
          const then = this.template(closing, new Set(["else", "endif"]), this.sequenceEnd());
          const otherwise = then.ended?.keyword === "else" ? this.template(closing, new Set(["endif"]), then.ended.stripAfter) : undefined;
          parts.push({ kind: "conditional", condition, then: bodyOf(then), otherwise: otherwise ? bodyOf(otherwise) : { kind: "literal", value: "" } });
          stripping = (otherwise ?? then).ended!.stripAfter;
        } else if (keyword === "for") {
          const header = this.forHeader();
          const body = this.template(closing, new Set(["endfor"]), this.sequenceEnd());
          // The body once per element, joined: what a for directive writes.
          const each: Expression = { kind: "for", ...header, value: bodyOf(body), grouped: false };
          parts.push({ kind: "call", name: "join", args: [{ kind: "literal", value: "" }, each], expandLast: false });
          stripping = body.ended!.stripAfter;
        } else if (keyword === "else" || keyword === "endif" || keyword === "endfor") this.fail(`%{ ${keyword} } closes no %{ if } or %{ for }`);
        else this.fail(`"%{" starts a template directive (if, else, endif, for, endfor), not "${keyword ?? text[this.position] ?? ""}"`);
      } else if (closing && char === "\\") {
        const escaped = text[this.position + 1] ?? "";
        if (escaped === "u" || escaped === "U") {
          const length = escaped === "u" ? 4 : 8;
          add(String.fromCodePoint(Number.parseInt(text.slice(this.position + 2, this.position + 2 + length), 16)));
          this.position += 2 + length;
        } else {
          if (!(escaped in escapes)) this.fail(`unknown escape \\${escaped}`);
          add(escapes[escaped]!);
          this.position += 2;
        }
      } else {
        add(char);
        this.position += 1;
      }
    }
    if (until) this.fail(`expected %{ ${[...until].join(" } or %{ ")} } before the end of the template`);
    flush();
    return { kind: "template", parts };
  }

  /** A `~` opening a template sequence, right after `${` or `%{`. */
  private acceptStrip(): boolean {
    if (this.text[this.position] !== "~") return false;
    this.position += 1;
    return true;
  }

  /** The end of a template sequence, `}` or `~}`; whether it strips the whitespace after it. */
  private sequenceEnd(): boolean {
    this.skipSpace();
    const strip = this.acceptStrip();
    this.skipSpace();
    this.expect("}");
    return strip;
  }

  private skipSpace(): void {
    for (;;) {
      while (this.position < this.text.length && /\s/.test(this.text[this.position]!)) this.position += 1;
      if (this.text.startsWith("#", this.position) || this.text.startsWith("//", this.position)) {
        while (this.position < this.text.length && this.text[this.position] !== "\n") this.position += 1;
      } else if (this.text.startsWith("/*", this.position)) {
        const end = this.text.indexOf("*/", this.position + 2);
        this.position = end < 0 ? this.text.length : end + 2;
      } else return;
    }
  }

  private fail(message: string): never {
    const before = this.text.slice(0, this.position);
    const line = before.split("\n").length;
    const near = this.text.slice(Math.max(0, this.position - 30), this.position + 30).replace(/\s+/g, " ");
    throw new ExpressionSyntaxError(`${message}${line > 1 ? ` (line ${line} of the value)` : ""}, near ${JSON.stringify(near)}`);
  }

  private peekOperator(): string | undefined {
    this.skipSpace();
    return operators.find((operator) => this.text.startsWith(operator, this.position));
  }

  private accept(operator: string): boolean {
    if (this.peekOperator() !== operator) return false;
    this.position += operator.length;
    return true;
  }

  private expect(operator: string): void {
    if (!this.accept(operator)) this.fail(`expected "${operator}"`);
  }

  private identifier(): string | undefined {
    this.skipSpace();
    const match = /^[A-Za-z_][\w-]*/.exec(this.text.slice(this.position, this.position + 256));
    if (!match) return undefined;
    this.position += match[0].length;
    return match[0];
  }

  private keywordAhead(word: string): boolean {
    this.skipSpace();
    return new RegExp(`^${word}(?![\\w-])`).test(this.text.slice(this.position, this.position + word.length + 1));
  }

  expression(): Expression {
    const condition = this.binary(1);
    if (!this.accept("?")) return condition;
    const then = this.expression();
    this.expect(":");
    return { kind: "conditional", condition, then, otherwise: this.expression() };
  }

  private binary(minimum: number): Expression {
    let left = this.unary();
    for (;;) {
      const operator = this.peekOperator();
      const precedence = operator === undefined ? undefined : binaryPrecedence[operator];
      if (precedence === undefined || precedence < minimum) return left;
      this.position += operator!.length;
      left = { kind: "binary", operator: operator!, left, right: this.binary(precedence + 1) };
    }
  }

  private unary(): Expression {
    const operator = this.peekOperator();
    if (operator === "!" || operator === "-") {
      this.position += 1;
      return { kind: "unary", operator, operand: this.unary() };
    }
    return this.postfix(this.term());
  }

  private postfix(term: Expression): Expression {
    let expression = term;
    for (;;) {
      const operator = this.peekOperator();
      if (operator === "." && this.text[this.position + 1] === "*") {
        this.position += 2;
        expression = { kind: "splat", of: expression, each: this.splatSteps(true) };
      } else if (operator === ".") {
        this.position += 1;
        this.skipSpace();
        const number = /^\d+/.exec(this.text.slice(this.position));
        if (number) {
          this.position += number[0].length;
          expression = { kind: "index", of: expression, key: { kind: "literal", value: Number(number[0]) } };
        } else {
          const name = this.identifier() ?? this.fail("expected an attribute name");
          expression = { kind: "attribute", of: expression, name };
        }
      } else if (operator === "[") {
        this.position += 1;
        if (this.accept("*")) {
          this.expect("]");
          expression = { kind: "splat", of: expression, each: this.splatSteps(false) };
        } else {
          const key = this.expression();
          this.expect("]");
          expression = { kind: "index", of: expression, key };
        }
      } else return expression;
    }
  }

  /** The attribute and index steps after a splat, applied to each element (legacy `.*` takes attributes only). */
  private splatSteps(attributesOnly: boolean): Step[] {
    const steps: Step[] = [];
    for (;;) {
      const operator = this.peekOperator();
      if (operator === "." && this.text[this.position + 1] !== "*") {
        this.position += 1;
        this.skipSpace();
        // A legacy index (`.0`) is an attribute step too: `a.*.network.0.uuid` (hclsyntax spec, "Splat Operators").
        const number = /^\d+/.exec(this.text.slice(this.position, this.position + 16));
        if (number) {
          this.position += number[0].length;
          steps.push({ key: { kind: "literal", value: Number(number[0]) } });
        } else steps.push({ name: this.identifier() ?? this.fail("expected an attribute name") });
      } else if (operator === "[" && !attributesOnly) {
        this.position += 1;
        const key = this.expression();
        this.expect("]");
        steps.push({ key });
      } else return steps;
    }
  }

  private term(): Expression {
    this.skipSpace();
    const { text } = this;
    const char = text[this.position];
    if (char === undefined) this.fail("expected an expression");
    const number = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(this.position, this.position + 64));
    if (number) {
      this.position += number[0].length;
      return { kind: "literal", value: Number(number[0]) };
    }
    if (char === '"') {
      this.position += 1;
      const template = this.template('"');
      if (text[this.position] !== '"') this.fail("unterminated string");
      this.position += 1;
      return template.parts.length === 0
        ? { kind: "literal", value: "" }
        : template.parts.length === 1 && template.parts[0]!.kind === "literal"
          ? template.parts[0]!
          : template;
    }
    if (text.startsWith("<<", this.position)) {
      const start = this.position;
      this.position = text.length;
      return { kind: "unsupported", text: text.slice(start) };
    }
    if (this.accept("(")) {
      const inner = this.expression();
      this.expect(")");
      return inner;
    }
    if (this.accept("[")) return this.keywordAhead("for") ? this.forExpression("]") : this.tuple();
    if (this.accept("{")) return this.keywordAhead("for") ? this.forExpression("}") : this.object();
    let name = this.identifier() ?? this.fail(`unexpected character "${char}"`);
    // A provider-defined function (Terraform 1.8+, developer.hashicorp.com/terraform/language/functions): its name is
    // namespaced, `provider::<provider>::<function>`, and it is always called.
    while (name === "provider" || name.startsWith("provider::")) {
      if (this.text.startsWith("::", this.position)) {
        this.position += 2;
        name += `::${this.identifier() ?? this.fail("expected a provider or function name after ::")}`;
      } else break;
    }
    if (name.startsWith("provider::") && (name.split("::").length !== 3 || this.peekOperator() !== "("))
      this.fail(`expected a call of provider::<provider>::<function>, not "${name}"`);
    if (name === "true" || name === "false") return { kind: "literal", value: name === "true" };
    if (name === "null") return { kind: "literal", value: null };
    if (this.peekOperator() === "(" && !name.includes("-")) {
      this.position += 1;
      const args: Expression[] = [];
      let expandLast = false;
      while (!this.accept(")")) {
        args.push(this.expression());
        if (this.accept("...")) expandLast = true;
        if (!this.accept(",")) {
          this.expect(")");
          break;
        }
      }
      return { kind: "call", name, args, expandLast };
    }
    return { kind: "variable", name };
  }

  /** The expression after a keyword (`if` in a for expression). */
  private afterKeyword(): Expression {
    this.identifier();
    return this.expression();
  }

  private tuple(): Expression {
    const items: Expression[] = [];
    while (!this.accept("]")) {
      items.push(this.expression());
      if (!this.accept(",")) {
        this.expect("]");
        break;
      }
    }
    return { kind: "tuple", items };
  }

  private object(): Expression {
    const items: { key: Expression; value: Expression }[] = [];
    while (!this.accept("}")) {
      const key = this.expression();
      if (!this.accept("=")) this.expect(":");
      const bareName = key.kind === "variable" ? ({ kind: "literal", value: key.name } as const) : key;
      items.push({ key: bareName, value: this.expression() });
      this.accept(",");
    }
    return { kind: "object", items };
  }

  /** What follows `for` in a for expression or a for directive: `value in collection` or `key, value in collection`. */
  private forHeader(): { keyName?: string; valueName: string; collection: Expression } {
    const first = this.identifier() ?? this.fail("expected a variable name after for");
    const second = this.accept(",") ? (this.identifier() ?? this.fail("expected a second variable name")) : undefined;
    if (this.identifier() !== "in") this.fail('expected "in"');
    const collection = this.expression();
    return { ...(second === undefined ? { valueName: first } : { keyName: first, valueName: second }), collection };
  }

  private forExpression(closing: "]" | "}"): Expression {
    this.identifier();
    const header = this.forHeader();
    this.expect(":");
    const key = closing === "}" ? this.expression() : undefined;
    if (key) this.expect("=>");
    const value = this.expression();
    const grouped = this.accept("...");
    const condition = this.keywordAhead("if") ? this.afterKeyword() : undefined;
    this.expect(closing);
    return {
      kind: "for",
      ...header,
      ...(key ? { key } : {}),
      value,
      ...(condition ? { condition } : {}),
      grouped,
    };
  }
}
