import type { PolicyContext, Violation } from "../engine/policy";
import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { appliedManifests, appliedObjects, isKind, objectName } from "./helm";
import { attributePath, block, blocks, isMap, list, literalString, unrecorded } from "./values";
import { containers, type Found, type ImageAt, parseImage, podSpecs, violationsOf } from "./kubernetes";

/** An image a resource runs, where it is about, and who runs it, for a message. */
interface ImageUse {
  readonly path: string;
  readonly label: string;
}

/**
 * An image written in the resource: the field `key` of `holder`, read without the engine recording a value known only
 * at apply (the registry of one known in part may decide alone).
 */
interface WrittenImage extends ImageUse {
  readonly holder: Record<string, unknown>;
  readonly key: string;
}

/** An image an operator builds from what the object writes elsewhere (a catalog's entry, a base image and a version). */
interface BuiltImage extends ImageUse {
  readonly text: string;
}

/** An image chosen by what this configuration does not hold (an operator's own setting), and why. */
interface ImageChosenElsewhere extends ImageUse {
  readonly chosenElsewhere: string;
}

type AnyImageUse = WrittenImage | BuiltImage | ImageChosenElsewhere;

/** An image's value as written, unread by the engine (unrecorded). */
const written = ({ holder, key }: Pick<WrittenImage, "holder" | "key">): unknown => unrecorded(holder, key);

const cloudNativePg = "postgresql.cnpg.io";

/** The catalog a CloudNativePG Cluster's imageCatalogRef names, as found in this configuration. */
interface CatalogLookup {
  /** `ImageCatalog postgresql`, for messages. */
  readonly catalog: string;
  readonly major: unknown;
  /** How many catalogs of that kind and name this configuration holds where the cluster may read them. */
  readonly found: number;
  /** The catalog's entry for the major, where one catalog was found and has it. */
  readonly entry?: Record<string, unknown>;
}

/**
 * The catalog a cluster's spec.imageCatalogRef names: the ImageCatalog of that name in the cluster's namespace, or the
 * ClusterImageCatalog (cloudnative-pg pkg/imagecatalog, Get), and its entry for the major (FindImageForMajor).
 */
function catalogOf(reference: Record<string, unknown>, namespace: unknown, graph: ResourceGraph): CatalogLookup {
  const kind = literalString(graph.readValue(reference.kind));
  const name = literalString(graph.readValue(reference.name));
  const major = graph.readValue(reference.major);
  const catalogs =
    kind === undefined || name === undefined
      ? []
      : appliedManifests(graph).filter(
          ({ manifest: catalog }) =>
            isKind(catalog, kind, cloudNativePg) &&
            catalog.metadata?.name === name &&
            (kind !== "ImageCatalog" || sameNamespace(catalog.metadata?.namespace, namespace)),
        );
  const entries: unknown[] = catalogs.length === 1 && Array.isArray(catalogs[0]!.manifest.spec?.images) ? catalogs[0]!.manifest.spec.images : [];
  const entry = entries.find((image): image is Record<string, unknown> => isMap(image) && String(graph.readValue(image.major)) === String(major));
  return { catalog: `${kind ?? "(kind known at apply)"} ${name ?? "(name known at apply)"}`, major, found: catalogs.length, ...(entry ? { entry } : {}) };
}

/** Why the image a catalog gives for a cluster's major is not known here. */
const notInCatalog = ({ catalog, major, found }: CatalogLookup, what: string): string =>
  `${what} ${catalog} gives for major ${String(major)}, ${found === 1 ? "which it does not give here" : found === 0 ? "and no such catalog is in this configuration" : "and several catalogs of that name are in this configuration"}`;

/**
 * The images a CloudNativePG Cluster's pods run (cloudnative-pg internal/controller/cluster_image.go,
 * getRequestedImageInfo; pkg/specs/pods.go):
 * - its instances, its spec.imageName; else the image its spec.imageCatalogRef gives for its `major` (catalogOf); else
 *   the image the operator is configured with, which its defaulting webhook writes into the Cluster (its
 *   POSTGRES_IMAGE_NAME, pkg/versions DefaultImageName upstream: ghcr.io/cloudnative-pg/postgresql, by tag);
 * - each extension of spec.postgresql.extensions, mounted as an image volume: its image.reference, else the one its
 *   catalog's entry gives the extension of that name (pkg/specs/extensions, ResolveFromCatalog). One with neither is
 *   refused, and no pod runs.
 */
