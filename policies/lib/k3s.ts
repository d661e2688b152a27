import type { TfResource } from "../engine/model";
import type { Violation } from "../engine/policy";
import { commandShown, userDataAsSent, userDataCommands, userDataFiles, userDataNotEvaluable, type WrittenFile } from "./cloud-init";
import { firstCommandWords } from "./command-line";
import { k3sConfig, k3sConfigAt, takesServerKeys, unknownArgument } from "./rke2";
import { isUnknown, list, memoized } from "./values";

/** A command that runs K3s's install script (get.k3s.io), or gives it its variables. */
const runsInstallScript = /get\.k3s\.io|INSTALL_K3S_/;

/**
 * The arguments a command gives K3s: to its install script (get.k3s.io), INSTALL_K3S_EXEC's and the trailing ones after
 * `sh -s -` (or bash's, dash's, zsh's), which it writes into the service's command line in that order (create_systemd_service_file); to `k3s
 * server` or `k3s agent`, the words after it. Each as written, undefined where the command gives none.
 */
export function k3sArguments(command: string): { readonly exec?: string; readonly trailing?: string; readonly server?: string; readonly agent?: string } {
  const installs = runsInstallScript.test(command);
  const exec = installs
    ? /INSTALL_K3S_EXEC=(?:"([^"]*)"|'([^']*)'|(\S*))/
        .exec(command)
        ?.slice(1)
        .find((value) => value !== undefined)
    : undefined;
  const trailing = installs ? /\b(?:ba|da|z)?sh\s+-s\s+--?\s+(.*)$/.exec(command)?.[1] : undefined;
  const server = /\bk3s\s+server\b(.*)$/.exec(command)?.[1];
  const agent = /\bk3s\s+agent\b(.*)$/.exec(command)?.[1];
  return {
    ...(exec === undefined ? {} : { exec }),
    ...(trailing === undefined ? {} : { trailing }),
    ...(server === undefined ? {} : { server }),
    ...(agent === undefined ? {} : { agent }),
  };
}

/**
 * What a command that runs K3s's install script has it install (`agent`, `server`, or a flag when given flags only):
 * INSTALL_K3S_EXEC's first word, else the first trailing one, with whether the shell expands it (`$INSTALL_K3S_EXEC
 * --node-ip=...`: what it was before is not known here); undefined where it is given neither.
 */
function installScriptCommand(command: string): { readonly text: string; readonly expands: boolean } | undefined {
  const { exec, trailing } = k3sArguments(command);
  return firstCommandWords(exec ?? trailing ?? "")[0] ?? (exec === undefined ? undefined : { text: "", expands: false });
}

/**
 * Whether a command runs K3s's agent: `k3s agent`, or the install script given agent as its command, or none with
 * K3S_URL set, which makes it an agent (install.sh: "if we only have flags discover if command should be server or
 * agent"); or its server: `k3s server`, or the install script otherwise; `unknown` where the command it is given is a
 * shell variable's.
 */
function k3sRole(command: string): "agent" | "server" | "unknown" | undefined {
  if (/\bk3s\s+agent\b/.test(command)) return "agent";
  if (/\bk3s\s+server\b/.test(command)) return "server";
  if (!runsInstallScript.test(command)) return undefined;
  const given = installScriptCommand(command);
  if (given?.expands) return "unknown";
  if (given?.text === "agent" || ((given === undefined || given.text === "" || given.text.startsWith("-")) && /\bK3S_URL=/.test(command))) return "agent";
  return "server";
}

/**
 * A file of K3s's variables the user data's commands read into the shell (`. /root/k3s.env`, `source`) before the
 * install script runs, which may set K3S_URL or INSTALL_K3S_EXEC: one it writes whose content is not known here, or
 * names them; undefined where none is.
 */
function sourcedVariables(commands: readonly string[], files: readonly WrittenFile[]): { path: string; command: string } | undefined {
  for (const command of commands)
    for (const [, path] of command.matchAll(/(?:^|[;&|(]\s*)(?:\.|source)\s+([^\s;&|)]+)/g)) {
      const file = files.find((written) => written.path === path);
      if (file && (file.content === undefined || isUnknown(file.content) || /\b(?:INSTALL_)?K3S_/.test(file.content))) return { path: path!, command };
    }
  return undefined;
}

