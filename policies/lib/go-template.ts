import { isMap, isUnknown, list } from "./values";

/**
 * Go's text/template, as Argo CD's ApplicationSet controller (applicationset/utils/utils.go, Replace) and Cluster API's
 * ClusterClass patches (patches/inline/json_patch_generator.go, renderValueTemplate) run it over data decoded from JSON:
 * read here where each action is a field (`{{ .cluster.name }}`), a literal, or a call of the builtins `not`, `and`,
 * `or`, `eq` and `ne` over them (parenthesized calls too), and `if` (with `else if`), `with` and `range` over one of
 * those, with `else` and `end`. Anything else (a pipeline, a variable, another function, `break`, a comment) leaves the
 * template not read here. The tests hold it to text/template (scripts/go-template-reference).
 */

type Data = Readonly<Record<string, unknown>>;

/** What a Go template does with a key its data lacks (Template.Option "missingkey=..."; the last wins). */
export type MissingKey = "default" | "zero" | "error";

export const missingKeyOption = (options: unknown): MissingKey =>
  list(options).reduce<MissingKey>((mode, option) => {
    const set = typeof option === "string" ? /^missingkey=(default|invalid|zero|error)$/.exec(option)?.[1] : undefined;
    return set === undefined ? mode : set === "invalid" ? "default" : (set as MissingKey);
  }, "default");

type GoFunction = "not" | "and" | "or" | "eq" | "ne";
const functions: ReadonlySet<string> = new Set<GoFunction>(["not", "and", "or", "eq", "ne"]);

/** An action's expression: a field, a literal (an integer constant apart: eq compares it with no float), or a call. */
type Expression =
  | { readonly field: readonly string[] }
  | { readonly literal: unknown; readonly integer?: true }
  | { readonly call: GoFunction; readonly args: readonly Expression[] };

/** A template as read here: texts, actions that print, and `{{ if }}`, `{{ with }}` and `{{ range }}` with their `{{ else }}`. */
type TemplateNode = string | { readonly print: Expression } | Block;

interface Block {
  readonly block: "if" | "with" | "range";
  readonly pipe: Expression;
  readonly then: TemplateNode[];
  readonly otherwise: TemplateNode[];
}

/**
 * An action's tokens (text/template lex.go): parentheses, a quoted or raw text, a number, a field, a name; undefined
 * where another comes (a pipe, a variable, a character constant).
 */
function tokens(action: string): string[] | undefined {
  const token =
    /\s*(?:([()])|("(?:[^"\\\n]|\\.)*"|`[^`]*`)|([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?=[\s()]|$))|(\.[\w-]+(?:\.[\w-]+)*|\.(?=[\s()]|$))|([A-Za-z_]\w*(?=[\s()]|$)))/y;
  const read: string[] = [];
  while (token.lastIndex < action.length) {
    const at = token.lastIndex;
    const match = token.exec(action);
    if (!match) return action.slice(at).trim() === "" ? read : undefined;
    read.push(match[0].trim());
  }
  return read;
}

