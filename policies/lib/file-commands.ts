import { commandShown, type WrittenFile } from "./cloud-init";
import { isUnknown, partSpansLines } from "./values";

/**
 * What the commands a node's user data runs once its files are written (commandsAfterFiles) do to them: `mv`, `cp` and
 * `install` (GNU coreutils) move or copy files it wrote, named by path, by a glob (`*`, `?`, `[...]`, not across a `/`)
 * or as a folder holding them, into a file or a folder; `rm` removes them; `cat` and `tee` write a here-document into
 * one (hereDocumentWrite), echo and printf their words, by a redirection or into tee (commandWrites). A command is read
 * only where each word is known (no `$` but a shell variable assigned a path before: ShellVariables; no backquote) and
 * each source is among the files: another changes nothing
 * here, but a file it writes by a redirection, tee, `curl -o` or `wget -O`, or edits in place (`sed -i`), is not known.
 */

/**
 * A simple command as the shell reads it (POSIX Shell Command Language, 2.7 Redirection, 2.9.2 Pipelines): the words
 * of each command of its pipeline (quotes kept), and its redirections, each an operator (`>`, `>>`, `>|`, `2>`, `&>`,
 * `>&`, `<`, `<<`) and the word after it.
 */
function parsed(simple: string): { pipeline: string[][]; redirections: { operator: string; target: string | undefined }[] } {
  const tokens = [...simple.matchAll(/\d*(?:>>|>\||>&|>|<<-?|<&|<)|&>>?|\|\|?|&&?|(?:[^\s'"\\<>|&;]|'[^']*'|"(?:[^"\\]|\\.)*"|\\.)+/g)].map(([token]) => token);
  const pipeline: string[][] = [[]];
  const redirections: { operator: string; target: string | undefined }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === "|") pipeline.push([]);
    else if (/^\d*(?:>>|>\||>&|>|<<-?|<&|<)$|^&>>?$/.test(token)) redirections.push({ operator: token, target: tokens[++i] });
    else pipeline.at(-1)!.push(token);
  }
  return { pipeline, redirections };
}

/** A word with its quotes taken off. */
const unquoted = (word: string): string => word.replace(/'([^']*)'|"((?:[^"\\]|\\.)*)"|\\(.)/g, "$1$2$3");

