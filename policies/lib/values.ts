import { isTerraformTemplate, numberFromText } from "../../lib/terraform-literal";

/**
 * What stands for a value Terraform computes at apply when the plan does not say what it is: an interpolation that no
 * policy reads as a literal or as a relation, so that each says it cannot judge. Unlike a configuration's template, it
 * has no literal parts: `terraform show -json` keeps none of an unknown value's text.
 */
export const knownAfterApply = "${(known after apply)}";

/**
 * Where the interpolation opened before `from` ends: after the brace that closes it, past the braces of the objects and
 * the strings (with their own interpolations) written within it (`${merge(var.b, { a = "${var.c}" })}`); the text's
 * end where nothing closes it.
 */
function interpolationEnd(text: string, from: number): number {
  const open: ("expression" | "string")[] = ["expression"];
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (open.at(-1) === "string") {
      if (c === "\\") i++;
      else if (c === '"') open.pop();
      else if (c === "$" && text[i + 1] === "{") {
        open.push("expression");
        i++;
      }
    } else if (c === '"') open.push("string");
    else if (c === "{") open.push("expression");
    else if (c === "}") {
      open.pop();
      if (open.length === 0) return i + 1;
    }
  }
  return text.length;
}

/** A value's interpolations, each whole (`${var.a}`, `${merge(var.b, { c = 1 })}`): what the messages quote. */
export function interpolationsOf(text: string): string[] {
  const found: string[] = [];
  for (let at = text.indexOf("${"); at >= 0; at = text.indexOf("${", at)) {
    const end = interpolationEnd(text, at + 2);
    found.push(text.slice(at, end));
    at = end;
  }
  return found;
}

/** An expression for a message: on one line (an expression written over several keeps its words), at most 100 characters. */
export const shortened = (written: string): string => {
  const text = written.replace(/\s*\n\s*/g, " ");
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
};

/**
 * What an unknown value depends on, for a message: its interpolations only. The literal text around them is never
 * quoted: it may be a secret a report must not carry ("password=hunter2-${var.suffix}").
 */
export const dependsOn = (text: string): string => shortened([...new Set(interpolationsOf(text).map(withoutParentheses))].join(", "));

/**
 * An interpolation of a read in parentheses as the read alone: `${(block_device.value.destination)}` as
 * `${block_device.value.destination}`, as the configuration writes it (the evaluation adds them to an iterator's read
 * named like a resource type, so that no policy takes it for a reference: module.ts, notAReference).
 */
const withoutParentheses = (interpolation: string): string => interpolation.replace(/^\$\{\(([A-Za-z_][\w-]*(?:\.[\w-]+|\[[^\]()]*\])*)\)\}$/, "${$1}");

/** Whether every interpolation of a value is a read alone (`${var.base}`, `${(local.rules)}`): no function, no operator. */
export const readsAlone = (text: string): boolean =>
  interpolationsOf(text).every((interpolation) => /^\$\{[A-Za-z_][\w-]*(?:\.[\w-]+|\[[^\]()]*\])*\}$/.test(withoutParentheses(interpolation)));

/**
 * An unknown value named in a finding that stands whatever it is (a network shared with a project given by a
 * variable): what it is written with, `${var.project_id}`, or "(known after apply)" where a plan left it unknown.
 * Whether Terraform knows it at plan (a variable given no value) or only at apply (a resource's attribute) is not said.
 */
export const unknownShown = (value: unknown): string =>
  value === knownAfterApply ? "(known after apply)" : typeof value === "string" && isTerraformTemplate(value) ? dependsOn(value) : "(not given)";

/** Whether an argument names nothing: unset, null, or empty text (the provider sends no value for any of them). */
export const isUnset = (value: unknown): boolean => value === undefined || value === null || value === "";

/** Terraform JSON writes a nested block as an object or an array of objects: always get an array. */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null && !Array.isArray(item));
}

/** The labelled blocks of a section (`variable`, `resource.<type>`, `module`) as [label, body] pairs. */
export function* named(section: unknown): Generator<[string, Record<string, unknown>]> {
  for (const group of blocks(section)) for (const [name, bodies] of Object.entries(group)) for (const body of blocks(bodies)) yield [name, body];
}

