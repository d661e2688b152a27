import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { notKnownOf, type Violation } from "../engine/policy";
import { type AppliedManifest, appliedManifests, isKind, isMap, placeOf } from "./helm";
import { perconaClaimSpecs } from "./percona";
import { pgBackRestClusters } from "./pgbackrest";
import { podSpecs, withV1, workloadTypes } from "./kubernetes";
import { declaredVolume, encryptedTypeViolations } from "./openstack";
import { attributePath, block, blocks, fieldAt, isUnknown, isUnset, keyPath, type LooseObject, literalString, mapsIn, unknownsWritten } from "./values";

/** Cinder's CSI driver, and the in-tree plugin it replaced: `type` is the volume type (cloud-provider-openstack, pkg/csi/cinder/controllerserver.go). */
const cinderProvisioners = ["cinder.csi.openstack.org", "kubernetes.io/cinder"];

/** A StorageClass the configuration declares: its provisioner and Cinder volume type, and whether it is marked the default. */
interface DeclaredClass {
  readonly resource: TfResource;
  readonly provisioner: unknown;
  readonly type: unknown;
  readonly isDefault: boolean;
}

/**
 * Whether a class's annotations mark it the default, which a claim of no class gets: either annotation, "true"
 * (kubernetes pkg/volume/util/storageclass.go, IsDefaultAnnotation).
 */
const marksDefault = (annotations: unknown): boolean =>
  isMap(annotations) &&
  ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"].some((key) => annotations[key] === "true");

const storageClassTypes = withV1("kubernetes_storage_class");
const claimTypes = new Set(withV1("kubernetes_persistent_volume_claim"));
const persistentVolumeTypes = withV1("kubernetes_persistent_volume");
const statefulSetTypes = new Set(withV1("kubernetes_stateful_set"));
const workloads = new Set(workloadTypes);

/** The StorageClasses a configuration declares, by name, computed once per configuration. */
const declaredClasses = (graph: ResourceGraph): ReadonlyMap<string, DeclaredClass> =>
  graph.cached("kubernetes: storage classes", () => {
    const classes = new Map<string, DeclaredClass>();
    for (const resource of graph.ofType(storageClassTypes)) {
      const name = literalString(block(resource.values.metadata)?.name);
      const parameters = resource.values.parameters as Record<string, unknown> | undefined;
      if (name !== undefined && resource.mode !== "data")
        classes.set(name, {
          resource,
          provisioner: resource.values.storage_provisioner,
          type: parameters?.type,
          isDefault: marksDefault(block(resource.values.metadata)?.annotations),
        });
    }
    for (const { manifest, resource } of appliedManifests(graph))
      if (manifest.kind === "StorageClass" && typeof manifest.metadata?.name === "string")
        classes.set(manifest.metadata.name, {
          resource,
          provisioner: manifest.provisioner,
          type: manifest.parameters?.type,
          isDefault: marksDefault(manifest.metadata.annotations),
        });
    return classes;
  });

/**
 * The class Magnum's Cluster API driver creates for each Cinder volume type of the project: `block-<type>`, the type's name
 * made a DNS label, each run of characters other than ASCII letters and digits one hyphen, then lower-cased
 * (magnum-cluster-api, resources.py and utils.convert_to_rfc1123: `re.sub(r"[^a-zA-Z0-9]+", "-", input).lower()`); the
 * provider's default type's class is the cluster's default one, encrypted or not.
 */
const driverClassType = (name: string, encryptedTypes: readonly string[]): string | undefined =>
  encryptedTypes.find((type) => name === `block-${type.replace(/[^a-zA-Z0-9]+/g, "-").toLowerCase()}`);

/**
 * Why the persistent volume a claim binds by name (`volume_name`) would not be an encrypted Cinder volume: nothing when it
 * is a volume this configuration declares (whose own type the volume policies judge), not evaluable when the volume is
 * not declared here, as one a data source reads is not: it exists already, and its source is the cluster's to give
 * (hashicorp/terraform-provider-kubernetes, data_source_kubernetes_persistent_volume_v1.go,
 * dataSourceKubernetesPersistentVolumeV1Read), not written in the configuration, whether named or referenced.
 */
