import type { Violation } from "../engine/policy";
import { commandShown, filesOnDisk, userDataNotEvaluable, type WrittenFile, writtenFileViolations, writtenYaml } from "./cloud-init";
import { filesAfterCommands } from "./file-commands";
import type { NodeSetup } from "./node-setup";
import { isUnknown, list, memoized } from "./values";

/**
 * K3s and RKE2 read their configuration alike, with the parser RKE2 takes from K3s (k3s pkg/configfilearg/parser.go):
 * config.yaml in their own folder of /etc/rancher, then the files of config.yaml.d in name order, the last value of a key
 * winning (docs.rke2.io, install/configuration; docs.k3s.io, installation/configuration); every drop-in ending in .yaml
 * or .yml is taken, in any case (dotDFiles), and a key written `key+` appends to the list before it.
 */
interface Distribution {
  readonly name: "K3s" | "RKE2";
  readonly configPath: string;
  /** A command that installs or starts it: its install script, its variables, its services or its server. */
  readonly installs: RegExp;
}

const rke2: Distribution = {
  name: "RKE2",
  configPath: "/etc/rancher/rke2/config.yaml",
  installs: /\bget\.rke2\.io\b|\bINSTALL_RKE2_[A-Z_]+|\brke2-(?:server|agent)\b|\brke2\s+(?:server|agent)\b/,
};
const k3s: Distribution = {
  name: "K3s",
  configPath: "/etc/rancher/k3s/config.yaml",
  installs: /\bget\.k3s\.io\b|\bINSTALL_K3S_[A-Z_]+|\bk3s\s+(?:server|agent)\b/,
};

const isConfigFile = (path: string, configPath: string): boolean =>
  path === configPath || (path.startsWith(`${configPath}.d/`) && /^[^/]+\.[Yy][Aa]?[Mm][Ll]$/.test(path.slice(configPath.length + 3)));
const byReadingOrder = (a: string, b: string) => (a.includes(".yaml.d/") ? 1 : 0) - (b.includes(".yaml.d/") ? 1 : 0) || (a < b ? -1 : a > b ? 1 : 0);

/** The files of a K3s or RKE2 configuration at `configPath` among `files` (config.yaml and config.yaml.d), in the order they are read. */
export const configFilesAt = (files: readonly WrittenFile[], configPath: string): WrittenFile[] =>
  files.filter((file) => isConfigFile(file.path, configPath)).sort((a, b) => byReadingOrder(a.path, b.path));

/** The K3s or RKE2 configuration a cloud-config writes, merged as it is read, with every file it writes; or why it cannot be read. */
export type RancherConfig = { readonly values: Readonly<Record<string, unknown>>; readonly files: readonly WrittenFile[] } | { readonly unreadable: string };

/**
 * Why the configuration cannot be read from a setup (user data, provisioners) that does not write it: a cloud-config
 * known only in part that names it, or installs or starts the distribution, and is YAML only once rendered (a directive
 * at its first column), a command that names it (runcmd, bootcmd, a script's line or here-document), or one that
 * installs or starts the distribution without it (it then reads what the image holds, or runs with its defaults);
 * undefined otherwise (the node runs none this configuration shows).
 */
function writtenOtherwise({ text, commands, said }: NodeSetup, files: readonly WrittenFile[] | undefined, { name, configPath, installs }: Distribution) {
  if (text === undefined) return undefined;
  const namesConfig = (written: string) => written.includes(configPath);
  const named = namesConfig(text) ? configPath : installs.exec(text)?.[0];
  if (files === undefined && isUnknown(text) && named)
    return { unreadable: `${said} names ${named}, but its cloud-config, known only in part, is YAML only once rendered` };
  // A command that starts the distribution names its configuration file to read it (`k3s server -c /opt/k3s.yaml`).
  const writes = commands.find((command) => namesConfig(command) && !installs.test(command));
  if (writes !== undefined) return { unreadable: `a command of ${said} writes ${configPath} (${commandShown(writes)}), which is not read here` };
  const started = commands.find((command) => installs.test(command));
  return started === undefined
    ? undefined
    : {
        unreadable: `${said} installs or starts ${name} (${commandShown(started)}) and writes no configuration: ${name} runs with the image's, or its defaults, which are not read here`,
      };
}