/** The first (often the only) block of a nested block. */
export const block = (value: unknown): Record<string, unknown> | undefined => blocks(value)[0];

/**
 * A resource's provisioners in the order Terraform runs them, each with its type and its place among those of its type
 * (`provisioner.local-exec[1]`), as the native reader keeps their lines: both forms list them in order (hcl-file.ts,
 * addProvisioner), the JSON form may also group them by type.
 */
export function provisionersOf(
  values: Readonly<Record<string, unknown>>,
): { readonly type: string; readonly path: string; readonly body: Record<string, unknown> }[] {
  const counts = new Map<string, number>();
  return blocks(values.provisioner).flatMap((byType) =>
    Object.entries(byType).flatMap(([type, bodies]) =>
      blocks(bodies).map((body) => {
        const index = counts.get(type) ?? 0;
        counts.set(type, index + 1);
        return { type, path: `provisioner.${type}[${index}]`, body };
      }),
    ),
  );
}

/**
 * The texts of the files a provisioner copies from the machine that runs Terraform (a file provisioner's source, a
 * remote-exec's script or scripts, in order; undefined for one not read), kept beside its arguments as the reader
 * found them: a symbol key keeps them out of walkers and JSON, and with the block's copies.
 */
const copiedFromMachine = Symbol("the texts of the files a provisioner copies from the machine that runs Terraform");

export function keepCopiedTexts(provisioner: object, texts: readonly (string | undefined)[]): void {
  Object.defineProperty(provisioner, copiedFromMachine, { value: texts, enumerable: true });
}

/** The texts of the files a provisioner copies (see keepCopiedTexts), in order; none where it copies none or they were not read. */
export const copiedTexts = (provisioner: Readonly<Record<string, unknown>>): readonly (string | undefined)[] =>
  (provisioner as { [copiedFromMachine]?: readonly (string | undefined)[] })[copiedFromMachine] ?? [];

/**
 * Marks a block that a `dynamic` block generated over a collection known only at apply, with that collection as
 * written: judged as one of the blocks it may make, it may as well be none. A symbol key keeps the mark out of
 * walkers (for...in, Object.keys) and JSON; enumerable, it goes with the block's copies (the graph's, which replace a
 * reference inside it: `{ ...block }`).
 */
const generatedOverUnknown = Symbol("generated by a dynamic block over a collection known only at apply");

export function markMaybeAbsent(generated: object, forEach: string): void {
  Object.defineProperty(generated, generatedOverUnknown, { value: forEach, enumerable: true });
}

/** The collection, as written, of the dynamic block that may make a block (see markMaybeAbsent); undefined for any other value. */
export const maybeAbsentOver = (value: unknown): string | undefined =>
  typeof value === "object" && value !== null ? (value as { [generatedOverUnknown]?: string })[generatedOverUnknown] : undefined;

/** Whether a block may be absent (see markMaybeAbsent): a policy that flags its mere presence cannot tell before apply. */
export const mayBeAbsent = (value: unknown): boolean => maybeAbsentOver(value) !== undefined;

/** A value written as an interpolation is not known until plan or apply: never compare it to a literal. */
export const isUnknown = (value: unknown): boolean => typeof value === "string" && isTerraformTemplate(value);

/**
 * The value at `key` of an object as written, read without the engine recording it (recordingUnknownReads records what
 * its proxy's `get` returns; a property descriptor passes by it): for a reader that judges what is known of a value
 * known in part, and reads it as a policy does where nothing of it is.
 */
export const unrecorded = (holder: object, key: string | number): unknown => Object.getOwnPropertyDescriptor(holder, key)?.value;

/**
 * The references an expression's interpolations make, as written from their root (`var.base`, `local.rules`,
 * `module.cfg.config.groups`, `each.value.cidr`), a `for` expression's own names (`for s in var.servers : s.name`) left
 * out, since they read its collection; undefined when an interpolation makes none (`${1 + 2}`). Read from the text,
 * less the literal text of its quoted strings (`templatefile("pod.yaml.tftpl", ...)` names no `pod.yaml`), whose own
 * interpolations count. A reference ends at an index (`aws_instance.web[0]`), or, `throughIndexes`, is read through it,
 * the index left out (`data.x.nodes["cp-0"].config` as `data.x.nodes.config`: the attribute of whichever instance).
 */
