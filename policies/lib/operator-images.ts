import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { escapedForRegExp } from "../../lib/regexp";
import { elasticProductContainer } from "../inputs/elastic-pods";
import { appliedManifestsCalled, appliedObjects, isKind, objectName } from "./helm";
import { attributePath, blocks, isMap, isUnknownValue, list, literalString, maybeAbsentOver, unknownShown, unrecorded } from "./values";
import { type ContainerAt, parseImage } from "./kubernetes";
import { connectionPoolerRuns, logicalBackupRuns, operatorImageSetting } from "./zalando-postgres";

/** An image a resource runs, where it is about, and who runs it, for a message. */
export interface ImageUse {
  readonly path: string;
  readonly label: string;
}

/**
 * An image written in the resource: the field `key` of `holder`, read without the engine recording a value known only
 * at apply (the registry of one known in part may decide alone).
 */
export interface WrittenImage extends ImageUse {
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

/** An image that runs only where a value known only at apply says so (its expression). */
interface ImageThatMayRun extends ImageUse {
  readonly runsWhere: string;
}

/**
 * An image an operator may be given by an environment variable whose name is not known here (`name = env.key` in a
 * dynamic block over a variable): the entry, its name as written, and the value it waits on.
 */
export interface ImageThatMayBeGiven extends ImageUse {
  readonly entry: Record<string, unknown>;
  readonly namedAs: string;
  readonly notKnown: string;
}

export type AnyImageUse = WrittenImage | BuiltImage | ImageChosenElsewhere | ImageThatMayRun | ImageThatMayBeGiven;

/** An image's value as written, unread by the engine (unrecorded). */
export const written = ({ holder, key }: Pick<WrittenImage, "holder" | "key">): unknown => unrecorded(holder, key);

const cloudNativePg = "postgresql.cnpg.io";

/** The catalog a CloudNativePG Cluster's or Pooler's imageCatalogRef names, as found in this configuration. */
interface CatalogLookup {
  /** `ImageCatalog postgresql`, for messages. */
  readonly catalog: string;
  /** How many catalogs of that kind and name this configuration holds where the object may read them. */
  readonly found: number;
  /** The one catalog's spec, where one was found. */
  readonly spec?: Record<string, unknown>;
}

/**
 * The catalog an imageCatalogRef names: the ImageCatalog of that name in the object's namespace, or the
 * ClusterImageCatalog of that name (cloudnative-pg pkg/imagecatalog, Get; internal/controller/pooler_image.go,
 * resolveImageFromCatalog).
 */
function catalogOf(reference: Record<string, unknown>, namespace: unknown, graph: ResourceGraph): CatalogLookup {
  const kindValue = graph.readValue(reference.kind);
  const nameValue = graph.readValue(reference.name);
  const kind = literalString(kindValue);
  const name = literalString(nameValue);
  const catalogs =
    kind === undefined || name === undefined
      ? []
      : appliedManifestsCalled(graph, name).filter(
          ({ manifest: catalog }) => isKind(catalog, kind, cloudNativePg) && (kind !== "ImageCatalog" || sameNamespace(catalog.metadata?.namespace, namespace)),
        );
  const spec = catalogs.length === 1 && isMap(catalogs[0]!.manifest.spec) ? catalogs[0]!.manifest.spec : undefined;
  return { catalog: `${kind ?? unknownShown(kindValue)} ${name ?? unknownShown(nameValue)}`, found: catalogs.length, ...(spec ? { spec } : {}) };
}

/** The entry of a catalog's list `field` whose `key` is `value` (an image's major, a component image's key). */
const catalogEntry = (lookup: CatalogLookup | undefined, field: string, key: string, value: unknown, graph: ResourceGraph) =>
  list(lookup?.spec?.[field]).find((entry): entry is Record<string, unknown> => isMap(entry) && String(graph.readValue(entry[key])) === String(value));

/** The image a catalog gives (`what` it is, for the message that says why it is not known here). */
function fromCatalog(image: unknown, lookup: CatalogLookup, path: string, label: string, what: string): AnyImageUse {
  if (typeof image === "string") return { text: image, path, label: `${label} (from ${lookup.catalog})` };
  const why =
    lookup.found === 1
      ? "which it does not give here"
      : lookup.found === 0
        ? "and no such catalog is in this configuration"
        : "and several catalogs of that name are in this configuration";
  return { path, label, chosenElsewhere: `${what} ${lookup.catalog} gives, ${why}` };
}

const namespaceOfObject = (manifest: Record<string, unknown>): unknown => (isMap(manifest.metadata) ? manifest.metadata.namespace : undefined);

/**
 * The images a CloudNativePG Cluster's pods run (cloudnative-pg internal/controller/cluster_image.go,
 * getRequestedImageInfo; pkg/specs/pods.go):
 * - its instances, its spec.imageName; else the image its spec.imageCatalogRef's catalog gives for its `major`; else
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
  // An empty imageName is none: the operator fills it (api/v1/cluster_defaults.go, SetDefaults).
  const namedImage = namedImageAt(spec, "imageName");
  const reference = !namedImage && isMap(spec.imageCatalogRef) ? spec.imageCatalogRef : undefined;
  const lookup = reference && catalogOf(reference, namespaceOfObject(manifest), graph);
  const major = reference && graph.readValue(reference.major);
  const entry = catalogEntry(lookup, "images", "major", major, graph);
  const instances: AnyImageUse = namedImage
    ? { holder: spec, key: "imageName", path: `${at}.spec.imageName`, label }
    : !lookup
      ? {
          path: `${at}.spec.imageName`,
          label,
          chosenElsewhere:
            "its instances run the image the CloudNativePG operator is configured with (POSTGRES_IMAGE_NAME; ghcr.io/cloudnative-pg/postgresql by tag upstream), which is not in this configuration",
        }
      : fromCatalog(graph.readValue(entry?.image), lookup, `${at}.spec.imageCatalogRef`, label, `its instances run the image for major ${String(major)} that`);
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
      const given = list(entry?.extensions).find((each) => isMap(each) && each.name === name);
      const image = isMap(given) && isMap(given.image) ? graph.readValue(given.image.reference) : undefined;
      return [fromCatalog(image, lookup, path, own, `its image is the one for major ${String(major)} that`)];
    }),
  ];
}

/**
 * The image a CloudNativePG Pooler's PgBouncer runs where its pod template's container named pgbouncer writes none
 * (cloudnative-pg internal/controller/pooler_image.go, resolvePoolerImage): spec.pgbouncer.image, else the component
 * image its spec.pgbouncer.imageCatalogRef's catalog gives for its `key`, else the one the operator is configured with
 * (PGBOUNCER_IMAGE_NAME; pkg/versions DefaultPgbouncerImage upstream: ghcr.io, by tag). The template's containers,
 * pgbouncer's where it writes an image, are its pods' (cloudnativePgPods).
 */
function poolerImages(manifest: Record<string, unknown>, at: string, graph: ResourceGraph): AnyImageUse[] {
  const spec = manifest.spec;
  if (!isMap(spec)) return [];
  const label = `connection pooler ${objectName(manifest)}`;
  const template = isMap(spec.template) && isMap(spec.template.spec) ? spec.template.spec : {};
  const own = list(template.containers).find((container) => isMap(container) && container.name === "pgbouncer");
  if (isMap(own) && namedImageAt(own, "image")) return [];
  const pgbouncer = isMap(spec.pgbouncer) ? spec.pgbouncer : {};
  if (namedImageAt(pgbouncer, "image")) return [{ holder: pgbouncer, key: "image", path: `${at}.spec.pgbouncer.image`, label }];
  if (isMap(pgbouncer.imageCatalogRef)) {
    const reference = pgbouncer.imageCatalogRef;
    const lookup = catalogOf(reference, namespaceOfObject(manifest), graph);
    const key = graph.readValue(reference.key);
    const entry = catalogEntry(lookup, "componentImages", "key", key, graph);
    return [fromCatalog(graph.readValue(entry?.image), lookup, `${at}.spec.pgbouncer.imageCatalogRef`, label, `it runs the ${String(key)} image that`)];
  }
  return [
    {
      path: `${at}.spec.pgbouncer.image`,
      label,
      chosenElsewhere:
        "it runs the PgBouncer image the CloudNativePG operator is configured with (PGBOUNCER_IMAGE_NAME; ghcr.io/cloudnative-pg/pgbouncer by tag upstream), which is not in this configuration",
    },
  ];
}

/**
 * The image Elastic's operator runs its product in (Elasticsearch, Kibana, a Beat...): the image of the container of
 * the product's name in a pod template, else spec.image, else its own image for the stack version
 * (pkg/controller/common/defaults/pod_template.go, WithDockerImage; common/container/container.go, ImageRepository:
 * docker.elastic.co upstream, as its --container-registry, --container-repository and --container-suffix flags make
 * it). Where every pod template writes that container's image, the templates' containers are the images judged.
 */
function elasticProductImage(manifest: Record<string, unknown>, at: string): AnyImageUse[] {
  const product = elasticProductContainer(manifest);
  if (!product || !isMap(manifest.spec)) return [];
  const writesImage = (template: unknown) =>
    isMap(template) &&
    isMap(template.spec) &&
    list(template.spec.containers).some((container) => isMap(container) && container.name === product.name && namedImageAt(container, "image"));
  if (product.everyPodTemplated && product.templates.every(writesImage)) return [];
  const label = `${String(manifest.kind)} ${objectName(manifest)}`;
  return namedImageAt(manifest.spec, "image")
    ? [{ holder: manifest.spec, key: "image", path: `${at}.spec.image`, label }]
    : [
        {
          path: `${at}.spec.image`,
          label,
          chosenElsewhere:
            "it runs the image Elastic's operator gives its stack version (docker.elastic.co upstream, or where its --container-registry flag points), which is not in this configuration",
        },
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

/**
 * An image written in `holder[key]`, blank being none: prometheus-operator takes spec.image only when it is not blank
 * (BuildImagePath), CloudNativePG a Pooler's only when it is not empty (resolvePoolerImage).
 */
function namedImageAt(holder: Record<string, unknown>, key: string): boolean {
  const image = written({ holder, key });
  return image !== undefined && image !== null && !(typeof image === "string" && image.trim() === "");
}

/** A path under an object's spec. */
type SpecPath = readonly string[];

/**
 * An image field an operator reads from its object: the holder's path, the field, who runs the image (for messages),
 * where the operator takes the image when the field is empty (undefined: nothing runs), and, where the image runs only
 * when the object says so, what says it (`when`).
 */
interface ImageField {
  readonly at: SpecPath;
  /** The field; none where the object cannot name the image (the operator's alone). */
  readonly key?: string;
  readonly runs: string;
  readonly otherwise?: string;
  /** Where the operator's configuration, when this configuration holds it, names the image it takes otherwise. */
  readonly setting?: (graph: ResourceGraph) => { text: string; from: string } | { unknown: string };
  /** Where it runs only when the object says so: the field that says it, and whether it runs (connectionPoolerRuns). */
  readonly when?: { readonly at: SpecPath; readonly runs: (spec: Record<string, unknown>) => boolean | string };
}

/** The image fields of an operator's kind (the containers an object adds to its pods are judged as its pods'). */
interface OperatorKind {
  readonly fields: readonly ImageField[];
}

/**
 * A Strimzi component's image: its `image`, else the cluster operator's variable for it (strimzi-kafka-operator
 * ClusterOperatorConfig: STRIMZI_KAFKA_IMAGES and the STRIMZI_DEFAULT_*_IMAGE variables; the component runs only
 * where its section is written).
 */
const strimzi = (at: SpecPath, runs: string, variable: string): ImageField => ({
  at,
  key: "image",
  runs,
  otherwise: `the cluster operator's ${variable}`,
});

/**
 * Image fields read from the objects of well-known operators:
 * - Crunchy's PostgresCluster (postgres-operator pkg/apis/postgres-operator.crunchydata.com/v1beta1: the image of
 *   postgrescluster_types.go, pgbackrest_types.go, pgbouncer_types.go, pgmonitor_types.go, pgadmin_types.go; each
 *   empty one from the operator's RELATED_IMAGE_* environment, internal/config/config.go); the containers it adds to
 *   its pods are judged as the pods' (postgres-pods.ts);
 * - Zalando's postgresql (postgres-operator pkg/apis/acid.zalan.do/v1/postgresql_type.go; pkg/cluster/k8sres.go:
 *   dockerImage coalesced with the operator's docker_image, the pooler's dockerImage with connection_pooler_image, the
 *   logical backup's always the operator's logical_backup_docker_image); its sidecars and init containers are its
 *   pods' (postgres-pods.ts);
 * - Strimzi's Kafka (each component written), KafkaConnect, KafkaMirrorMaker2 and KafkaBridge (strimzi);
 * - Keycloak's (keycloak operator, its README's "Configuration": spec.image, else the operator's
 *   kc.operator.keycloak.image);
 * - MinIO's Tenant (minio operator pkg/apis/minio.min.io/v2/types.go: TenantSpec image, defaulted to the operator's
 *   DefaultMinIOImage; kes.image); the containers it adds to its pods are judged as the pods' (minio-pods.ts).
 */
const operatorKinds: Readonly<Record<string, OperatorKind>> = {
  "postgres-operator.crunchydata.com/PostgresCluster": {
    fields: [
      { at: [], key: "image", runs: "PostgreSQL", otherwise: "the operator's RELATED_IMAGE_POSTGRES_<version> environment variable" },
      { at: ["backups", "pgbackrest"], key: "image", runs: "pgBackRest", otherwise: "the operator's RELATED_IMAGE_PGBACKREST environment variable" },
      { at: ["proxy", "pgBouncer"], key: "image", runs: "PgBouncer", otherwise: "the operator's RELATED_IMAGE_PGBOUNCER environment variable" },
      {
        at: ["monitoring", "pgmonitor", "exporter"],
        key: "image",
        runs: "the metrics exporter",
        otherwise: "the operator's RELATED_IMAGE_PGEXPORTER environment variable",
      },
      { at: ["userInterface", "pgAdmin"], key: "image", runs: "pgAdmin", otherwise: "the operator's RELATED_IMAGE_PGADMIN environment variable" },
    ],
  },
  "acid.zalan.do/postgresql": {
    fields: [
      {
        at: [],
        key: "dockerImage",
        runs: "Spilo (PostgreSQL)",
        otherwise: "the operator's docker_image setting",
        setting: (graph) => operatorImageSetting(graph, "docker_image"),
      },
      {
        at: ["connectionPooler"],
        key: "dockerImage",
        runs: "the connection pooler",
        otherwise: "the operator's connection_pooler_image setting",
        setting: (graph) => operatorImageSetting(graph, "connection_pooler_image"),
        when: { at: ["enableConnectionPooler"], runs: connectionPoolerRuns },
      },
      {
        at: [],
        runs: "the logical backup",
        otherwise: "the operator's logical_backup_docker_image setting",
        setting: (graph) => operatorImageSetting(graph, "logical_backup_docker_image"),
        when: { at: ["enableLogicalBackup"], runs: logicalBackupRuns },
      },
    ],
  },
  "kafka.strimzi.io/Kafka": {
    fields: [
      strimzi(["kafka"], "Kafka", "STRIMZI_KAFKA_IMAGES, by the cluster's Kafka version"),
      strimzi(["zookeeper"], "ZooKeeper", "STRIMZI_KAFKA_IMAGES, by the cluster's Kafka version"),
      strimzi(["entityOperator", "topicOperator"], "the topic operator", "STRIMZI_DEFAULT_TOPIC_OPERATOR_IMAGE"),
      strimzi(["entityOperator", "userOperator"], "the user operator", "STRIMZI_DEFAULT_USER_OPERATOR_IMAGE"),
      strimzi(["kafkaExporter"], "the Kafka exporter", "STRIMZI_DEFAULT_KAFKA_EXPORTER_IMAGE"),
      strimzi(["cruiseControl"], "Cruise Control", "STRIMZI_DEFAULT_CRUISE_CONTROL_IMAGE"),
    ],
  },
  "kafka.strimzi.io/KafkaConnect": { fields: [strimzi([], "Kafka Connect", "STRIMZI_KAFKA_CONNECT_IMAGES, by its Kafka version")] },
  "kafka.strimzi.io/KafkaMirrorMaker2": {
    fields: [strimzi([], "MirrorMaker 2", "STRIMZI_KAFKA_MIRROR_MAKER_2_IMAGES, by its Kafka version")],
  },
  "kafka.strimzi.io/KafkaBridge": { fields: [strimzi([], "the Kafka bridge", "STRIMZI_DEFAULT_KAFKA_BRIDGE_IMAGE")] },
  "k8s.keycloak.org/Keycloak": {
    fields: [{ at: [], key: "image", runs: "Keycloak", otherwise: "the operator's kc.operator.keycloak.image (quay.io/keycloak/keycloak upstream)" }],
  },
  "minio.min.io/Tenant": {
    fields: [
      { at: [], key: "image", runs: "MinIO", otherwise: "the operator's DefaultMinIOImage" },
      { at: ["kes"], key: "image", runs: "KES", otherwise: "the operator's DefaultKESImage" },
    ],
  },
};

/** The holder a spec path leads to, if written, with its path written from the object (`spec.backups.pgbackrest`). */
function holdersAt(value: unknown, path: SpecPath, written: string): { holder: unknown; path: string }[] {
  if (path.length === 0) return [{ holder: value, path: written }];
  const [key, ...rest] = path as [string, ...string[]];
  return isMap(value) && value[key] !== undefined ? holdersAt(value[key], rest, `${written}.${key}`) : [];
}

/**
 * The holders of an image field: where a bool makes the image run, a holder left unwritten is an empty one (Zalando's
 * pooler, enabled without a connectionPooler block, runs the operator's image); else an unwritten holder runs nothing.
 */
function fieldHolders(spec: Record<string, unknown>, field: ImageField, written: string): { holder: unknown; path: string }[] {
  const found = holdersAt(spec, field.at, written);
  return found.length === 0 && field.when ? [{ holder: {}, path: [written, ...field.at].join(".") }] : found;
}

/** The image of one image field of an object (ImageField), where it runs. */
function fieldImages(spec: Record<string, unknown>, field: ImageField, at: string, owner: string, graph: ResourceGraph): AnyImageUse[] {
  const label = `${field.runs} of ${owner}`;
  const enabled = field.when ? field.when.runs(spec) : true;
  if (enabled === false) return [];
  if (typeof enabled === "string") return [{ path: `${at}.spec.${field.when!.at.join(".")}`, label, runsWhere: enabled }];
  return fieldHolders(spec, field, `${at}.spec`).flatMap(({ holder, path }): AnyImageUse[] => {
    if (!isMap(holder)) return [];
    if (field.key !== undefined && namedImageAt(holder, field.key)) return [{ holder, key: field.key, path: `${path}.${field.key}`, label }];
    // Where the object cannot name the image, the finding is about what makes it run.
    const about = field.key === undefined ? `${path}.${field.when!.at.join(".")}` : `${path}.${field.key}`;
    const set = field.setting?.(graph);
    if (set && "text" in set) return [{ text: set.text, path: about, label: `${label} (${set.from})` }];
    if (!field.otherwise) return [];
    return [
      { path: about, label, chosenElsewhere: `it runs the image of ${field.otherwise}, ${set ? `and ${set.unknown}` : "which is not in this configuration"}` },
    ];
  });
}

/** The images an object of a kind of operatorKinds runs: its image fields (operatorKinds). */
function operatorKindImages(manifest: Record<string, unknown>, kind: OperatorKind, at: string, graph: ResourceGraph): AnyImageUse[] {
  const spec = manifest.spec;
  if (!isMap(spec)) return [];
  const owner = `${String(manifest.kind)} ${objectName(manifest)}`;
  return kind.fields.flatMap((field) => fieldImages(spec, field, at, owner, graph));
}

/** Environment variables by which an operator's own container is given an image to run for its objects (imagesAnOperatorIsGiven). */
const givenImageVariable = /^(?:RELATED_IMAGE_\w+|POSTGRES_IMAGE_NAME|PGBOUNCER_IMAGE_NAME|STRIMZI_DEFAULT_\w+_IMAGE)$/;
/** Strimzi's variables that map each Kafka version to an image, one `version=image` a line (ClusterOperatorConfig). */
const givenImageMap = /^STRIMZI_KAFKA(?:_CONNECT|_MIRROR_MAKER_2)?_IMAGES$/;
/** How the names of givenImageVariable and givenImageMap begin, up to their first part that varies. */
const givenImageNameStarts = ["RELATED_IMAGE_", "POSTGRES_IMAGE_NAME", "PGBOUNCER_IMAGE_NAME", "STRIMZI_DEFAULT_", "STRIMZI_KAFKA"];

/**
 * Whether a text written with parts not known here may begin with `prefix`: what is written before its first
 * interpolation begins with it, or is a beginning of it (`${env.key}`, `RELATED_IMAGE_${var.x}`; not `APP_${var.x}`).
 */
function mayBeginWith(written: string, prefix: string): boolean {
  const start = written.split("${", 1)[0]!;
  return start.startsWith(prefix) || prefix.startsWith(start);
}

/** Whether an environment variable's name, written with a part not known here, may be one by which an operator is given an image. */
const mayNameAGivenImage = (written: string): boolean => givenImageNameStarts.some((name) => mayBeginWith(written, name));

/** prometheus-operator's flag for the config reloader every Prometheus and Alertmanager pod runs (cmd/operator/main.go). */
const configReloaderFlagText = "--prometheus-config-reloader=";
const configReloaderFlag = new RegExp(`^${escapedForRegExp(configReloaderFlagText)}(.+)$`);

/**
 * A container's arguments that may give the config reloader's image, each with its index: one whose text cannot begin
 * with the flag (`http://${var.host}/cron`, `--silent`) is passed over unread, so that a value not known in it leaves
 * the check of the container's images alone.
 */
function argumentsThatMayBeTheReloaderFlag(at: ContainerAt): { arg: unknown; i: number }[] {
  const written = unrecorded(at.container, "args");
  if (!Array.isArray(written)) return list(at.container.args).map((arg, i) => ({ arg, i }));
  const args = at.container.args as unknown[];
  return written.flatMap((arg, i) => (typeof arg !== "string" || mayBeginWith(arg, configReloaderFlagText) ? [{ arg: args[i], i }] : []));
}

/**
 * The images an operator's own container is given to run for its objects, where its workload names them:
 * - the environment's related images of the Operator Lifecycle Manager's convention (RELATED_IMAGE_*: Crunchy's
 *   RELATED_IMAGE_POSTGRES_17, Keycloak's RELATED_IMAGE_KEYCLOAK), CloudNativePG's POSTGRES_IMAGE_NAME and
 *   PGBOUNCER_IMAGE_NAME (internal/configuration/configuration.go), Strimzi's STRIMZI_DEFAULT_*_IMAGE, and each image of
 *   Strimzi's version maps (STRIMZI_KAFKA_IMAGES...);
 * - prometheus-operator's --prometheus-config-reloader argument.
 * These run in the pods of the objects the operator manages, whether or not this configuration holds them.
 */
export function imagesAnOperatorIsGiven(containers: readonly ContainerAt[]): AnyImageUse[] {
  return containers.flatMap((at) => [
    ...blocks(at.container.env).flatMap((entry, i): AnyImageUse[] => {
      // Read unrecorded: a name known only in part, or not at all, is judged here, with what it waits on.
      const written = unrecorded(entry, "name");
      const name = literalString(written);
      if (name === undefined)
        return typeof written === "string" && isUnknownValue(written) && mayNameAGivenImage(written)
          ? [
              {
                entry,
                path: attributePath(at.path, "env", i, "name"),
                get label() {
                  return `${at.label}'s environment entry ${i}`;
                },
                namedAs: written,
                notKnown: maybeAbsentOver(entry) ?? written,
              },
            ]
          : [];
      const path = attributePath(at.path, "env", i, "value");
      const label = `${at.label}'s ${name}, an image the operator runs`;
      if (givenImageVariable.test(name)) return [{ holder: entry, key: "value", path, label }];
      if (!givenImageMap.test(name)) return [];
      const map = literalString(entry.value);
      if (map === undefined) return [{ holder: entry, key: "value", path, label }];
      return map
        .split("\n")
        .map((line) => line.slice(line.indexOf("=") + 1).trim())
        .filter((image) => image !== "")
        .map((text) => ({ text, path, label }));
    }),
    ...argumentsThatMayBeTheReloaderFlag(at).flatMap(({ arg, i }): AnyImageUse[] => {
      const image = typeof arg === "string" ? configReloaderFlag.exec(arg)?.[1] : undefined;
      return image === undefined
        ? []
        : [{ text: image, path: attributePath(at.path, "args", i), label: `${at.label}'s config reloader, an image the operator runs` }];
    }),
  ]);
}

/**
 * The images an object runs through its operator:
 * - a CloudNativePG Cluster's instances and extensions (databaseClusterImages), a Pooler's PgBouncer (poolerImages);
 * - the images of Crunchy's and Zalando's PostgreSQL clusters, of Strimzi's Kafka objects, of Keycloak and of MinIO's tenants (operatorKinds);
 * - the product an object of Elastic's operator runs (elasticProductImage);
 * - a Prometheus, PrometheusAgent, Alertmanager or ThanosRuler runs its spec.image, else the one the operator builds
 *   (imageTheOperatorBuilds), and a Prometheus with spec.thanos a Thanos sidecar the same way from spec.thanos
 *   (prometheus-operator pkg/apis/monitoring/v1, prometheus_types.go CommonPrometheusFields and ThanosSpec,
 *   alertmanager_types.go, thanos_types.go: Image); the containers its spec adds or overrides are its pods'
 *   (monitoringPods).
 */
export const operatorImages = (resource: TfResource, graph: ResourceGraph): AnyImageUse[] =>
  appliedObjects(resource).flatMap(({ manifest, at }): AnyImageUse[] => {
    // The kind before anything else: an object that runs no image is not read (its spec may be known only at apply).
    if (isKind(manifest, "Cluster", cloudNativePg)) return databaseClusterImages(manifest, at, graph);
    if (isKind(manifest, "Pooler", cloudNativePg)) return poolerImages(manifest, at, graph);
    const known = typeof manifest.apiVersion === "string" ? operatorKinds[`${manifest.apiVersion.split("/")[0]}/${String(manifest.kind)}`] : undefined;
    if (known) return operatorKindImages(manifest, known, at, graph);
    const elastic = elasticProductImage(manifest, at);
    if (elastic.length > 0) return elastic;
    const kind = monitoringKinds.find((name) => isKind(manifest, name, "monitoring.coreos.com"));
    if (kind === undefined) return [];
    const spec = manifest.spec;
    if (!isMap(spec)) return [];
    const owner = `${kind} ${objectName(manifest)}`;
    const image = (holder: Record<string, unknown>, of: keyof typeof defaultBaseImages, path: string, label: string): AnyImageUse =>
      namedImageAt(holder, "image") ? { holder, key: "image", path, label } : imageTheOperatorBuilds(holder, of, path, label, graph);
    return [
      image(spec, kind, `${at}.spec.image`, owner),
      ...(kind === "Prometheus" && isMap(spec.thanos) ? [image(spec.thanos, "thanos", `${at}.spec.thanos.image`, `thanos sidecar of ${owner}`)] : []),
    ];
  });