/** Whether a user data's commands (userDataCommands) run K3s's agent, which runs no API server and applies no manifest. */
export const runsK3sAgent = (commands: readonly string[]): boolean => commands.some((command) => k3sRole(command) === "agent");

/** A flag of K3s's command line: its name without dashes, its value (`true` for a flag alone), and whether the shell expands it. */
interface CommandLineFlag {
  readonly name: string;
  readonly value: string;
  readonly expands: boolean;
}

/**
 * The flags a command gives K3s (k3sArguments), in the order it reads them: `--name=value`, `--name value`, or `--name`
 * alone before another flag or at the end (a boolean). The words of each part up to the first shell operator, the
 * command K3s is given (server, agent) left out.
 */
function commandLineFlags(command: string): CommandLineFlag[] {
  const { exec, trailing, server, agent } = k3sArguments(command);
  return [exec, trailing, server ?? agent].flatMap((part) => {
    const words = firstCommandWords(part ?? "").filter((word, i) => !(i === 0 && (word.text === "server" || word.text === "agent")));
    const flags: CommandLineFlag[] = [];
    for (let i = 0; i < words.length; i++) {
      const { text, expands } = words[i]!;
      if (!text.startsWith("-")) continue;
      const written = text.replace(/^--?/, "");
      const equals = written.indexOf("=");
      const next = words[i + 1];
      if (equals >= 0) flags.push({ name: written.slice(0, equals), value: written.slice(equals + 1), expands });
      else if (next && !next.text.startsWith("-")) {
        flags.push({ name: written, value: next.text, expands: next.expands });
        i++;
      } else flags.push({ name: written, value: "true", expands: false });
    }
    return flags;
  });
}

/**
 * The configuration file K3s's server reads in place of /etc/rancher/k3s/config.yaml: K3S_CONFIG_FILE in its
 * environment (the install script passes K3S_ variables to the service), else the last --config or -c of its command
 * line (k3s pkg/configfilearg, findConfigFileFlag: the variable first); undefined where neither names one.
 */
function configFileNamed(commands: readonly string[], flags: readonly CommandLineFlag[]): { readonly value: string; readonly expands: boolean } | undefined {
  for (const command of commands) {
    const at = command.search(/\bK3S_CONFIG_FILE=/);
    const [variable] = at < 0 ? [] : firstCommandWords(command.slice(at));
    if (variable) return { value: variable.text.slice("K3S_CONFIG_FILE=".length), expands: variable.expands };
  }
  return flags.filter(({ name }) => name === "config" || name === "c").at(-1);
}

/** K3s's flags that take a list: each value adds to those before it (the component arguments, disable, tls-san, node labels and taints). */
const isListFlag = (name: string): boolean => name.endsWith("-arg") || ["disable", "tls-san", "node-label", "node-taint"].includes(name);

/**
 * The K3s server or agent a node runs, as its user data configures it: the values of its configuration files
 * (k3sConfig) with the flags of its command line after them, which win over a single value and add to a list (k3s
 * pkg/configfilearg: "the non-config file flags will override, or if a slice append to, the config file values"); the
 * files the user data writes; why the configuration files are not read, where they are not (the command line alone is
 * known then); and the values of the command line the shell expands, which are not known here.
 */
export interface K3sNode {
  readonly role: "server" | "agent";
  readonly values: Readonly<Record<string, unknown>>;
  readonly files: readonly WrittenFile[];
  readonly configUnread?: string;
  readonly expanded: ReadonlySet<string>;
}

/** Why a node's K3s cannot be read here, with its role where it is known. */
type K3sUnread = { readonly unreadable: string; readonly role?: "agent" };

/**
 * The K3s an instance's user data runs (K3sNode); undefined where it runs none; why not where it cannot be told. Its
 * role: its commands' (an agent where one runs K3s's agent), else, where a configuration is written and no command
 * starts K3s (an image that holds it), its configuration's (takesServerKeys).
 */