export function referencesRead(text: string, throughIndexes = false): string[] | undefined {
  const interpolations = interpolationsIn(text);
  if (interpolations.length === 0) return undefined;
  const bound = new Set([...text.matchAll(/\bfor\s+([A-Za-z_][\w-]*)(?:\s*,\s*([A-Za-z_][\w-]*))?\s+in\b/g)].flatMap(([, a, b]) => (b ? [a!, b] : [a!])));
  const references: string[] = [];
  for (const interpolation of interpolations) {
    const blanked = withoutLiteralText(interpolation);
    const found = throughIndexes
      ? (blanked.match(/[A-Za-z_][\w-]*(?:(?:\[[^[\]]*\])*\.[A-Za-z_][\w-]*)+/g) ?? []).map((reference) => reference.replace(/\[[^[\]]*\]/g, ""))
      : (blanked.match(/[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+/g) ?? []);
    if (found.length === 0) return undefined;
    references.push(...found.filter((reference) => !bound.has(reference.slice(0, reference.indexOf(".")))));
  }
  return references;
}

/**
 * The references a text's interpolations make (referencesRead, through indexes or not), of those that make any: one that
 * makes none (`${1 + 2}`, a template directive known only at apply) takes nothing from what the others read.
 */
/**
 * A value not known here as Terraform writes it, for the engine to say what it waits on (Violation.notKnown); not a
 * placeholder another tool fills in a manifest (`${MINIO_URL}`), which reads nothing Terraform knows.
 */
export const writtenNotKnown = (value: unknown): string | undefined => (typeof value === "string" && referencesRead(value) !== undefined ? value : undefined);

export const referencesReadByAny = (text: string, throughIndexes = false): string[] =>
  interpolationsIn(text).flatMap((interpolation) => referencesRead(interpolation, throughIndexes) ?? []);

/**
 * An interpolation with the literal text of its quoted strings blanked, their interpolations kept: `"${path.module}/a.b"`
 * becomes `"${path.module}    "` (HCL's template strings: a backslash escapes the next character, `$${` and `%%{` are
 * text, and `${` or `%{` opens an expression, to the brace that closes it).
 */
function withoutLiteralText(interpolation: string): string {
  // What each open brace or quote opened: code (an object, an interpolation), or a quoted string.
  const opened: ("code" | "string")[] = [];
  let kept = "";
  for (let i = 0; i < interpolation.length; i++) {
    const character = interpolation[i]!;
    if (opened.at(-1) === "string") {
      const opensCode = (character === "$" || character === "%") && interpolation[i + 1] === "{";
      if (character === '"') opened.pop();
      else if (opensCode) {
        opened.push("code");
        kept += `${character}{`;
        i++;
        continue;
      } else {
        // An escape: `\"`, or `$${` and `%%{`, which write `${` and `%{` as text.
        if (character === "\\" || ((character === "$" || character === "%") && interpolation[i + 1] === character)) i++;
        kept += " ";
        continue;
      }
    } else if (character === '"') opened.push("string");
    else if (character === "{") opened.push("code");
    else if (character === "}") opened.pop();
    kept += character;
  }
  return kept;
}

/**
 * The `${...}` parts of a text, each to the brace that closes it (`${merge(var.a, { x = 1 }, res.b.id)}` whole), an
 * escaped `$${` left out; one never closed runs to the end, so that nothing it reads is missed.
 */
export function interpolationsIn(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf("${"); start >= 0; start = text.indexOf("${", start + 2)) {
    if (text[start - 1] === "$") continue;
    let depth = 0;
    let end = start + 1;
    for (; end < text.length; end++) {
      if (text[end] === "{") depth++;
      else if (text[end] === "}" && --depth === 0) break;
    }
    found.push(text.slice(start, end + 1));
    start = end - 1;
  }
  return found;
}

/** Whether a part of a text known only at apply (`${...}`) is written over several lines, which reading it line by line would cut. */
export const partSpansLines = (text: string): boolean => interpolationsIn(text).some((part) => part.includes("\n"));

/** Whether a reference reads an instance's key or value: `each.key`, `each.value...`, `count.index`. */
export const readsInstanceKey = (reference: string): boolean => /^(?:each\.(?:key|value)|count\.index)\b/.test(reference);

