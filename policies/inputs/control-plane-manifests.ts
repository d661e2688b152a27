import { blockPlace, type TfResource } from "../engine/model";
import { clusterApiNodeOf } from "../lib/cluster-api-nodes";
import { filesAt } from "../lib/kubeadm";
import { commandShown } from "../lib/cloud-init";
import { fieldAt, isMap, list, literalString } from "../lib/values";
import { deployControllerApplies, manifestsFolderNamed, refusedAddonSaid, skippedNames } from "./deploy-controller";
import { asTypedResource, pathText, placedIn } from "./kubernetes-manifest";
import { fileManifests } from "./manifest-files";
import { manifestsIn } from "./node-files";
import { writtenInEntry } from "./static-pod-manifests";

/**
 * The objects the servers of a Cluster API K3s or RKE2 control plane (a KThreesControlPlane, an RKE2ControlPlane, or
 * their templates) apply from the files its spec writes into their deploy controller's folder, `<data-dir>/server/
 * manifests` and the folders below it (the data-dir its configuration sets, else the distribution's default), as a
 * node's user data's are (autoDeployedObjects): every document of each file the controller applies
 * (deployControllerApplies), as the file is once the spec's commands have run (the node clusterApiNodeOf reads), in
 * `default` where it names no namespace. Each is at the object's address followed by the entry and its place
 * (`RKE2ControlPlane/c/cp.spec.files[0][0]`), a finding pointing at the field's line in the entry's content where it is
 * a literal block. None for a worker's agent, where the node is not known here (its control plane's policies say why),
 * nor for a file a command writes, or one read from a Secret (contentFrom).
 */
export function controlPlaneManifests(resource: TfResource): TfResource[] {
  const server = serverManifestFiles(resource);
  if (!server?.files) return [];
  const { made, files, skipped } = server;
  const entries = fieldAt(resource.values.manifest, ...made.at, ...filesAt);
  // The index of the last entry that writes each path: the one that holds what the file holds once written.
  const lastEntry = new Map((Array.isArray(entries) ? entries : []).map((entry, i) => [fieldAt(entry, "path"), i] as const));
  return files.flatMap(({ path, content }) => {
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
 * The server a Cluster API control plane object makes (clusterApiNodeOf), its deploy controller's folder, and, where
 * the server is known here, the files it holds there once the spec's commands have run, with those a `.skip` turns off.
 */
function serverManifestFiles(resource: TfResource) {
  const manifest = resource.values.manifest;
  if (resource.type !== "kubernetes_manifest" || resource.mode !== "managed" || !isMap(manifest)) return undefined;
  const made = clusterApiNodeOf(manifest);
  if (made?.role !== "server") return undefined;
  const node = "node" in made.read ? made.read.node : undefined;
  const dataDir = literalString(node?.values["data-dir"]);
  const folder = node && manifestsIn(dataDir ?? `/var/lib/rancher/${node.name.toLowerCase()}`);
  const files = folder === undefined ? undefined : node?.files.filter(({ path }) => path.startsWith(folder));
  return { manifest, made, dataDir, files, skipped: skippedNames((files ?? []).map(({ path }) => path)) };
}

/**
 * What the report names of the manifests folder of each Cluster API K3s or RKE2 control plane the configuration
 * applies: a command of its spec (preK3sCommands, preRKE2Commands) that writes into the folder (kube-vip's documented
 * `kube-vip manifest daemonset ... | tee <folder>/kube-vip.yaml`), whose objects are not read here, and a file the
 * deploy controller never applies, its Addon name refused (refusedAddonSaid).
 */
export function controlPlaneManifestNotes(resources: readonly TfResource[]): { file: string; message: string }[] {
  return resources.flatMap((resource) => {
    const server = serverManifestFiles(resource);
    if (!server) return [];
    const { manifest, made, dataDir, files, skipped } = server;
    const named = manifestsFolderNamed(dataDir ? [manifestsIn(dataDir)] : []);
    const command = list(fieldAt(manifest, ...made.at, made.commandsAt))
      .map(String)
      .find((line) => named.test(line));
    const commandNote =
      command === undefined
        ? []
        : [
            `writes into the folder K3s or RKE2 applies by itself with a command of its ${made.commandsAt} (${commandShown(command)}), whose manifests are not read here: check them (eds check <file>)`,
          ];
    const refused = (files ?? []).flatMap(({ path }) => {
      const why = refusedAddonSaid(path, skipped);
      return why ? [`writes ${path}, ${why}`] : [];
    });
    return [...commandNote, ...refused].map((said) => ({ file: blockPlace(resource), message: `${resource.address} ${said}` }));
  });
}