/** A quoted text's value (strconv.Unquote), where its escapes are those JSON shares with Go; undefined otherwise. */
function unquoted(text: string): string | undefined {
  if (text.startsWith("`")) return text.slice(1, -1);
  return /\\[^"\\nrt]/.test(text) ? undefined : (JSON.parse(text) as string);
}

/** An operand at `at`: a parenthesized call, a field, a literal; with the index after it. */
function operand(read: readonly string[], at: number): [Expression, number] | undefined {
  const token = read[at];
  if (token === undefined || token === ")") return undefined;
  if (token === "(") {
    const inner = command(read, at + 1);
    return inner && read[inner[1]] === ")" ? [inner[0], inner[1] + 1] : undefined;
  }
  if (token === ".") return [{ field: [] }, at + 1];
  if (token.startsWith(".") && !/^\.\d/.test(token)) return [{ field: token.slice(1).split(".") }, at + 1];
  if (token === "true" || token === "false") return [{ literal: token === "true" }, at + 1];
  if (token.startsWith('"') || token.startsWith("`")) {
    const text = unquoted(token);
    return text === undefined ? undefined : [{ literal: text }, at + 1];
  }
  if (/^[-+]?[\d.]/.test(token)) return [{ literal: Number(token), ...(/^[-+]?\d+$/.test(token) ? { integer: true as const } : {}) }, at + 1];
  return undefined;
}

/** A command at `at` (parse.go, command): a function with its arguments, or one operand; with the index after it. */
function command(read: readonly string[], at: number): [Expression, number] | undefined {
  const name = read[at];
  if (name === undefined || !functions.has(name)) {
    const single = operand(read, at);
    return single && (single[1] === read.length || read[single[1]] === ")") ? single : undefined;
  }
  const args: Expression[] = [];
  let next = at + 1;
  while (next < read.length && read[next] !== ")") {
    const argument = operand(read, next);
    if (!argument) return undefined;
    args.push(argument[0]);
    next = argument[1];
  }
  return [{ call: name as GoFunction, args }, next];
}

/** An action's expression, or undefined where it is not read here. */
function expression(action: string): Expression | undefined {
  const read = tokens(action);
  const parsed = read && read.length > 0 ? command(read, 0) : undefined;
  return parsed && parsed[1] === read?.length ? parsed[0] : undefined;
}

/**
 * A template's nodes (text/template parse), or undefined where it holds an action not read here or does not parse.
 * `{{- ` trims the whitespace before the action, ` -}}` the whitespace after it.
 */
function templateNodes(text: string): TemplateNode[] | undefined {
  const root: TemplateNode[] = [];
  // An `if` an `else if` opens (`{{ else }}{{ if }}`) ends with the `end` of the block before it.
  const open: { node: Block; inElse: boolean; chained: boolean }[] = [];
  const into = (): TemplateNode[] => {
    const last = open.at(-1);
    return last ? (last.inElse ? last.node.otherwise : last.node.then) : root;
  };
  const actions = /\{\{(-(?=\s))?([\s\S]*?)((?<=\s)-)?\}\}/g;
  let from = 0;
  let trimNext = false;
  for (const match of text.matchAll(actions)) {
    let before = text.slice(from, match.index);
    if (trimNext) before = before.trimStart();
    if (match[1]) before = before.trimEnd();
    if (before) into().push(before);
    from = match.index + match[0].length;
    trimNext = match[3] !== undefined;
    const action = match[2]!.trim();
    const [, otherwise, block, written] = /^(else\s+)?(if|with|range)\s+(.*)$/s.exec(action) ?? [];
    const last = open.at(-1);
    // `else if` follows an `if` alone (parse.go, ifControl allows it); `else with` is Go 1.23's, not read here.
    if ((action === "else" || otherwise) && (!last || last.inElse || (otherwise && (block !== "if" || last.node.block !== "if")))) return undefined;
    if (action === "else") last!.inElse = true;
    else if (action === "end" && last) while (open.pop()?.chained);
    else if (written !== undefined) {
      const pipe = expression(written);
      if (!pipe) return undefined;
      if (otherwise) last!.inElse = true;
      const node: Block = { block: block as Block["block"], pipe, then: [], otherwise: [] };
      into().push(node);
      open.push({ node, inElse: false, chained: otherwise !== undefined });
    } else {
      const print = expression(action);
      if (!print) return undefined;
      into().push({ print });
    }
  }
  const rest = trimNext ? text.slice(from).trimStart() : text.slice(from);
  if (rest) into().push(rest);
  return open.length === 0 ? root : undefined;
}

/** What an expression gives: a value (a literal integer marked), or a key the data lacks. */
type Given = { readonly value: unknown; readonly integer?: true } | { readonly missing: true };

/** Whether a value is true as `if`, `not`, `and` and `or` take it (exec.go, isTrue): false, 0, nil, and an empty text, list or map are not. */
const goTrue = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : isMap(value) ? Object.keys(value).length > 0 : Boolean(value));

/** Whether what an expression gives is true; undefined where that is not known here (a placeholder another tool fills). */
const truthOf = (given: Given): boolean | undefined => ("missing" in given ? false : isUnknown(given.value) ? undefined : goTrue(given.value));

/**
 * What `.a.b` reads from dot (exec.go, evalField), `.` dot itself: its value, or a key missing (and, with
 * missingkey=default, any key after it); undefined where the template fails (a key under a text, a number or a null; a
 * missing key with missingkey=error, or one before the last with zero).
 */
function lookup(dot: unknown, keys: readonly string[], missingKey: MissingKey): Given | undefined {
  let at: unknown = dot;
  let missing = false;
  for (const [i, key] of keys.entries()) {
    if (missing) {
      if (missingKey !== "default") return undefined;
      continue;
    }
    if (!isMap(at)) return undefined;
    if (!(key in at)) {
      if (missingKey === "error" || (missingKey === "zero" && i < keys.length - 1)) return undefined;
      missing = true;
      continue;
    }
    at = at[key];
  }
  return missing ? { missing: true } : { value: at };
}

/** The kind eq compares by (funcs.go, basicKind): a null is the zero value, an integer constant no float. */
const kindOf = ({ value, integer }: { value: unknown; integer?: true }): string =>
  value === null
    ? "zero"
    : typeof value === "number"
      ? integer
        ? "int"
        : "float"
      : typeof value === "boolean" || typeof value === "string"
        ? typeof value
        : "other";

/**
 * Whether eq takes two values as equal (funcs.go, eq): values of one basic kind by value, two nulls (or missing keys)
 * too; a null beside anything else is not; undefined where the template fails (kinds that differ, maps, lists) or a
 * placeholder is compared.
 */
function equal(one: { value: unknown; integer?: true }, other: { value: unknown; integer?: true }): boolean | undefined {
  if ([one, other].some(({ value }) => isUnknown(value))) return undefined;
  const [kind, otherKind] = [kindOf(one), kindOf(other)];
  if (kind !== otherKind) return kind === "zero" || otherKind === "zero" ? false : undefined;
  return kind === "other" ? undefined : one.value === other.value;
}