/**
 * The name under which the reader records a value that waits on variables given no value alone
 * (TfConfiguration.givenNoValue), in the module of the reference: `var.x`, `local.y`, and for a called module's
 * output `module.m.output.z`; undefined for any other reference.
 */
export function waitingName(reference: string): string | undefined {
  const [root, name, output] = reference.split(".");
  if (root === "var" || root === "local") return `${root}.${name}`;
  return root === "module" && output !== undefined ? `module.${name}.output.${output}` : undefined;
}

/** A reference whose value Terraform knows whatever values it is given: a module's path, the workspace's name. */
const knownWhateverGiven = (reference: string): boolean => /^(?:path\.(?:module|root|cwd)|terraform\.workspace)$/.test(reference);

/**
 * The names an expression reads (`var.base`, `local.rules`, `module.m.output.z`: waitingName), when each of its
 * interpolations reads such names and nothing else but what is known whatever is given (`${cidrsubnet(var.base, 8, 1)}`,
 * `${templatefile("${path.module}/a.tftpl", { v = var.v })}`); undefined when one reads anything else (a resource,
 * `each.value`), or none reads any; with `dataSources`, data sources too, by their address (`data.http.manifest`).
 */
export function namesRead(text: string, dataSources = false): string[] | undefined {
  const names = referencesRead(text)
    ?.filter((reference) => !knownWhateverGiven(reference))
    .map((reference) => (dataSources ? dataSourceRead(reference) : undefined) ?? waitingName(reference));
  return names?.length && names.every((name) => name !== undefined) ? (names as string[]) : undefined;
}

/**
 * The modes of the blocks that declare objects, with the prefix of their addresses: a resource (`type.name`), a data
 * source (`data.type.name`) and an ephemeral resource (`ephemeral.type.name`, Terraform 1.10+: internal/addrs/
 * parse_ref.go reads the `ephemeral` root as EphemeralResourceMode; developer.hashicorp.com/terraform/language/ephemeral).
 */
export const modePrefixes = { managed: "", data: "data.", ephemeral: "ephemeral." } as const;

export type BlockMode = keyof typeof modePrefixes;

export const blockModes = Object.keys(modePrefixes) as readonly BlockMode[];

/** The top-level block that declares an object of each mode, as a configuration, a schema and a message name it. */
export const modeKeywords = { managed: "resource", data: "data", ephemeral: "ephemeral" } as const satisfies Record<BlockMode, string>;

/** The modes whose addresses have a prefix: a data source's and an ephemeral resource's. */
const prefixedModes = blockModes.filter((mode) => modePrefixes[mode] !== "");

/** The roots an address of a data source or an ephemeral resource starts with, before its type (modePrefixes). */
export const modeRoots: ReadonlySet<string> = new Set(prefixedModes.map((mode) => modePrefixes[mode].slice(0, -1)));

/** The prefix of a data source's or an ephemeral resource's address before its type, as a regular expression's part. */
export const modePrefix = `(?:${prefixedModes.map((mode) => modePrefixes[mode].replace(".", String.raw`\.`)).join("|")})?`;

/**
 * The mode of a type as an address writes it (`data.http`, `ephemeral.random_password`, `openstack_networking_port_v2`),
 * or of an address or a reference, and the rest after its prefix.
 */
export function modeOfType(type: string): { readonly mode: BlockMode; readonly bare: string } {
  const mode = prefixedModes.find((prefixed) => type.startsWith(modePrefixes[prefixed])) ?? "managed";
  return { mode, bare: type.slice(modePrefixes[mode].length) };
}

/** The data source a reference reads (`data.http.manifest` of `data.http.manifest.response_body`), if it reads one. */
export const dataSourceRead = (reference: string): string | undefined => /^data\.[a-z]\w*\.[\w-]+/.exec(reference)?.[0];

/**
 * A resource type is always `<provider>_<name>`: the underscore tells it from the roots of references that name no
 * resource (var, local, count, each, path, terraform, self, module), whose values, where evaluation leaves them, are not
 * known before apply. A data source of a provider's own name (`data.http`, `data.external`) is not taken for one either:
 * what it reads stays not known here, and the report says it is a data source read at plan (run.ts, readsDataSources).
 */
