/**
 * A parser for the expressions of Terraform configurations: the strings of the JSON form, each a template whose `${...}`
 * parts are HCL native-syntax expressions, and (through `ExpressionParser`) the values of native-syntax files. It
 * follows the HCL native syntax specification (github.com/hashicorp/hcl, hclsyntax/spec.md: "Expressions",
 * "Templates", operator precedence), template directives (`%{ if }`, `%{ for }`), strip markers and heredocs included.
 * Templates are scanned as hclsyntax scans them (parser_template.go, scan_tokens.rl): literal text is cut at each line's
 * end, and strip markers and flush heredocs act on those pieces, so a strip marker never removes more than one line.
 */
import { addToGroup } from "../../lib/groups";

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
    };

/** One step applied to each element of a splat: `.name` or `[key]`. */
/**
 * A step a splat applies to each element: an attribute, an index, or a splat of its own, which takes the rest of the
 * steps (`a[*].b[*].c` is a list of lists; hclsyntax's parseExpressionTraversals reads on after a full splat).
 */
export type Step = { readonly name: string } | { readonly key: Expression } | { readonly splat: readonly Step[] };

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    /** The line of a file's text the error is on; a value's own lines are in the message. */
    readonly line?: number,
  ) {
    super(message);
  }
}

/**
 * How deeply values may nest (tuples, objects, parentheses, templates, blocks), in HCL as in JSON: nothing real comes
 * near it (a Kubernetes manifest nests about a dozen levels), and the checks walk values recursively, so a deeper one
 * is refused as an input problem rather than exhausting the call stack.
 */
export const maximumNesting = 256;

/** A span of the parsed text: [start, end) offsets. */
export type Span = readonly [number, number];

/**
 * What a reader of a native-syntax file needs beyond an expression's meaning, to write it back as hcl2json does: where
 * each expression is written, which ones were in parentheses, and which template parts are directives.
 */
export interface ExpressionSources {
  readonly spans: Map<Expression, Span>;
  readonly parenthesized: Map<Expression, Span>;
  readonly directives: Set<Expression>;
  /** Each heredoc's template, and where its text starts (the line after its opening marker). */
  readonly heredocs: Map<Expression, number>;
  /** Where each key of an object constructor is written, where asked (a block read again for its lines). */
  readonly keys?: Map<Expression, number>;
}

/** Sources to record into, empty. */
export const emptySources = (): ExpressionSources => ({ spans: new Map(), parenthesized: new Map(), directives: new Set(), heredocs: new Map() });

/** Where an expression is written, its parentheses included where it is written in them; undefined where it was not recorded. */
export const sourceSpan = (sources: ExpressionSources, expression: Expression): Span | undefined =>
  sources.parenthesized.get(expression) ?? sources.spans.get(expression);

/**
 * Whether an expression, or one inside it (operands, arguments, items, keys, steps), passes a test; not within one
 * `skip` returns true for.
 */
export function someExpression(value: unknown, test: (expression: Expression) => boolean, skip?: (expression: Expression) => boolean): boolean {
  if (Array.isArray(value)) return value.some((item) => someExpression(item, test, skip));
  if (value === null || typeof value !== "object") return false;
  if ("kind" in value && skip?.(value as Expression)) return false;
  if ("kind" in value && test(value as Expression)) return true;
  return Object.values(value).some((part) => someExpression(part, test, skip));
}

/** Where a template ends: at a closing quote, at the end of the text (a JSON string), or at a heredoc's closing line. */
type TemplateEnd = { readonly kind: "quote" } | { readonly kind: "text" } | { readonly kind: "heredoc"; readonly marker: string; readonly flush: boolean };

type ForHeader = { keyName?: string; valueName: string; collection: Expression };

