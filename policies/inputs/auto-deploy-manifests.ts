import { autoDeployedAddress, blockPlace, type TfResource } from "../engine/model";
import { commandShown } from "../lib/cloud-init";
import { type NodeSetup, nodeSetups } from "../lib/node-setup";
import { k3sNodeOn, rke2NodeOn } from "../lib/rancher-node";
import { memoized } from "../lib/values";
import { asTypedResource, placedIn, writtenUnder } from "./kubernetes-manifest";
import { type FileManifest, fileManifests } from "./manifest-files";
import { manifestsIn, nodeFiles, setupNames } from "./node-files";
import { operatorMade } from "./operator-services";
import type { TextSource, TextsRead } from "./text-sources";
import { addonName, addonOf, fileName, isApplied, manifestsFolderNamed, refusedAddonSaid, skippedNames } from "./deploy-controller";

/**
 * The objects a server applies from the manifests its setups (its user data, its provisioners: nodeSetups) write into
 * the deploy controller's folder (manifestsIn, with the node's data-dirs: nodeFiles), each as the typed resource of its
 * kind, as a kubernetes_manifest is: at the resource's address and the file's place,
 * `openstack_compute_instance_v2.server.user_data["/var/lib/rancher/k3s/server/manifests/app.yaml"][0]`.
 * The controller reads every document of a file, and the items of a list (controller.go, yamlToObjects and toObjects);
 * it applies them with wrangler, which creates a namespaced object that names no namespace in `default`
 * (rancher/wrangler pkg/apply: defaultNamespace, adjustNamespace). A file written twice is what its last entry writes
 * (cc_write_files.py truncates it), but for an entry that appends. Content known only at apply, wholly or where the YAML
 * reading cuts an interpolation, is one manifest known only at apply, as a `kubernetes_manifest` given by a variable. A
 * file that does not parse once known is one the controller refuses: nothing of it is applied. Only a server runs the
 * deploy controller: an agent (k3sNodeOn, rke2NodeOn: their role) applies nothing. The same object written by several servers of a
 * cluster (`count = 3`, each instance with the same cloud-config) is one object, applied by each: judged once, at the
 * first (`seen` holds what the configuration's servers applied before).
 */
export function autoDeployedObjects(resource: TfResource, seen: Set<string>, texts?: TextsRead): TfResource[] {
  return setupsOf(resource, manifestsFolders).flatMap((setup) =>
    serverManifests(setup).applied.flatMap(({ path, content }) => nodeFileObjects(resource, setup, path, fileManifests(content), seen, texts?.get(content))),
  );
}

/**
 * The setups of a managed resource (nodeSetups) that may write into the folders `named` names: most resources write
 * none, and are told apart by what they are written with (a user data that names a folder, or provisioners) before
 * any setup is read.
 */
export function setupsOf(resource: TfResource, named: RegExp): readonly NodeSetup[] {
  if (resource.mode !== "managed") return [];
  const userData = resource.values.user_data;
  return resource.values.provisioner !== undefined || (typeof userData === "string" && named.test(userData)) ? nodeSetups(resource) : [];
}

/** The folders of the deploy controller. */
const manifestsFolders = /\/server\/manifests/;

/**
 * Objects a node's file holds, each as the typed resource of its kind, as a kubernetes_manifest is, with the Services an
 * operator makes of it: at the resource's address and the file's place, by what writes it (the setup), in `default`
 * where it names no namespace; one
 * the configuration's nodes wrote before (`seen`) is judged once, at the first. Where the file's text is read from a
 * file of the configuration (`${filebase64("app.yaml")}`, `source`), a finding points there.
 */
export function nodeFileObjects(
  resource: TfResource,
  setup: NodeSetup,
  path: string,
  manifests: readonly FileManifest[],
  seen: Set<string>,
  source?: TextSource,
): TfResource[] {
  return manifests.flatMap(({ manifest, document }, index) => {
    const placed = typeof manifest === "string" ? manifest : placedIn(manifest, "default");
    const key = JSON.stringify(placed);
    if (seen.has(key)) return [];
    seen.add(key);
    const sourceOf = source && document ? () => ({ file: source.file, line: source.line + document.line - 1, text: document.text }) : undefined;
    const typed = asTypedResource({
      ...resource,
      address: autoDeployedAddress(
        resource.address,
        setup.path === "user_data" ? "user_data" : "provisioner",
        path,
        typeof manifest === "string" ? undefined : index,
      ),
      type: "kubernetes_manifest",
      values: { manifest: placed },
      written: typeof placed === "string" ? () => ({ path: setup.path }) : writtenUnder(placed, [], sourceOf),
    });
    return [typed, ...operatorMade(typed)];
  });
}