const blockType = `${modePrefix}[a-z][a-z0-9]*_[a-z0-9_]*`;
const blockName = String.raw`\.[A-Za-z_][\w-]*(?:\[[^\]]*\])?`;
const plainReference = new RegExp(String.raw`^\$\{${blockType}${blockName}(?:\.[\w-]+|\.\*|\[[^\]]*\])*\}$`);
/** Into a called module, as the evaluator writes what an output or a variable stands for: always down to an attribute. */
const moduleReference = new RegExp(String.raw`^\$\{(?:module\.[\w-]+(?:\[[^\]]*\])?\.)+${blockType}${blockName}(?:\.[\w-]+|\[[^\]]*\])+\}$`);

/**
 * A whole value that is one reference to a resource or data source attribute: `${type.name.id}`, `${data.type.name.x[0]}`,
 * `${type.name.*.id[count.index]}` (a resource type is always `<provider>_<name>`), `${module.net[0].type.name.id}`.
 */
export function isResourceReference(text: string): boolean {
  return plainReference.test(text) || moduleReference.test(text);
}

/**
 * A value a policy cannot compare: an interpolation left after evaluation (a variable without a value, a function of
 * one, a template). A whole value that is one reference to a resource or data source attribute is not one: it is a
 * relation, which policies follow through the graph.
 */
export const isUnknownValue = (value: unknown): value is string => typeof value === "string" && isTerraformTemplate(value) && !isResourceReference(value);

/**
 * Whether a list is known only at apply, or holds an element that is (`[var.peer]`, a conditional on an unknown): blocks()
 * leaves such an element out, so a policy must not read its absence there as no block. A value that is no list is read
 * as a list of one, as list() reads it.
 */
export const hasUnknownItem = (value: unknown): boolean => list(value).some(isUnknown);

/** A literal (known) string, or undefined. */
export const literalString = (value: unknown): string | undefined => (typeof value === "string" && !isUnknown(value) ? value : undefined);

/** The strings Terraform converts to a bool: "1" and "0" too (terraform console 1.11: `tobool("0")` is false). */
const boolStrings: ReadonlyMap<string, boolean> = new Map([
  ["true", true],
  ["false", false],
  ["1", true],
  ["0", false],
]);

/**
 * A string argument as Terraform converts what is written for it (cty's conversion of a primitive to string): a number
 * or a bool is its text, `protocol = 112` the string "112". Undefined for another value and one known only at apply.
 */
export function stringArgument(value: unknown): string | undefined {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return literalString(value);
}

/** A bool as Terraform converts it for a bool argument, from a bool or one of the strings it accepts. */
export function literalBool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  return typeof value === "string" ? boolStrings.get(value) : undefined;
}

/** Terraform accepts numeric strings for numbers. */
export function literalNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  return typeof value === "string" ? numberFromText(value) : undefined;
}

/** A list attribute (a set or list of strings) as an array; a single value becomes a list of one. */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Walks every value under `value` (objects, arrays, scalars), skipping "//" comments. `visit` gets the key the value sits
 * under and a function that formats its attribute path; the path is built only when asked for, since most visits need
 * none. Return false from `visit` to skip what is under that value.
 */
export function walk(value: unknown, visit: (value: unknown, key: string | number | undefined, path: () => string) => boolean | undefined): void {
  const segments: (string | number)[] = [];
  // A key that is no plain name (grafana.ini, a label's key) is written as written: values["grafana.ini"].
  const path = () => segmentsPath(segments);
  const step = (item: unknown, key: string | number | undefined) => {
    if (key !== undefined) segments.push(key);
    if (visit(item, key, path) !== false) {
      if (Array.isArray(item)) for (let i = 0; i < item.length; i++) step(item[i], i);
      else if (item && typeof item === "object")
        for (const childKey in item) if (childKey !== "//") step((item as Record<string, unknown>)[childKey], childKey);
    }
    if (key !== undefined) segments.pop();
  };
  step(value, undefined);
}

/**
 * Whether any value under `value` (or the key it sits under) satisfies `test`, skipping "//" comments: a plain
 * recursion that stops at the first match, for the questions asked of every resource of a large configuration.
 */
