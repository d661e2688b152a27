import type { TfResource } from "../engine/model";
import { commandsAfterFiles, filesOnDisk, userDataAsSent, userDataCommands, userDataFiles, type WrittenFile } from "../lib/cloud-init";
import { filesAfterCommands } from "../lib/file-commands";
import { k3sArguments } from "../lib/k3s";
import { k3sConfig, type RancherConfig, rke2Config } from "../lib/rke2";
import { isUnknown, memoized } from "../lib/values";
import { kubeadmStaticPodFolder } from "./static-pod-manifests";

/**
 * What a node's user data leaves for K3s, RKE2 and the kubelet to run: the folder the deploy controller applies
 * manifests from, `<data-dir>/server/manifests` and the folders below it (docs.k3s.io, installation/
 * packaged-components, "Auto-Deploying Manifests"; docs.rke2.io, helm, "Automatically Deploying Manifests and Helm
 * Charts"), and the folder their kubelet runs static pods from, `<data-dir>/agent/pod-manifests` (k3s and rke2:
 * filepath.Join(dataDir, "agent", DefaultPodManifestPath)), with kubeadm's.
 */
export const manifestsIn = (dataDir: string): string => `${dataDir.replace(/\/+$/, "")}/server/manifests/`;
export const podManifestsIn = (dataDir: string): string => `${dataDir.replace(/\/+$/, "")}/agent/pod-manifests/`;

/** A distribution's data-dir on a node, or why it is not known. */
export type DataDir = { readonly dir: string } | { readonly notKnown: string };

/** The data-dir a configuration sets (one not read here leaves the default), or why it is not known. */
function configuredDataDir(config: RancherConfig | undefined, name: string, fallback: string): DataDir {
  const dataDir = config && "values" in config ? config.values["data-dir"] : undefined;
  if (dataDir === undefined || dataDir === null) return { dir: fallback };
  if (typeof dataDir !== "string" || isUnknown(dataDir)) return { notKnown: `${name}'s data-dir, ${String(dataDir)}, is known only at apply` };
  return { dir: dataDir };
}

/**
 * The data-dir a K3s server's or agent's command line gives (`--data-dir`, `-d`: k3s pkg/cli/cmds/server.go, DataDirFlag), which
 * wins over its configuration file's (configfilearg puts the file's values before the command line's): in its
 * arguments (k3sArguments), the last one given.
 */
function k3sDataDirFlag(commands: readonly string[]): string | undefined {
  let given: string | undefined;
  for (const command of commands) {
    const { exec, trailing, server, agent } = k3sArguments(command);
    for (const written of [exec, trailing, server, agent])
      for (const [, , quoted, plain] of (written ?? "").matchAll(/(?:^|\s)(?:--data-dir|-d)(?:=|\s+)(?:(["'])(.*?)\1|([^\s;&|]+))/g)) given = quoted ?? plain;
  }
  return given;
}

/** K3s's data-dir on a node: its command line's, else its configuration's, else the default. */
function k3sDataDir(instance: TfResource, commands: readonly string[]): DataDir {
  const flag = k3sDataDirFlag(commands);
  if (flag === undefined) return configuredDataDir(k3sConfig(instance), "K3s", "/var/lib/rancher/k3s");
  return flag.includes("$") ? { notKnown: `K3s's data-dir on its command line, ${flag}, is not known here` } : { dir: flag };
}

/** The data-dirs of K3s and RKE2 on a node (its user data's commands given), with their defaults. */
const dataDirs = (instance: TfResource, commands: readonly string[]) => [
  { name: "K3s", fallback: "/var/lib/rancher/k3s", made: k3sDataDir(instance, commands) },
  { name: "RKE2", fallback: "/var/lib/rancher/rke2", made: configuredDataDir(rke2Config(instance), "RKE2", "/var/lib/rancher/rke2") },
];

/** A node's user data as the node reads it, with the files on its disk once its commands ran. */
export interface NodeFiles {
  /** The user data as the instance gets it, and the commands it runs (userDataCommands). */
  readonly text: string;
  readonly commands: readonly string[];
  readonly dataDirs: ReturnType<typeof dataDirs>;
  /** The files once the commands that run after write_files have moved or copied them (filesAfterCommands). */
  readonly files: ReadonlyMap<string, WrittenFile>;
  /** The commands read whole there. */
  readonly followed: ReadonlySet<string>;
}

/**
 * The files a node's user data leaves on its disk, read once for the manifests it has K3s or RKE2 apply and for the
 * static pods its kubelet runs: a destination that names one of their folders without a trailing slash is that folder.
 * Only for an instance whose user data is a text (a caller tells the others apart before: the memo would hold them).
 */
export const nodeFiles = memoized((instance: TfResource): NodeFiles => {
  const userData = String(instance.values.user_data);
  const text = userDataAsSent(userData);
  const commands = userDataCommands(text);
  const dirs = dataDirs(instance, commands);
  const folders = [kubeadmStaticPodFolder, ...dirs.flatMap(({ made }) => ("dir" in made ? [manifestsIn(made.dir), podManifestsIn(made.dir)] : []))];
  const { files, followed } = filesAfterCommands(filesOnDisk(userDataFiles(userData) ?? []), commandsAfterFiles(text), folders);
  return { text, commands, dataDirs: dirs, files, followed };
});
