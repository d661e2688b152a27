import { goParseBool } from "../../lib/go-parse-bool";
import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import type { Violation } from "../engine/policy";
import { commandShown, userDataNotEvaluable, type WrittenFile } from "./cloud-init";
import { type CommandLineFlag, commandLineFlags, firstCommandWords } from "./command-line";
import { variablesReplaced, withoutUnexportedAssignments, withSourcedAssignments } from "./file-commands";
import { k3sConfig, k3sConfigAt, type RancherConfig, rke2Config, rke2ConfigAt, takesServerKeys, unknownArgument } from "./rancher-config";
import { connectedSetups, type NodeSetup, nodeSetups, onSetup } from "./node-setup";
import { environmentFilesVariables, serviceUnit } from "./systemd-unit";
import { hasUnknownItem, isUnknown, isUnknownValue, list, literalString, memoized } from "./values";

type Role = "agent" | "server" | "unknown";

/**
 * How K3s or RKE2 is started on a node, and told its flags: both read them with K3s's configfilearg (the configuration
 * files, then the command line) and their flags' environment variables, named after the program (`K3S_`, `RKE2_`).
 */
interface Launcher {
  readonly name: "K3s" | "RKE2";
  /**
   * Its role where a command runs it, installs it or starts its service; `unknown` where a shell variable tells. The
   * variables the commands before it export (`exported`) are in its environment.
   */
  readonly role: (command: string, exported?: ReadonlySet<string>) => Role | undefined;
  /** The parts of a command that give it flags, each as written. */
  readonly argumentParts: (command: string) => readonly (string | undefined)[];
  /** The variable that names its configuration file (configfilearg's EnvName: the program's name, then _CONFIG_FILE). */
  readonly configVariable: string;
  /** Its configuration files: at their default place, or the one a variable or --config names. */
  readonly config: (setup: NodeSetup, path: string | undefined) => RancherConfig | undefined;
  /** Variables that may make it an agent or give it flags, in a file the node's setup reads into its shell. */
  readonly variables: RegExp;
  /** The systemd service that runs it as `role`. */
  readonly service: (role: "agent" | "server") => string;
  /** Whether the setup's commands write the service's unit file in /etc/systemd/system anew (an install script that does). */
  readonly writesUnit: (commands: readonly string[]) => boolean;
  /** The files its service for `role` reads its environment from, in systemd's order (a later one wins). */
  readonly environmentFiles: (role: "agent" | "server") => readonly string[];
  /** The variables of the flags the policies read (`profile` for RKE2_CIS_PROFILE), the lowest of their sources. */
  readonly flagVariables: Readonly<Record<string, string>>;
}

/** The value a command assigns to `variable` (`NAME=value`, its first word there), with whether the shell expands it. */
function assignedIn(command: string, variable: string): { readonly value: string; readonly expands: boolean } | undefined {
  const at = command.search(new RegExp(`\\b${variable}=`));
  const [word] = at < 0 ? [] : firstCommandWords(command.slice(at));
  return word && { value: word.text.slice(variable.length + 1), expands: word.expands };
}

/** The words after `<binary> server` or `<binary> agent` in a command, as written. */
const subcommandArguments = (binary: string, command: string): (string | undefined)[] => [
  new RegExp(`\\b${binary}\\s+server\\b(.*)$`).exec(command)?.[1],
  new RegExp(`\\b${binary}\\s+agent\\b(.*)$`).exec(command)?.[1],
];

/** A command that runs K3s's install script (get.k3s.io), or gives it its variables. */
const runsK3sInstallScript = /get\.k3s\.io|INSTALL_K3S_/;

/**
 * The arguments a command gives K3s: to its install script (get.k3s.io), INSTALL_K3S_EXEC's and the trailing ones after
 * `sh -s -` (or bash's, dash's, zsh's), which it writes into the service's command line in that order (create_systemd_service_file); to `k3s
 * server` or `k3s agent`, the words after it. Each as written, undefined where the command gives none.
 */