export function someValue(value: unknown, test: (value: unknown, key: string | undefined) => boolean, key?: string): boolean {
  if (test(value, key)) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (someValue(item, test)) return true;
  } else if (value !== null && typeof value === "object") {
    for (const childKey in value) if (childKey !== "//" && someValue((value as Record<string, unknown>)[childKey], test, childKey)) return true;
  }
  return false;
}

/** A string of a value that Terraform reads as a template (an interpolation or a directive), where it sits. */
export interface TemplateString {
  readonly text: string;
  /** The attribute path's segments (see attributePath): formatted only when asked, as most are only tested. */
  readonly segments: readonly (string | number)[];
}

/** What one walk of a resource's values found: asked by the reader, the graph and the engine of every resource. */
interface ValueScan {
  readonly templates: readonly TemplateString[];
  /** Whether a `dynamic` block is written somewhere in the value. */
  readonly dynamic: boolean;
  /**
   * Whether a template is more than one reference to a resource's attribute (see isResourceReference), or an object's
   * key is a template (`"pod-security.kubernetes.io/${var.mode}" = ...`).
   */
  readonly unknown: boolean;
}

const scans = new WeakMap<object, ValueScan>();
const nothingFound: ValueScan = { templates: [], dynamic: false, unknown: false };

/** The value's template strings and `dynamic` blocks, found in one plain recursion and kept for the value's lifetime. */
function scan(value: object): ValueScan {
  let found = scans.get(value);
  if (found) return found;
  const templates: TemplateString[] = [];
  let dynamic = false;
  let templateKey = false;
  let maybeAbsent = false;
  const segments: (string | number)[] = [];
  const visit = (item: unknown) => {
    if (typeof item === "string") {
      if (item.includes("{") && isTerraformTemplate(item)) templates.push({ text: item, segments: segments.slice() });
    } else if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        segments.push(i);
        visit(item[i]);
        segments.pop();
      }
    } else if (item !== null && typeof item === "object") {
      if (maybeAbsentOver(item) !== undefined) maybeAbsent = true;
      for (const key in item) {
        if (key === "//") continue;
        if (key === "dynamic") dynamic = true;
        else if (key.includes("{") && isTerraformTemplate(key)) templateKey = true;
        segments.push(key);
        visit((item as Record<string, unknown>)[key]);
        segments.pop();
      }
    }
  };
  visit(value);
  const unknown = templateKey || maybeAbsent || templates.some(({ text }) => isUnknownValue(text));
  found = templates.length === 0 && !dynamic && !unknown ? nothingFound : { templates, dynamic, unknown };
  scans.set(value, found);
  return found;
}

/** Every string of a value that Terraform reads as a template, with where it sits: the references it may hold. */
export const templateStrings = (value: object): readonly TemplateString[] => scan(value).templates;

/**
 * The values not known here that a value holds (itself, or at any depth), as written and joined once each
 * (`${var.selector}`): what a finding about it depends on, read from another resource (Violation.notKnown). Undefined where
 * it holds none.
 */
export function unknownsWritten(value: unknown): string | undefined {
  const texts = isUnknownValue(value) ? [value] : value !== null && typeof value === "object" ? templateStrings(value).map(({ text }) => text) : [];
  const unknown = [...new Set(texts.filter(isUnknownValue))];
  return unknown.length > 0 ? unknown.join(" ") : undefined;
}

/** Whether a value writes a `dynamic` block anywhere. */
export const hasDynamicBlock = (value: object): boolean => scan(value).dynamic;

/** Whether a value holds a template that is more than one reference to a resource's attribute: not known before apply. */
export const holdsUnknownTemplate = (value: object): boolean => scan(value).unknown;

/** Whether an attribute path (as segments) is `path` or lies under it: `spec`, `spec.template[0]`, `spec[1]`. */
export function isUnder(segments: readonly (string | number)[], path: string): boolean {
  if (/^[A-Za-z_][\w-]*$/.test(path)) return segments[0] === path;
  return isUnderPath(attributePath(...segments), path);
}

/** Whether an attribute path is `path` or lies under it: `spec.values.auth` under `spec.values`. */
export const isUnderPath = (full: string, path: string): boolean => full === path || full.startsWith(`${path}.`) || full.startsWith(`${path}[`);

