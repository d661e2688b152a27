import { blockPlace, type TfResource } from "../engine/model";
import { clusterApiNodeOf } from "../lib/cluster-api-nodes";
import { filesAt } from "../lib/kubeadm";
import { commandShown } from "../lib/cloud-init";
import { fieldAt, isMap, list, literalString } from "../lib/values";
import { deployControllerApplies, manifestsFolderNamed, skippedNames } from "./deploy-controller";
import { asTypedResource, pathText, placedIn } from "./kubernetes-manifest";
import { fileManifests } from "./manifest-files";
import { manifestsIn } from "./node-files";
import { writtenInEntry } from "./static-pod-manifests";

/**
 * The objects the servers of a Cluster API K3s or RKE2 control plane (a KThreesControlPlane, an RKE2ControlPlane, or
 * their templates) apply from the files its spec writes into their deploy controller's folder, `<data-dir>/server/
 * manifests` and the folders below it (the data-dir its configuration sets, else the distribution's default), as a
 * node's user data's are
 * (autoDeployedObjects): every document of each file the controller applies (deployControllerApplies), as the file is
 * once the spec's commands have run (the node clusterApiNodeOf reads), in `default` where it names no namespace. Each
 * is at the object's address followed by the entry and its place (`RKE2ControlPlane/c/cp.spec.files[0][0]`), a finding
 * pointing at the field's line in the entry's content where it is a literal block. None for a worker's agent, where
 * the node is not known here (its control plane's policies say why), nor for a file a command writes, or one read from
 * a Secret (contentFrom).
 */
export function controlPlaneManifests(resource: TfResource): TfResource[] {
  const manifest = resource.values.manifest;
  if (resource.type !== "kubernetes_manifest" || resource.mode !== "managed" || !isMap(manifest)) return [];
  const made = clusterApiNodeOf(manifest);
  if (made?.role !== "server" || !("node" in made.read)) return [];
  const { node } = made.read;
  const folder = manifestsIn(literalString(node.values["data-dir"]) ?? `/var/lib/rancher/${node.name.toLowerCase()}`);
  const entries = fieldAt(manifest, ...made.at, ...filesAt);
  // The index of the last entry that writes each path: the one that holds what the file holds once written.
  const lastEntry = new Map((Array.isArray(entries) ? entries : []).map((entry, i) => [fieldAt(entry, "path"), i] as const));
  const inFolder = node.files.filter(({ path }) => path.startsWith(folder));
  const skipped = skippedNames(inFolder.map(({ path }) => path));
  return inFolder.flatMap(({ path, content }) => {
    const index = lastEntry.get(path);
    if (content === undefined || index === undefined || !deployControllerApplies(path, skipped)) return [];
    const entry = [...made.at, ...filesAt, index];
    const inObject = `manifest.${pathText([...entry, "content"])}`;
    return fileManifests(content).map(({ manifest: object, document }, i) => {
      const placed = typeof object === "string" ? object : placedIn(object, "default");
      return asTypedResource({
        ...resource,
        address: `${resource.address}.${pathText(entry)}[${i}]`,
        name: path,
        values: { manifest: placed },
        written: writtenInEntry(resource, placed, inObject, document),
      });
    });
  });
}

/**
 * What the report names of the manifests folder of each Cluster API K3s or RKE2 control plane the configuration
 * applies: a command of its spec (preK3sCommands, preRKE2Commands) that writes into the folder (kube-vip's documented
 * `kube-vip manifest daemonset ... | tee <folder>/kube-vip.yaml`), whose objects are not read here.
 */
export function controlPlaneManifestNotes(resources: readonly TfResource[]): { file: string; message: string }[] {
  return resources.flatMap((resource) => {
    const manifest = resource.values.manifest;
    if (resource.type !== "kubernetes_manifest" || resource.mode !== "managed" || !isMap(manifest)) return [];
    const made = clusterApiNodeOf(manifest);
    if (made?.role !== "server") return [];
    const node = "node" in made.read ? made.read.node : undefined;
    const dataDir = literalString(node?.values["data-dir"]);
    const named = manifestsFolderNamed(dataDir ? [manifestsIn(dataDir)] : []);
    const command = list(fieldAt(manifest, ...made.at, made.commandsAt))
      .map(String)
      .find((line) => named.test(line));
    if (command === undefined) return [];
    return [
      {
        file: blockPlace(resource),
        message: `${resource.address} writes into the folder K3s or RKE2 applies by itself with a command of its ${made.commandsAt} (${commandShown(command)}), whose manifests are not read here: check them (eds check <file>)`,
      },
    ];
  });
}
