import { blockPlace, heldObjectAddress, type TfConfiguration, type TfResource } from "../engine/model";
import { clusterApiNodeOf } from "../lib/cluster-api-nodes";
import { isKind, isSveltosProfile } from "../lib/helm";
import { block, decodedBase64, fieldAt, isMap, isUnknown, keyPath, literalString } from "../lib/values";
import { deployControllerApplies, skippedNames } from "./deploy-controller";
import { manifestsIn } from "./node-files";
import { argumentLine, blockOfAddress } from "./block-lines";
import { asTypedResource, placedIn, writtenUnder } from "./kubernetes-manifest";
import { fileManifests } from "./manifest-files";
import { operatorMade } from "./operator-services";

/**
 * A ConfigMap or a Secret an object names for its data to be applied: which of its keys are (`takes`, among all of
 * them), the only type of Secret its controller takes, and whether it renders as a Go template the data of a holder
 * annotated so (Sveltos).
 */
interface HolderReference {
  readonly kind: "ConfigMap" | "Secret";
  readonly namespace: string;
  readonly name: string;
  readonly takes: (key: string, keys: readonly string[]) => boolean;
  readonly secretType?: string;
  readonly rendersTemplates?: true;
  /** Whether its controller sends a List as one object, which no API creates, where K3s's deploy controller applies its items. */
  readonly listsWhole?: true;
}

/**
 * A configuration with the objects the controllers of a fleet of clusters (Cluster API's, Sveltos) apply to the
 * clusters they serve from the data of the ConfigMaps and Secrets its objects name (heldReferences), each judged by every policy on Kubernetes objects as if
 * applied directly (one that names no namespace in `default`, as kubectl would place it): left as data, a privileged
 * DaemonSet shipped this way passed every one. A ConfigMap or Secret named that is not among what was checked is named
 * in the report's list of sources not judged. Objects and data a Helm chart renders are not read.
 */
export function withHeldObjects(configuration: TfConfiguration): TfConfiguration {
  const references = configuration.resources.flatMap((resource) => heldReferences(resource).map((reference) => ({ ...reference, by: resource })));
  if (references.length === 0) return configuration;
  const holders = new Map(configuration.resources.flatMap((resource) => holderKeys(resource).map((key): [string, TfResource] => [key, resource])));
  const applied = new Map<TfResource, HolderReference[]>();
  const notChecked: { file: string; message: string }[] = [];
  for (const reference of references) {
    const { kind, namespace, name, by } = reference;
    const holder = holders.get(`${kind}/${namespace}/${name}`);
    if (!holder)
      notChecked.push({
        file: blockPlace(by),
        message: `${by.address} applies the objects of the ${kind} ${namespace}/${name}, which is not among what was checked: they were not judged`,
      });
    // A controller refuses a Secret of another type than its own (ErrSecretTypeNotSupported): nothing of it is applied.
    else if (kind === "ConfigMap" || holder.values.type === reference.secretType) applied.set(holder, [...(applied.get(holder) ?? []), reference]);
  }
  const entries = [...applied];
  const templates = entries.filter(([holder, taken]) => taken.some(({ rendersTemplates }) => rendersTemplates) && isSveltosTemplate(holder));
  const notes = [
    ...notChecked,
    ...templates.map(([holder]) => ({
      file: blockPlace(holder),
      message: `${holder.address} holds a template Sveltos renders for each cluster it deploys to (projectsveltos.io/template), whose objects are not read here`,
    })),
  ];
  const objects = entries.filter((entry) => !templates.includes(entry)).flatMap(([holder, taken]) => appliedObjects(holder, taken));
  return {
    ...configuration,
    resources: [...configuration.resources, ...objects],
    ...(notes.length > 0 ? { leftToTheirTools: [...(configuration.leftToTheirTools ?? []), ...notes] } : {}),
  };
}

/** Whether a ConfigMap or Secret is annotated as a template Sveltos renders (libsveltos: PolicyTemplateAnnotation). */
const isSveltosTemplate = (holder: TfResource): boolean => {
  const annotations = block(holder.values.metadata)?.annotations;
  return isMap(annotations) && Object.hasOwn(annotations, "projectsveltos.io/template");
};

