import type { TfResource } from "../engine/model";
import type { NodeSetup } from "../lib/node-setup";
import { nodeFileObjects, setupsOf } from "./auto-deploy-manifests";
import { nodeFiles, podManifestsIn, setupNames } from "./node-files";
import { kubeadmStaticPodFolder, staticPodManifest } from "./static-pod-manifests";
import type { TextsRead } from "./text-sources";

/** The folders of kubeadm's and of K3s's and RKE2's kubelets' static pods. */
const staticPodFolders = /\/etc\/kubernetes\/manifests|\/agent\/pod-manifests/;

/**
 * The files a node's kubelet runs static pods from, as its setup leaves them (nodeFiles: written by cloud-config's
 * write_files, Ignition's storage.files or a file provisioner, or moved or copied there once written), as the kubelet
 * reads them (kubernetes pkg/kubelet/config/file.go, extractFromDir): each file directly in its folder whose name
 * starts with no period, whatever it ends with. The folders: kubeadm's (kubeadmStaticPodFolder), and K3s's and RKE2's
 * `<data-dir>/agent/pod-manifests` (podManifestsIn), with the data-dirs the setup gives.
 */
function staticPodFiles(setup: NodeSetup): { path: string; content: string }[] {
  if (!setupNames(setup, staticPodFolders)) return [];
  const { dataDirs, files } = nodeFiles(setup);
  const folders = [kubeadmStaticPodFolder, ...dataDirs.flatMap(({ made }) => ("dir" in made ? [podManifestsIn(made.dir)] : []))];
  const inFolder = (path: string) =>
    folders.some((folder) => path.startsWith(folder) && !path.slice(folder.length).includes("/") && !path.slice(folder.length).startsWith("."));
  return [...files.values()].flatMap(({ path, content }) => (content !== undefined && inFolder(path) ? [{ path, content }] : []));
}

/**
 * The static pods a node's kubelet runs from the files its setups (its user data, its provisioners) write into its
 * static pod folders (staticPodFiles), judged as Pods, whoever the node is (a server or an agent): the kubelet decodes
 * each file as one Pod (staticPodManifest) and runs it in `default` where it names no namespace (applyDefaults),
 * whatever the API server admits of its mirror pod.
 * At the resource's address and the file's place, `openstack_compute_instance_v2.node.user_data["/etc/kubernetes/manifests/kube-vip.yaml"][0]`;
 * content known only at apply is one manifest known only at apply; a pod the configuration's nodes wrote before
 * (`seen`) is judged once, at the first.
 */
export function staticPods(resource: TfResource, seen: Set<string>, texts?: TextsRead): TfResource[] {
  return setupsOf(resource, staticPodFolders).flatMap((setup) =>
    staticPodFiles(setup).flatMap(({ path, content }) => {
      const pod = staticPodManifest(content);
      return pod ? nodeFileObjects(resource, setup, path, [pod], seen, texts?.get(content)) : [];
    }),
  );
}
