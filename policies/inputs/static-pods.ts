import type { TfResource } from "../engine/model";
import { commandsAfterFiles, filesOnDisk, userDataAsSent, userDataCommands, userDataFiles } from "../lib/cloud-init";
import { filesAfterCommands } from "../lib/file-commands";
import { dataDirs, nodeFileObjects } from "./auto-deploy-manifests";
import { kubeadmStaticPodFolder, staticPodManifest } from "./static-pod-manifests";
import type { TextsRead } from "./text-sources";

/**
 * The folders a node's kubelet runs static pods from: kubeadm's (kubeadmStaticPodFolder), and K3s's and RKE2's
 * `<data-dir>/agent/pod-manifests` (their agent's
 * pod-manifest-path: filepath.Join(dataDir, "agent", DefaultPodManifestPath)), with the data-dirs their user data gives.
 */
function staticPodFolders(instance: TfResource, commands: readonly string[]): string[] {
  const agents = dataDirs(instance, commands).flatMap(({ made }) => ("dir" in made ? [`${made.dir.replace(/\/+$/, "")}/agent/pod-manifests/`] : []));
  return [kubeadmStaticPodFolder, ...agents];
}

/**
 * The files of a node's static pod folders its user data writes (cloud-config's write_files, Ignition's
 * storage.files), or moves or copies there after writing them (filesAfterCommands), as the kubelet reads them
 * (kubernetes pkg/kubelet/config/file.go, extractFromDir): each file directly in the folder whose name starts with no
 * period, whatever it ends with, as the last entry (and those that append to it) writes it.
 */
function staticPodFiles(instance: TfResource): { path: string; content: string }[] {
  const userData = instance.values.user_data;
  if (instance.mode !== "managed" || typeof userData !== "string" || !/\/etc\/kubernetes\/manifests|\/agent\/pod-manifests/.test(userData)) return [];
  const text = userDataAsSent(userData);
  const folders = staticPodFolders(instance, userDataCommands(text));
  const inFolder = (path: string) =>
    folders.some((folder) => path.startsWith(folder) && !path.slice(folder.length).includes("/") && !path.slice(folder.length).startsWith("."));
  // The files once the commands that run after write_files have moved or copied them (mv /opt/vip.yaml <folder>).
  const { files } = filesAfterCommands(filesOnDisk(userDataFiles(userData) ?? []), commandsAfterFiles(text), folders);
  return [...files.values()].flatMap(({ path, content }) => (content !== undefined && inFolder(path) ? [{ path, content }] : []));
}

/**
 * The static pods a node's kubelet runs from the files its user data writes into its static pod folders
 * (staticPodFiles), judged as Pods, whoever the node is (a server or an agent): the kubelet decodes each file as one Pod
 * (staticPodManifest) and runs it in `default` where it names no namespace (applyDefaults), whatever the API server
 * admits of its mirror pod.
 * At the instance's address and the file's place, `openstack_compute_instance_v2.node.user_data["/etc/kubernetes/manifests/kube-vip.yaml"][0]`;
 * content known only at apply is one manifest known only at apply; a pod the configuration's nodes wrote before
 * (`seen`) is judged once, at the first.
 */
export function staticPods(instance: TfResource, seen: Set<string>, texts?: TextsRead): TfResource[] {
  return staticPodFiles(instance).flatMap(({ path, content }) => {
    const pod = staticPodManifest(content);
    return pod ? nodeFileObjects(instance, path, [pod], seen, texts?.get(content)) : [];
  });
}