function databaseClusterImages(manifest: Record<string, unknown>, at: string, graph: ResourceGraph): AnyImageUse[] {
  const spec = manifest.spec;
  if (!isMap(spec)) return [];
  const label = `database cluster ${objectName(manifest)}`;
  const namedImage = written({ holder: spec, key: "imageName" }) !== undefined;
  const lookup =
    !namedImage && isMap(spec.imageCatalogRef)
      ? catalogOf(spec.imageCatalogRef, isMap(manifest.metadata) ? manifest.metadata.namespace : undefined, graph)
      : undefined;
  const catalogPath = `${at}.spec.imageCatalogRef`;
  const instances: AnyImageUse = namedImage
    ? { holder: spec, key: "imageName", path: `${at}.spec.imageName`, label }
    : !lookup
      ? {
          path: `${at}.spec.imageName`,
          label,
          chosenElsewhere:
            "its instances run the image the CloudNativePG operator is configured with (POSTGRES_IMAGE_NAME; ghcr.io/cloudnative-pg/postgresql by tag upstream), which is not in this configuration",
        }
      : typeof graph.readValue(lookup.entry?.image) === "string"
        ? { text: graph.readValue(lookup.entry?.image) as string, path: catalogPath, label: `${label} (major ${String(lookup.major)} of ${lookup.catalog})` }
        : { path: catalogPath, label, chosenElsewhere: notInCatalog(lookup, "its instances run the image") };
  const extensions = isMap(spec.postgresql) ? list(spec.postgresql.extensions) : [];
  return [
    instances,
    ...extensions.flatMap((extension, i): AnyImageUse[] => {
      if (!isMap(extension)) return [];
      const name = literalString(graph.readValue(extension.name));
      const own = label.replace("database cluster", `extension ${name ?? i} of database cluster`);
      const path = `${at}.spec.postgresql.extensions[${i}].image`;
      const source = extension.image;
      if (isMap(source) && written({ holder: source, key: "reference" }) !== undefined)
        return [{ holder: source, key: "reference", path: `${path}.reference`, label: own }];
      if (!lookup) return [];
      const given = list(lookup.entry?.extensions).find((entry) => isMap(entry) && entry.name === name);
      const reference = isMap(given) && isMap(given.image) ? graph.readValue(given.image.reference) : undefined;
      return typeof reference === "string"
        ? [{ text: reference, path, label: `${own} (from ${lookup.catalog})` }]
        : [{ path, label: own, chosenElsewhere: notInCatalog(lookup, "its image is the one") }];
    }),
  ];
}

/** Two namespaces as written are one, or either is left to where the object is applied. */
const sameNamespace = (a: unknown, b: unknown): boolean => typeof a !== "string" || typeof b !== "string" || a === b;

/**
 * Where prometheus-operator takes the image of a pod whose object names none (operator flags, pkg/operator/config.go):
 * the operator's default base image, and the object's deprecated baseImage where its kind has one (Prometheus,
 * Alertmanager, a Prometheus's Thanos sidecar: prometheus_types.go, alertmanager_types.go, thanos_types.go).
 */
const defaultBaseImages: Readonly<Record<string, { readonly flag: string; readonly upstream: string; readonly baseImage: boolean }>> = {
  Prometheus: { flag: "--prometheus-default-base-image", upstream: "quay.io/prometheus/prometheus", baseImage: true },
  PrometheusAgent: { flag: "--prometheus-default-base-image", upstream: "quay.io/prometheus/prometheus", baseImage: false },
  Alertmanager: { flag: "--alertmanager-default-base-image", upstream: "quay.io/prometheus/alertmanager", baseImage: true },
  ThanosRuler: { flag: "--thanos-default-base-image", upstream: "quay.io/thanos/thanos", baseImage: false },
  thanos: { flag: "--thanos-default-base-image", upstream: "quay.io/thanos/thanos", baseImage: true },
};