function boundVolumeViolations(what: string, volumeName: unknown, path: string, from: TfResource, graph: ResourceGraph): Violation[] {
  const address = from.address;
  const name = literalString(volumeName);
  const target = graph.targetOf(volumeName, from);
  const bound =
    target && target.mode !== "data" && persistentVolumeTypes.includes(target.type)
      ? target
      : name === undefined
        ? undefined
        : persistentVolumesByName(graph).get(name);
  if (!bound)
    return [
      {
        message: `${what} binds the persistent volume ${name ?? String(volumeName)}, not declared here: its source is not known`,
        path,
        address,
        outcome: "cannot-evaluate",
      },
    ];
  const source = block(block(bound.values.spec)?.persistent_volume_source) ?? {};
  const csi = block(source.csi);
  const handle = csi && cinderProvisioners.includes(literalString(csi.driver) ?? "") ? csi.volume_handle : block(source.cinder)?.volume_id;
  if (handle === undefined || handle === null) {
    const kinds = Object.keys(source).filter((kind) => blocks(source[kind]).length > 0);
    return [
      {
        message: `${what} binds ${bound.address}, a ${kinds.join(", ") || "sourceless"} volume, not one of the provider's encrypted Cinder volumes`,
        path,
        address,
      },
    ];
  }
  if (declaredVolume(handle, bound, graph)) return [];
  return [
    {
      message: `${what} binds ${bound.address}, on the Cinder volume ${literalString(handle) ?? String(handle)}, not declared here`,
      path,
      address,
      outcome: "cannot-evaluate",
    },
  ];
}

/**
 * The persistent volumes the configuration manages, by their literal name, indexed once; of two of one name (one cluster
 * object: Terraform cannot create both), the first, as the scan this index replaced found it.
 */
const persistentVolumesByName = (graph: ResourceGraph): ReadonlyMap<string, TfResource> =>
  graph.cached("kubernetes: persistent volumes by name", () => {
    const byName = new Map<string, TfResource>();
    for (const volume of graph.ofType(persistentVolumeTypes)) {
      const name = literalString(block(volume.values.metadata)?.name);
      if (volume.mode !== "data" && name !== undefined && !byName.has(name)) byName.set(name, volume);
    }
    return byName;
  });

/**
 * The persistent volumes of no class the configuration manages, which a claim of no class ("") may bind, and how many of
 * them are Cinder volumes, counted once: a plain one is a volume boundVolumeViolations finds something wrong with.
 */
const volumesOfNoClass = (graph: ResourceGraph): { candidates: number; cinder: number } =>
  graph.cached("kubernetes: persistent volumes of no class", () => {
    const candidates = graph
      .ofType(persistentVolumeTypes)
      .filter((volume) => volume.mode !== "data" && literalString(block(volume.values.spec)?.storage_class_name ?? "") === "");
    const plain = candidates.filter((volume) =>
      boundVolumeViolations("", block(volume.values.metadata)?.name, "", volume, graph).some((found) => found.outcome === undefined),
    );
    return { candidates: candidates.length, cinder: candidates.length - plain.length };
  });

/**
 * Why the volumes of a claim would not be of an encrypted Cinder type: the persistent volume it binds by name, else
 * its class (the `storageClassName`, written at `claim.path`); nothing when they would. A claim of no class ("") binds
 * an existing volume of no class, which this configuration does not show; an empty class that is not sent
 * (VolumeClaim.emptyClassSentAsNone) leaves the claim to the cluster's default class, as no class does.
 */