/**
 * The manifest files a server's cloud-config writes into the deploy controller's folder (autoDeployedObjects): those
 * it applies, their content as the last entry (and those that append to it) writes it, and those whose Addon name the
 * API server refuses. The controller names each file's Addon after its name up to the first period and creates it in
 * kube-system before reading the file (controller.go, deploy: basename, getOrCreateAddon): a name that is no lowercase
 * RFC 1123 label (`hcloud_ccm.yaml`, `Web.yaml`) fails there, and nothing of the file is applied (docs.k3s.io,
 * packaged-components, "File Naming Requirements"). None for an agent, nor for a file compressed as bytes. With them,
 * the commands of the setup and of the scripts it writes and runs, which tell an agent and name what writes into the folder otherwise.
 */
interface ServerManifests {
  readonly applied: { path: string; content: string }[];
  readonly refusedNames: string[];
  readonly notApplied: { path: string; name: string; why: string }[];
  readonly commands: readonly string[];
  readonly followed: ReadonlySet<string>;
  readonly folders: readonly string[];
}

const noManifests: ServerManifests = { applied: [], refusedNames: [], notApplied: [], commands: [], followed: new Set(), folders: [] };

// Most setups write no manifests folder: they are told apart before the memo, which would hold each of them.
const serverManifests = (setup: NodeSetup): ServerManifests => (setupNames(setup, manifestsFolders) ? readServerManifests(setup) : noManifests);

const readServerManifests = memoized((setup: NodeSetup): ServerManifests => {
  const { commands, dataDirs, files: onDisk, followed } = nodeFiles(setup);
  const folders = dataDirs.map(({ name, fallback, made }) => ({
    name,
    fallback: manifestsIn(fallback),
    folder: "dir" in made ? manifestsIn(made.dir) : undefined,
    why: "notKnown" in made ? made.notKnown : `${name}'s data-dir makes its folder ${manifestsIn(made.dir)}`,
  }));
  const read = folders.flatMap(({ folder }) => (folder === undefined ? [] : [folder]));
  // What a distribution does not read: its default folder, where its data-dir is elsewhere or not known here.
  const notApplied = folders.flatMap(({ name, fallback, folder, why }) =>
    folder === fallback ? [] : [...onDisk.keys()].filter((path) => path.startsWith(fallback)).map((path) => ({ path, name, why })),
  );
  const folderOf = (path: string) => folders.find(({ folder }) => folder !== undefined && path.startsWith(folder));
  const isRke2s = (path: string) => folderOf(path)?.name === "RKE2";
  const files = [...onDisk.values()].filter(({ path }) => folderOf(path) !== undefined);
  const skipped = skippedNames(files.map(({ path }) => path));
  // The node's role as its reader tells it, the variables of the files its commands source among what it reads.
  const agent = { K3s: k3sNodeOn(setup)?.role === "agent", RKE2: rke2NodeOn(setup)?.role === "agent" };
  const taken = files.filter(({ path }) => isApplied(fileName(path), skipped) && !agent[isRke2s(path) ? "RKE2" : "K3s"]);
  const addonNamed = (path: string) => addonName.test(addonOf(path));
  return {
    applied: taken.flatMap(({ path, content }) => (content !== undefined && addonNamed(path) ? [{ path, content }] : [])),
    refusedNames: taken.filter(({ path }) => !addonNamed(path)).map(({ path }) => path),
    notApplied,
    commands,
    followed,
    folders: read,
  };
});

/**
 * What the report names of the manifests folder of each server: a command of its setup that writes into the folder
 * (a runcmd line, a script's: `mv /opt/app.yaml /var/lib/rancher/k3s/server/manifests/`), whose objects are not read
 * here; and a file whose Addon name the deploy controller cannot create (serverManifests), which it never applies.
 */
export function autoDeployNotes(resources: readonly TfResource[]): { file: string; message: string }[] {
  return resources.flatMap((resource) =>
    setupsOf(resource, manifestsFolders).flatMap((setup) => {
      const { refusedNames, notApplied, commands, followed, folders } = serverManifests(setup);
      const file = blockPlace(resource);
      const named = commands.length > 0 ? manifestsFolderNamed(folders) : undefined;
      const command = named && commands.find((line) => named.test(line) && !followed.has(line));
      const refused = refusedNames.map((path) => ({
        file,
        message: `${resource.address} writes ${path}, ${refusedAddonSaid(path, new Set())}`,
      }));
      return [
        ...(command === undefined
          ? []
          : [
              {
                file,
                message: `${resource.address} writes into the folder K3s or RKE2 applies by itself with a command of ${setup.said} (${commandShown(command)}), whose manifests are not read here: check them (eds check <file>)`,
              },
            ]),
        ...refused,
        ...notApplied.map(({ path, name, why }) => ({
          file,
          message: `${resource.address} writes ${path}, which ${name} applies only from its own data-dir: ${why}, so its objects are not judged here`,
        })),
      ];
    }),
  );
}