/** Joins attribute path segments: `spec.template[0]`. */
export const attributePath = (...parts: (string | number)[]): string =>
  parts.reduce<string>((path, part) => (typeof part === "number" ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");

/** The path of a map key: `labels.app`, or `labels["pod-security.kubernetes.io/enforce"]` when the key is not a plain name. */
export const keyPath = (path: string, key: string): string => (/^[A-Za-z_][\w-]*$/.test(key) ? attributePath(path, key) : `${path}[${JSON.stringify(key)}]`);

/** A path of keys and indexes as attributePath and keyPath write it, after `from` (pathSegments' inverse): a, b, 0, c.d is `a.b[0]["c.d"]`. */
export const segmentsPath = (segments: readonly (string | number)[], from = ""): string =>
  segments.reduce<string>((at, segment) => (typeof segment === "number" ? `${at}[${segment}]` : keyPath(at, segment)), from);

/** The keys and indexes of a path as attributePath and keyPath write it: `a.b[0]["c.d"]` is a, b, 0, c.d. */
export const pathSegments = (path: string): (string | number)[] =>
  [...path.matchAll(/\[("(?:[^"\\]|\\.)*")\]|([^.[\]]+)|\[(\d+)\]/g)].map(([, quoted, plain, index]) =>
    quoted !== undefined ? (JSON.parse(quoted) as string) : (plain ?? Number(index)),
  );

/** A path with its quoted keys written as plain steps (`labels.app.kubernetes.io/name`), as the evaluation writes where a value is. */
export const dottedPath = (path: string): string => path.replace(/\["((?:[^"\\]|\\.)*)"\]/g, (_, key: string) => `.${JSON.parse(`"${key}"`) as string}`);

/** A function of an object (a resource), computed once per object: several policies read the same derived values. */
export function memoized<K extends object, T>(compute: (key: K) => T): (key: K) => T {
  const cache = new WeakMap<K, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, compute(key));
    return cache.get(key)!;
  };
}

/** Text in standard base64 with its padding (RFC 4648, section 4), as Go's base64.StdEncoding and the API server read a Secret's data. */
export const isStandardBase64 = (text: string): boolean => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text);

/** The UTF-8 text a standard base64 text encodes, or undefined for a text that is not one. */
export const decodedBase64 = (text: string): string | undefined => (isStandardBase64(text) ? Buffer.from(text, "base64").toString("utf8") : undefined);

export const isMap = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Whether an argument is written as a block (`vars { ... }`, the form of Terraform 0.11): a list of bodies, as the native syntax's reader gives it. */
export const writtenAsBlock = (value: unknown): boolean => Array.isArray(value) && value.length > 0 && value.every(isMap);

/** The maps of a list (an object's list of objects), or none. */
export const mapsIn = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isMap) : []);

/**
 * An object read from a manifest or a chart's values: its fields are read with optional chaining, and each is checked
 * where it is used (a string, a list), as the API server or the chart would take it.
 */
// biome-ignore lint/suspicious/noExplicitAny: the fields of such an object are whatever its author wrote.
export type LooseObject = Record<string, any>;

/** A setting as a reader takes it, at its path: [path, value]. */
export type Setting = readonly [string, unknown];

/** The path of the first setting known only at apply, as a whole or an element of a list. */
export const firstUnknown = (settings: readonly Setting[]): string | undefined =>
  settings.find(([, value]) => isUnknown(value) || (Array.isArray(value) && value.some(isUnknown)))?.[0];

/** The value at a path of keys and indices (`["spec", "ports", 0, "port"]`), as written, or undefined. */
export const valueAtPath = (value: unknown, path: readonly (string | number)[]): unknown =>
  path.reduce<unknown>((at, step) => (at !== null && typeof at === "object" ? (at as Record<string | number, unknown>)[step] : undefined), value);

/**
 * A field some maps down (`fieldAt(manifest, "spec", "backups")`), or undefined. A value known only at apply on the way
 * (`spec: ${var.spec}`) is the field's value: what it holds is not known, which is not its absence.
 */
export const fieldAt = (value: unknown, ...names: string[]): unknown =>
  names.reduce<unknown>((at, name) => (isMap(at) ? at[name] : isUnknown(at) ? at : undefined), value);