export const k3sNode = memoized((instance: TfResource): K3sNode | K3sUnread | undefined => {
  const userData = instance.values.user_data;
  const text = typeof userData === "string" ? userDataAsSent(userData) : undefined;
  if (text === undefined) return undefined;
  const commands = userDataCommands(text);
  const roles = commands.map(k3sRole);
  const role = roles.includes("agent") ? "agent" : "server";
  const runs = commands.filter((_, i) => roles[i] === role);
  const flags = runs.flatMap(commandLineFlags);
  const configFile = configFileNamed(runs, flags);
  const unread = (unreadable: string): K3sUnread => (role === "agent" ? { unreadable, role } : { unreadable });
  if (configFile?.expands) return unread(`K3s's configuration file is a shell variable's (${configFile.value}), not known here`);
  const config = configFile ? k3sConfigAt(instance, configFile.value) : k3sConfig(instance);
  const written = userDataFiles(userData) ?? [];
  const sourced = roles.some((each) => each !== undefined) || config !== undefined ? sourcedVariables(commands, written) : undefined;
  if (sourced)
    return unread(
      `the user data reads variables from ${sourced.path} (${commandShown(sourced.command)}), which may make K3s an agent or give it flags, and is not read here`,
    );
  if (role === "server" && roles.includes("unknown"))
    return { unreadable: "the command K3s's install script is given is a shell variable's: whether it runs K3s's server or its agent cannot be told" };
  if (runs.length === 0) {
    if (config === undefined || "unreadable" in config) return config;
    if (takesServerKeys(config.values) === undefined)
      return { unreadable: "whether the instance runs K3s's server or its agent cannot be told from its user data" };
  }
  const values: Record<string, unknown> = config && "values" in config ? { ...config.values } : {};
  const expanded = new Set<string>();
  for (const { name, value, expands } of flags) {
    values[name] = isListFlag(name) ? [...list(values[name]), value] : value;
    if (expands) expanded.add(value);
  }
  return {
    role,
    values,
    files: config && "files" in config ? config.files : written,
    ...(config && "unreadable" in config ? { configUnread: config.unreadable } : {}),
    expanded,
  };
});

/** The K3s server an instance's user data runs (k3sNode); undefined where it runs none, or runs K3s's agent. */
export function k3sServer(instance: TfResource): K3sNode | K3sUnread | undefined {
  const node = k3sNode(instance);
  return node?.role === "agent" ? undefined : node;
}

/**
 * A value of `key` on a K3s server's command line that the shell expands (`--kube-apiserver-arg=audit-log-path=$LOG`),
 * among the component's `flags` or hiding its flag's name; undefined where none is.
 */
function expandedArgument(server: K3sNode, key: string, flags: readonly string[]): string | undefined {
  const found = list(server.values[key]).find((arg) => {
    if (typeof arg !== "string" || !server.expanded.has(arg)) return false;
    const name = arg.split("=")[0]!.replace(/^--/, "");
    return name.includes("$") || name.includes("`") || flags.includes(name.replace(/[+-]+$/, ""));
  });
  return found === undefined ? undefined : `${key}'s ${String(found)}, which the shell expands,`;
}

/** Whether a K3s server runs an API server: one started with disable-apiserver is an etcd-only member. */
export const runsApiServer = (server: K3sNode): boolean => String(server.values["disable-apiserver"]) !== "true";

/**
 * What of a K3s node's arguments to a component (`key`, read as `args`) is not known here, among its `flags` or hiding
 * one: known only at apply (unknownArgument), or expanded by the shell on its command line (expandedArgument).
 */
export const argumentNotKnown = (server: K3sNode, key: string, args: ReadonlyMap<string, readonly string[]>, flags: readonly string[]): string | undefined =>
  unknownArgument(server.values, key, args, flags) ?? expandedArgument(server, key, flags);

/**
 * The first of `flags` (of kube-apiserver-arg: `args`) a K3s server leaves to configuration files not read here, which
 * may set it: none where the files are read, or where the command line, which wins, sets it.
 */
export const leftToUnreadFiles = (server: K3sNode, args: ReadonlyMap<string, unknown>, flags: readonly string[]): string | undefined =>
  server.configUnread === undefined ? undefined : flags.find((flag) => !args.has(flag));

/** Not evaluable: `flag` is left to configuration files not read here (leftToUnreadFiles), so `what` cannot be told. */
export const unsettled = (server: K3sNode, flag: string, what: string): Violation[] =>
  userDataNotEvaluable(`${server.configUnread}, and the command line sets no ${flag}: ${what} cannot be told`);