export function claimClassViolations(claim: VolumeClaim, graph: ResourceGraph, encryptedTypes: readonly string[]): Violation[] {
  const { what, value, path, from } = claim;
  const address = from.address;
  if (claim.volumeName) return boundVolumeViolations(what, claim.volumeName.value, claim.volumeName.path, from, graph);
  if (value === undefined || value === null || (value === "" && claim.emptyClassSentAsNone)) {
    const noClass = `${what} names no storage class${value === "" ? " (its empty class is not sent)" : ""}`;
    // Of several defaults the cluster takes the most recently created (GetDefaultClass), which the configuration does
    // not say: each may be the one.
    const defaults = [...declaredClasses(graph)].filter(([, declared]) => declared.isDefault);
    const gets =
      defaults.length === 1
        ? `${noClass}, so it gets the default class this configuration declares`
        : `${noClass}, so it gets the most recently created of the default classes this configuration declares (${defaults.map(([name]) => name).join(", ")}), which may be`;
    if (defaults.length > 0) return defaults.flatMap(([name, declared]) => declaredClassViolations(gets, name, declared, path, address, graph, encryptedTypes));
    return [
      {
        message: `${noClass}: the cluster's default class decides, which this configuration does not choose (on a region's Magnum cluster, the class of the provider's default volume type, encrypted or not)`,
        path,
        address,
      },
    ];
  }
  if (value === "") {
    // The volumes of no class declared here are candidates; another of no class may wait in the cluster.
    const { candidates, cinder } = volumesOfNoClass(graph);
    const declared =
      candidates === 0
        ? "which this configuration does not declare"
        : candidates === 1
          ? `the one this configuration declares (${cinder === 0 ? "not a Cinder volume" : "on a Cinder volume"}), or another in the cluster`
          : `one of the ${candidates} this configuration declares (${cinder === 0 ? "none" : cinder} of them on a Cinder volume), or another in the cluster`;
    return [{ message: `${what} names no class (""): it binds an existing volume of no class, ${declared}`, path, address, outcome: "cannot-evaluate" }];
  }
  // A class this configuration declares is named by its name; any other reference reads what Terraform knows at plan.
  const target = graph.targetOf(value, from);
  const read = target && storageClassTypes.includes(target.type) ? block(target.values.metadata)?.name : graph.readValue(value, from);
  const name = literalString(read);
  if (name === undefined)
    return [
      {
        message: `${what}: its storage class ${String(value)} is known only at apply`,
        path,
        address,
        outcome: "cannot-evaluate",
        ...notKnownOf(unknownsWritten(read)),
      },
    ];
  const declared = declaredClasses(graph).get(name);
  if (!declared) {
    if (driverClassType(name, encryptedTypes)) return [];
    return [
      {
        message: `${what}: storage class ${name} is not declared in this configuration, so its volume type is not known`,
        path,
        address,
        outcome: "cannot-evaluate",
      },
    ];
  }
  return declaredClassViolations(what, name, declared, path, address, graph, encryptedTypes);
}

/** Why the volumes of a class the configuration declares would not be of an encrypted Cinder type, said of `what` (a claim). */
function declaredClassViolations(
  what: string,
  name: string,
  declared: DeclaredClass,
  path: string,
  address: string,
  graph: ResourceGraph,
  encryptedTypes: readonly string[],
): Violation[] {
  const provisioner = literalString(declared.provisioner);
  if (provisioner === undefined)
    return [{ message: `${what}: the provisioner of storage class ${name} is known only at apply`, path, address, outcome: "cannot-evaluate" }];
  if (!cinderProvisioners.includes(provisioner))
    return [{ message: `${what}: storage class ${name} is provisioned by ${provisioner}, not on the provider's encrypted Cinder volume types`, path, address }];
  // Each finding is the claim's, at its class.
  return encryptedTypeViolations(`${what}: storage class ${name}'s volume type`, declared.type, path, declared.resource, graph, encryptedTypes).map(
    (violation) => ({ ...violation, address }),
  );
}

export interface VolumeClaim {
  /** What makes the claim: a claim, a claim template (a StatefulSet's, or a pod's ephemeral volume), or an operator's object. */
  readonly source: "claim" | "claim template" | "ephemeral volume" | "database cluster" | "operator object";
  readonly what: string;
  /** Its storage class, as written. */
  readonly value: unknown;
  readonly path: string;
  readonly from: TfResource;
  /** The namespace an operator's object, and so the claims the operator makes for it, is in, as written ("default" when none is). */
  readonly namespace?: unknown;
  /** The persistent volume a claim binds by name (`volume_name`), which it takes whatever its class. */
  readonly volumeName?: { readonly value: unknown; readonly path: string };
  /**
   * Set where what makes the claim sends no class for an empty one, so that the cluster's default class decides: the
   * provider's typed resources (hashicorp/terraform-provider-kubernetes, expandPersistentVolumeClaimSpec sends
   * storage_class_name only when it is not "", as its pull request 590 says), Zalando's operator (pkg/cluster/k8sres.go,
   * generatePersistentVolumeClaimTemplate); an object sent as written keeps "" (Kubernetes, "Persistent Volumes": Class).
   */
  readonly emptyClassSentAsNone?: true;
}