/** A word with its quotes taken off, or undefined where the shell expands something in it (`$NAME`, a backquote). */
const literal = (word: string): string | undefined => (/[$`]/.test(word.replace(/'[^']*'/g, "")) ? undefined : unquoted(word));

/**
 * A word a command writes out, its quotes taken off: a `${...}` kept as a value known only at apply, as in a file the
 * cloud-config writes (a Terraform template's); undefined where the shell expands another (`$NAME`, `$(...)`, a backquote).
 */
const spoken = (word: string): string | undefined => (/\$(?!\{)|`/.test(word.replace(/'[^']*'/g, "")) ? undefined : unquoted(word));

/** What echo writes: its words joined by blanks, a new line after them unless -n; not known where the shell interprets a backslash (dash's echo does: sh runs runcmd). */
function echoed(words: readonly string[]): string | undefined {
  const [flag] = words;
  const noNewline = flag === "-n";
  const said = noNewline ? words.slice(1) : words;
  if (/^-[neE]+$/.test(said[0] ?? "") || said.some((word) => word.includes("\\"))) return undefined;
  return `${said.join(" ")}${noNewline ? "" : "\n"}`;
}

/**
 * What printf writes (POSIX printf: the format reused while arguments are left, each %s taking the next one, empty
 * once none is); not known for a conversion other than %s or %%, or an escape other than \n, \t and \\.
 */
function printed([format, ...args]: readonly string[]): string | undefined {
  if (format === undefined || /%[^s%]|\\[^nt\\]/.test(format)) return undefined;
  const parts = format
    .replace(/\\n/g, "\n")
    .replace(/\\t/g, "\t")
    .replace(/\\\\/g, "\\")
    .split(/(%s|%%)/);
  const takes = parts.filter((part) => part === "%s").length;
  let out = "";
  let next = 0;
  do for (const part of parts) out += part === "%s" ? (args[next++] ?? "") : part === "%%" ? "%" : part;
  while (takes > 0 && next < args.length);
  return out;
}

/** What a command writes to its output, where it is echo's or printf's literal words; undefined otherwise. */
function outputOf(command: readonly string[]): string | undefined {
  const [name, ...rest] = command[0] === "sudo" ? command.slice(1) : command;
  const words = rest.map(spoken);
  if (words.some((word) => word === undefined)) return undefined;
  return name === "echo" ? echoed(words as string[]) : name === "printf" ? printed(words as string[]) : undefined;
}

/**
 * The files a simple command writes its output into: a redirection of its output (`>`, `>>`, `>|`, `1>`, `&>`; not
 * another descriptor's, nor /dev), the files a pipeline's last command `tee` writes (`-a` appending), curl's `-o` and
 * wget's `-O`; with what it writes where that is known (outputOf: echo or printf, alone or into tee); `notKnown` where
 * a file's path is the shell's (`> $FILE`). Files it edits in place (`sed -i`, `perl -i`, `yq -i`) are `edited`.
 */
function commandWrites(simple: string): {
  written: { path: string; append: boolean }[];
  content?: string;
  edited: string[];
  notKnown: boolean;
} {
  const { pipeline, redirections } = parsed(simple);
  const written: { path: string; append: boolean }[] = [];
  let notKnown = false;
  for (const { operator, target } of redirections) {
    if (!/^(?:1|&)?(?:>>|>\||>)$/.test(operator)) continue;
    const path = target === undefined ? undefined : literal(target);
    if (path === undefined) notKnown = true;
    else if (!path.startsWith("/dev/")) written.push({ path, append: operator.endsWith(">>") });
  }
  const [name, ...rest] = (pipeline.at(-1)![0] === "sudo" ? pipeline.at(-1)!.slice(1) : pipeline.at(-1)!).map((word) => literal(word) ?? "$");
  const tees = pipeline.length > 1 && name === "tee";
  if (tees) {
    const append = rest.some((word) => /^-[^-]*a|^--append$/.test(word));
    for (const word of rest.filter((word) => !word.startsWith("-")))
      if (word === "$") notKnown = true;
      else written.push({ path: word, append });
  }
  const options = (pattern: RegExp) => rest.flatMap((word, i) => (pattern.test(word) && rest[i + 1] !== undefined ? [rest[i + 1]!] : []));
  const downloaded =
    pipeline.length === 1 && name === "curl" ? options(/^-[a-zA-Z]*o$|^--output$/) : name === "wget" ? options(/^-[a-zA-Z]*O$|^--output-document$/) : [];
  for (const path of downloaded)
    if (path === "$") notKnown = true;
    else written.push({ path, append: false });
  const edits = (name === "sed" || name === "perl" || name === "yq") && rest.some((word) => /^-[^-]*i|^--in-place/.test(word));
  const edited = edits ? rest.filter((word) => word.startsWith("/")) : [];
  const producer = pipeline.length === 1 || (tees && pipeline.length === 2) ? pipeline[0]! : undefined;
  const content = downloaded.length === 0 && producer ? outputOf(producer) : undefined;
  return { written, ...(content === undefined ? {} : { content }), edited, notKnown };
}

/** A simple command's words, its quotes taken off, its redirections left out; undefined where a word is known only when the shell runs it. */
function words(command: string): string[] | undefined {
  const read = parsed(command).pipeline.flat().map(literal);
  return read.some((word) => word === undefined) ? undefined : (read as string[]);
}

/** A command that tests something, after which `&&` runs the next one only as its outcome allows. */
const isTest = (simple: string): boolean =>
  /^(?:!\s|\[\[?\s|test\s|grep\s+(?:-\w*q|--quiet)|command\s+-v\s|which\s|id\s|getent\s|type\s|systemctl\s+is-)/.test(simple);

/** A part of a command's list (listParts): the operator before it, the part as written, and its simple command. */
interface ListPart {
  readonly before: string;
  readonly written: string;
  /** Undefined where the part holds no command (a comment, blanks). */
  readonly simple?: { readonly text: string; readonly conditional: boolean };
}

/**
 * A command split at `&&`, `||`, `;` and new lines out of quotes (a pipeline is left whole), each part with the
 * operator before it and its simple command, without its comment; the parts, their operators before them, are the
 * command as written. A simple command is `conditional` where it runs only as another's outcome allows, as the rest of
 * its list does: after `||`, or after `&&` following a test (`[ -f x ] && mv ...`; POSIX Shell Command Language, 2.9.3
 * Lists).
 */
function listParts(command: string): ListPart[] {
  const parts = [{ written: "", before: "" }];
  for (const [token] of command.matchAll(/'[^']*'|"(?:[^"\\]|\\.)*"|\\.|&&|\|\||[;\n]|[^'"\\&|;\n]+|[\s\S]/g))
    if (/^(?:&&|\|\||;|\n)$/.test(token)) parts.push({ written: "", before: token });
    else parts[parts.length - 1]!.written += token;
  let conditional = false;
  let previous = "";
  return parts.map(({ written, before }) => {
    const simple = written.replace(/(?:^|\s)#.*$/, "").trim();
    if (!simple) return { before, written };
    conditional = before === "||" || (before === "&&" && (conditional || isTest(previous)));
    previous = simple;
    return { before, written, simple: { text: simple, conditional } };
  });
}

/** The names a simple command only assigns (`A=1 B=2`, no command word), or undefined where it does anything else. */
function assignedOnly(simple: string): string[] | undefined {
  const words = parsed(simple).pipeline.flat();
  return words.length > 0 && words.every((word) => /^[A-Za-z_]\w*=/.test(word)) ? words.map((word) => word.slice(0, word.indexOf("="))) : undefined;
}

/**
 * A command without the parts of its list that only assign shell variables no later part exports (`X=y; curl ... |
 * sh -`, or a line of assignments alone): the shell passes such variables to no program it starts (POSIX Shell Command
 * Language, 2.9.1 Simple Commands: assignments without a command word affect the current shell alone), so a reader of
 * what a program is given reads the rest, as written. A command that writes a here-document is left whole: its lines
 * are text.
 */
export function withoutUnexportedAssignments(command: string): string {
  if (command.includes("<<")) return command;
  const parts = listParts(command);
  const exported = (name: string, from: number) =>
    parts.slice(from).some(({ simple }) => simple !== undefined && new RegExp(`^export\\s(?:.*\\s)?${name}(?:=|\\s|$)`).test(simple.text));
  const kept = parts.filter(({ simple }, i) => {
    const names = simple === undefined ? undefined : assignedOnly(simple.text);
    return names === undefined || names.some((name) => exported(name, i + 1));
  });
  return kept.length === parts.length ? command : kept.map(({ before, written }, i) => (i === 0 ? written.trimStart() : `${before}${written}`)).join("");
}

/** The simple commands of a command's list (listParts), each `conditional` where it runs only as another's outcome allows. */
const chainedCommands = (command: string): { text: string; conditional: boolean }[] => listParts(command).flatMap(({ simple }) => (simple ? [simple] : []));

/** The simple commands of a command (chainedCommands). */
const simpleCommands = (command: string): string[] => chainedCommands(command).map(({ text }) => text);

/** A glob's paths among the files (bash pathname expansion, sorted), or the path itself where it holds no pattern. */
function expanded(pattern: string, paths: readonly string[]): string[] {
  if (!/[*?[]/.test(pattern)) return [pattern];
  const source = pattern
    .replace(/[.+^${}()|\\]/g, "\\$&")
    .replaceAll("*", "[^/]*")
    .replaceAll("?", "[^/]")
    .replace(/\[!/g, "[^");
  const matches = new RegExp(`^${source}$`);
  return paths.filter((path) => matches.test(path)).sort();
}

/** A path without its trailing slashes. */
const trimmed = (path: string): string => path.replace(/(?<=.)\/+$/, "");

/** The options that take a value, by command (`install -m 0644`, `cp -t folder`). */
const valued: Readonly<Record<string, ReadonlySet<string>>> = {
  mv: new Set(["-t", "-S"]),
  cp: new Set(["-t", "-S"]),
  install: new Set(["-t", "-S", "-m", "-o", "-g"]),
  rm: new Set(),
};

/** A command that may write or edit a file (commandWrites), told apart before it is read. */
const mayWrite = /[>|]|\b(?:curl|wget|sed|perl|yq)\b/;

/**
 * A simple command's writes (commandWrites) on the files: each file it writes holds what it writes where that is known,
 * else is not known here, as a file it edits in place; false where any of them is not known, or a path it writes is.
 */
function writesApplied(simple: string, files: Map<string, WrittenFile>): boolean {
  if (!mayWrite.test(simple)) return true;
  const { written, content, edited, notKnown } = commandWrites(simple);
  const unreadable = `a command writes it (${commandShown(simple)}), which is not read here`;
  for (const { path, append } of written) writtenBy(path, append, content, unreadable, files);
  const changed = edited.filter((path) => files.has(path));
  for (const path of changed)
    files.set(path, { path, content: undefined, unreadable: `a command edits it in place (${commandShown(simple)}), which is not read here` });
  return !notKnown && changed.length === 0 && (written.length === 0 || content !== undefined);
}

/** One simple command's effect on the files (its writes, then a move, copy or removal), or false where it is not read here. */
const applied = (command: string, files: Map<string, WrittenFile>, folders: ReadonlySet<string>): boolean =>
  [writesApplied(command, files), moved(command, files, folders)].every(Boolean);

/** A move, copy or removal's effect on the files, or false where it is one of these commands and is not read here. */
function moved(command: string, files: Map<string, WrittenFile>, folders: ReadonlySet<string>): boolean {
  const read = words(command);
  if (!read) return !/\b(?:mv|cp|install|rm)\b/.test(command);
  const [name, ...rest] = read[0] === "sudo" ? read.slice(1) : read;
  if (name === undefined || !(name in valued)) return true;
  let target: string | undefined;
  let noTarget = false;
  let recursive = false;
  const operands: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (word === "--") {
      operands.push(...rest.slice(i + 1));
      break;
    }
    if (!word.startsWith("-") || word === "-") {
      operands.push(word);
      continue;
    }
    if (valued[name]!.has(word)) {
      if (word === "-t") target = rest[i + 1];
      i++;
    } else if (word.startsWith("--target-directory=")) target = word.slice("--target-directory=".length);
    else if (/^-[^-]*d/.test(word) && name === "install") return true;
    else {
      if (/^-[^-]*[rRa]|^--recursive$|^--archive$/.test(word)) recursive = true;
      if (/^-[^-]*T|^--no-target-directory$/.test(word)) noTarget = true;
    }
  }
  const paths = [...files.keys()];
  const sources = (target === undefined && name !== "rm" ? operands.slice(0, -1) : operands).map((operand) => ({
    operand: trimmed(operand),
    paths: expanded(trimmed(operand), paths),
  }));
  const held = (path: string) => paths.filter((each) => each.startsWith(`${path}/`));
  // What each source names: a file, or a folder's files (mv, rm -r, cp -r); a source that names none is not read here.
  const named = sources.map(({ operand, paths: found }) => ({
    operand,
    files: found.flatMap((path) =>
      files.has(path) ? [{ path, from: path }] : name === "cp" && !recursive ? [] : held(path).map((inner) => ({ path: inner, from: path })),
    ),
  }));
  if (named.length === 0 || named.some(({ files: found }) => found.length === 0)) return false;
  if (name === "rm") {
    for (const { files: found } of named) for (const { path } of found) files.delete(path);
    return true;
  }
  const destination = trimmed(target ?? operands.at(-1)!);
  const isFolder =
    !noTarget &&
    (target !== undefined ||
      named.length > 1 ||
      sources.some(({ operand }) => /[*?[]/.test(operand)) ||
      (operands.at(-1) ?? "").endsWith("/") ||
      folders.has(destination) ||
      held(destination).length > 0);
  const moves = named.flatMap(({ files: found }) =>
    found.map(({ path, from }) => {
      const under = path.slice(from.length);
      const base = from.slice(from.lastIndexOf("/") + 1);
      return { path, to: isFolder ? `${destination}/${base}${under}` : `${destination}${under}` };
    }),
  );
  const moved = moves.map(({ path, to }) => ({ to, file: files.get(path)! }));
  if (name === "mv") for (const { path } of moves) files.delete(path);
  for (const { to, file } of moved) files.set(to, { ...file, path: to });
  return true;
}

/**
 * A here-document a command writes into a file, as the shell runs it (POSIX Shell Command Language, 2.7.4
 * Here-Document): `cat > path <<END`, `cat <<END > path`, `tee path <<END` (its output to /dev/null or not), after sudo,
 * `>>` or `tee -a` appending. The lines up to the one that is the delimiter alone (leading tabs stripped with `<<-`);
 * with the delimiter unquoted, the shell expands `$` and backquotes in them: the content is then not known here.
 * Undefined where the command is no such write.
 */
function hereDocumentWrite(command: string): { path: string; append: boolean; content?: string; expanded?: string; after: string } | undefined {
  const [first = "", ...lines] = command.split("\n");
  const opens = /<<(-?)[ \t]*(["']?)([A-Za-z_][\w-]*)\2/.exec(first);
  if (!opens) return undefined;
  const redirect = first
    .replace(opens[0], " ")
    .replace(/\s*>\s*\/dev\/null\s*/, " ")
    .trim();
  const written = /^(?:sudo\s+)?cat\s*(>>?)\s*(\S+)$/.exec(redirect) ?? /^(?:sudo\s+)?tee\s+(-a\s+|--append\s+)?(\S+)$/.exec(redirect);
  if (!written) return undefined;
  const path = written[2]!.replace(/^(["'])(.*)\1$/, "$2");
  if (/[$`*?[]/.test(path)) return undefined;
  const [, stripTabs, quoted, delimiter] = opens;
  const body = lines.map((line) => (stripTabs ? line.replace(/^\t+/, "") : line).replace(/\r$/, ""));
  const end = body.indexOf(delimiter!);
  const content = `${(end < 0 ? body : body.slice(0, end)).join("\n")}\n`;
  const append = /^(?:>>|-)/.test(written[1] ?? "");
  const after = end < 0 ? "" : lines.slice(end + 1).join("\n");
  const expanded = quoted ? undefined : /\$\{[^}]*\}?|\$\([^)]*\)?|\$\w+|`[^`]*`?/.exec(content)?.[0];
  return expanded === undefined ? { path, append, content, after } : { path, append, expanded, after };
}

/**
 * A file a command writes `content` into (undefined where it is not known here, for the reason `unreadable`), or
 * appends it to: not known where what it is appended to is not.
 */
function writtenBy(path: string, append: boolean, content: string | undefined, unreadable: string, files: Map<string, WrittenFile>): void {
  const before = append ? files.get(path) : undefined;
  const known = content === undefined || (before && before.content === undefined) ? undefined : `${before?.content ?? ""}${content}`;
  files.set(path, known === undefined ? { path, content: undefined, unreadable: before?.unreadable ?? unreadable } : { path, content: known });
}

/** A here-document write's effect on the files: the file written, or appended to where the command appends. */
const writtenHere = (write: NonNullable<ReturnType<typeof hereDocumentWrite>>, files: Map<string, WrittenFile>): void =>
  writtenBy(write.path, write.append, write.content, `its content is a here-document the shell expands (${write.expanded}), not known here`, files);

const underACondition = "it is written under a condition or in a loop, not followed here";

/** A simple command that may run or not (under a condition, in a loop): what it writes or edits is not known here; not followed. */
function runsOrNot(simple: string, files: Map<string, WrittenFile>): false {
  if (!mayWrite.test(simple)) return false;
  const { written, edited } = commandWrites(simple);
  for (const path of [...written.map(({ path }) => path), ...edited.filter((path) => files.has(path))])
    files.set(path, { path, content: undefined, unreadable: underACondition });
  return false;
}

/**
 * Whether a command opens a compound command (if, case, while, until, for, select: its words may run or not, or run
 * again), and by how much it changes the depth of those it is in, a line that closes one (fi, esac, done) by -1: a
 * script's commands are its lines, an `if` and its `fi` on lines of their own.
 */
function compound(command: string): { opens: boolean; change: number } {
  let opens = false;
  let change = 0;
  for (const simple of simpleCommands(command)) {
    const [first] = simple.split(/\s+/);
    if (/^(?:if|case|while|until|for|select)$/.test(first ?? "")) {
      opens = true;
      change++;
    } else if (/^(?:fi|esac|done)$/.test(first ?? "")) change--;
  }
  return { opens, change };
}

/**
 * The shell's variables the commands assign a value to (POSIX Shell Command Language, 2.9.1 Simple Commands: a command
 * of assignments alone, or `export` / `readonly` given them), and the commands with those variables replaced by their
 * values: `$NAME` and `${NAME}` out of single quotes, in a command's first line only where a here-document follows it
 * (its lines are its text). A value is kept where it is a path or a word (letters, digits, `/._-:@%+,=`); one the shell
 * makes (`$(hostname)`), or assigned under a condition, leaves the variable not known from then on.
 */
export class ShellVariables {
  private readonly values = new Map<string, string>();

  /** The command with the variables known so far replaced. */
  replacedIn(command: string): string {
    if (this.values.size === 0 || !command.includes("$")) return command;
    const newLine = command.includes("<<") ? command.indexOf("\n") : -1;
    const [line, rest] = newLine < 0 ? [command, ""] : [command.slice(0, newLine), command.slice(newLine)];
    const replaced = line
      .split(/('[^']*')/)
      .map((part, i) =>
        i % 2 === 1 ? part : part.replace(/\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)/g, (found, braced, bare) => this.values.get(braced ?? bare) ?? found),
      )
      .join("");
    return `${replaced}${rest}`;
  }

  /** Records what a simple command assigns (`conditional`: it may not run, so what it assigns is not known). */
  assignedBy(simple: string, conditional: boolean): void {
    const words = parsed(simple).pipeline.flat();
    // A compound command's reserved words (then, else, do) lead the command they run.
    while (/^(?:then|else|do|\{|!)$/.test(words[0] ?? "")) words.shift();
    const assignments = /^(?:export|readonly)$/.test(words[0] ?? "") ? words.slice(1) : words;
    if (assignments.length === 0 || !assignments.every((word) => /^[A-Za-z_]\w*=/.test(word))) return;
    for (const word of assignments) {
      const name = word.slice(0, word.indexOf("="));
      const value = literal(word.slice(name.length + 1));
      if (!conditional && value !== undefined && /^[\w./:@%+,=-]*$/.test(value)) this.values.set(name, value);
      else this.values.delete(name);
    }
  }
}

/**
 * The files on a node after the commands (each a runcmd entry or a script's line, in order), with the commands read
 * here whole (`followed`): each of their simple commands that moves, copies or removes files is read, and a
 * here-document written into a file (hereDocumentWrite); none under a condition or in a loop (compound), whose
 * here-documents are files not known here. `folders` are folders a destination names without a trailing slash (the
 * manifests folders), read as folders.
 */
export function filesAfterCommands(
  written: ReadonlyMap<string, WrittenFile>,
  commands: readonly string[],
  folders: readonly string[],
): { files: Map<string, WrittenFile>; followed: Set<string> } {
  const files = new Map(written);
  const known = new Set(folders.map(trimmed));
  const followed = new Set<string>();
  for (const { given, write, conditional, simples } of commandsAsRun(commands)) {
    if (conditional) {
      if (write) files.set(write.path, { path: write.path, content: undefined, unreadable: underACondition });
      for (const { text } of simples) runsOrNot(text, files);
      continue;
    }
    if (write) writtenHere(write, files);
    const runs = simples.map(({ text, conditional: maybe }) => (maybe ? runsOrNot(text, files) : applied(text, files, known)));
    if (runs.every(Boolean)) followed.add(given);
  }
  return { files, followed };
}

/** A command as the shell runs it among others (commandsAsRun). */
interface CommandAsRun {
  readonly given: string;
  /**
   * The command as the shell runs it: in each part of its list, the shell variables assigned before that part replaced
   * (`CONFIG=/opt/k3s.yaml; k3s server --config $CONFIG`); a command that writes a here-document, with those assigned
   * before it.
   */
  readonly command: string;
  /** The here-document it writes into a file, and the command that follows it on its line. */
  readonly write: ReturnType<typeof hereDocumentWrite>;
  /** Whether it runs under a condition or in a loop (compound). */
  readonly conditional: boolean;
  /** Its simple commands after its here-document, each with the variables assigned before it replaced, one of the same list's included (chainedCommands). */
  readonly simples: readonly { readonly text: string; readonly conditional: boolean }[];
}

/**
 * The commands as the shell runs them one after the other: the variables each assigns (ShellVariables) replaced in
 * those after, forgotten where a script starts (its `#!` line: a shell of its own), and whether it runs under a
 * condition or in a loop, whose here-documents' lines are text, not commands.
 */
function* commandsAsRun(commands: readonly string[]): Generator<CommandAsRun> {
  let variables = new ShellVariables();
  let depth = 0;
  for (const given of commands) {
    if (given.startsWith("#!")) variables = new ShellVariables();
    const command = variables.replacedIn(given);
    const write = hereDocumentWrite(command);
    const { opens, change } = compound(write ? `${command.split("\n")[0]}\n${write.after}` : command);
    const conditional = depth > 0 || opens;
    depth = Math.max(0, depth + change);
    const simples: { text: string; conditional: boolean }[] = [];
    const ran = listParts(write ? write.after : command)
      .map(({ before, written, simple }) => {
        const part = `${before}${variables.replacedIn(written)}`;
        if (simple) {
          const text = variables.replacedIn(simple.text);
          variables.assignedBy(text, conditional || simple.conditional);
          simples.push({ text, conditional: simple.conditional });
        }
        return part;
      })
      .join("");
    yield { given, command: write ? command : ran, write, conditional, simples };
  }
}

/**
 * The commands with the shell variables assigned before each replaced (commandsAsRun), as the shell runs them: a
 * command line that names its configuration file by a variable (`k3s server --config $CONFIG`) is read with its value.
 */
export const variablesReplaced = (commands: readonly string[]): string[] => [...commandsAsRun(commands)].map(({ command }) => command);

/** The assignments of a file the shell sources, each line `NAME=value` or `export NAME=value`; undefined where a line is any other command. */
function sourcedLines(content: string): { name: string; value: string; exported: boolean }[] | undefined {
  if (isUnknown(content) && partSpansLines(content)) return undefined;
  const assignments: { name: string; value: string; exported: boolean }[] = [];
  for (const line of content.split("\n").map((each) => each.trim())) {
    if (line === "" || line.startsWith("#")) continue;
    const assignment = /^(export\s+)?([A-Za-z_]\w*)=(.*)$/.exec(line);
    // A part known only at apply is a value's alone, as a string Terraform writes is one value.
    if (!assignment || isUnknown(line.slice(0, line.indexOf("=")))) return undefined;
    assignments.push({ name: assignment[2]!, value: assignment[3]!, exported: assignment[1] !== undefined });
  }
  return assignments;
}

/**
 * The commands with, after each that sources a file the user data writes (`. /root/k3s.env`, `source`, its path written
 * or a variable's known before: commandsAsRun), the variables it exports, as the shell runs it in its own process: those
 * the line exports, or all where `set -a` (allexport) is on there (`set -a; . /root/k3s.env; set +a`), written
 * `export NAME=value` so that a command after reads them as it would the same lines written there (the others reach no
 * program it starts); and the files read so. A file sourced under a condition or in a loop (it may not be), that holds
 * anything but assignments, blank lines and comments, or is not known, is not read.
 */
export function withSourcedAssignments(commands: readonly string[], files: readonly WrittenFile[]): { commands: string[]; sourced: Set<string> } {
  const read: string[] = [];
  const sourced = new Set<string>();
  let allExported = false;
  for (const { given, conditional, simples } of commandsAsRun(commands)) {
    if (given.startsWith("#!")) allExported = false;
    read.push(given);
    for (const { text, conditional: maybe } of simples) {
      if (/^set\s+(?:-a|-o\s+allexport)\s*$/.test(text)) allExported = true;
      else if (/^set\s+(?:\+a|\+o\s+allexport)\s*$/.test(text)) allExported = false;
      const path = conditional || maybe ? undefined : /^(?:\.|source)\s+(\/[\w./-]+)$/.exec(text)?.[1];
      const content = path === undefined ? undefined : files.find((file) => file.path === path)?.content;
      const lines = content === undefined ? undefined : sourcedLines(content);
      if (!lines) continue;
      sourced.add(path!);
      read.push(...lines.filter(({ exported }) => exported || allExported).map(({ name, value }) => `export ${name}=${value}`));
    }
  }
  return { commands: read, sourced };
}
