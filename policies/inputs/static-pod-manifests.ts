import { LineCounter } from "yaml";
import type { TfResource } from "../engine/model";
import { filesOnDisk, writtenFiles } from "../lib/cloud-init";
import { kubernetesValue, kubernetesYamlDocuments } from "../lib/go-yaml";
import { filesAt, kubeadmConfigSpec, kubeadmControlPlaneSpec } from "../lib/kubeadm";
import { fieldAt, isMap, isUnknown, type LooseObject } from "../lib/values";
import { asTypedResource, holdsCutInterpolation, isWholeInterpolation, pathText, placedIn, writtenUnder } from "./kubernetes-manifest";
import type { FileManifest } from "./manifest-files";

/**
 * The Pod a kubelet runs from a file of its static pod folder, as it decodes the file (kubernetes
 * pkg/kubelet/config/common.go, tryDecodeSinglePod): the YAML's first document, which must be a v1 Pod, not a list; or
 * the file's text where what it holds is known only at apply (a text Terraform renders, `fromTerraform`, whose YAML
 * reading cuts an interpolation); undefined where it runs none. In a text no Terraform renders, `${NAME}` is a
 * placeholder another tool fills (clusterctl, envsubst), a value not known here.
 */
export function staticPodManifest(content: string, fromTerraform = true): FileManifest | undefined {
  if (isWholeInterpolation(content.trim())) return { manifest: content };
  const lineCounter = new LineCounter();
  let first: unknown;
  let document: FileManifest["document"];
  try {
    const read = kubernetesYamlDocuments(content, lineCounter);
    const parsed = read.documents[0];
    if (!parsed) return undefined;
    first = kubernetesValue(parsed);
    document = { text: read.text.slice(parsed.range[0], parsed.range[1]), line: lineCounter.linePos(parsed.range[0]).line };
  } catch {
    return isUnknown(content) ? { manifest: content } : undefined;
  }
  if (fromTerraform && holdsCutInterpolation(first)) return { manifest: content };
  return isMap(first) && first.apiVersion === "v1" && first.kind === "Pod" ? { manifest: first, document } : undefined;
}

/** kubeadm's static pod folder, its kubelet's staticPodPath (kubeadm constants: KubernetesDir, ManifestsSubDirName). */
export const kubeadmStaticPodFolder = "/etc/kubernetes/manifests/";

/** Where a kubeadm configuration writes its machines' files: a KubeadmControlPlane's or a KubeadmConfig's, or their templates'. */
function kubeadmFilesAt(manifest: LooseObject): readonly string[] | undefined {
  const kubeadm = kubeadmControlPlaneSpec(manifest) ?? kubeadmConfigSpec(manifest);
  return kubeadm && [...kubeadm.at, ...filesAt];
}

/**
 * The static pods the machines of a Cluster API kubeadm configuration run from the files it writes into kubeadm's
 * static pod folder (`files`, which the kubeadm bootstrap provider writes with cloud-init or Ignition before kubeadm
 * runs: kube-vip's documented way), each judged as the Pod the kubelet runs (staticPodManifest), in `default` where it
 * names no namespace: at the object's address and the entry, `KubeadmControlPlane/c/cp.spec.kubeadmConfigSpec.files[0]`,
 * a finding pointing at the field's line in the entry's content where it is a literal block, else at the content. A
 * file read from a Secret (`contentFrom`) is not read here.
 */
export function kubeadmStaticPods(resource: TfResource): TfResource[] {
  const manifest = resource.values.manifest;
  if (resource.type !== "kubernetes_manifest" || resource.mode !== "managed" || !isMap(manifest)) return [];
  const at = kubeadmFilesAt(manifest);
  const entries = at && fieldAt(manifest, ...at);
  if (!at || !Array.isArray(entries)) return [];
  // The index of the last entry that writes each path: what the file holds once written (filesOnDisk).
  const lastEntry = new Map(entries.map((entry, i) => [fieldAt(entry, "path"), i] as const));
  return [...filesOnDisk(writtenFiles(entries)).values()].flatMap(({ path, content }) => {
    const inFolder = path.startsWith(kubeadmStaticPodFolder) && !/^\.|\//.test(path.slice(kubeadmStaticPodFolder.length));
    const pod = inFolder && content !== undefined ? staticPodManifest(content, /\.(?:tf|tofu)(?:\.json)?$/.test(resource.file)) : undefined;
    if (!pod) return [];
    const entry = [...at, lastEntry.get(path)!];
    const inObject = `manifest.${pathText([...entry, "content"])}`;
    const placed = typeof pod.manifest === "string" ? pod.manifest : placedIn(pod.manifest, "default");
    return [
      asTypedResource({
        ...resource,
        address: `${resource.address}.${pathText(entry)}`,
        name: path,
        values: { manifest: placed },
        written: writtenInEntry(resource, placed, inObject, pod.document),
      }),
    ];
  });
}

/**
 * Where the fields of an object (`placed`) held by the content of a file entry at `inObject` (a path of the resource's
 * manifest) are written: a literal block's lines are the file's, so a finding points at the field's line in the
 * document it is read from, else at the content's line; an object known only at apply, at the content.
 */
export function writtenInEntry(
  resource: TfResource,
  placed: Record<string, unknown> | string,
  inObject: string,
  document: FileManifest["document"],
): NonNullable<TfResource["written"]> {
  if (typeof placed === "string") return () => ({ path: inObject });
  return (typedPath) => {
    const block = resource.written?.(inObject);
    const source =
      block?.textLine !== undefined && document
        ? { file: block.file ?? resource.file, line: block.textLine + document.line - 1, text: document.text }
        : undefined;
    const inObjectWritten = writtenUnder(placed, [], source && (() => source))(typedPath);
    return { ...inObjectWritten, ...(inObjectWritten.line === undefined && block?.line !== undefined ? { line: block.line } : {}) };
  };
}