/**
 * The image prometheus-operator runs for an object (or its Thanos sidecar) that names none in `image` (blank is none):
 * BuildImagePath (pkg/operator/image.go) takes the base image as it is when it carries a tag or a digest, else adds the
 * sha, the tag or the version, in that order. The base image is the object's deprecated baseImage, else the operator's.
 */
function imageTheOperatorBuilds(
  holder: Record<string, unknown>,
  of: keyof typeof defaultBaseImages,
  path: string,
  label: string,
  graph: ResourceGraph,
): AnyImageUse {
  const { flag, upstream, baseImage } = defaultBaseImages[of]!;
  const read = (key: string) => {
    const value = graph.readValue(written({ holder, key }));
    return value === undefined || value === null || (typeof value === "string" && value.trim() === "") ? undefined : value;
  };
  const base = baseImage ? read("baseImage") : undefined;
  if (base === undefined)
    return { path, label, chosenElsewhere: `it runs the operator's default base image (${flag}; ${upstream} upstream), which is not in this configuration` };
  const [version, tag, sha] = ["version", "tag", "sha"].map(read);
  if (![base, version, tag, sha].every((part) => part === undefined || literalString(part) !== undefined))
    return { path, label, chosenElsewhere: "the operator builds it from baseImage, sha, tag and version, not all known before apply" };
  const parsed = parseImage(base as string);
  const text =
    !parsed || parsed.tag !== undefined || parsed.digest !== undefined
      ? (base as string)
      : sha !== undefined
        ? `${base}@sha256:${sha}`
        : tag !== undefined
          ? `${base}:${tag}`
          : version !== undefined
            ? `${base}:${version}`
            : undefined;
  return text === undefined
    ? { path, label, chosenElsewhere: `the operator tags its baseImage ${String(base)} with its own default version, which is not in this configuration` }
    : { text, path: path.replace(/image$/, "baseImage"), label };
}

/** The kinds of prometheus-operator whose pods run spec.image (the containers their spec adds are the pods', monitoring-pods.ts). */
const monitoringKinds = ["Prometheus", "PrometheusAgent", "Alertmanager", "ThanosRuler"] as const;

/** An image written in `holder.image`, blank being none (BuildImagePath takes spec.image only when it is not blank). */
function namedImage(holder: Record<string, unknown>): boolean {
  const image = written({ holder, key: "image" });
  return image !== undefined && image !== null && !(typeof image === "string" && image.trim() === "");
}

/**
 * The images an object runs through its operator:
 * - a CloudNativePG Cluster's instances and extensions (databaseClusterImages);
 * - a Prometheus, PrometheusAgent, Alertmanager or ThanosRuler runs its spec.image, else the one the operator builds
 *   (imageTheOperatorBuilds), and a Prometheus with spec.thanos a Thanos sidecar the same way from spec.thanos
 *   (prometheus-operator pkg/apis/monitoring/v1, prometheus_types.go CommonPrometheusFields and ThanosSpec,
 *   alertmanager_types.go, thanos_types.go: Image); the containers its spec adds or overrides are its pods'
 *   (monitoringPods).
 */
const operatorImages = (resource: TfResource, graph: ResourceGraph): AnyImageUse[] =>
  appliedObjects(resource).flatMap(({ manifest, at }): AnyImageUse[] => {
    // The kind before anything else: an object that runs no image is not read (its spec may be known only at apply).
    if (isKind(manifest, "Cluster", cloudNativePg)) return databaseClusterImages(manifest, at, graph);
    const kind = monitoringKinds.find((name) => isKind(manifest, name, "monitoring.coreos.com"));
    if (kind === undefined) return [];
    const spec = manifest.spec;
    if (!isMap(spec)) return [];
    const owner = `${kind} ${objectName(manifest)}`;
    const image = (holder: Record<string, unknown>, of: keyof typeof defaultBaseImages, path: string, label: string): AnyImageUse =>
      namedImage(holder) ? { holder, key: "image", path, label } : imageTheOperatorBuilds(holder, of, path, label, graph);
    return [
      image(spec, kind, `${at}.spec.image`, owner),
      ...(kind === "Prometheus" && isMap(spec.thanos) ? [image(spec.thanos, "thanos", `${at}.spec.thanos.image`, `thanos sidecar of ${owner}`)] : []),
    ];
  });

