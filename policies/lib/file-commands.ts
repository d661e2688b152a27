import type { WrittenFile } from "./cloud-init";

/**
 * What the commands a node's user data runs once its files are written (commandsAfterFiles) do to them: `mv`, `cp` and
 * `install` (GNU coreutils) move or copy files it wrote, named by path, by a glob (`*`, `?`, `[...]`, not across a `/`)
 * or as a folder holding them, into a file or a folder; `rm` removes them; `cat` and `tee` write a here-document into
 * one (hereDocumentWrite). A command is read only where each word is known (no `$`, no backquote) and each source is
 * among the files: another changes nothing here.
 */

/** A simple command's words, its quotes taken off; undefined where a word is known only when the shell runs it. */
function words(command: string): string[] | undefined {
  const read = [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(([, double, single, plain]) => double ?? single ?? plain!);
  return read.some((word) => /[$`]/.test(word)) ? undefined : read;
}

/** The simple commands of a command, split at `&&`, `||`, `;` and new lines (a pipeline is left whole), without their comments. */
const simpleCommands = (command: string): string[] =>
  command
    .split(/&&|\|\||;|\n/)
    .map((part) => part.replace(/(?:^|\s)#.*$/, "").trim())
    .filter(Boolean);

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

/** One simple command's effect on the files, or false where it is one of these commands and is not read here. */
function applied(command: string, files: Map<string, WrittenFile>, folders: ReadonlySet<string>): boolean {
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

/** A here-document write's effect on the files: the file written, or appended to where the command appends. */
function writtenHere(write: NonNullable<ReturnType<typeof hereDocumentWrite>>, files: Map<string, WrittenFile>): void {
  const before = write.append ? files.get(write.path) : undefined;
  const unreadable = `its content is a here-document the shell expands (${write.expanded}), not known here`;
  const content = write.content === undefined || (before && before.content === undefined) ? undefined : `${before?.content ?? ""}${write.content}`;
  files.set(write.path, content === undefined ? { path: write.path, content: undefined, unreadable } : { path: write.path, content });
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
  let depth = 0;
  for (const command of commands) {
    const write = hereDocumentWrite(command);
    // A here-document's lines are text, not commands.
    const { opens, change } = compound(write ? `${command.split("\n")[0]}\n${write.after}` : command);
    const conditional = depth > 0 || opens;
    depth = Math.max(0, depth + change);
    if (conditional) {
      if (write) files.set(write.path, { path: write.path, content: undefined, unreadable: "it is written under a condition or in a loop, not followed here" });
      continue;
    }
    if (write) writtenHere(write, files);
    if (simpleCommands(write ? write.after : command).every((simple) => applied(simple, files, known))) followed.add(command);
  }
  return { files, followed };
}