/**
 * The files a setup writes (a user data's, its provisioners'), once the commands that run after them (after
 * write_files) have moved, copied, written or edited them (filesAfterCommands): a configuration written aside and moved into place (`mv /opt/rke2.yaml
 * /etc/rancher/rke2/config.yaml`), or written by a here-document (`cat > /etc/rancher/k3s/config.yaml <<EOF`, a shell
 * script's as a cloud-config's) or by echo (`echo "cni: cilium" >> /etc/rancher/rke2/config.yaml`), is read where it
 * lands; one a command writes otherwise, or edits in place (`sed -i`), is not known here.
 */
function filesInPlace({ text, files: written, commandsAfterFiles }: NodeSetup, { configPath }: Distribution): readonly WrittenFile[] | undefined {
  const folder = configPath.slice(0, configPath.lastIndexOf("/"));
  if (text === undefined || !text.includes(folder)) return written;
  const { files } = filesAfterCommands(filesOnDisk(written ?? []), commandsAfterFiles, [folder, `${configPath}.d`]);
  return written === undefined && files.size === 0 ? written : [...files.values()];
}

/** A node's K3s or RKE2 configuration, from its setup; undefined when the setup writes none (a user data that is no cloud-config). */
function configOf(read: NodeSetup, distribution: Distribution): RancherConfig | undefined {
  const files = filesInPlace(read, distribution);
  const configs = configFilesAt(files ?? [], distribution.configPath);
  if (!files || configs.length === 0) return writtenOtherwise(read, files, distribution);
  const merged = mergedConfig(configs, {});
  return "unreadable" in merged ? merged : { values: merged.values, files };
}

/**
 * The values of configuration files (`configs`, in reading order) merged over `values` as K3s and RKE2 merge them: a
 * key's last value wins, a key written `key+` appends to the list before it; or why they cannot be read.
 */
export function mergedConfig(
  configs: readonly WrittenFile[],
  values: Readonly<Record<string, unknown>>,
): { values: Record<string, unknown> } | { unreadable: string } {
  const merged: Record<string, unknown> = { ...values };
  for (const file of configs) {
    const parsed = writtenYaml(file);
    if ("unreadable" in parsed) return parsed;
    const config = parsed.document;
    // A file whose whole content is known only at apply (`${indent(6, config)}` in a template known in part): what it
    // sets is not known, and reading it as empty would judge the defaults.
    if (isUnknown(config)) return { unreadable: `${file.path} is known only at apply` };
    if (typeof config !== "object" || config === null) continue;
    // A key known only at apply may be any setting, and it wins over those before it.
    const unknownKey = Object.keys(config).find(isUnknown);
    if (unknownKey) return { unreadable: `${file.path} sets ${unknownKey}, a key known only at apply` };
    for (const [key, value] of Object.entries(config))
      if (key.endsWith("+")) merged[key.slice(0, -1)] = [...list(merged[key.slice(0, -1)]), ...list(value)];
      else merged[key] = value;
  }
  return { values: merged };
}

/** A node's RKE2 configuration (configOf), read once per setup: rke2Node and the data-dir of its files ask for it. */
export const rke2Config = memoized((setup: NodeSetup): RancherConfig | undefined => configOf(setup, rke2));

/** A node's K3s configuration (configOf), read where the manifests it applies are looked for. */
export const k3sConfig = memoized((setup: NodeSetup): RancherConfig | undefined => configOf(setup, k3s));

/** A node's K3s configuration read from another file than the default, as K3s's --config or K3S_CONFIG_FILE names one. */
export const k3sConfigAt = (setup: NodeSetup, configPath: string): RancherConfig | undefined => configOf(setup, { ...k3s, configPath });

/** A node's RKE2 configuration read from another file than the default, as RKE2's --config or RKE2_CONFIG_FILE names one. */
export const rke2ConfigAt = (setup: NodeSetup, configPath: string): RancherConfig | undefined => configOf(setup, { ...rke2, configPath });

