import type { WrittenFile } from "./cloud-init";
import { isUnknown, partSpansLines } from "./values";

/**
 * A service as systemd starts it from the unit files a node's user data writes, read as systemd reads them
 * (systemd.syntax(7), systemd.unit(5), systemd.service(5), systemd.exec(5)): a line ending in a backslash goes on on
 * the next one, `#` and `;` begin comments, and a drop-in of /etc/systemd/system/<unit>.d/*.conf is read after the unit
 * file, drop-ins in the order of their names.
 */

/** The settings of a unit file's [Service] section, in order, each as its key and its value as written. */
export function serviceSettings(text: string): { readonly key: string; readonly value: string }[] {
  const settings: { key: string; value: string }[] = [];
  let section = "";
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    // A comment is left out, inside a continued line too; an empty line ends one.
    if (/^[#;]/.test(line) || (line === "" && pending === "")) continue;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const whole = `${pending}${line}`;
    pending = "";
    const header = /^\[([^\]]+)\]$/.exec(whole);
    if (header) section = header[1]!;
    const equals = whole.indexOf("=");
    if (header || equals < 0 || section !== "Service") continue;
    settings.push({ key: whole.slice(0, equals).trim(), value: whole.slice(equals + 1).trim() });
  }
  return settings;
}

/** The variables an Environment= setting assigns: space-separated `NAME=value` words, each whole in quotes where it holds blanks. */
export function environmentAssignments(value: string): [string, string][] {
  return [...value.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].flatMap((match): [string, string][] => {
    const word = match[1]?.replace(/\\(.)/g, "$1") ?? match[2] ?? match[3]!;
    const assignment = /^([A-Za-z_]\w*)=(.*)$/s.exec(word);
    return assignment ? [[assignment[1]!, assignment[2]!]] : [];
  });
}

/** What a service's unit and drop-ins set: the command it runs (ExecStart), its variables (Environment=) and the files it reads its environment from (EnvironmentFile=). */
export interface ServiceUnit {
  readonly execStart?: string;
  /** A unit file or drop-in whose content is not known here, which may set anything. */
  readonly unread?: string;
  readonly variables: ReadonlyMap<string, string>;
  readonly environmentFiles: readonly string[];
}

/**
 * The service `name` (k3s, rke2-server) as the user data writes it: its unit file /etc/systemd/system/<name>.service,
 * unless something writes it anew (`unitReplaced`: K3s's install script writes its own there), then its drop-ins. An
 * empty ExecStart= empties the list of commands, and the service runs the last one given (systemd accepts one only,
 * unless Type=oneshot); a command's prefixes (`-`, `@`, `:`, `+`, `!`) are taken off. An EnvironmentFile= written
 * `-path` is read where it exists.
 */
export function serviceUnit(files: readonly WrittenFile[], name: string, unitReplaced: boolean): ServiceUnit {
  const unitPath = `/etc/systemd/system/${name}.service`;
  const dropIns = `${unitPath}.d/`;
  const read = files
    .filter(({ path }) => (path === unitPath && !unitReplaced) || (path.startsWith(dropIns) && /^[^/]+\.conf$/.test(path.slice(dropIns.length))))
    .sort((a, b) => (a.path === unitPath ? -1 : b.path === unitPath ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const unknown = read.find(({ content }) => content === undefined || isUnknown(content));
  if (unknown) return { unread: unknown.path, variables: new Map(), environmentFiles: [] };
  const commands: string[] = [];
  const variables = new Map<string, string>();
  const environmentFiles: string[] = [];
  for (const file of read)
    for (const { key, value } of serviceSettings(file.content ?? "")) {
      if (key === "ExecStart") {
        if (value === "") commands.length = 0;
        else commands.push(value.replace(/^[-@:+!]+/, ""));
      } else if (key === "Environment") for (const [variable, assigned] of environmentAssignments(value)) variables.set(variable, assigned);
      else if (key === "EnvironmentFile" && value !== "") environmentFiles.push(value.replace(/^-/, ""));
    }
  const execStart = commands.at(-1);
  return { ...(execStart === undefined ? {} : { execStart }), variables, environmentFiles };
}

/**
 * The variables of a service's environment: those its unit assigns (`assigned`, systemd's Environment=), then those
 * of the environment files written on the node, which win (systemd's EnvironmentFile: `NAME=value` lines, quotes
 * taken off, a later file winning); or why they are not known: a file whose content is not, or one whose value known
 * only at apply is one of those the policies `read` or may make lines of its own (a part of a line that is not a
 * variable's value: `${var.environment}`). A part known only at apply within another variable's value
 * (`HTTPS_PROXY=${var.proxy}`) is that variable's alone, as a string Terraform writes is one value.
 */
export function environmentFilesVariables(
  files: readonly WrittenFile[],
  paths: readonly string[],
  assigned: ReadonlyMap<string, string>,
  read: ReadonlySet<string>,
): { readonly variables: Map<string, string>; readonly unread?: string } {
  const variables = new Map(assigned);
  for (const path of paths) {
    const file = files.find((written) => written.path === path);
    if (!file) continue;
    const unread = { variables, unread: `the service's environment file ${path} is not known here` };
    if (file.content === undefined || (isUnknown(file.content) && partSpansLines(file.content))) return unread;
    for (const line of file.content.split("\n")) {
      const assignment = /^\s*([A-Za-z_]\w*)\s*=\s*(.*?)\s*$/.exec(line);
      if (isUnknown(line) && (!assignment || isUnknown(line.slice(0, line.indexOf("="))) || read.has(assignment[1]!))) return unread;
      if (assignment) variables.set(assignment[1]!, assignment[2]!.replace(/^(["'])(.*)\1$/, "$2"));
    }
  }
  return { variables };
}