/** A piece of a template as hclsyntax scans it: literal text (never past a line's end), an interpolation, or a directive. */
type Piece =
  | { readonly kind: "text"; value: string }
  | { readonly kind: "interpolation"; readonly expression: Expression; readonly stripBefore: boolean; readonly stripAfter: boolean }
  | {
      readonly kind: "directive";
      readonly keyword: "if" | "else" | "endif" | "for" | "endfor";
      readonly at: number;
      readonly condition?: Expression;
      readonly header?: ForHeader;
      readonly stripBefore: boolean;
      readonly stripAfter: boolean;
    };

/** A directive's body as one template: what it writes is always a string. */
const bodyOf = (parts: Expression[]): Expression => (parts.length === 0 ? { kind: "literal", value: "" } : { kind: "template", parts });

/** Parses a string of a Terraform JSON configuration as the template Terraform reads it; `sources` records where each part is written. */
export function parseTemplate(text: string, sources?: ExpressionSources): Expression {
  const parser = new ExpressionParser(text, sources);
  return parser.templateExpression(parser.template({ kind: "text" }));
}

/** A template parsed with the sources of its expressions; undefined where it does not parse. */
export function parsedTemplate(text: string): { readonly expression: Expression; readonly sources: ExpressionSources } | undefined {
  const sources = emptySources();
  try {
    return { expression: parseTemplate(text, sources), sources };
  } catch {
    return undefined;
  }
}

/** Strip markers: `~` at a sequence's opening trims the text piece before it, at its closing the text piece after it. */
function strip(pieces: Piece[]): void {
  pieces.forEach((piece, i) => {
    if (piece.kind === "text") return;
    const before = pieces[i - 1];
    const after = pieces[i + 1];
    if (piece.stripBefore && before?.kind === "text") before.value = before.value.replace(/\s+$/u, "");
    if (piece.stripAfter && after?.kind === "text") after.value = after.value.replace(/^\s+/u, "");
  });
}

/**
 * A flush heredoc (`<<-`): the smallest indentation of its lines' leading text is removed from each of them. Lines of
 * spaces only are not counted; a line that starts with an interpolation counts as unindented (hclsyntax's
 * flushHeredocTemplateParts, which runs after the strip markers).
 */
function flush(pieces: Piece[]): void {
  let least = Number.POSITIVE_INFINITY;
  let lineStart = true;
  const leading: { value: string }[] = [];
  for (const piece of pieces) {
    if (lineStart) {
      lineStart = false;
      let spaces = 0;
      if (piece.kind === "text") {
        const indentation = /^\s*/u.exec(piece.value)![0];
        if (indentation === piece.value && piece.value.endsWith("\n")) spaces = Number.POSITIVE_INFINITY;
        else {
          spaces = [...indentation].length;
          leading.push(piece);
        }
      }
      least = Math.min(least, spaces);
    }
    if (piece.kind === "text" && piece.value.endsWith("\n")) lineStart = true;
  }
  for (const piece of leading) piece.value = [...piece.value].slice(least).join("");
}

