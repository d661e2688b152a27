import { autoDeployedAddress, type TfResource } from "../engine/model";
import { cloudConfigFiles, type WrittenFile } from "../lib/cloud-init";
import { parseKubernetesYamlDocuments } from "../lib/go-yaml";
import { isUnknown } from "../lib/values";
import { asTypedResource, holdsCutInterpolation, isWholeInterpolation, placedIn, writtenUnder } from "./kubernetes-manifest";
import { appliedItems } from "./kubernetes-yaml";
import { operatorServices } from "./operator-services";

/**
 * The folders whose manifests a K3s or RKE2 server applies by itself, at start and whenever a file changes: the
 * deploy controller walks `<data-dir>/server/manifests` and the folders below it (docs.k3s.io, installation/
 * packaged-components, "Auto-Deploying Manifests"; docs.rke2.io, helm, "Automatically Deploying Manifests and Helm
 * Charts"), with the default data-dir of each; a data-dir set otherwise is not read here.
 */
const manifestsFolder = /^\/var\/lib\/rancher\/(?:k3s|rke2)\/server\/manifests\/(?:.+\/)?([^/]+)$/;

/**
 * Whether the deploy controller applies a file of the manifests folder (k3s pkg/deploy/controller.go, shouldSkipFile):
 * not a hidden one, nor one beside which a file of its name followed by `.skip` is written (the controller gathers the
 * `.skip` names of the whole folder, by file name), and only one ending in .yaml, .yml or .json, in any case.
 */
function isApplied(name: string, skipped: ReadonlySet<string>): boolean {
  return !name.startsWith(".") && !skipped.has(name) && /\.(?:ya?ml|json)$/i.test(name);
}

/**
 * The objects a server applies from the manifests its cloud-config writes into the deploy controller's folder
 * (manifestsFolder), each as the typed resource of its kind, as a kubernetes_manifest is: at the instance's address and
 * the file's place, `openstack_compute_instance_v2.server.user_data["/var/lib/rancher/k3s/server/manifests/app.yaml"][0]`.
 * The controller reads every document of a file, and the items of a list (controller.go, yamlToObjects and toObjects);
 * it applies them with wrangler, which creates a namespaced object that names no namespace in `default`
 * (rancher/wrangler pkg/apply: defaultNamespace, adjustNamespace). A file written twice is what its last entry writes
 * (cc_write_files.py truncates it). Content known only at apply, wholly or where the YAML reading cuts an interpolation,
 * is one manifest known only at apply, as a `kubernetes_manifest` given by a variable. A file that does not parse once
 * known is one the controller refuses: nothing of it is applied.
 */
export function autoDeployedObjects(instance: TfResource): TfResource[] {
  if (instance.mode !== "managed" || typeof instance.values.user_data !== "string" || !instance.values.user_data.includes("/server/manifests/")) return [];
  const files = new Map<string, WrittenFile>();
  for (const file of cloudConfigFiles(instance.values.user_data) ?? []) if (manifestsFolder.test(file.path)) files.set(file.path, file);
  const names = [...files.keys()].map((path) => manifestsFolder.exec(path)![1]!);
  const skipped = new Set(names.filter((name) => name.endsWith(".skip")).map((name) => name.slice(0, -".skip".length)));
  return [...files.values()].flatMap(({ path, content }) => {
    if (content === undefined || !isApplied(manifestsFolder.exec(path)![1]!, skipped)) return [];
    const manifests = fileManifests(content);
    return manifests.flatMap((manifest, index) => {
      const placed = typeof manifest === "string" ? manifest : placedIn(manifest, "default");
      const typed = asTypedResource({
        ...instance,
        address: autoDeployedAddress(instance.address, path, typeof manifest === "string" ? undefined : index),
        type: "kubernetes_manifest",
        values: { manifest: placed },
        written: typeof placed === "string" ? () => ({ path: "user_data" }) : writtenUnder(placed, []),
      });
      return [typed, ...operatorServices(typed)];
    });
  });
}

/** The objects a manifest file holds, or its text where what it holds is known only at apply. */
function fileManifests(content: string): (Record<string, unknown> | string)[] {
  if (isWholeInterpolation(content.trim())) return [content];
  let documents: unknown[];
  try {
    documents = parseKubernetesYamlDocuments(content);
  } catch {
    return isUnknown(content) ? [content] : [];
  }
  if (documents.some(holdsCutInterpolation)) return [content];
  return documents.flatMap(appliedItems);
}