/** What an expression gives over the data, or undefined where the template fails or it is not read here. */
function evaluated(node: Expression, dot: unknown, missingKey: MissingKey): Given | undefined {
  if ("field" in node) return lookup(dot, node.field, missingKey);
  if ("literal" in node) return node.integer ? { value: node.literal, integer: true } : { value: node.literal };
  // A function's argument that is a key the data lacks is the zero value, as a null is (exec.go, validateType: canBeNil
  // of reflect.Value; funcs.go, indirectInterface).
  const argument = (arg: Expression): { value: unknown; integer?: true } | undefined => {
    const given = evaluated(arg, dot, missingKey);
    return given === undefined ? undefined : "missing" in given ? { value: null } : given;
  };
  const { call, args } = node;
  if (call === "and" || call === "or") {
    // Each argument is evaluated in turn, the first false (and) or true (or) one given, else the last (Go 1.18).
    let last: Given | undefined;
    for (const arg of args) {
      last = argument(arg);
      const truth = last && truthOf(last);
      if (truth === undefined) return undefined;
      if (truth === (call === "or")) return last;
    }
    return last;
  }
  const values = args.map(argument);
  if (values.includes(undefined)) return undefined;
  const [first, ...others] = values as { value: unknown; integer?: true }[];
  if (call === "not") {
    const truth = args.length === 1 && first ? truthOf(first) : undefined;
    return truth === undefined ? undefined : { value: !truth };
  }
  if (!first || others.length === 0 || (call === "ne" && others.length !== 1)) return undefined;
  // eq compares the first with each other in turn, the first equal one ending it, a comparison that fails failing it.
  for (const other of others) {
    const same = equal(first, other);
    if (same === undefined) return undefined;
    if (same) return { value: call === "eq" };
  }
  return { value: call === "ne" };
}

/**
 * A float64 as Go's fmt prints it with %v (strconv.FormatFloat 'g', shortest): an exponent from -4 to 5 written out, any
 * other as d.ddde±XX.
 */
function goFloat(value: number): string {
  const [digits, exponent] = value.toExponential().split("e") as [string, string];
  const power = Number(exponent);
  if (power >= -4 && power < 6) return String(value);
  return `${digits}e${power < 0 ? "-" : "+"}${String(Math.abs(power)).padStart(2, "0")}`;
}

/**
 * What an action prints (exec.go, printValue): a text as it is, a number as fmt's %v prints a float64 (an integer
 * constant as an int), a boolean, and `<no value>` for a null or a missing key; undefined for a map or a list, not read here.
 */
function printed(given: Given): string | undefined {
  if ("missing" in given || given.value === null) return "<no value>";
  const { value, integer } = given;
  if (typeof value === "string") return value;
  if (typeof value === "number") return integer ? String(value) : goFloat(value);
  return typeof value === "boolean" ? String(value) : undefined;
}

/**
 * What `range` runs its body over (exec.go, walkRange): a list's items, a map's values in the order of their keys; none
 * for an empty one or a null (its `else` then); undefined where the template fails (anything else) or it is not known.
 */
function rangedOver(given: Given): unknown[] | undefined {
  if ("missing" in given || given.value === null) return [];
  const { value } = given;
  if (Array.isArray(value)) return value;
  if (!isMap(value)) return undefined;
  return Object.keys(value)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => value[key]);
}

/** What a block prints over dot: `if` and `with` (dot becoming the value) where the value is true, `range` for each item. */
function blockRendered(node: Block, given: Given, dot: unknown, missingKey: MissingKey): string | undefined {
  if (node.block === "range") {
    const items = isUnknown("value" in given ? given.value : undefined) ? undefined : rangedOver(given);
    if (items === undefined) return undefined;
    if (items.length === 0) return rendered(node.otherwise, dot, missingKey);
    let text = "";
    for (const item of items) {
      const once = rendered(node.then, item, missingKey);
      if (once === undefined) return undefined;
      text += once;
    }
    return text;
  }
  // A placeholder another tool fills (`${OPEN}`) may be true or not once filled.
  const truth = truthOf(given);
  if (truth === undefined) return undefined;
  if (!truth) return rendered(node.otherwise, dot, missingKey);
  return rendered(node.then, node.block === "with" && "value" in given ? given.value : dot, missingKey);
}

/** What a template's nodes print over dot, or undefined where the template fails or prints what is not read here. */
function rendered(nodes: readonly TemplateNode[], dot: unknown, missingKey: MissingKey): string | undefined {
  let text = "";
  for (const node of nodes) {
    if (typeof node === "string") {
      text += node;
      continue;
    }
    const given = evaluated("print" in node ? node.print : node.pipe, dot, missingKey);
    const value = given && ("print" in node ? printed(given) : blockRendered(node, given, dot, missingKey));
    if (value === undefined) return undefined;
    text += value;
  }
  return text;
}

/** A Go template filled with data under text/template's options (`missingkey=...`), or undefined where it is not read here. */
export function goTemplateFilled(text: string, data: Data, options?: unknown): string | undefined {
  const nodes = templateNodes(text);
  return nodes && rendered(nodes, data, missingKeyOption(options));
}