/**
 * The ConfigMaps and Secrets an object names for a controller of Cluster API's world to apply their data:
 * - a ClusterResourceSet's (cluster-api, internal/controllers/clusterresourceset: getResource, normalizeData,
 *   objsFromYamlData; cluster-api.sigs.k8s.io, tasks/cluster-resource-set), each found in the set's own namespace,
 *   every key applied to the clusters the set selects, each document as one object (util/yaml ToUnstructured: a List
 *   is sent whole, and created by no API); a Secret only of the type `addons.cluster.x-k8s.io/resource-set`
 *   (ErrSecretTypeNotSupported otherwise);
 * - a Sveltos ClusterProfile's or Profile's policyRefs (projectsveltos addon-controller: a Secret only of the type
 *   `addons.projectsveltos.io/cluster-profile`), in the namespace each names (a Profile's own), every key deployed to
 *   the clusters it selects; a holder annotated `projectsveltos.io/template` is a template rendered for each cluster;
 * - an RKE2 control plane's manifestsConfigMapReference (cluster-api-provider-rke2, bootstrap controller:
 *   generateFilesFromManifestConfig), a ConfigMap of the namespace it names, each key written as a file of that name in
 *   /var/lib/rancher/rke2/server/manifests after the spec's files, which the servers' deploy controller applies as it
 *   applies that folder's (deployControllerApplies); none where the servers' data-dir is elsewhere.
 */
function heldReferences(resource: TfResource): HolderReference[] {
  const manifest = resource.values.manifest;
  if (resource.type !== "kubernetes_manifest" || resource.mode !== "managed" || !isMap(manifest)) return [];
  if (isKind(manifest, "ClusterResourceSet", "addons.cluster.x-k8s.io")) {
    const namespace = namespaceOf(manifest.metadata);
    return holdersNamed(fieldAt(manifest, "spec", "resources"), () => namespace, { secretType: "addons.cluster.x-k8s.io/resource-set", listsWhole: true });
  }
  if (isSveltosProfile(manifest)) {
    // A Profile names only its own namespace's; a ClusterProfile's reference with no namespace is looked up in each
    // cluster's namespace, which is not known here.
    const own = manifest.kind === "Profile" ? namespaceOf(manifest.metadata) : undefined;
    return holdersNamed(fieldAt(manifest, "spec", "policyRefs"), (reference) => own ?? nameOf(fieldAt(reference, "namespace")), {
      secretType: "addons.projectsveltos.io/cluster-profile",
      rendersTemplates: true,
    });
  }
  const made = clusterApiNodeOf(manifest);
  const node = made && "node" in made.read ? made.read.node : undefined;
  if (made?.role !== "server" || node?.name !== "RKE2" || (literalString(node.values["data-dir"]) ?? rke2DataDir) !== rke2DataDir) return [];
  const name = nameOf(fieldAt(manifest, ...made.at, "manifestsConfigMapReference", "name"));
  const namespace = nameOf(fieldAt(manifest, ...made.at, "manifestsConfigMapReference", "namespace"));
  if (!name || !namespace) return [];
  const folder = manifestsIn(rke2DataDir);
  const written = node.files.map(({ path }) => path).filter((path) => path.startsWith(folder));
  const takes = (key: string, keys: readonly string[]) =>
    deployControllerApplies(`${folder}${key}`, skippedNames([...written, ...keys.map((each) => `${folder}${each}`)]));
  return [{ kind: "ConfigMap", namespace, name, takes }];
}

/**
 * The ConfigMaps and Secrets a list of references names (`{kind, name}`, a ClusterResourceSet's resources, a Sveltos
 * profile's policyRefs), each in the namespace `namespaceFor` gives it, every key taken, with what the controller does
 * of them (`how`); none of a reference whose name or namespace is not written.
 */
function holdersNamed(
  references: unknown,
  namespaceFor: (reference: unknown) => string | undefined,
  how: Pick<HolderReference, "secretType" | "rendersTemplates" | "listsWhole">,
): HolderReference[] {
  return (Array.isArray(references) ? references : []).flatMap((reference): HolderReference[] => {
    const name = nameOf(fieldAt(reference, "name"));
    const kind = fieldAt(reference, "kind");
    const namespace = namespaceFor(reference);
    return name && namespace && (kind === "ConfigMap" || kind === "Secret") ? [{ kind, namespace, name, takes: () => true, ...how }] : [];
  });
}

/** RKE2's default data-dir, under which its Cluster API provider writes the manifests of a ConfigMap (DefaultManifestDirectory). */
const rke2DataDir = "/var/lib/rancher/rke2";