/** A claim's emptyClassSentAsNone: set for one the provider's typed resource sends. */
const emptyClassSent = (sentByProvider: boolean): { emptyClassSentAsNone?: true } => (sentByProvider ? { emptyClassSentAsNone: true } : {});

/**
 * The blocks a claim's spec (or a list of claim templates) is written as; one known only at apply stays, as the one
 * claim it is at least (its class then unknown, classOf).
 */
const specsOf = (value: unknown): unknown[] => (isUnknown(value) ? [value] : blocks(value));

/** The class a claim spec names: its storage_class_name, or the spec itself where it is known only at apply. */
const classOf = (spec: unknown): unknown => (isUnknown(spec) ? spec : block(spec)?.storage_class_name);

/** The annotation that named a claim's class before storageClassName, which Kubernetes still reads first. */
const betaClassAnnotation = "volume.beta.kubernetes.io/storage-class";

/**
 * A claim's class and where it is written, from its metadata and its spec (at `metadataPath` and `specPath`): the beta
 * annotation where the claim carries it, even empty, before storage_class_name, as Kubernetes reads it
 * (component-helpers storage/volume/helpers.go, GetPersistentVolumeClaimClass: "Use beta annotation first"; the
 * DefaultStorageClass admission plugin gives the default class only to a claim with neither). The provider sends
 * annotations as written, an empty one too.
 */
function claimClass(metadata: unknown, spec: unknown, metadataPath: string, specPath: string, sentByProvider: boolean) {
  const annotations = fieldAt(block(metadata), "annotations");
  const annotated = isMap(annotations) && annotations[betaClassAnnotation] !== undefined;
  return annotated
    ? { value: annotations[betaClassAnnotation], path: keyPath(attributePath(metadataPath, "annotations"), betaClassAnnotation) }
    : { value: classOf(spec), path: attributePath(specPath, "storage_class_name"), ...emptyClassSent(sentByProvider) };
}

/** A Strimzi storage section's claims: a persistent-claim one, or each of a JBOD's volumes (ephemeral ones make none). */
const strimziClaims = (storage: unknown, at: string, label = " storage"): { at: string; storageClass: unknown; label: string }[] =>
  fieldAt(storage, "type") === "jbod"
    ? mapsIn(fieldAt(storage, "volumes")).flatMap((volume, i) => strimziClaims(volume, `${at}.volumes[${i}]`, ` volume ${String(volume.id ?? i)}`))
    : fieldAt(storage, "type") === "persistent-claim"
      ? [{ at: `${at}.class`, storageClass: fieldAt(storage, "class"), label }]
      : [];

/**
 * The claims operators create from an object, each of the storage class it names (none: the cluster's default):
 * Zalando's postgres-operator from a postgresql's spec.volume.storageClass (pkg/cluster/k8sres.go,
 * generatePersistentVolumeClaimTemplate), a database cluster's, whose backups are the operator's; MinIO's operator from each Tenant pool's volumeClaimTemplate
 * (pkg/resources/statefulsets/minio-statefulset.go); Strimzi from each persistent-claim storage of a KafkaNodePool, or of
 * a Kafka's kafka and zookeeper sections (api/.../storage/PersistentClaimStorage: class).
 */
