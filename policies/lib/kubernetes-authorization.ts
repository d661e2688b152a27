import { type WrittenFile, writtenYaml } from "./cloud-init";
import { isMap, isUnknown } from "./values";

/**
 * Who may do what on a cluster's API server and on its kubelets, as their flags decide it (CIS Kubernetes 1.2.6-1.2.8,
 * 4.2.1-4.2.2). Read in kubernetes at v1.34: pkg/kubeapiserver/options/authorization.go (--authorization-mode, a
 * string slice, every copy adding to the list: pflag), staging/src/k8s.io/apiserver/pkg/authorization/union (the
 * union of the authorizers allows a request as soon as one does), cmd/kubelet/app/options/options.go
 * (--anonymous-auth and --authorization-mode, one value each, the last copy winning, and winning over the kubelet's
 * configuration file) and pkg/kubelet/apis/config/v1beta1 defaults (a configuration file that sets neither refuses
 * anonymous requests and asks the API server: Webhook).
 */

/** A finding of these judgements: what is wrong, or what cannot be told here (`evaluable` false). */
export interface AuthorizationFinding {
  readonly message: string;
  readonly evaluable: boolean;
}

const found = (message: string): AuthorizationFinding => ({ message, evaluable: true });
const notTold = (message: string): AuthorizationFinding => ({ message, evaluable: false });

/** The values Go's strconv.ParseBool reads as true, which a boolean flag takes. */
const goTrue = new Set(["1", "t", "T", "TRUE", "true", "True"]);

/** The authorizers a distribution gives kube-apiserver where its flags name none: kubeadm's and K3s's (and RKE2's, K3s's code). */
const distributionModes = ["Node", "RBAC"];

/**
 * What lets kube-apiserver's authorizers through a request they should refuse, from its flags (`modes`, each copy of
 * --authorization-mode as written; `defaultsKept`, whether the distribution's Node,RBAC stay before them, as K3s keeps
 * them for a copy written `authorization-mode+=`): AlwaysAllow among them allows every request whatever the others
 * say; without RBAC, the Roles and bindings the cluster's access is written in grant nothing and other authorizers
 * decide; without Node, kubelets are not held to their own node's objects. A file of authorizers named by
 * --authorization-config (`configFile`) is not read here.
 */
export function apiServerAuthorization(modes: readonly string[], defaultsKept: boolean, configFile: string | undefined): AuthorizationFinding[] {
  if (modes.length === 0)
    return configFile === undefined ? [] : [notTold(`kube-apiserver's authorizers are those of ${configFile}, its authorization-config, not read here`)];
  const listed = [...(defaultsKept ? distributionModes : []), ...modes.flatMap((written) => written.split(","))];
  const shown = `authorization-mode ${listed.join(",")}`;
  if (listed.includes("AlwaysAllow"))
    return [found(`kube-apiserver authorizes every request (${shown}): AlwaysAllow allows what the other authorizers refuse`)];
  const missing = distributionModes.filter((mode) => !listed.includes(mode));
  if (missing.length === 0) return [];
  const without = {
    RBAC: "the Roles and bindings the cluster's access is written in grant nothing, and other authorizers decide",
    Node: "kubelets are not held to their own node's Pods, Secrets and volumes",
  } as const;
  return [
    found(
      `kube-apiserver's authorizers leave out ${missing.join(" and ")} (${shown}): ${missing.map((mode) => without[mode as keyof typeof without]).join("; ")}`,
    ),
  ];
}

/** One source of a kubelet's settings, as a judgement reads it: a configuration file or a drop-in, and how a message names it. */
export interface KubeletConfigLayer {
  readonly document: unknown;
  readonly named: string;
}

/**
 * The kubelet's settings as a judgement reads them: its sources in the order the kubelet merges them (the file its
 * config flag names, then the drop-ins of its config-dir); or why they cannot be read; undefined for the
 * distribution's own file, which refuses anonymous requests and asks the API server (kubeadm's unpatched).
 */
export type KubeletConfigRead = { readonly layers: readonly KubeletConfigLayer[] } | { readonly notTold: string } | undefined;

/** A written file read as one source of the kubelet's settings, named `named`; or why it cannot be read. */
function layerOf(file: WrittenFile, named: string): KubeletConfigLayer | { readonly notTold: string } {
  const parsed = writtenYaml(file);
  if ("unreadable" in parsed) return { notTold: `${parsed.unreadable}: the kubelet's configuration cannot be read` };
  return { document: parsed.document, named };
}