function k3sArguments(command: string): { readonly exec?: string; readonly trailing?: string; readonly server?: string; readonly agent?: string } {
  const installs = runsK3sInstallScript.test(command);
  const exec = installs ? assignedIn(command, "INSTALL_K3S_EXEC")?.value : undefined;
  const trailing = installs ? /\b(?:ba|da|z)?sh\s+-s\s+--?\s+(.*)$/.exec(command)?.[1] : undefined;
  const [server, agent] = subcommandArguments("k3s", command);
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
function k3sRole(command: string, exported: ReadonlySet<string> = new Set()): Role | undefined {
  if (/\bk3s\s+agent\b/.test(command)) return "agent";
  if (/\bk3s\s+server\b/.test(command)) return "server";
  if (!runsK3sInstallScript.test(command)) return undefined;
  const given = installScriptCommand(command);
  if (given?.expands) return "unknown";
  const joins = /\bK3S_URL=/.test(command) || exported.has("K3S_URL");
  if (given?.text === "agent" || ((given === undefined || given.text === "" || given.text.startsWith("-")) && joins)) return "agent";
  return "server";
}

/**
 * Each command's role (the launcher's `role`), each command without the assignments nothing exports
 * (withoutUnexportedAssignments), with the variables the commands before it export in its environment (`export
 * K3S_URL=https://...`, or a file sourced under `set -a`: withSourcedAssignments): one exported empty, or unset, is not;
 * a command left empty (it only assigned variables) has none.
 */
function rolesOf(commands: readonly string[], role: Launcher["role"]): (Role | undefined)[] {
  const exported = new Set<string>();
  return commands.map((command) => {
    const found = command === "" ? undefined : role(command, exported);
    for (const [, name, value = ""] of command.matchAll(/(?:^|[;&|(]\s*)export\s+([A-Za-z_]\w*)=("[^"]*"|'[^']*'|[^\s;&|)]*)/g))
      if (value.replace(/^(["'])(.*)\1$/, "$2") === "") exported.delete(name!);
      else exported.add(name!);
    for (const [, name] of command.matchAll(/(?:^|[;&|(]\s*)unset\s+([A-Za-z_]\w*)/g)) exported.delete(name!);
    return found;
  });
}

/**
 * K3s: the install script passes its K3S_ variables to the service, K3S_CONFIG_FILE among them, in a file it writes
 * anew beside the unit, read last (create_env_file, /etc/systemd/system/k3s.service.env: what a command assigns them);
 * the unit reads /etc/default and /etc/sysconfig before it (k3s install.sh, create_systemd_service_file:
 * EnvironmentFile=-/etc/default/%N), `k3s` for a server's service and `k3s-agent` for an agent's. Of the flags the
 * policies read, only the configuration file has a variable (k3s pkg/cli/cmds: ConfigFlag's EnvVar).
 */
const k3s: Launcher = {
  name: "K3s",
  role: k3sRole,
  argumentParts: (command) => {
    const { exec, trailing, server, agent } = k3sArguments(command);
    return [exec, trailing, server ?? agent];
  },
  configVariable: "K3S_CONFIG_FILE",
  config: (setup, path) => (path === undefined ? k3sConfig(setup) : k3sConfigAt(setup, path)),
  variables: /\b(?:INSTALL_)?K3S_/,
  service: (role) => (role === "agent" ? "k3s-agent" : "k3s"),
  writesUnit: (commands) => commands.some((command) => runsK3sInstallScript.test(command)),
  environmentFiles: (role) => ["/etc/default/", "/etc/sysconfig/"].map((folder) => `${folder}${k3s.service(role)}`),
  flagVariables: {},
};

/**
 * RKE2: its install script takes no flags, only the type of service to install (INSTALL_RKE2_TYPE, else its alias
 * INSTALL_RKE2_EXEC, server by default: rke2 install.sh), and passes no variable to the service; the service reads its
 * environment from /etc/default, /etc/sysconfig and the file beside its unit (rke2 bundle/lib/systemd/system/
 * rke2-server.service, EnvironmentFile; the tarball installs it under /usr/local, or /opt/rke2 where /usr/local is
 * read-only). The variables of the flags the policies read: rke2 pkg/cli/cmds/root.go and server.go.
 */
const rke2: Launcher = {
  name: "RKE2",
  role: (command) => {
    if (/\brke2\s+agent\b|\brke2-agent\b/.test(command)) return "agent";
    if (/\brke2\s+server\b|\brke2-server\b/.test(command)) return "server";
    if (!/get\.rke2\.io|INSTALL_RKE2_/.test(command)) return undefined;
    const type = assignedIn(command, "INSTALL_RKE2_TYPE") ?? assignedIn(command, "INSTALL_RKE2_EXEC");
    if (type?.expands) return "unknown";
    return type?.value === "agent" ? "agent" : "server";
  },
  argumentParts: (command) => {
    const [server, agent] = subcommandArguments("rke2", command);
    return [server ?? agent];
  },
  configVariable: "RKE2_CONFIG_FILE",
  config: (setup, path) => (path === undefined ? rke2Config(setup) : rke2ConfigAt(setup, path)),
  variables: /\b(?:INSTALL_)?RKE2_/,
  service: (role) => `rke2-${role}`,
  writesUnit: () => false,
  environmentFiles: (role) =>
    ["/etc/default/", "/etc/sysconfig/", "/usr/local/lib/systemd/system/", "/opt/rke2/lib/systemd/system/"].map(
      (folder) => `${folder}${rke2.service(role)}${folder.endsWith("system/") ? ".env" : ""}`,
    ),
  flagVariables: {
    RKE2_CIS_PROFILE: "profile",
    RKE2_AUDIT_POLICY_FILE: "audit-policy-file",
    RKE2_POD_SECURITY_ADMISSION_CONFIG_FILE: "pod-security-admission-config-file",
    RKE2_CNI: "cni",
  },
};

/**
 * A file of the distribution's variables the user data's commands read into the shell (`. /root/k3s.env`, `source`)
 * before it runs, which may make it an agent or give it flags: one it writes whose content is not known here, or
 * names them, but those whose assignments are read (`read`: withSourcedAssignments); undefined where none is.
 */
function sourcedVariables(commands: readonly string[], files: readonly WrittenFile[], { variables }: Launcher, read: ReadonlySet<string>) {
  for (const command of commands)
    for (const [, path] of command.matchAll(/(?:^|[;&|(]\s*)(?:\.|source)\s+([^\s;&|)]+)/g)) {
      const file = read.has(path!) ? undefined : files.find((written) => written.path === path);
      if (file && (file.content === undefined || isUnknown(file.content) || variables.test(file.content))) return { path: path!, command };
    }
  return undefined;
}

/** The short names of the flags read here (k3s pkg/cli/cmds: ConfigFlag's c, DataDirFlag's d; RKE2 copies both). */
const flagAliases: Readonly<Record<string, string>> = { c: "config", d: "data-dir" };

/**
 * The flags a command gives the distribution (its launcher's argumentParts), in the order it reads them
 * (commandLineFlags): the words of each part up to the first shell operator, the command it is given (server, agent)
 * left out.
 */
const launcherFlags = (command: string, launcher: Launcher): CommandLineFlag[] =>
  launcher.argumentParts(command).flatMap((part) =>
    commandLineFlags(
      firstCommandWords(part ?? "").filter((word, i) => !(i === 0 && (word.text === "server" || word.text === "agent"))),
      flagAliases,
    ),
  );

/**
 * The configuration file the distribution reads in place of its default: its variable (configVariable) in the
 * environment of the command that runs it or of its service, else the last --config or -c of its command line (k3s
 * pkg/configfilearg, findConfigFileFlag: the variable first); undefined where none names one.
 */
function configFileNamed(
  commands: readonly string[],
  environment: ReadonlyMap<string, string>,
  flags: readonly CommandLineFlag[],
  { configVariable }: Launcher,
): { readonly value: string; readonly expands: boolean } | undefined {
  for (const command of commands) {
    const assigned = assignedIn(command, configVariable);
    if (assigned) return assigned;
  }
  const fromService = environment.get(configVariable);
  if (fromService) return { value: fromService, expands: false };
  return flags.filter(({ name }) => name === "config").at(-1);
}

/** The flags that take a list: each value adds to those before it (the component arguments, disable, tls-san, node labels and taints, cni). */
const isListFlag = (name: string): boolean => name.endsWith("-arg") || ["disable", "tls-san", "node-label", "node-taint", "cni"].includes(name);

/**
 * The K3s or RKE2 server or agent a node runs, as its user data configures it: the values its service's environment
 * gives the flags the policies read, then those of its configuration files, which win, then the flags of its command
 * line, which win over a single value and add to a list (k3s pkg/configfilearg: "the non-config file flags will
 * override, or if a slice append to, the config file values"; a flag set on the command line is not read from its
 * variable); the files the user data writes; why the configuration files or the environment are not read, where they
 * are not (the command line alone is known then); and the values of the command line the shell expands.
 */
export interface RancherNode {
  readonly name: "K3s" | "RKE2";
  readonly role: "server" | "agent";
  readonly values: Readonly<Record<string, unknown>>;
  readonly files: readonly WrittenFile[];
  readonly configUnread?: string;
  readonly expanded: ReadonlySet<string>;
  /** Set up by its configuration alone: no command of its setup installs or starts it (an image holds it, or another setup starts it). */
  readonly configOnly?: true;
}

/**
 * Where a finding of a judgement on a K3s or RKE2 server goes, by what it is about (its arguments and settings, a file
 * they name, or its network plugin): the node's setup (user_data, which onSetup moves to a provisioner's), or the field
 * of a Cluster API spec that writes it.
 */
export type Placed = (about: "args" | "files" | "network", violation: Violation) => Violation;

/** Every finding on the node's setup, where the judgement places it (eachNode puts it at the setup's path). */
export const onSetupPath: Placed = (_about, violation) => violation;

/** Why a node's K3s or RKE2 cannot be read here, with its role where it is known. */
type NodeUnread = { readonly unreadable: string; readonly role?: "agent" };

/**
 * The K3s or RKE2 an instance's user data runs (RancherNode); undefined where it runs none; why not where it cannot be
 * told. Its role: its commands' (an agent where one runs the agent), else, where a configuration is written and no
 * command starts it (an image that holds it), its configuration's (takesServerKeys).
 */
function readNode(read: NodeSetup, launcher: Launcher): RancherNode | NodeUnread | undefined {
  if (read.text === undefined) return undefined;
  const { said } = read;
  const { name } = launcher;
  const written = read.files ?? [];
  // A variable the commands assigned a path or a word before is read with its value (`k3s server --config $CONFIG`),
  // and so are those of a file they source (`set -a; . /root/k3s.env; set +a`).
  const { commands: withSourced, sourced: sourcedFiles } = withSourcedAssignments(read.commands, written);
  const commands = variablesReplaced(withSourced).map(withoutUnexportedAssignments);
  const roles = rolesOf(commands, launcher.role);
  const unitReplaced = launcher.writesUnit(commands);
  const units = {
    server: serviceUnit(written, launcher.service("server"), unitReplaced),
    agent: serviceUnit(written, launcher.service("agent"), unitReplaced),
  };
  // Where no command tells the role, a unit of the user data's own that runs the agent does.
  const told = roles.some((each) => each === "agent" || each === "server");
  const role = roles.includes("agent") || (!told && units.agent.execStart !== undefined && units.server.execStart === undefined) ? "agent" : "server";
  const unread = (unreadable: string): NodeUnread => (role === "agent" ? { unreadable, role } : { unreadable });
  const unit = units[role];
  if (unit.unread) return unread(`${said} writes ${unit.unread}, a unit file of ${name}'s service not known here: the command it runs cannot be read`);
  // The service runs the command its unit and drop-ins give, in place of the one the install script writes in its unit;
  // the variables the install command assigns stay in the environment file it writes.
  const launches = commands.filter((_, i) => roles[i] === role);
  const runs = unit.execStart === undefined ? launches : [unit.execStart];
  const flags = runs.flatMap((command) => launcherFlags(command, launcher));
  const environment = environmentFilesVariables(
    written,
    [...launcher.environmentFiles(role), ...unit.environmentFiles],
    unit.variables,
    new Set([launcher.configVariable, ...Object.keys(launcher.flagVariables)]),
  );
  const configFile = configFileNamed(launches, environment.variables, flags, launcher);
  if (configFile?.expands) return unread(`${name}'s configuration file is a shell variable's (${configFile.value}), not known here`);
  const config = launcher.config(read, configFile?.value);
  const sourced = roles.some((each) => each !== undefined) || config !== undefined ? sourcedVariables(commands, written, launcher, sourcedFiles) : undefined;
  if (sourced)
    return unread(
      `${said} reads variables from ${sourced.path} (${commandShown(sourced.command)}), which may make ${name} an agent or give it flags, and is not read here`,
    );
  if (role === "server" && roles.includes("unknown"))
    return {
      unreadable: `what ${name}'s install script is told to install is a shell variable's: whether it runs ${name}'s server or its agent cannot be told`,
    };
  if (runs.length === 0) {
    if (config === undefined || "unreadable" in config) return config;
    if (takesServerKeys(config.values) === undefined) return { unreadable: `whether the node runs ${name}'s server or its agent cannot be told from ${said}` };
  }
  const values: Record<string, unknown> = {};
  for (const [variable, flag] of Object.entries(launcher.flagVariables)) {
    const value = environment.variables.get(variable);
    if (value !== undefined) values[flag] = value;
  }
  if (config && "values" in config) Object.assign(values, config.values);
  const expanded = new Set<string>();
  for (const { name: flag, value, expands } of flags) {
    values[flag] = isListFlag(flag) ? [...list(values[flag]), value] : value;
    if (expands) expanded.add(value);
  }
  const configUnread = config && "unreadable" in config ? config.unreadable : environment.unread;
  return {
    name,
    role,
    values,
    files: config && "files" in config ? config.files : written,
    ...(configUnread ? { configUnread } : {}),
    expanded,
    ...(runs.length === 0 ? { configOnly: true } : {}),
  };
}

/** The K3s a node's setup runs (readNode). */
export const k3sNodeOn = memoized((setup: NodeSetup) => readNode(setup, k3s));

/** The RKE2 a node's setup runs (readNode). */
export const rke2NodeOn = memoized((setup: NodeSetup) => readNode(setup, rke2));

/** The K3s or RKE2 node a setup runs, with the setup, where it runs one. */
export type NodeOnSetup = { readonly setup: NodeSetup; readonly node: RancherNode | NodeUnread };

/** The nodes of a distribution a resource's setups run (nodeSetups, with the configuration's graph: an instance's user data, its provisioners, a null_resource's), or their servers alone. */
const nodesOf = (read: (setup: NodeSetup) => RancherNode | NodeUnread | undefined, servers: boolean) => {
  // Provisioners that run no node of their own on the files an instance's user data wrote (they wait for it, fetch its
  // kubeconfig) leave the node to the user data, judged on the instance.
  const runsNode = (setup: NodeSetup) => read(setup) !== undefined && !(setup.own && read(setup.own) === undefined);
  return (resource: TfResource, graph: ResourceGraph): NodeOnSetup[] => {
    const setups = nodeSetups(resource, graph);
    return setups.flatMap((setup) => {
      const node = read(setup);
      if (node === undefined || !runsNode(setup)) return [];
      // A configuration the user data writes for provisioners that start the node (the instance's, or those of a
      // resource whose connection reaches it) is judged with them, where they run.
      const startedByProvisioners = () =>
        [...setups.filter((other) => other !== setup), ...connectedSetups(resource, graph)].some((other) => other.path !== "user_data" && runsNode(other));
      if ("configOnly" in node && setup.path === "user_data" && startedByProvisioners()) return [];
      return servers && node.role === "agent" ? [] : [{ setup, node }];
    });
  };
};

/**
 * A policy's findings on each node of `nodes` (k3sServers, rancherNodes and the like): `judge`'s on one read, not
 * evaluable on one that is not (its reason, then `unread`: what cannot be read of it); each at its setup's place.
 */
export const eachNode = (nodes: readonly NodeOnSetup[], unread: string, judge: (node: RancherNode) => Violation[]): Violation[] =>
  nodes.flatMap(({ setup, node }) => onSetup(setup, "unreadable" in node ? userDataNotEvaluable(`${node.unreadable}: ${unread}`) : judge(node)));

/** The RKE2 and the K3s nodes a resource's setups run (a server or an agent). */
export const rancherNodes = (resource: TfResource, graph: ResourceGraph): NodeOnSetup[] => [
  ...nodesOf(rke2NodeOn, false)(resource, graph),
  ...nodesOf(k3sNodeOn, false)(resource, graph),
];

/** The K3s servers a resource's setups run (an agent runs no API server). */
export const k3sServers = nodesOf(k3sNodeOn, true);

/** The RKE2 servers a resource's setups run. */
export const rke2Servers = nodesOf(rke2NodeOn, true);

/**
 * A value of `key` on a server's command line that the shell expands (`--kube-apiserver-arg=audit-log-path=$LOG`),
 * among the component's `flags` or hiding its flag's name; undefined where none is.
 */
function expandedArgument(server: RancherNode, key: string, flags: readonly string[]): string | undefined {
  const found = list(server.values[key]).find((arg) => {
    if (typeof arg !== "string" || !server.expanded.has(arg)) return false;
    const name = arg.split("=")[0]!.replace(/^--/, "");
    return name.includes("$") || name.includes("`") || flags.includes(name.replace(/[+-]+$/, ""));
  });
  return found === undefined ? undefined : `${key}'s ${String(found)}, which the shell expands,`;
}

/** Whether a value of a node's settings is not known here: known only at apply, or expanded by the shell on its command line. */
export const valueNotKnown = (node: RancherNode, value: unknown): boolean => isUnknownValue(value) || node.expanded.has(String(value));

/**
 * Whether a boolean setting of a K3s or RKE2 node is on. K3s's configfilearg (pkg/configfilearg/parser.go,
 * readConfigFile) turns every value of the configuration files into text (`--key=` then convert.ToString: a YAML true
 * is "true", 1 is "1"), and the command line's boolean flags take their text with Go's strconv.ParseBool (the flag
 * package's boolValue.Set, under urfave/cli): so 1, t, T, TRUE, True and true turn a setting on, from a file or the
 * command line, and a flag written alone is "true" (commandLineFlags).
 */
export const settingOn = (value: unknown): boolean => goParseBool(String(value)) === true;

/** Whether a K3s or RKE2 server runs an API server: one started with disable-apiserver is an etcd-only member. */
export const runsApiServer = (server: RancherNode): boolean => !settingOn(server.values["disable-apiserver"]);

/**
 * What of a node's arguments to a component (`key`, read as `args`) is not known here, among its `flags` or hiding
 * one: known only at apply (unknownArgument), or expanded by the shell on its command line (expandedArgument).
 */
export const argumentNotKnown = (
  server: RancherNode,
  key: string,
  args: ReadonlyMap<string, readonly string[]>,
  flags: readonly string[],
): string | undefined => unknownArgument(server.values, key, args, flags) ?? expandedArgument(server, key, flags);

/**
 * The first of `flags` (of kube-apiserver-arg: `args`) a server leaves to configuration files not read here, which
 * may set it: none where the files are read, or where the command line, which wins, sets it.
 */
export const leftToUnreadFiles = (server: RancherNode, args: ReadonlyMap<string, unknown>, flags: readonly string[]): string | undefined =>
  server.configUnread === undefined ? undefined : flags.find((flag) => !args.has(flag));

/** Not evaluable: `flag` is left to configuration files not read here (leftToUnreadFiles), so `what` cannot be told. */
export const unsettled = (server: RancherNode, flag: string, what: string): Violation[] =>
  userDataNotEvaluable(`${server.configUnread}, and the command line sets no ${flag}: ${what} cannot be told`);

const controllerRuns = "whether K3s's network policy controller runs";

/**
 * Whether a K3s server leaves NetworkPolicies unenforced: K3s ships a controller that enforces them (kube-router's)
 * unless disable-network-policy is set (docs.k3s.io, security/hardening-guide), and flannel applies none; with
 * flannel-backend none, the plugin is installed apart and the configuration cannot vouch for it (not evaluable).
 */
export function k3sNetworkPolicyGaps(server: RancherNode): Violation[] {
  const setting = (key: string) => {
    const value = server.values[key];
    return valueNotKnown(server, value) ? { unknown: true } : { value: value === undefined ? undefined : String(value) };
  };
  const disabled = setting("disable-network-policy");
  if ("unknown" in disabled) return userDataNotEvaluable(`K3s's disable-network-policy is known only at apply: ${controllerRuns} cannot be told`);
  if (disabled.value === undefined && server.configUnread !== undefined) return unsettled(server, "disable-network-policy", controllerRuns);
  if (!settingOn(disabled.value)) return [];
  const backend = setting("flannel-backend");
  if ("unknown" in backend)
    return userDataNotEvaluable("K3s's flannel-backend is known only at apply: whether a plugin enforces NetworkPolicies cannot be told");
  if (backend.value === undefined && server.configUnread !== undefined) return unsettled(server, "flannel-backend", "whether flannel is the network plugin");
  if (backend.value === "none")
    return userDataNotEvaluable(
      "K3s's network policy controller is disabled and flannel-backend is none: the network plugin is installed apart, and whether it enforces NetworkPolicies is not in the configuration",
    );
  return [
    {
      message: `K3s's network policy controller is disabled (disable-network-policy) and flannel (backend ${backend.value ?? "vxlan"}), its network plugin, enforces no NetworkPolicy`,
      path: "user_data",
    },
  ];
}

/**
 * RKE2's bundled CNI plugins that apply NetworkPolicies (docs.rke2.io, networking/basic_network_options: Canal uses
 * Calico for network policies, the default; "Flannel does not support network policies"). Multus is a secondary
 * plugin, set beside a primary one.
 */
export const rke2EnforcingPlugins = ["canal", "calico", "cilium"];

/**
 * The charts of RKE2's network plugins that will not be applied: RKE2 ships each plugin as the charts rke2-<plugin> and
 * rke2-<plugin>-crd (rke2 pkg/cli/cmds/server.go, disableExceptSelected), which k3s's deploy controller deletes when
 * `disable` names them (split at commas, each name trimmed: k3s pkg/cli/server/server.go) and leaves alone beside a
 * `.skip` file anywhere under <data-dir>/server/manifests (k3s pkg/deploy/controller.go, shouldDisableFile and
 * shouldSkipFile).
 */
function unappliedCharts(config: RancherNode, plugins: readonly string[]): string[] {
  const disabled = new Set(list(config.values.disable).flatMap((item) => (literalString(item) ?? "").split(",").map((name) => name.trim())));
  const manifests = `${literalString(config.values["data-dir"]) ?? "/var/lib/rancher/rke2"}/server/manifests/`;
  const skipped = new Set(config.files.filter((file) => file.path.startsWith(manifests)).map((file) => file.path.slice(file.path.lastIndexOf("/") + 1)));
  return plugins.flatMap((plugin) => [`rke2-${plugin}`, `rke2-${plugin}-crd`]).filter((chart) => disabled.has(chart) || skipped.has(`${chart}.yaml.skip`));
}

/**
 * Whether an RKE2 server leaves NetworkPolicies unenforced: its cni names a plugin that ignores them (flannel); not
 * evaluable where the plugin is none (installed apart), not applied (its chart disabled or skipped), known only at apply,
 * or left to configuration files not read.
 */
export function rke2NetworkPolicyGaps(server: RancherNode): Violation[] {
  // Unset, RKE2 deploys canal (validateCNI).
  const plugins = server.values.cni === undefined ? ["canal"] : list(server.values.cni);
  if (plugins.some((plugin) => valueNotKnown(server, plugin))) return userDataNotEvaluable("the RKE2 cni is known only at apply");
  // RKE2 splits each value on commas: "multus,canal" is Multus beside Canal (rancher/rke2 pkg/cli/cmds/server.go, validateCNI).
  const primary = plugins
    .flatMap((plugin) => String(plugin).split(","))
    .map((plugin) => plugin.trim())
    .filter((plugin) => plugin !== "multus");
  const ignoring = primary.filter((plugin) => plugin !== "none" && !rke2EnforcingPlugins.includes(plugin));
  if (ignoring.length > 0) return [{ message: `RKE2's cni ${ignoring.join(", ")} does not enforce NetworkPolicies`, path: "user_data" }];
  // A configuration file not read here adds its plugins to the command line's, or sets them where it sets none.
  if (server.configUnread) return unsettled(server, "cni", "whether its network plugin enforces NetworkPolicies");
  if (primary.includes("none"))
    return userDataNotEvaluable("RKE2's cni is none: the plugin is installed apart, and whether it enforces NetworkPolicies is not in the configuration");
  if (hasUnknownItem(server.values.disable) || isUnknownValue(server.values["data-dir"]))
    return userDataNotEvaluable("RKE2's disable list or data-dir is known only at apply: whether its network plugin is applied cannot be told");
  const unapplied = unappliedCharts(server, primary);
  return unapplied.length > 0
    ? userDataNotEvaluable(
        `RKE2 does not apply its network plugin's chart ${unapplied.join(", ")} (disabled or skipped): the plugin the cluster runs is installed apart, and whether it enforces NetworkPolicies is not in the configuration`,
      )
    : [];
}