function operatorClaims({ manifest, resource, path }: AppliedManifest): VolumeClaim[] {
  const named = (what: string) => `${what} ${String(fieldAt(manifest, "metadata", "name"))}`;
  const claimsAt = (what: string, found: { at: string; storageClass: unknown; label?: string }[]): VolumeClaim[] =>
    found.map(({ at, storageClass, label = "" }) => ({
      source: "operator object",
      what: `${what}${label}`,
      value: storageClass,
      path: placeOf({ path }, at),
      from: resource,
      namespace: fieldAt(manifest, "metadata", "namespace") ?? "default",
    }));
  if (isKind(manifest, "postgresql", "acid.zalan.do"))
    return claimsAt(named("database cluster"), [{ at: "spec.volume.storageClass", storageClass: fieldAt(manifest, "spec", "volume", "storageClass") }]).map(
      (claim) => ({ ...claim, source: "database cluster", emptyClassSentAsNone: true }),
    );
  if (isKind(manifest, "Tenant", "minio.min.io"))
    return mapsIn(fieldAt(manifest, "spec", "pools")).flatMap((pool, i) =>
      claimsAt(`${named("object store")}'s pool ${String(pool.name ?? i)}`, [
        { at: `spec.pools[${i}].volumeClaimTemplate.spec.storageClassName`, storageClass: fieldAt(pool, "volumeClaimTemplate", "spec", "storageClassName") },
      ]),
    );
  if (isKind(manifest, "KafkaNodePool", "kafka.strimzi.io"))
    return claimsAt(`${named("Kafka node pool")}'s`, strimziClaims(fieldAt(manifest, "spec", "storage"), "spec.storage"));
  if (isKind(manifest, "Kafka", "kafka.strimzi.io"))
    return ["kafka", "zookeeper"].flatMap((section) =>
      claimsAt(`${named("Kafka cluster")}'s ${section}`, strimziClaims(fieldAt(manifest, "spec", section, "storage"), `spec.${section}.storage`)),
    );
  return [];
}

