import { filesOnDisk, type WrittenFile } from "../lib/cloud-init";
import { filesAfterCommands } from "../lib/file-commands";
import type { NodeSetup } from "../lib/node-setup";
import { k3sNodeOn, rke2NodeOn } from "../lib/rancher-node";
import { isUnknown, memoized } from "../lib/values";
import { kubeadmStaticPodFolder } from "./static-pod-manifests";

/**
 * What a node's setup (its user data, its provisioners) leaves for K3s, RKE2 and the kubelet to run: the folder the deploy controller applies
 * manifests from, `<data-dir>/server/manifests` and the folders below it (docs.k3s.io, installation/
 * packaged-components, "Auto-Deploying Manifests"; docs.rke2.io, helm, "Automatically Deploying Manifests and Helm
 * Charts"), and the folder their kubelet runs static pods from, `<data-dir>/agent/pod-manifests` (k3s and rke2:
 * filepath.Join(dataDir, "agent", DefaultPodManifestPath)), with kubeadm's.
 */
export const manifestsIn = (dataDir: string): string => `${dataDir.replace(/\/+$/, "")}/server/manifests/`;
export const podManifestsIn = (dataDir: string): string => `${dataDir.replace(/\/+$/, "")}/agent/pod-manifests/`;

/** A distribution's data-dir on a node, or why it is not known. */
export type DataDir = { readonly dir: string } | { readonly notKnown: string };

/**
 * A distribution's data-dir on a node: the one its command line (`--data-dir`, `-d`), its configuration or its service's
 * environment gives (k3sNodeOn, rke2NodeOn), else the default; one known only at apply or expanded by the shell is not known.
 */
function dataDir(node: ReturnType<typeof k3sNodeOn>, name: string, fallback: string): DataDir {
  if (node === undefined || "unreadable" in node) return { dir: fallback };
  const dir = node.values["data-dir"];
  if (dir === undefined || dir === null) return { dir: fallback };
  if (typeof dir === "string" && node.expanded.has(dir)) return { notKnown: `${name}'s data-dir on its command line, ${dir}, is not known here` };
  if (typeof dir !== "string" || isUnknown(dir)) return { notKnown: `${name}'s data-dir, ${String(dir)}, is known only at apply` };
  return { dir };
}

/** The data-dirs of K3s and RKE2 on a node, with their defaults. */
const dataDirs = (setup: NodeSetup) => [
  { name: "K3s", fallback: "/var/lib/rancher/k3s", made: dataDir(k3sNodeOn(setup), "K3s", "/var/lib/rancher/k3s") },
  { name: "RKE2", fallback: "/var/lib/rancher/rke2", made: dataDir(rke2NodeOn(setup), "RKE2", "/var/lib/rancher/rke2") },
];

/** A node's setup as the node reads it, with the files on its disk once its commands ran. */
export interface NodeFiles {
  /** The commands the setup runs, with those of the scripts it writes and runs (withScriptsRun). */
  readonly commands: readonly string[];
  readonly dataDirs: ReturnType<typeof dataDirs>;
  /** The files once the commands that run after write_files have moved or copied them (filesAfterCommands). */
  readonly files: ReadonlyMap<string, WrittenFile>;
  /** The commands read whole there. */
  readonly followed: ReadonlySet<string>;
}

/**
 * The files a node's setup leaves on its disk, read once for the manifests it has K3s or RKE2 apply and for the static
 * pods its kubelet runs: a destination that names one of their folders without a trailing slash is that folder. Only
 * for a setup that names one of these folders (a caller tells the others apart before: the memo would hold them).
 */
export const nodeFiles = memoized((setup: NodeSetup): NodeFiles => {
  const { commands, commandsAfterFiles, files: written } = setup;
  const dirs = dataDirs(setup);
  const folders = [kubeadmStaticPodFolder, ...dirs.flatMap(({ made }) => ("dir" in made ? [manifestsIn(made.dir), podManifestsIn(made.dir)] : []))];
  const { files, followed } = filesAfterCommands(filesOnDisk(written ?? []), commandsAfterFiles, folders);
  return { commands, dataDirs: dirs, files, followed };
});

/** Whether a setup names a folder of `named`: in its text, or as the path of a file it writes (a provisioner's destination is not in its text). */
export const setupNames = (setup: NodeSetup, named: RegExp): boolean =>
  (setup.text !== undefined && named.test(setup.text)) || (setup.files ?? []).some(({ path }) => named.test(path));