/**
 * The API server's arguments the configuration adds (kube-apiserver-arg, `flag=value`), each flag with its values in
 * the order the component reads them. RKE2 hands them to k3s's GetArgs (pkg/util/args.go), which it uses for every
 * component: a flag written without `=` is `true`; `flag+=value` appends to the values before it, `flag-=value` goes
 * before them; trailing `+` and `-` are trimmed from the name. A single-valued flag takes the last; a list flag, every one.
 * A value known only at apply is kept as its template (see unknownArgument); an argument whose flag is, skipped.
 */
export function apiServerArgs(values: Readonly<Record<string, unknown>>): ReadonlyMap<string, readonly string[]> {
  return componentArgs(values, "kube-apiserver-arg");
}

/** The flags RKE2 passes a component (`kube-apiserver-arg`, `kubelet-arg`), as apiServerArgs reads them. */
export function componentArgs(values: Readonly<Record<string, unknown>>, key: string): ReadonlyMap<string, readonly string[]> {
  const args = new Map<string, string[]>();
  for (const arg of list(values[key])) {
    const written = String(arg).replace(/^--/, "");
    const equals = written.indexOf("=");
    const name = equals < 0 ? written : written.slice(0, equals);
    const value = equals < 0 ? "true" : written.slice(equals + 1);
    const flag = name.replace(/[+-]+$/, "");
    if (!flag || isUnknown(flag)) continue;
    const before = args.get(flag) ?? [];
    args.set(flag, name.endsWith("-") ? [value, ...before] : [...before, value]);
  }
  return args;
}

/**
 * What of a component's arguments is known only at apply, among those a policy reads: an argument whose flag cannot be
 * named (any flag may hide there), or a value of one of `flags` in `args`, the component's arguments as componentArgs
 * reads them; undefined when all of them are known.
 */
export function unknownArgument(
  values: Readonly<Record<string, unknown>>,
  key: string,
  args: ReadonlyMap<string, readonly string[]>,
  flags: readonly string[],
): string | undefined {
  if (list(values[key]).some((arg) => isUnknown(String(arg).split("=")[0]))) return `an argument of ${key}`;
  const flag = flags.find((name) => args.get(name)?.some(isUnknown));
  return flag && `${key}'s ${flag}`;
}

/**
 * What the configuration file a K3s or RKE2 server's kube-apiserver-arg names at `path` says is wrong (`what`, judged by
 * `fault`: writtenFileViolations), among the `files` written on the node; not evaluable where none is written there.
 */
export function namedFileViolations(
  what: string,
  path: string,
  files: readonly WrittenFile[],
  fault: (document: unknown) => string | { readonly unknown: string } | undefined,
): Violation[] {
  const file = files.find((candidate) => candidate.path === path);
  return file ? writtenFileViolations(what, file, fault) : userDataNotEvaluable(`the ${what} kube-apiserver-arg names, ${path}, is not written on the node`);
}

/**
 * Keys only a server's configuration takes (docs.rke2.io, reference/server_config, beside linux_agent_config).
 */
const serverKeys = [
  "write-kubeconfig",
  "write-kubeconfig-mode",
  "tls-san",
  "cluster-cidr",
  "service-cidr",
  "service-node-port-range",
  "cluster-dns",
  "cluster-domain",
  "cluster-init",
  "cni",
  "disable",
  "disable-scheduler",
  "disable-cloud-controller",
  "disable-kube-proxy",
  "agent-token",
  "agent-token-file",
  "secrets-encryption",
  "audit-policy-file",
  "pod-security-admission-config-file",
  "kube-apiserver-arg",
  "kube-scheduler-arg",
  "kube-controller-manager-arg",
  "etcd-snapshot-schedule-cron",
  "etcd-snapshot-retention",
  "etcd-s3",
  "datastore-endpoint",
  "egress-selector-mode",
];

/**
 * Whether a K3s or RKE2 configuration is a server's, by its keys alone: one only a server takes, or none naming a
 * server to join (a first server); undefined where it only joins one, as an agent or a server may.
 */
export function takesServerKeys(config: Readonly<Record<string, unknown>>): boolean | undefined {
  if (serverKeys.some((key) => key in config)) return true;
  return "server" in config ? undefined : true;
}