/** The configuration file a kubelet's config flag names at `path`, as the node writes it (`file`, undefined where it does not). */
export function kubeletConfigFile(path: string, file: WrittenFile | undefined): KubeletConfigRead {
  if (file === undefined) return { notTold: `the kubelet's configuration file ${path} (config) is not written here` };
  const layer = layerOf(file, `the kubelet's configuration file ${path}`);
  return "notTold" in layer ? layer : { layers: [layer] };
}

/** A file below a folder, by its path there; a drop-in is one whose name ends in .conf (filepath.Ext). */
export interface FileBelow {
  readonly relative: string;
  readonly file: WrittenFile;
}

/** The files of `onDisk` (path to file) below `folder`, each by its path there. */
export const filesBelow = (folder: string, onDisk: ReadonlyMap<string, WrittenFile>): FileBelow[] => {
  const prefix = folder.endsWith("/") ? folder : `${folder}/`;
  return [...onDisk].filter(([path]) => path.startsWith(prefix)).map(([path, file]) => ({ relative: path.slice(prefix.length), file }));
};

/** Two paths in the order filepath.WalkDir visits them: name by name, a folder's files where its name sorts. */
function walkOrder(a: string, b: string): number {
  const [left, right] = [a.split("/"), b.split("/")];
  for (let i = 0; i < Math.min(left.length, right.length); i++) if (left[i] !== right[i]) return left[i]! < right[i]! ? -1 : 1;
  return left.length - right.length;
}

/** A source of a kubelet's drop-in folder: a file written there, or one read already (a copy K3s makes there). */
export type DropIn = FileBelow | { readonly relative: string; readonly layer: KubeletConfigLayer };

/**
 * The kubelet's drop-ins among `below` (the sources of its config-dir), read in the order it merges them (kubernetes
 * cmd/kubelet/app/server.go, mergeKubeletConfigurations: filepath.WalkDir of the folder, each file whose name ends in
 * .conf applied as a JSON merge patch over the settings before it), a written one named by its path; or why one
 * cannot be read.
 */
export function kubeletDropIns(below: readonly DropIn[]): KubeletConfigRead & object {
  const layers: KubeletConfigLayer[] = [];
  for (const entry of [...below].sort((a, b) => walkOrder(a.relative, b.relative))) {
    if (!entry.relative.endsWith(".conf")) continue;
    const layer = "layer" in entry ? entry.layer : layerOf(entry.file, `the kubelet's drop-in ${entry.file.path}`);
    if ("notTold" in layer) return layer;
    layers.push(layer);
  }
  return { layers };
}

/**
 * The value of a kubelet's setting at `field` once its sources (`layers`, in order) are merged as JSON merge patches
 * (RFC 7386: a later source's value wins, a null removes the setting), with the source that set it; or the source
 * where it is known only at apply.
 */
function settingIn(
  layers: readonly KubeletConfigLayer[],
  field: readonly string[],
): { readonly value: unknown; readonly named?: string } | { readonly unknownIn: string } {
  let setting: { value: unknown; named?: string } = { value: undefined };
  for (const { document, named } of layers) {
    let at: unknown = document;
    for (const [i, key] of field.entries()) {
      if (isUnknown(at)) return { unknownIn: named };
      if (!isMap(at) || !(key in at)) break;
      const value = at[key];
      if (isUnknown(value)) return { unknownIn: named };
      if (i === field.length - 1 || !isMap(value)) {
        setting = i === field.length - 1 && value !== null ? { value, named } : { value: undefined };
        break;
      }
      at = value;
    }
  }
  return setting;
}

/**
 * The kubelet's settings that decide who it serves: each one's flag, its place in a KubeletConfiguration, the values
 * (of the flag, of the file) that let a request through, and what that does, said of where it is set.
 */
const kubeletSettings = [
  {
    flag: "anonymous-auth",
    field: ["authentication", "anonymous", "enabled"],
    letsThrough: { flag: (value: string) => goTrue.has(value), file: (value: unknown) => value === true },
    says: (setting: string) => `the kubelet accepts anonymous requests (${setting})`,
  },
  {
    flag: "authorization-mode",
    field: ["authorization", "mode"],
    letsThrough: { flag: (value: string) => value === "AlwaysAllow", file: (value: unknown) => value === "AlwaysAllow" },
    says: (setting: string) => `the kubelet authorizes every request (${setting}): whoever reaches its port runs commands in the node's pods`,
  },
] as const;

