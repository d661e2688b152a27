import type { TfResource } from "../engine/model";
import { nodeFileObjects } from "./auto-deploy-manifests";
import { nodeFiles, podManifestsIn } from "./node-files";
import { kubeadmStaticPodFolder, staticPodManifest } from "./static-pod-manifests";
import type { TextsRead } from "./text-sources";

/**
 * The files a node's kubelet runs static pods from, as its user data leaves them (nodeFiles: written by cloud-config's
 * write_files or Ignition's storage.files, or moved or copied there once written), as the kubelet reads them (kubernetes
 * pkg/kubelet/config/file.go, extractFromDir): each file directly in its folder whose name starts with no period,
 * whatever it ends with. The folders: kubeadm's (kubeadmStaticPodFolder), and K3s's and RKE2's
 * `<data-dir>/agent/pod-manifests` (podManifestsIn), with the data-dirs the user data gives.
 */
function staticPodFiles(instance: TfResource): { path: string; content: string }[] {
  const userData = instance.values.user_data;
  if (instance.mode !== "managed" || typeof userData !== "string" || !/\/etc\/kubernetes\/manifests|\/agent\/pod-manifests/.test(userData)) return [];
  const { dataDirs, files } = nodeFiles(instance);
  const folders = [kubeadmStaticPodFolder, ...dataDirs.flatMap(({ made }) => ("dir" in made ? [podManifestsIn(made.dir)] : []))];
  const inFolder = (path: string) =>
    folders.some((folder) => path.startsWith(folder) && !path.slice(folder.length).includes("/") && !path.slice(folder.length).startsWith("."));
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