/**
 * The images a pod mounts as image volumes: the kubelet pulls each volume's image.reference from its registry as it
 * pulls a container's image (core/v1 ImageVolumeSource; KEP-4639), and the Restricted profile allows the volume.
 */
const imageVolumes = (resource: TfResource): WrittenImage[] =>
  podSpecs(resource).flatMap((pod) =>
    blocks(pod.spec.volume).flatMap((volume, i) => {
      const source = block(volume.image);
      return source
        ? [
            {
              holder: source,
              key: "reference",
              path: attributePath(pod.path, "volume", i, "image", "reference"),
              get label() {
                return `image volume ${literalString(volume.name) ?? i}`;
              },
            },
          ]
        : [];
    }),
  );

/** Every image a resource runs: each container's and init container's, each image volume's, and those its operator runs from it. */
const imagesOf = (resource: TfResource, graph: ResourceGraph): AnyImageUse[] => [
  ...containers(resource).map((at) => ({
    holder: at.container,
    key: "image",
    path: attributePath(at.path, "image"),
    // Read only when a message is written, as the container's label.
    get label() {
      return at.label;
    },
  })),
  ...imageVolumes(resource),
  ...operatorImages(resource, graph),
];

/**
 * The image a gateway or a pod Istio injects is written with: the injector replaces it with the proxy image of the
 * mesh's version (istio.io, "Installing Gateways", and analysis message IST0146: "The auto image is a placeholder").
 */
const istioPlaceholder = "auto";

/**
 * A check run on every image a resource runs (imagesOf), as written or read from the argument it references (a
 * registry image's name, known at plan). An image not known before apply is not checked, and is read as a policy reads
 * it, for the engine to report it not evaluable, unless `partlyKnown` decides it from what is known of it (its
 * violations, none when it passes; undefined when it cannot decide). An image this configuration does not choose is
 * not evaluable, with the reason.
 */
export const eachImage =
  (
    check: (found: ImageAt & { readonly label: string }, context: PolicyContext) => Found,
    partlyKnown?: (found: { readonly text: string; readonly path: string; readonly label: string }, context: PolicyContext) => Violation[] | undefined,
  ) =>
  (resource: TfResource, context: PolicyContext): Violation[] =>
    imagesOf(resource, context.graph).flatMap((use): Violation[] => {
      if ("chosenElsewhere" in use) return [{ message: `${use.label} names no image: ${use.chosenElsewhere}`, path: use.path, outcome: "cannot-evaluate" }];
      const value = "text" in use ? use.text : context.graph.readValue(written(use));
      const text = literalString(value);
      const found = <T>(fields: T) => ({
        ...fields,
        path: use.path,
        get label() {
          return use.label;
        },
      });
      if (text === istioPlaceholder)
        return [
          {
            message: `${use.label} runs the image "auto", a placeholder Istio's sidecar injector replaces with the mesh's proxy image, which is not in this configuration`,
            path: use.path,
            outcome: "cannot-evaluate",
          },
        ];
      if (text !== undefined) return violationsOf(check(found({ text, image: parseImage(text) }), context));
      const decided = typeof value === "string" ? partlyKnown?.(found({ text: value }), context) : undefined;
      if (decided !== undefined) return decided;
      // An image built elsewhere is not one the engine reads here: its part known only at apply is said.
      if ("text" in use) return [{ message: `${use.label} runs the image ${use.text}, not known before apply`, path: use.path, outcome: "cannot-evaluate" }];
      // Read as a policy reads it: the engine records the value known only at apply.
      use.holder[use.key];
      return [];
    });