/** A namespaced object's namespace: the one its metadata names, else `default`, where kubectl and the provider put it. */
const namespaceOf = (metadata: unknown): string => nameOf(isMap(metadata) ? metadata.namespace : undefined) ?? "default";

/**
 * A name as written, to match a reference with what it names: one a placeholder fills (`ccm-${CLUSTER_NAME}`, which
 * clusterctl or Terraform fills alike on both sides) is the same text in the reference and in the object it names.
 */
const nameOf = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

const configMapTypes = new Set(["kubernetes_config_map_v1", "kubernetes_config_map"]);
const secretTypes = new Set(["kubernetes_secret_v1", "kubernetes_secret"]);

/** The keys a reference finds a ConfigMap or a Secret by (`ConfigMap/namespace/name`), for a managed one whose name is known. */
function holderKeys(resource: TfResource): string[] {
  if (resource.mode !== "managed") return [];
  const kind = configMapTypes.has(resource.type) ? "ConfigMap" : secretTypes.has(resource.type) ? "Secret" : undefined;
  const metadata = block(resource.values.metadata);
  const name = nameOf(metadata?.name);
  return kind && name ? [`${kind}/${namespaceOf(metadata)}/${name}`] : [];
}

/** The key that stands for every key of data known only at apply, none of whose keys are known (a ConfigMap's keys hold no `*`). */
const everyKey = "*";

/**
 * The texts of a ConfigMap's or a Secret's data as the controllers read them, by key in sorted order. The provider's typed
 * Secret writes its data as text, and its binary_data in base64; a manifest's Secret writes its data in base64, and its
 * stringData as text, which the API server merges into data, its keys winning. A value known only at apply stays so;
 * data wholly known only at apply (`data: ${CNI_RESOURCES}`, as clusterctl's templates write it) is one text at
 * everyKey.
 */
function dataTexts(resource: TfResource): [string, string][] {
  const texts = (values: unknown, decode: boolean): [string, string][] =>
    typeof values === "string" && isUnknown(values)
      ? [[everyKey, values]]
      : isMap(values)
        ? Object.entries(values).flatMap(([key, value]): [string, string][] => {
            if (typeof value !== "string") return [];
            const text = decode && !isUnknown(value) ? decodedBase64(value) : value;
            return text === undefined ? [] : [[key, text]];
          })
        : [];
  const manifest = resource.fromManifest ? resource.writtenValues?.manifest : undefined;
  const merged = configMapTypes.has(resource.type)
    ? texts(resource.values.data, false)
    : isMap(manifest)
      ? [...texts(manifest.data, true), ...texts(manifest.stringData, false)]
      : [...texts(resource.values.binary_data, true), ...texts(resource.values.data, false)];
  return [...new Map(merged)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The objects of the keys of a ConfigMap's or a Secret's data its references take, each as the typed resource of its
 * kind, as a kubernetes_manifest is: at the holder's address followed by the key and the object's place
 * (heldObjectAddress), a finding pointing at the line of the key that holds it, at the field of the object.
 */
function appliedObjects(holder: TfResource, references: readonly HolderReference[]): TfResource[] {
  const { address, mode, name, provider, stack } = holder;
  const texts = dataTexts(holder);
  const keys = texts.map(([key]) => key);
  return texts.flatMap(([key, text]) => {
    if (!references.some(({ takes }) => takes(key, keys))) return [];
    const path = key === everyKey ? "data" : keyPath("data", key);
    const at = holder.written?.(path) ?? { path };
    const file = at.file ?? holder.file;
    const line = at.line ?? argumentLine(holder.argumentLines, blockOfAddress(address), at.path) ?? holder.line;
    const placedAtKey = (inner: (path: string) => { path: string }) => (path: string) => ({ ...inner(path), file, ...(line === undefined ? {} : { line }) });
    // An item of a List (read apart by fileManifests, with no document of its own) is applied only where a reference's
    // controller applies the items.
    const itemsApplied = references.some(({ listsWhole }) => !listsWhole);
    return fileManifests(text).flatMap(({ manifest, document }, index) => {
      if (!itemsApplied && typeof manifest !== "string" && document === undefined) return [];
      const placed = typeof manifest === "string" ? manifest : placedIn(manifest, "default");
      const typed = asTypedResource({
        address: heldObjectAddress(address, key === everyKey ? undefined : key, typeof manifest === "string" ? undefined : index),
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
