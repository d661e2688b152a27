import { heldObjectAddress, type TfConfiguration, type TfResource } from "../engine/model";
import { groupOf } from "../lib/kubernetes";
import { block, decodedBase64, isMap, isUnknown, keyPath, literalString } from "../lib/values";
import { argumentLine, blockOfAddress } from "./block-lines";
import { asTypedResource, placedIn, writtenUnder } from "./kubernetes-manifest";
import { fileManifests } from "./manifest-files";
import { operatorMade } from "./operator-services";

/**
 * What Cluster API's ClusterResourceSets apply to the workload clusters they select (cluster-api, internal/controllers/
 * clusterresourceset: getResource, normalizeData, objsFromYamlData; cluster-api.sigs.k8s.io, tasks/cluster-resource-set):
 * each ConfigMap or Secret a set names, looked up in the set's own namespace, gives the objects its data holds, key by
 * key in sorted order, every YAML document of a value (a Secret's values base64-decoded as the API keeps them). A Secret
 * is taken only of the type `addons.cluster.x-k8s.io/resource-set` (ErrSecretTypeNotSupported otherwise). The objects
 * are created as written in the workload cluster, where every policy on Kubernetes objects judges them (one that names
 * no namespace in `default`, as kubectl would place it): left as data, a privileged DaemonSet shipped this way passed
 * every one. Sets and their data rendered by a Helm chart are not read.
 */
export function withClusterResourceSetObjects(configuration: TfConfiguration): TfConfiguration {
  const sets = configuration.resources.filter(isClusterResourceSet);
  if (sets.length === 0) return configuration;
  const holders = new Map(configuration.resources.flatMap((resource) => holderKeys(resource).map((key): [string, TfResource] => [key, resource])));
  const applied = new Set<TfResource>();
  for (const set of sets) {
    const manifest = set.values.manifest as Record<string, unknown>;
    const namespace = namespaceOf(manifest.metadata);
    const spec = isMap(manifest.spec) ? manifest.spec : {};
    for (const reference of Array.isArray(spec.resources) ? spec.resources : []) {
      const name = literalString(isMap(reference) ? reference.name : undefined);
      const kind = isMap(reference) ? reference.kind : undefined;
      const holder = name && (kind === "ConfigMap" || kind === "Secret") ? holders.get(`${kind}/${namespace}/${name}`) : undefined;
      if (holder) applied.add(holder);
    }
  }
  if (applied.size === 0) return configuration;
  return { ...configuration, resources: [...configuration.resources, ...[...applied].flatMap(appliedObjects)] };
}

const isClusterResourceSet = (resource: TfResource): boolean => {
  const manifest = resource.values.manifest;
  return (
    resource.type === "kubernetes_manifest" &&
    resource.mode === "managed" &&
    isMap(manifest) &&
    manifest.kind === "ClusterResourceSet" &&
    typeof manifest.apiVersion === "string" &&
    groupOf(manifest.apiVersion) === "addons.cluster.x-k8s.io"
  );
};

/** A namespaced object's namespace: the one its metadata names, else `default`, where kubectl and the provider put it. */
const namespaceOf = (metadata: unknown): string => literalString(isMap(metadata) ? metadata.namespace : undefined) || "default";

const configMapTypes = new Set(["kubernetes_config_map_v1", "kubernetes_config_map"]);
const secretTypes = new Set(["kubernetes_secret_v1", "kubernetes_secret"]);

/** The keys a set finds a ConfigMap or a Secret by (`ConfigMap/namespace/name`), for a managed one whose name is known. */
function holderKeys(resource: TfResource): string[] {
  if (resource.mode !== "managed") return [];
  const kind = configMapTypes.has(resource.type) ? "ConfigMap" : secretTypes.has(resource.type) ? "Secret" : undefined;
  const metadata = block(resource.values.metadata);
  const name = literalString(metadata?.name);
  return kind && name ? [`${kind}/${namespaceOf(metadata)}/${name}`] : [];
}

/**
 * The texts of a ConfigMap's or a Secret's data as the set's controller reads them, by key. The provider's typed
 * Secret writes its data as text, and its binary_data in base64; a manifest's Secret writes its data in base64, and its
 * stringData as text, which the API server merges into data, its keys winning. A value known only at apply stays so.
 */
function dataTexts(resource: TfResource): [string, string][] {
  const texts = (values: unknown, decode: boolean): [string, string][] =>
    isMap(values)
      ? Object.entries(values).flatMap(([key, value]): [string, string][] => {
          if (typeof value !== "string") return [];
          const text = decode && !isUnknown(value) ? decodedBase64(value) : value;
          return text === undefined ? [] : [[key, text]];
        })
      : [];
  if (configMapTypes.has(resource.type)) return texts(resource.values.data, false);
  if (resource.values.type !== "addons.cluster.x-k8s.io/resource-set") return [];
  const manifest = resource.fromManifest ? resource.writtenValues?.manifest : undefined;
  const merged = isMap(manifest)
    ? [...texts(manifest.data, true), ...texts(manifest.stringData, false)]
    : [...texts(resource.values.binary_data, true), ...texts(resource.values.data, false)];
  return [...new Map(merged)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The objects a ConfigMap's or a Secret's data applies, each as the typed resource of its kind, as a kubernetes_manifest
 * is: at the holder's address followed by the key and the object's place (heldObjectAddress), a finding pointing at
 * the line of the key that holds it, at the field of the object.
 */
function appliedObjects(holder: TfResource): TfResource[] {
  const { address, mode, name, provider, stack } = holder;
  return dataTexts(holder).flatMap(([key, text]) => {
    const at = holder.written?.(keyPath("data", key)) ?? { path: keyPath("data", key) };
    const file = at.file ?? holder.file;
    const line = at.line ?? argumentLine(holder.argumentLines, blockOfAddress(address), at.path) ?? holder.line;
    const placedAtKey = (inner: (path: string) => { path: string }) => (path: string) => ({ ...inner(path), file, ...(line === undefined ? {} : { line }) });
    return fileManifests(text).flatMap(({ manifest }, index) => {
      const placed = typeof manifest === "string" ? manifest : placedIn(manifest, "default");
      const typed = asTypedResource({
        address: heldObjectAddress(address, key, typeof manifest === "string" ? undefined : index),
        mode,
        type: "kubernetes_manifest",
        name,
        provider,
        stack,
        file,
        ...(line === undefined ? {} : { line }),
        values: { manifest: placed },
        written: placedAtKey(typeof placed === "string" ? () => ({ path: at.path }) : writtenUnder(placed, [])),
      });
      return [typed, ...operatorMade(typed)];
    });
  });
}
