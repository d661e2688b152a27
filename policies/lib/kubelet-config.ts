import { filesOnDisk, type WrittenFile, writtenYaml } from "./cloud-init";
import { type FileBelow, filesBelow, walkOrder } from "./folders";
import { type RancherNode, valueNotKnown } from "./rancher-node";
import { isMap, isUnknown } from "./values";

/**
 * Where a kubelet's settings come from, below its flags (which win over them): the configuration file its config flag
 * names, then the drop-ins of the folder its config-dir names, merged in turn (kubernetes cmd/kubelet/app/server.go,
 * at v1.35, where drop-ins are GA), as the node's files give them.
 */

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

/** Whether a file of a drop-in folder is one the kubelet reads: its name ends in .conf (filepath.Ext). */
const isDropIn = ({ relative }: { readonly relative: string }): boolean => relative.endsWith(".conf");

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
    if (!isDropIn(entry)) continue;
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
export function kubeletSetting(
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

/** The files a kubelet's flags name for its settings: its configuration file (config) and its drop-in folder (config-dir). */
export interface KubeletConfigFlags {
  readonly config?: string;
  readonly configDir?: string;
}

/** What a kubelet's flags (`args`, each copy in order: the last one counts) name for its settings. */
export function kubeletConfigFlags(args: ReadonlyMap<string, readonly string[]>): KubeletConfigFlags {
  const [config, configDir] = [args.get("config")?.at(-1), args.get("config-dir")?.at(-1)];
  return { ...(config === undefined ? {} : { config }), ...(configDir === undefined ? {} : { configDir }) };
}

/**
 * A kubelet's setting as it takes it: the copies of its flag, which win over its configuration; else the value the
 * sources of its configuration leave it (undefined where none sets it) with the one that set it; or the source where it
 * is known only at apply.
 */
export type KubeletSettingTaken =
  | { readonly flagged: readonly string[] }
  | { readonly value: unknown; readonly named?: string }
  | { readonly unknownIn: string };

/**
 * Each of a kubelet's settings (its flag, and its field in a KubeletConfiguration) as the kubelet takes it: the
 * copies of its flag where its flags (`args`) give any, else what the sources of its configuration leave it
 * (kubeletSetting), read once and only where a flag leaves a setting to them (`configOf`, given what the config and
 * config-dir flags name: undefined for the distribution's own file); or why those sources cannot be read.
 */
export function kubeletSettingsTaken<F extends string>(
  args: ReadonlyMap<string, readonly string[]>,
  settings: readonly { readonly flag: F; readonly field: readonly string[] }[],
  configOf: (flags: KubeletConfigFlags) => KubeletConfigRead,
): { readonly taken: (flag: F) => KubeletSettingTaken } | { readonly notTold: string } {
  const flagged = (flag: F) => (args.get(flag)?.length ? args.get(flag) : undefined);
  const read = settings.every(({ flag }) => flagged(flag)) ? undefined : configOf(kubeletConfigFlags(args));
  if (read !== undefined && "notTold" in read) return { notTold: read.notTold };
  return {
    taken: (flag) => {
      const copies = flagged(flag);
      if (copies) return { flagged: copies };
      const field = settings.find((setting) => setting.flag === flag)?.field ?? [];
      return read === undefined ? { value: undefined } : kubeletSetting(read.layers, field);
    },
  };
}

/** Why a kubelet's drop-in folder (config-dir) is not read: a judgement does not look for its files (`why`). */
export const dropInsNotRead = (configDir: string, why = "are not read here"): { readonly notTold: string } => ({
  notTold: `the kubelet's drop-ins in ${configDir} (config-dir) ${why}`,
});

/**
 * The files a node writes, by path (cloud-init's filesOnDisk), or why they are not known here (`notKnown`), as the
 * sources of its kubelet's settings are looked for there.
 */
export type NodeFiles = ReadonlyMap<string, WrittenFile> | { readonly notKnown: string };

/** The files the node writes in `configDir`, its drop-ins among them (read by kubeletDropIns); not told where it writes no drop-in there. */
function writtenInDropInFolder(configDir: string, onDisk: NodeFiles): FileBelow[] | { readonly notTold: string } {
  if ("notKnown" in onDisk) return { notTold: `${onDisk.notKnown}: the kubelet's drop-ins in ${configDir} (config-dir) cannot be read` };
  const below = filesBelow(configDir, onDisk);
  return below.some(isDropIn) ? below : dropInsNotRead(configDir, "are not written here");
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
  const written = writtenInDropInFolder(flags.configDir, onDisk);
  const dropIns = "notTold" in written ? written : kubeletDropIns(written);
  return "notTold" in dropIns ? dropIns : { layers: [...(base?.layers ?? []), ...dropIns.layers] };
}

/**
 * The settings K3s and RKE2 write in their own drop-in (k3s pkg/daemons/agent/agent.go, defaultKubeletConfig), of those
 * judged here; its ReadOnlyPort 0 is left out of the file (omitempty), so an earlier drop-in's port stands.
 */
const rancherKubeletDefaults = { authentication: { anonymous: { enabled: false }, webhook: { enabled: true } }, authorization: { mode: "Webhook" } };

/**
 * A K3s or RKE2 node's kubelet settings (from K3s and RKE2 v1.32): the drop-ins of the folder they give it as its
 * config-dir, <data-dir>/agent/etc/kubelet.conf.d (k3s pkg/agent/config), where they write their own
 * 00-k3s-defaults.conf or 00-rke2-defaults.conf at each start, and copy the file a kubelet-arg config names as
 * 10-cli-config.conf and the folder a config-dir names as 20-cli-config-dir (pkg/daemons/agent/agent.go,
 * extractConfigArgs and writeKubeletConfig), beside the drop-ins the node writes there itself.
 */
export const rancherKubeletConfig =
  (node: RancherNode) =>
  ({ config, configDir }: KubeletConfigFlags): KubeletConfigRead => {
    const dataDir = node.values["data-dir"] ?? `/var/lib/rancher/${node.name.toLowerCase()}`;
    if (typeof dataDir !== "string" || valueNotKnown(node, dataDir))
      return { notTold: `${node.name}'s data-dir is not known here: the drop-ins its kubelet reads cannot be told` };
    const folder = `${dataDir.replace(/\/+$/, "")}/agent/etc/kubelet.conf.d`;
    const copied = (path: string | undefined): path is string => path !== undefined && !path.startsWith(folder);
    const onDisk = filesOnDisk(node.files);
    const own = `00-${node.name.toLowerCase()}-defaults.conf`;
    const dropIns: DropIn[] = [
      ...filesBelow(folder, onDisk).filter(({ relative }) => relative !== own),
      { relative: own, layer: { document: rancherKubeletDefaults, named: `${node.name}'s own drop-in ${folder}/${own}` } },
    ];
    if (copied(config)) {
      const file = kubeletConfigFile(config, onDisk.get(config));
      if (file && "notTold" in file) return file;
      dropIns.push(...(file?.layers ?? []).map((layer) => ({ relative: "10-cli-config.conf", layer })));
    }
    if (copied(configDir)) {
      const written = writtenInDropInFolder(configDir, onDisk);
      if ("notTold" in written) return written;
      dropIns.push(...written.map(({ relative, file }) => ({ relative: `20-cli-config-dir/${relative}`, file })));
    }
    return kubeletDropIns(dropIns);
  };