/** Every place a configuration claims volumes (claims, StatefulSets' and pods' claim templates, CloudNativePG clusters' storage), found once per configuration. */
export const volumeClaims = (graph: ResourceGraph): readonly VolumeClaim[] =>
  graph.cached("storage classes: volume claims", () => {
    const claims = graph.resources.flatMap((resource): VolumeClaim[] => {
      if (resource.mode === "data" || !(claimTypes.has(resource.type) || workloads.has(resource.type))) return [];
      if (claimTypes.has(resource.type))
        return specsOf(resource.values.spec).map((spec, i) => ({
          source: "claim" as const,
          what: "the claim",
          ...claimClass(resource.values.metadata, spec, attributePath("metadata", 0), attributePath("spec", i), resource.fromManifest !== true),
          from: resource,
          ...(isUnset(fieldAt(spec, "volume_name")) || isUnknown(spec)
            ? {}
            : { volumeName: { value: fieldAt(spec, "volume_name"), path: attributePath("spec", i, "volume_name") } }),
        }));
      const templates = statefulSetTypes.has(resource.type)
        ? blocks(resource.values.spec).flatMap((spec, i) =>
            specsOf(spec.volume_claim_template).map((template, j) => ({
              source: "claim template" as const,
              what: `claim template ${literalString(fieldAt(block(fieldAt(template, "metadata")), "name")) ?? j}`,
              metadata: fieldAt(template, "metadata"),
              spec: fieldAt(template, "spec"),
              path: attributePath("spec", i, "volume_claim_template", j),
              sentByProvider: resource.fromManifest !== true,
            })),
          )
        : [];
      // Generic ephemeral volumes: the pod's claim, made from its template (Kubernetes, "Ephemeral Volumes").
      const ephemeral = podSpecs(resource).flatMap((pod) =>
        blocks(pod.spec.volume).flatMap((volume, i) =>
          blocks(volume.ephemeral).flatMap((source, j) =>
            blocks(source.volume_claim_template).map((template, k) => ({
              source: "ephemeral volume" as const,
              what: `ephemeral volume ${literalString(volume.name) ?? i}`,
              metadata: template.metadata,
              spec: template.spec,
              path: attributePath(pod.path, "volume", i, "ephemeral", j, "volume_claim_template", k),
              sentByProvider: pod.sentByProvider,
            })),
          ),
        ),
      );
      return [...templates, ...ephemeral].map(({ source, what, metadata, spec, path, sentByProvider }) => ({
        source,
        what,
        ...claimClass(metadata, spec, attributePath(path, "metadata", 0), attributePath(path, "spec", 0), sentByProvider),
        from: resource,
      }));
    });
    // CloudNativePG creates each instance's PGDATA, WAL and tablespace claims from the cluster's storage sections
    // (cloudnative-pg api/v1 StorageConfiguration: storageClass, or pvcTemplate.storageClassName).
    const clusters = appliedManifests(graph)
      .filter(({ manifest }) => isKind(manifest, "Cluster", "postgresql.cnpg.io"))
      .flatMap(({ manifest, resource, path }) => {
        const name = `database cluster ${String(manifest.metadata?.name)}`;
        const sections: [string, unknown][] = [
          ["storage", fieldAt(manifest, "spec", "storage")],
          ["walStorage", fieldAt(manifest, "spec", "walStorage")],
          ...((Array.isArray(manifest.spec?.tablespaces) ? manifest.spec.tablespaces : []) as LooseObject[]).map((tablespace, i): [string, unknown] => [
            `tablespaces[${i}].storage`,
            tablespace?.storage,
          ]),
        ];
        return sections
          .filter(([section, storage]) => section === "storage" || storage !== undefined)
          .map(([section, storage]) => {
            // The class the operator gives the claims: storageClass, else the claim template's (build.go, Build).
            const field =
              fieldAt(storage, "storageClass") === undefined && fieldAt(storage, "pvcTemplate", "storageClassName") !== undefined
                ? "pvcTemplate.storageClassName"
                : "storageClass";
            return {
              source: "database cluster" as const,
              what: `${name}'s ${section}`,
              value: fieldAt(storage, ...field.split(".")),
              path: placeOf({ path }, `spec.${section}.${field}`),
              from: resource,
            };
          });
      });
    /** A claim an operator creates from the claim spec a cluster gives at `spec.<section>`. */
    const ofClusterClaim = ({ manifest, resource, path }: AppliedManifest, section: string, claim: unknown) => ({
      source: "database cluster" as const,
      what: `database cluster ${String(fieldAt(manifest, "metadata", "name"))}'s ${section}`,
      value: fieldAt(claim, "storageClassName"),
      path: placeOf({ path }, `spec.${section}.storageClassName`),
      from: resource,
    });
    // Crunchy's operator (and Percona's, its fork) creates each instance set's data, WAL and tablespace claims, and each
    // pgBackRest repository's on a volume, from the claim specs the cluster gives (postgres-operator.crunchydata.com/v1beta1,
    // PostgresInstanceSetSpec: dataVolumeClaimSpec, walVolumeClaimSpec, tablespaceVolumes[].dataVolumeClaimSpec;
    // PGBackRestRepo: volume.volumeClaimSpec).
    const crunchyClusters = pgBackRestClusters(graph).flatMap(({ manifest, resource, path }) => {
      const spec = isMap(manifest.spec) ? manifest.spec : {};
      const specs: [string, unknown][] = [
        ...mapsIn(spec.instances).flatMap((instance, i): [string, unknown][] => [
          [`instances[${i}].dataVolumeClaimSpec`, instance.dataVolumeClaimSpec ?? {}],
          ...(instance.walVolumeClaimSpec === undefined ? [] : [[`instances[${i}].walVolumeClaimSpec`, instance.walVolumeClaimSpec] as [string, unknown]]),
          ...mapsIn(instance.tablespaceVolumes).map((tablespace, j): [string, unknown] => [
            `instances[${i}].tablespaceVolumes[${j}].dataVolumeClaimSpec`,
            tablespace.dataVolumeClaimSpec ?? {},
          ]),
        ]),
        // Percona's operator creates no repository when backups are disabled (backups.enabled: false).
        ...(fieldAt(spec, "backups", "enabled") === false ? [] : mapsIn(fieldAt(spec, "backups", "pgbackrest", "repos")))
          .map((repo, k): [string, unknown] => [`backups.pgbackrest.repos[${k}].volume.volumeClaimSpec`, fieldAt(repo, "volume", "volumeClaimSpec")])
          .filter(([, claim]) => claim !== undefined),
      ];
      return specs.map(([section, claim]) => ofClusterClaim({ manifest, resource, path }, section, claim));
    });
    const perconaClusters = perconaClaimSpecs(graph).map(({ applied, section, claim }) => ofClusterClaim(applied, section, claim));
    return [...claims, ...clusters, ...crunchyClusters, ...perconaClusters, ...appliedManifests(graph).flatMap(operatorClaims)];
  });