/** Consecutive text pieces as one, and no empty ones: what the parts of a template are made of. */
function meld(pieces: Piece[]): Piece[] {
  const melded: Piece[] = [];
  for (const piece of pieces) {
    if (piece.kind === "text" && piece.value === "") continue;
    const last = melded[melded.length - 1];
    if (piece.kind === "text" && last?.kind === "text") last.value += piece.value;
    else melded.push(piece);
  }
  return melded;
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
/** The operators and punctuation of expressions, by first character, longest first. */
const operators = new Map<string, string[]>();
for (const operator of [
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
])
  addToGroup(operators, operator[0]!, operator);
const escapes: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

const ifEnds: ReadonlySet<string> = new Set(["else", "endif"]);
const endif: ReadonlySet<string> = new Set(["endif"]);
const endfor: ReadonlySet<string> = new Set(["endfor"]);
/** The kinds of expression a reader of a native-syntax file writes back as values, never as their source. */
const valueKinds: ReadonlySet<Expression["kind"]> = new Set(["literal", "template"]);
const name = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy;
const digits = /\d+/y;
const numberLiteral = /\d+(\.\d+)?([eE][+-]?\d+)?/y;
/** Text a template copies as it is, up to a quote, an escape, a sequence or a line's end. */
const plainText = /[^"\\$%\n\r]*/y;
const heredocStart = /<<(-?)([\p{ID_Start}_][\p{ID_Continue}-]*)\r?\n/uy;

/**
 * A recursive-descent parser over one text. `position` is where it stands; a reader of a native-syntax file moves it
 * between the values it asks for, and passes `sources` to learn where each expression is written.
 */
export class ExpressionParser {
  position = 0;
  /** How many terms the parser is inside: see maximumNesting. */
  private depth = 0;
  /** Whether a newline ends the expression (an argument's value, an object's item), or is space (inside brackets). */
  private lineEnds = false;
  /** Where the whitespace and comments last skipped start and end: the last token ends where they start. */
  private skippedFrom = 0;
  private skippedTo = -1;

  constructor(
    private readonly text: string,
    private readonly sources?: ExpressionSources,
  ) {}

  /**
   * A template, up to its end: pieces as hclsyntax scans them, strip markers and (for `<<-`) the flush applied, then the
   * directives nested. `passthrough`: the template is one interpolation and nothing else, whose value keeps its type.
   */
  template(end: TemplateEnd): { parts: Expression[]; passthrough: boolean } {
    const pieces = this.pieces(end);
    const passthrough = pieces.length === 1 && pieces[0]!.kind === "interpolation";
    strip(pieces);
    if (end.kind === "heredoc" && end.flush) flush(pieces);
    return { parts: this.nest(meld(pieces), 0).parts, passthrough };
  }

  /**
   * A template as one expression: `"${5}"` is the number 5, as Terraform unwraps it; a text alone is a literal; anything
   * else, `" ${~ 5}"` included, is a string.
   */
  templateExpression({ parts, passthrough }: { parts: Expression[]; passthrough: boolean }): Expression {
    if (parts.length === 0) return { kind: "literal", value: "" };
    const only = parts.length === 1 ? parts[0]! : undefined;
    if (passthrough || (only?.kind === "literal" && typeof only.value === "string")) return parts[0]!;
    return { kind: "template", parts };
  }

  private pieces(end: TemplateEnd): Piece[] {
    const { text } = this;
    const pieces: Piece[] = [];
    let literal = "";
    let lineStart = true;
    const endText = () => {
      if (literal) pieces.push({ kind: "text", value: literal });
      literal = "";
    };
    for (;;) {
      if (end.kind === "heredoc" && lineStart) {
        const lineEnd = text.indexOf("\n", this.position);
        if (lineEnd >= 0 && text.slice(this.position, lineEnd).trim() === end.marker) {
          this.position = text[lineEnd - 1] === "\r" ? lineEnd - 1 : lineEnd;
          break;
        }
      }
      if (this.position >= text.length) {
        if (end.kind === "quote") this.fail("unterminated string");
        if (end.kind === "heredoc") this.fail(`expected the heredoc's closing line "${end.marker}"`);
        break;
      }
      const char = text[this.position]!;
      const next = text[this.position + 1];
      lineStart = false;
      if (end.kind === "quote" && char === '"') break;
      if ((char === "$" || char === "%") && next === char && text[this.position + 2] === "{") {
        literal += `${char}{`;
        this.position += 3;
      } else if ((char === "$" || char === "%") && next === "{") {
        endText();
        pieces.push(this.sequence(char, end));
      } else if (end.kind === "quote" && char === "\\") literal += this.escape();
      else if ((char === "\n" || char === "\r") && end.kind === "quote")
        this.fail('a quoted string ends on its line (write "\\n" for a newline, or use a heredoc)');
      else if (char === "\r" && end.kind === "heredoc" && next !== "\n") this.fail("a carriage return in a heredoc is only allowed before a line feed");
      else if (char === "\n") {
        literal += char;
        this.position += 1;
        endText();
        lineStart = true;
      } else {
        plainText.lastIndex = this.position + 1;
        plainText.test(text);
        literal += text.slice(this.position, plainText.lastIndex);
        this.position = plainText.lastIndex;
      }
    }
    endText();
    return pieces;
  }

  private escape(): string {
    const escaped = this.text[this.position + 1] ?? "";
    if (escaped === "u" || escaped === "U") {
      const length = escaped === "u" ? 4 : 8;
      const hex = this.text.slice(this.position + 2, this.position + 2 + length);
      if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== length) this.fail(`\\${escaped} needs ${length} hexadecimal digits`);
      const code = Number.parseInt(hex, 16);
      this.position += 2 + length;
      return String.fromCodePoint(code);
    }
    if (!(escaped in escapes)) this.fail(`unknown escape \\${escaped}`);
    this.position += 2;
    return escapes[escaped]!;
  }

  /** An interpolation `${ ... }` or a directive `%{ ... }`, with its strip markers. */
  private sequence(opener: "$" | "%", end: TemplateEnd): Piece {
    return this.spaced(false, () => this.sequenceInside(opener, end));
  }

  private sequenceInside(opener: "$" | "%", end: TemplateEnd): Piece {
    const at = this.position;
    this.position += 2;
    const stripBefore = this.acceptStrip();
    if (opener === "$") {
      try {
        const expression = this.expression();
        return { kind: "interpolation", expression, stripBefore, stripAfter: this.sequenceEnd() };
      } catch (error) {
        if (!(error instanceof ExpressionSyntaxError) || end.kind !== "text") throw error;
        // Said where the interpolation starts: a shell `${#x}` is easier to find there than where parsing gave up.
        this.position = at;
        this.fail(`"\${" starts an interpolation, and what follows is not a Terraform expression (write "$\${" for a literal "\${")`);
      }
    }
    const keyword = this.identifier();
    const directive = { kind: "directive", at, stripBefore } as const;
    if (keyword === "if") {
      const condition = this.spanned();
      return { ...directive, keyword, condition, stripAfter: this.sequenceEnd() };
    }
    if (keyword === "for") {
      const header = this.forHeader();
      return { ...directive, keyword, header, stripAfter: this.sequenceEnd() };
    }
    if (keyword === "else" || keyword === "endif" || keyword === "endfor") return { ...directive, keyword, stripAfter: this.sequenceEnd() };
    this.fail(`"%{" starts a template directive (if, else, endif, for, endfor), not "${keyword ?? this.text[this.position] ?? ""}"`);
  }

  /** Template parts from `start`, with `if` and `for` directives nested, up to a directive of `until` (returned as `ended`). */
  private nest(pieces: Piece[], start: number, until?: ReadonlySet<string>): { parts: Expression[]; next: number; ended?: string } {
    const parts: Expression[] = [];
    let i = start;
    while (i < pieces.length) {
      const piece = pieces[i++]!;
      if (piece.kind === "text") parts.push({ kind: "literal", value: piece.value });
      else if (piece.kind === "interpolation") parts.push(piece.expression);
      else if (until?.has(piece.keyword)) return { parts, next: i, ended: piece.keyword };
      else if (piece.keyword === "if") {
        const then = this.nest(pieces, i, ifEnds);
        const otherwise = then.ended === "else" ? this.nest(pieces, then.next, endif) : undefined;
        i = (otherwise ?? then).next;
        parts.push(this.directive({ kind: "conditional", condition: piece.condition!, then: bodyOf(then.parts), otherwise: bodyOf(otherwise?.parts ?? []) }));
      } else if (piece.keyword === "for") {
        const body = this.nest(pieces, i, endfor);
        i = body.next;
        // The body once per element, joined: what a for directive writes.
        const each: Expression = { kind: "for", ...piece.header!, value: bodyOf(body.parts), grouped: false };
        parts.push(this.directive({ kind: "call", name: "join", args: [{ kind: "literal", value: "" }, each], expandLast: false }));
      } else {
        this.position = piece.at;
        this.fail(`%{ ${piece.keyword} } closes no %{ if } or %{ for }`);
      }
    }
    if (until) this.fail(`expected %{ ${[...until].join(" } or %{ ")} } before the end of the template`);
    return { parts, next: i };
  }

  private directive(expression: Expression): Expression {
    this.sources?.directives.add(expression);
    return expression;
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

  /** Skips whitespace, newlines included, and comments. */
  skipSpace(): void {
    const { text } = this;
    if (this.position !== this.skippedTo) this.skippedFrom = this.position;
    for (;;) {
      const code = text.charCodeAt(this.position);
      if (code === 10 && this.lineEnds) break;
      // A carriage return is space only before a line feed, as in HCL (a newline is "\r"? "\n").
      if (
        code === 32 ||
        code === 10 ||
        code === 9 ||
        (code === 13 && text.charCodeAt(this.position + 1) === 10) ||
        (code > 127 && code !== 0xfeff && /\s/.test(text[this.position]!))
      )
        this.position += 1;
      else if (code === 35 || (code === 47 && text.charCodeAt(this.position + 1) === 47)) {
        const end = text.indexOf("\n", this.position);
        this.position = end < 0 ? text.length : end;
      } else if (code === 47 && text.charCodeAt(this.position + 1) === 42) {
        const end = text.indexOf("*/", this.position + 2);
        // Terraform refuses a comment left open: what follows it is no configuration.
        if (end < 0) this.fail("a /* comment is not closed");
        this.position = end + 2;
      } else break;
    }
    this.skippedTo = this.position;
  }

  /**
   * Parses with newlines as space (`lineEnds` false: inside parentheses, brackets and template sequences) or as the end
   * of the expression (an argument's value, an object's items), as HCL's parser does (hclsyntax/parser.go,
   * PushIncludeNewlines).
   */
  private spaced<T>(lineEnds: boolean, parse: () => T): T {
    const outer = this.lineEnds;
    this.lineEnds = lineEnds;
    try {
      return parse();
    } finally {
      this.lineEnds = outer;
    }
  }

  /** An argument's value: an expression that ends with its line, unless a bracket or a sequence is still open. */
  lineExpression(): Expression {
    return this.spaced(true, () => this.expression());
  }

  /** Where the last token read ends, before the whitespace and comments skipped after it. */
  tokenEnd(): number {
    return this.position === this.skippedTo ? this.skippedFrom : this.position;
  }

  fail(message: string): never {
    const before = this.text.slice(0, this.position);
    const line = before.split("\n").length;
    const near = wholeWordsAround(this.text, this.position, 30).replace(/\s+/g, " ");
    const where = this.sources ? ` (column ${this.position - before.lastIndexOf("\n")})` : line > 1 ? ` (line ${line} of the value)` : "";
    throw new ExpressionSyntaxError(`${message}${where}, near ${JSON.stringify(near)}`, this.sources ? line : undefined);
  }

  private peekOperator(): string | undefined {
    this.skipSpace();
    return operators.get(this.text[this.position]!)?.find((operator) => operator.length === 1 || this.text.startsWith(operator, this.position));
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
    return this.name();
  }

  /** An identifier (HCL's: Unicode ID_Start, then ID_Continue or "-") right where the parser stands, read. */
  name(): string | undefined {
    return this.take(name);
  }

  /** What a sticky pattern matches where the parser stands, read. */
  private take(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.position;
    const match = pattern.exec(this.text);
    if (!match) return undefined;
    this.position = pattern.lastIndex;
    return match[0];
  }

  private keywordAhead(word: string): boolean {
    this.skipSpace();
    return this.text.startsWith(word, this.position) && !/[\w-]/.test(this.text[this.position + word.length] ?? "");
  }

  expression(): Expression {
    this.skipSpace();
    const start = this.position;
    const condition = this.binary(1);
    this.record(condition, start);
    const conditionEnd = this.tokenEnd();
    if (!this.accept("?")) return condition;
    this.sources?.spans.set(condition, [start, conditionEnd]);
    const then = this.nested(() => this.expression());
    this.expect(":");
    return this.record({ kind: "conditional", condition, then, otherwise: this.nested(() => this.expression()) }, start);
  }

  /**
   * Where an expression is written, the first time it is read (a passthrough `"${x}"` is x, written inside the quotes).
   * A literal or a template is always written back as text, so its place is not kept.
   */
  private record(expression: Expression, start: number): Expression {
    if (this.sources && !valueKinds.has(expression.kind) && !this.sources.spans.has(expression)) this.sources.spans.set(expression, [start, this.tokenEnd()]);
    return expression;
  }

  /** An expression whose place is kept whatever it is: a directive's condition or collection is written back as text. */
  private spanned(): Expression {
    this.skipSpace();
    const start = this.position;
    const expression = this.expression();
    this.sources?.spans.set(expression, [start, this.tokenEnd()]);
    return expression;
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
      return { kind: "unary", operator, operand: this.nested(() => this.unary()) };
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
        const number = this.take(digits);
        if (number !== undefined) expression = { kind: "index", of: expression, key: { kind: "literal", value: Number(number) } };
        else {
          const name = this.identifier() ?? this.fail("expected an attribute name");
          expression = { kind: "attribute", of: expression, name };
        }
      } else if (operator === "[") {
        this.position += 1;
        if (this.accept("*")) {
          this.expect("]");
          expression = { kind: "splat", of: expression, each: this.splatSteps(false) };
        } else expression = { kind: "index", of: expression, key: this.spaced(false, () => this.closedBy("]")) };
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
        const number = this.take(digits);
        if (number !== undefined) steps.push({ key: { kind: "literal", value: Number(number) } });
        else steps.push({ name: this.identifier() ?? this.fail("expected an attribute name") });
      } else if (operator === "[" && !attributesOnly) {
        this.position += 1;
        if (this.accept("*")) {
          this.expect("]");
          steps.push({ splat: this.splatSteps(false) });
          return steps;
        }
        steps.push({ key: this.spaced(false, () => this.closedBy("]")) });
      } else return steps;
    }
  }

  private term(): Expression {
    return this.nested(() => this.unnestedTerm());
  }

  /** Parses one level deeper: terms, a conditional's branches, a unary operator's operand (see maximumNesting). */
  private nested(parse: () => Expression): Expression {
    if (++this.depth > maximumNesting) this.fail(`values nest more than ${maximumNesting} levels deep`);
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private unnestedTerm(): Expression {
    this.skipSpace();
    const { text } = this;
    const char = text[this.position];
    if (char === undefined) this.fail("expected an expression");
    const number = this.take(numberLiteral);
    if (number !== undefined) return { kind: "literal", value: Number(number) };
    if (char === '"') {
      this.position += 1;
      const template = this.template({ kind: "quote" });
      this.position += 1;
      return this.templateExpression(template);
    }
    heredocStart.lastIndex = this.position;
    const heredoc = heredocStart.exec(text);
    if (heredoc) {
      const textStart = heredocStart.lastIndex;
      this.position = textStart;
      const template = this.templateExpression(this.template({ kind: "heredoc", marker: heredoc[2]!, flush: heredoc[1] === "-" }));
      this.sources?.heredocs.set(template, textStart);
      return template;
    }
    const start = this.position;
    if (this.accept("(")) {
      const inner = this.spaced(false, () => this.closedBy(")"));
      this.sources?.parenthesized.set(inner, [start, this.position]);
      return inner;
    }
    if (this.accept("[")) return this.spaced(false, () => (this.keywordAhead("for") ? this.forExpression("]") : this.tuple()));
    if (this.accept("{"))
      return this.spaced(false, () => this.keywordAhead("for")) ? this.spaced(false, () => this.forExpression("}")) : this.spaced(true, () => this.object());
    let name = this.identifier() ?? this.fail(`expected an expression, found ${JSON.stringify(char)}`);
    // A namespaced function (hclsyntax/spec.md, "Functions and Function Calls"; Terraform 1.8+): a provider's,
    // `provider::<provider>::<function>`, or a built-in one, `core::<function>`. It is always called.
    while (this.text.startsWith("::", this.position)) {
      this.position += 2;
      name += `::${this.name() ?? this.fail("expected a function name after ::")}`;
    }
    if (name.includes("::") && this.peekOperator() !== "(") this.fail(`expected a call of the namespaced function "${name}"`);
    if (name === "true" || name === "false") return { kind: "literal", value: name === "true" };
    if (name === "null") return { kind: "literal", value: null };
    if (this.peekOperator() === "(") {
      this.position += 1;
      const args: Expression[] = [];
      let expandLast = false;
      this.spaced(false, () => {
        while (!this.accept(")")) {
          args.push(this.expression());
          if (this.accept("...")) expandLast = true;
          if (!this.accept(",")) {
            this.expect(")");
            break;
          }
        }
      });
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

  /** An expression, then the bracket that closes it. */
  private closedBy(closing: ")" | "]"): Expression {
    const inner = this.expression();
    this.expect(closing);
    return inner;
  }

  /** An object's items, one per line or separated by commas (newlines end an item: see spaced). */
  private object(): Expression {
    const items: { key: Expression; value: Expression }[] = [];
    for (;;) {
      this.spaced(false, () => this.skipSpace());
      if (this.accept("}")) return { kind: "object", items };
      // A bare name is the key itself; in parentheses or in a template ("${k}") it is a variable's value (hclsyntax/
      // spec.md, "Collection Values").
      this.skipSpace();
      const keyStart = this.position;
      const bare = /[A-Za-z_]/.test(this.text[this.position] ?? "");
      const key = this.expression();
      if (!this.accept("=")) this.expect(":");
      const bareName = key.kind === "variable" && bare ? ({ kind: "literal", value: key.name } as const) : key;
      this.sources?.keys?.set(bareName, keyStart);
      items.push({ key: bareName, value: this.expression() });
      if (!this.accept(",") && this.text[this.position] !== "\n" && this.peekOperator() !== "}")
        this.fail("expected a comma or a new line after an object's item");
    }
  }

  /** What follows `for` in a for expression or a for directive: `value in collection` or `key, value in collection`. */
  private forHeader(): ForHeader {
    const first = this.identifier() ?? this.fail("expected a variable name after for");
    const second = this.accept(",") ? (this.identifier() ?? this.fail("expected a second variable name")) : undefined;
    if (this.identifier() !== "in") this.fail('expected "in"');
    const collection = this.spanned();
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
    // hclsyntax's parser refuses it (parser.go, finishParsingForExpr: "Invalid 'for' expression").
    if (grouped && !key) this.fail("the grouping ellipsis (...) cannot be used when building a tuple, only an object");
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

/**
 * About `reach` characters of a text on each side of a position, without a word cut at either end where a space
 * within reach allows it.
 */
function wholeWordsAround(text: string, position: number, reach: number): string {
  let start = Math.max(0, position - reach);
  let end = Math.min(text.length, position + reach);
  if (start > 0 && /\S/.test(text[start - 1]!)) {
    const space = text.slice(start, position).search(/\s/);
    if (space !== -1) start += space;
  }
  if (end < text.length && /\S/.test(text[end]!)) {
    const space = text.slice(position, end).search(/\s\S*$/);
    if (space !== -1) end = position + space;
  }
  return text.slice(start, end).trim();
}