/** The API server's flags apiServerAuthorization reads. */
export const apiServerAuthorizationFlags = ["authorization-mode", "authorization-config"];

/** The kubelet's flags kubeletAuthorization reads. */
export const kubeletAuthorizationFlags = [...kubeletSettings.map(({ flag }) => flag), "config", "config-dir"];

/** The files a kubelet's flags name for its settings: its configuration file (config) and its drop-in folder (config-dir). */
export interface KubeletConfigFlags {
  readonly config?: string;
  readonly configDir?: string;
}

/**
 * What lets a kubelet serve a request it should refuse, from its flags (`args`, each copy in order: the last one
 * counts), which win over its configuration: anonymous requests accepted, or every request authorized (AlwaysAllow).
 * A setting its flags leave unset is read from the sources of its settings (`configOf`, given what its config and
 * config-dir flags name), the last one that sets it winning.
 */
export function kubeletAuthorization(
  args: ReadonlyMap<string, readonly string[]>,
  configOf: (flags: KubeletConfigFlags) => KubeletConfigRead,
): AuthorizationFinding[] {
  const findings: AuthorizationFinding[] = [];
  const left = kubeletSettings.filter((setting) => {
    const value = args.get(setting.flag)?.at(-1);
    if (value !== undefined && setting.letsThrough.flag(value)) findings.push(found(setting.says(`${setting.flag}=${value}`)));
    return value === undefined;
  });
  if (left.length === 0) return findings;
  const [config, configDir] = [args.get("config")?.at(-1), args.get("config-dir")?.at(-1)];
  const read = configOf({ ...(config === undefined ? {} : { config }), ...(configDir === undefined ? {} : { configDir }) });
  if (read === undefined) return findings;
  if ("notTold" in read) return [...findings, notTold(read.notTold)];
  for (const setting of left) {
    const field = setting.field.join(".");
    const set = settingIn(read.layers, setting.field);
    if ("unknownIn" in set) return [...findings, notTold(`${field} in ${set.unknownIn} is not known here`)];
    if (setting.letsThrough.file(set.value)) findings.push(found(setting.says(`${field}: ${String(set.value)} in ${set.named}`)));
  }
  return findings;
}

/** Why a kubelet's drop-in folder (config-dir) is not read: a judgement does not look for its files (`why`). */
export const dropInsNotRead = (configDir: string, why = "they are not read here"): { readonly notTold: string } => ({
  notTold: `the kubelet reads the drop-ins of ${configDir} (config-dir), which may accept anonymous requests or authorize every one: ${why}`,
});

/**
 * The files a node writes, by path (cloud-init's filesOnDisk), or why they are not known here (`notKnown`), as the
 * sources of its kubelet's settings are looked for there.
 */
export type NodeFiles = ReadonlyMap<string, WrittenFile> | { readonly notKnown: string };

/** The drop-ins the node writes in `configDir` (kubeletDropIns), each named by its path; not told where it writes none. */
export function writtenDropIns(configDir: string, onDisk: NodeFiles): KubeletConfigRead & object {
  if ("notKnown" in onDisk) return dropInsNotRead(configDir, onDisk.notKnown);
  const read = kubeletDropIns(filesBelow(configDir, onDisk));
  return "layers" in read && read.layers.length === 0 ? dropInsNotRead(configDir, "none is written here") : read;
}

/**
 * A kubelet's settings as its flags name their sources among the node's files (`onDisk`): the file of its config
 * flag, else its own (`ownFile`, the distribution's), then the drop-ins the node writes in its config-dir.
 */
export function kubeletConfigOnDisk(flags: KubeletConfigFlags, onDisk: NodeFiles, ownFile: () => KubeletConfigRead): KubeletConfigRead {
  const fileAt = (path: string): WrittenFile | undefined =>
    "notKnown" in onDisk ? { path, content: undefined, unreadable: onDisk.notKnown } : onDisk.get(path);
  const base = flags.config === undefined ? ownFile() : kubeletConfigFile(flags.config, fileAt(flags.config));
  if (flags.configDir === undefined || (base !== undefined && "notTold" in base)) return base;
  const dropIns = writtenDropIns(flags.configDir, onDisk);
  return "notTold" in dropIns ? dropIns : { layers: [...(base?.layers ?? []), ...dropIns.layers] };
}
