import { goParseBool } from "../../lib/go-parse-bool";
import type { ResourceGraph } from "../engine/graph";
import type { TfResource } from "../engine/model";
import { etcdSnapshotDestinations } from "./etcd-snapshots";
import { type AppliedManifest, appliedManifests, isKind, objectName, placeOf } from "./helm";
import { perconaClusters } from "./percona";
import { configuredRepositories, type PgBackRestOption, pgBackRestClusters, pgBackRestOptions, repositoryRetentions } from "./pgbackrest";
import { tlsCheck, type UnverifiedTls } from "./tls-check";
import { fieldAt, isMap, isUnknown, mapsIn, writtenNotKnown } from "./values";
import { chartLocations, chartSwitch, veleroReleases } from "./velero";
import { archivesWal, type EnvValue, hasLogicalBackups, logicalBackupVariable, zalandoClusters } from "./zalando-postgres";

/** The object storage a backup tool writes to, as the tool decides it from its settings. */
export type BackupStore =
  /** An S3 API: the endpoint written (a URL or a host), or undefined for Amazon S3, the tools' default. */
  | { readonly kind: "s3"; readonly endpoint: unknown; readonly endpointPath: string }
  /** Swift through Velero's OpenStack plugin: the cloud its credential signs in to, in the region written (or its credential's). */
  | { readonly kind: "swift"; readonly region: unknown; readonly regionPath: string }
  /** Another cloud's own storage service. */
  | { readonly kind: "other cloud"; readonly service: string }
  /** A store this reader does not judge, and why, for a message: "writes through the x plugin, whose destination is not read here". */
  | { readonly kind: "not read"; readonly reason: string };

/** Where one backup configuration sends its backups. */
export interface BackupDestination {
  readonly resource: TfResource;
  /** In words, for a message: "Velero's backup storage location default". */
  readonly what: string;
  /** Where the configuration is written in the resource. */
  readonly path: string;
  /** The store, or what of it is known only at apply. */
  readonly store: BackupStore | { readonly kind: "unknown"; readonly reason: string; readonly notKnown?: string };
  /** The setting that turns off the verification of the store's TLS certificate, or whose value is not known (tlsCheck). */
  readonly unverifiedTls?: UnverifiedTls;
}

/**
 * A destination of which what decides the store is known only at apply, and why, for a message; with the value not
 * known as written (`"https://${var.s3_endpoint}"`), for the engine to say what it waits on (Violation.notKnown).
 */
const undecided = (resource: TfResource, what: string, path: string, reason: string, written?: unknown): BackupDestination => {
  const notKnown = writtenNotKnown(written);
  return { resource, what, path, store: { kind: "unknown", reason, ...(notKnown === undefined ? {} : { notKnown }) } };
};

/**
 * Where a pgBackRest repository of a Crunchy or Percona PostgreSQL cluster writes, as the operator configures it
 * (CrunchyData/postgres-operator, internal/pgbackrest/config.go, getExternalRepoConfigs): Azure for `azure`, Google
 * Cloud Storage for `gcs`, the S3 API at `s3.endpoint` (pgBackRest's S3 storage speaks only HTTPS), or nothing outside the
 * cluster for `volume`; among the cluster's pgBackRest options (pgBackRestOptions, which finds each by its former names
 * too), `<repo>-storage-host` (formerly `-s3-host`, `-azure-host`) connects an S3 or Azure repository to another host
 * than its endpoint, an endpoint option (`<repo>-azure-endpoint`, `<repo>-gcs-endpoint`) sends the Azure or GCS API
 * elsewhere, and `<repo>-storage-verify-tls` (formerly `-s3-verify-tls`, `-s3-verify-ssl`, `-azure-verify-tls`) set to
 * `n` turns off the certificate check (pgBackRest build/config.yaml and its configuration reference). A projected file
 * not in this configuration is taken to set none of them: it usually holds the repository's credentials.
 */
function pgBackRestRepository(
  applied: AppliedManifest,
  repo: Record<string, unknown>,
  i: number,
  options: (name: string) => PgBackRestOption,
): BackupDestination[] {
  const { manifest, resource } = applied;
  const name = String(repo.name);
  const what = `pgBackRest repository ${name} of database cluster ${objectName(manifest)}`;
  const path = placeOf(applied, `spec.backups.pgbackrest.repos[${i}]`);
  // A projected file not in this configuration is taken to set none of these options.
  const option = (suffix: string) => {
    const found = options(`${name}-${suffix}`);
    return found === undefined || "refused" in found || ("unknown" in found && found.projected) ? undefined : { suffix, found };
  };
  const setting = ({ suffix, found }: { suffix: string; found: PgBackRestOption }) =>
    found && "name" in found ? `${found.name}${found.from ? ` in ${found.from}` : ""}` : `${name}-${suffix}`;
  const unverified = option("storage-verify-tls");
  const unverifiedTls =
    unverified?.found && "unknown" in unverified.found
      ? { unverifiedTls: { setting: setting(unverified), path, notKnown: "" } }
      : unverified?.found && "value" in unverified.found && unverified.found.value === "n"
        ? { unverifiedTls: { setting: `${setting(unverified)}: n`, path: unverified.found.path } }
        : {};
  const host = option("storage-host");
  const elsewhere = (api: string, service: string): BackupStore => {
    const redirect = option(`${api}-endpoint`) ?? (api === "azure" ? host : undefined);
    return redirect === undefined
      ? { kind: "other cloud", service }
      : { kind: "not read", reason: `writes to the ${service} API at the endpoint its option ${setting(redirect)} names, which is not judged here` };
  };
  const store: BackupStore | undefined = repo.azure
    ? elsewhere("azure", "Azure Blob Storage")
    : repo.gcs
      ? elsewhere("gcs", "Google Cloud Storage")
      : repo.s3 && host?.found
        ? "unknown" in host.found
          ? { kind: "not read", reason: `connects to the host its option ${setting(host)} names: ${host.found.unknown}` }
          : { kind: "s3", endpoint: host.found.value, endpointPath: host.found.path }
        : repo.s3
          ? { kind: "s3", endpoint: fieldAt(repo.s3, "endpoint"), endpointPath: within(path, "s3.endpoint") }
          : undefined;
  return store ? [{ resource, what: host?.found && repo.s3 ? `${what} (${setting(host)})` : what, path, store, ...unverifiedTls }] : [];
}

/**
 * Where a backup storage of a Percona MySQL or MongoDB cluster sends backups, by its `type`: the S3 API at
 * `s3.endpointUrl`, Amazon S3 without one; Azure Blob Storage, unless `azure.endpointUrl` sends its API elsewhere; Google
 * Cloud Storage; nothing outside the cluster for a `filesystem` volume. `verifyTLS: false` (XtraDB, Percona Server) or
 * `s3.insecureSkipTLSVerify` (MongoDB) turns off the certificate check (percona-xtradb-cluster-operator pkg/apis/pxc/v1
 * BackupStorageSpec; percona-server-mongodb-operator pkg/apis/psmdb/v1 BackupStorageS3Spec; percona-server-mysql-operator
 * api/v1alpha1 BackupStorageSpec). Any other type, MongoDB's `minio` (an S3 API at `minio.endpointUrl`, over plain HTTP
 * unless `minio.secure`) and `oss` (Alibaba Cloud OSS) among them (psmdb/v1 BackupStorageType; pkg/psmdb/backup/pbm.go,
 * GetPBMStorageMinioConfig), is not read here, and said so.
 */
function perconaStorage(applied: AppliedManifest, name: string, storage: unknown): BackupDestination[] {
  const { manifest, resource } = applied;
  const what = `backup storage ${name} of database cluster ${objectName(manifest)}`;
  const path = placeOf(applied, `spec.backup.storages.${name}`);
  if (isUnknown(storage) || isUnknown(fieldAt(storage, "type"))) return [undecided(resource, what, path, "its type is known only at apply")];
  const type = fieldAt(storage, "type");
  const verifyTls = tlsCheck(fieldAt(storage, "verifyTLS"), (value) => value === false, {
    setting: "verifyTLS",
    offSaid: "verifyTLS: false",
    path: within(path, "verifyTLS"),
  });
  const unverifiedTls = verifyTls.unverifiedTls
    ? verifyTls
    : tlsCheck(fieldAt(storage, "s3", "insecureSkipTLSVerify"), (value) => value === true, {
        setting: "s3.insecureSkipTLSVerify",
        path: within(path, "s3.insecureSkipTLSVerify"),
      });
  const store: BackupStore | undefined =
    type === "s3"
      ? { kind: "s3", endpoint: fieldAt(storage, "s3", "endpointUrl"), endpointPath: within(path, "s3.endpointUrl") }
      : type === "azure"
        ? fieldAt(storage, "azure", "endpointUrl") === undefined
          ? { kind: "other cloud", service: "Azure Blob Storage" }
          : { kind: "not read", reason: "writes to the Azure Blob Storage API at its azure.endpointUrl, which is not judged here" }
        : type === "gcs"
          ? { kind: "other cloud", service: "Google Cloud Storage" }
          : type === "filesystem"
            ? undefined
            : { kind: "not read", reason: `writes to a storage of type ${String(type)}, whose destination is not read here` };
  return store ? [{ resource, what, path, store, ...unverifiedTls }] : [];
}

/** The path of a field within the configuration written at `path`, or `path` itself where that is a raw chart's object. */
const within = (path: string, field: string): string => (path === "values" ? path : `${path}.${field}`);

/** Another cloud's storage by the name of the Velero plugin that writes to it (vmware-tanzu velero-plugin-for-microsoft-azure, -for-gcp). */
const veleroOtherClouds: Readonly<Record<string, string>> = { "velero.io/azure": "Azure Blob Storage", "velero.io/gcp": "Google Cloud Storage" };

/**
 * Where a Velero backup storage location writes, by its provider: a name without a slash is Velero's own
 * (pkg/plugin/clientmgmt/manager.go, sanitizeName adds `velero.io/`). The AWS plugin writes to `config.s3Url`, else
 * Amazon S3, and skips certificate checks with `insecureSkipTLSVerify`, which it reads with Go's strconv.ParseBool
 * (velero-plugin-for-aws, object_store.go, Init); the OpenStack plugin to the Swift of its credential's cloud, in
 * `config.region` (velero-plugin-for-openstack, main.go, community.openstack.org/openstack, and its README).
 */
function veleroLocation(resource: TfResource, what: string, path: string, location: unknown): BackupDestination {
  const provider = (location as Record<string, unknown> | undefined)?.provider;
  const config = (location as Record<string, unknown> | undefined)?.config as Record<string, unknown> | undefined;
  if (isUnknown(provider) || isUnknown(config)) return undecided(resource, what, path, "its provider or config is known only at apply");
  const name = String(provider).includes("/") ? String(provider) : `velero.io/${String(provider)}`;
  const unverifiedTls = tlsCheck(config?.insecureSkipTLSVerify, (value) => goParseBool(String(value)) === true, {
    setting: "insecureSkipTLSVerify",
    path: within(path, "config.insecureSkipTLSVerify"),
  });
  const store: BackupStore =
    name === "velero.io/aws"
      ? { kind: "s3", endpoint: config?.s3Url, endpointPath: within(path, "config.s3Url") }
      : name === "community.openstack.org/openstack"
        ? { kind: "swift", region: config?.region, regionPath: within(path, "config.region") }
        : Object.hasOwn(veleroOtherClouds, name)
          ? { kind: "other cloud", service: veleroOtherClouds[name]! }
          : { kind: "not read", reason: `writes through the ${name} plugin, whose destination is not read here` };
  return { resource, what, path, store, ...unverifiedTls };
}

/**
 * Where a Barman Cloud configuration writes (cloudnative-pg/barman-cloud, pkg/api/config.go BarmanObjectStoreConfiguration,
 * and pkg/command/commandbuilder.go appendCloudProviderOptions): Azure Blob Storage with azureCredentials, Google Cloud
 * Storage with googleCredentials, else an S3 API at endpointURL, or Amazon S3 without one.
 */
function barmanStore(resource: TfResource, what: string, path: string, configuration: Record<string, unknown>): BackupDestination {
  if (isUnknown(configuration)) return undecided(resource, what, path, "its configuration is known only at apply");
  const unknown = ["azureCredentials", "googleCredentials", "endpointURL"].find((field) => isUnknown(configuration[field]));
  if (unknown) return undecided(resource, what, path, `its ${unknown} is known only at apply`, configuration[unknown]);
  const store: BackupStore = configuration.azureCredentials
    ? { kind: "other cloud", service: "Azure Blob Storage" }
    : configuration.googleCredentials
      ? { kind: "other cloud", service: "Google Cloud Storage" }
      : { kind: "s3", endpoint: configuration.endpointURL, endpointPath: within(path, "endpointURL") };
  return { resource, what, path, store };
}

/**
 * The storages Spilo writes the WAL and base backups to, in the order it picks one, the first of which a variable is set
 * (zalando/spilo, configure_spilo.py, write_wale_environment): the S3 API, at AWS_ENDPOINT or WALE_S3_ENDPOINT
 * (`https+path://host`, whose convention is dropped), Amazon S3 without either; Google Cloud Storage; Swift, at the
 * SWIFT_AUTHURL of its credential; Azure Blob Storage; a host over SSH.
 */
const spiloStorages: readonly { readonly variables: readonly string[]; readonly store: BackupStore | "s3" }[] = [
  { variables: ["WAL_S3_BUCKET", "WALE_S3_PREFIX", "WALG_S3_PREFIX"], store: "s3" },
  {
    variables: ["WAL_GCS_BUCKET", "WAL_GS_BUCKET", "WALE_GCS_PREFIX", "WALE_GS_PREFIX", "WALG_GS_PREFIX"],
    store: { kind: "other cloud", service: "Google Cloud Storage" },
  },
  {
    variables: ["WAL_SWIFT_BUCKET", "WALE_SWIFT_PREFIX"],
    store: { kind: "not read", reason: "writes to the Swift its SWIFT_AUTHURL names, whose cloud and region are not judged here" },
  },
  { variables: ["WALG_AZ_PREFIX"], store: { kind: "other cloud", service: "Azure Blob Storage" } },
  { variables: ["WALG_SSH_PREFIX"], store: { kind: "not read", reason: "writes over SSH to the host its WALG_SSH_PREFIX names, which is not judged here" } },
];

const isSet = (value: EnvValue | undefined): value is Extract<EnvValue, { value: string }> => value !== undefined && "value" in value && value.value !== "";
const unknownOf = (values: readonly (EnvValue | undefined)[]): string | undefined =>
  values.flatMap((value) => (value !== undefined && "unknown" in value ? [value.unknown] : []))[0];

/**
 * The S3 endpoint Spilo archives to, if any: WAL-G reads AWS_ENDPOINT and WAL-E WALE_S3_ENDPOINT (`https+path://host`,
 * whose convention is dropped), either derived from the other when only one is set (configure_spilo.py,
 * write_wale_environment); with both, the one of the binary it archives with, WAL-G when USE_WALG_BACKUP, else USE_WALG,
 * is "true" in any case (set_walg_placeholders).
 */
function spiloS3Endpoint(env: (name: string) => EnvValue | undefined): Extract<EnvValue, { value: string }> | { readonly unknown: string } | undefined {
  const [awsEndpoint, waleEndpoint] = [env("AWS_ENDPOINT"), env("WALE_S3_ENDPOINT")];
  const unknown = unknownOf([awsEndpoint, waleEndpoint]);
  if (unknown) return { unknown };
  const wale = isSet(waleEndpoint) ? { ...waleEndpoint, value: waleEndpoint.value.replace(/^(\w+)\+\w+(:\/\/.+)$/, "$1$2") } : undefined;
  if (!isSet(awsEndpoint) || wale === undefined || wale.value === awsEndpoint.value) return isSet(awsEndpoint) ? awsEndpoint : wale;
  const choice = env("USE_WALG_BACKUP") ?? env("USE_WALG");
  if (choice !== undefined && "unknown" in choice)
    return { unknown: `AWS_ENDPOINT and WALE_S3_ENDPOINT differ, and which one it archives to (USE_WALG_BACKUP) is not known: ${choice.unknown}` };
  return choice?.value.toLowerCase() === "true" ? awsEndpoint : wale;
}

/** Where a Zalando cluster's Spilo pods archive, if they do (archivesWal), as its environment says. */
function spiloDestination(applied: AppliedManifest, env: (name: string) => EnvValue | undefined): BackupDestination[] {
  const what = `the WAL archive of database cluster ${objectName(applied.manifest)}`;
  const path = placeOf(applied, "spec.env");
  const archives = archivesWal(env);
  if (archives === false) return [];
  if (archives !== true) return [undecided(applied.resource, what, path, `whether and where it archives is not known: ${archives.unknown}`)];
  for (const { variables, store } of spiloStorages) {
    const values = variables.map(env);
    if (!values.some(isSet)) {
      const unknown = unknownOf(values);
      if (unknown) return [undecided(applied.resource, what, path, unknown)];
      continue;
    }
    if (store !== "s3") return [{ resource: applied.resource, what, path, store }];
    const endpoint = spiloS3Endpoint(env);
    if (endpoint !== undefined && "unknown" in endpoint) return [undecided(applied.resource, what, path, endpoint.unknown)];
    return [
      {
        resource: applied.resource,
        what: endpoint && endpoint.path === undefined ? `${what} (its S3 endpoint from ${endpoint.from})` : what,
        path,
        store: { kind: "s3", endpoint: endpoint?.value, endpointPath: endpoint?.path ?? path },
      },
    ];
  }
  return [];
}

/**
 * Where a Zalando cluster's logical backups go, by the operator's logical_backup_provider (logical-backup/dump.sh): the
 * S3 API at logical_backup_s3_endpoint, Amazon S3 without one; Google Cloud Storage; Azure Blob Storage; nowhere for
 * another provider.
 */
function logicalBackupDestination(applied: AppliedManifest, graph: ResourceGraph): BackupDestination[] {
  const what = `the logical backup job of database cluster ${objectName(applied.manifest)}`;
  const path = placeOf(applied, "spec.enableLogicalBackup");
  const enabled = hasLogicalBackups(applied.manifest, graph);
  if (enabled !== true)
    return enabled === false ? [] : [undecided(applied.resource, what, path, `whether it has logical backups is not known: ${enabled.unknown}`)];
  const provider = logicalBackupVariable(applied.manifest, graph, "LOGICAL_BACKUP_PROVIDER");
  if ("unknown" in provider) return [undecided(applied.resource, what, path, provider.unknown)];
  const elsewhere: Readonly<Record<string, string>> = { gcs: "Google Cloud Storage", az: "Azure Blob Storage" };
  // dump.sh takes an empty provider for s3; for another provider the job uploads nothing, which backups-cover-data says.
  const providerName = provider.value || "s3";
  if (providerName !== "s3")
    return Object.hasOwn(elsewhere, providerName)
      ? [{ resource: applied.resource, what, path, store: { kind: "other cloud", service: elsewhere[providerName]! } }]
      : [];
  const endpoint = logicalBackupVariable(applied.manifest, graph, "LOGICAL_BACKUP_S3_ENDPOINT");
  if ("unknown" in endpoint) return [undecided(applied.resource, what, path, endpoint.unknown)];
  return [
    {
      resource: applied.resource,
      what: endpoint.from ? `${what} (${endpoint.from})` : what,
      path,
      store: { kind: "s3", endpoint: endpoint.value, endpointPath: path },
    },
  ];
}

/**
 * Every place a configuration sends backups to: Velero's backup storage locations (written by its chart from
 * `configuration.backupStorageLocation` when `backupsEnabled`, templates/backupstoragelocation.yaml, or as objects), a
 * CloudNativePG cluster's own barmanObjectStore, the Barman Cloud plugin's ObjectStores (barmancloud.cnpg.io), and the
 * pgBackRest repositories of Crunchy's and Percona's PostgreSQL clusters, the backup storages of Percona's MySQL and
 * MongoDB clusters, the WAL archives and logical backups of Zalando's PostgreSQL clusters, and the etcd snapshots of
 * K3s and RKE2 servers (etcdSnapshotDestinations).
 */
export function backupDestinations(graph: ResourceGraph): readonly BackupDestination[] {
  const fromCharts = veleroReleases(graph).flatMap(({ resource, values, version }) => {
    const locations = "Velero's backup storage locations";
    const at = "values.configuration.backupStorageLocation";
    if ("unread" in values) return [undecided(resource, locations, "values", `${resource.address} ${values.unread}`)];
    const configuration = values.configuration as Record<string, unknown> | undefined;
    const switchOrLocationsUnknown = [
      undecided(resource, locations, at, "the chart's backupsEnabled or configuration.backupStorageLocation is known only at apply"),
    ];
    if (isUnknown(values.backupsEnabled)) return switchOrLocationsUnknown;
    if (!chartSwitch(values.backupsEnabled, true)) return [];
    if (isUnknown(configuration) || isUnknown(configuration?.backupStorageLocation)) return switchOrLocationsUnknown;
    const written = chartLocations(values, "backupStorageLocation", version);
    if (written === "unknown")
      return [
        undecided(
          resource,
          locations,
          at,
          `they are written as one map, which only the chart's versions before 4.0.0 read, and its version ${String(version)} is not one version`,
        ),
      ];
    return written.map(({ location, at }) => veleroLocation(resource, `Velero's backup storage location ${String(location.name ?? "default")}`, at, location));
  });
  const fromObjects = appliedManifests(graph).flatMap((applied): BackupDestination[] => {
    const { manifest, resource } = applied;
    if (isKind(manifest, "BackupStorageLocation", "velero.io"))
      return [veleroLocation(resource, `Velero's backup storage location ${objectName(manifest)}`, placeOf(applied, "spec"), manifest.spec)];
    if (isKind(manifest, "Cluster", "postgresql.cnpg.io") && manifest.spec?.backup?.barmanObjectStore)
      return [
        barmanStore(
          resource,
          `the archive of database cluster ${objectName(manifest)}`,
          placeOf(applied, "spec.backup.barmanObjectStore"),
          manifest.spec.backup.barmanObjectStore,
        ),
      ];
    if (isKind(manifest, "ObjectStore", "barmancloud.cnpg.io") && manifest.spec?.configuration)
      return [barmanStore(resource, `object store ${objectName(manifest)}`, placeOf(applied, "spec.configuration"), manifest.spec.configuration)];
    return [];
  });
  const fromRepositories = pgBackRestClusters(graph).flatMap((applied) => {
    const repos = configuredRepositories(applied.manifest);
    const options = pgBackRestOptions(applied, graph);
    return isUnknown(repos)
      ? [
          undecided(
            applied.resource,
            `database cluster ${objectName(applied.manifest)}`,
            placeOf(applied, "spec.backups.pgbackrest.repos"),
            "its pgBackRest repositories are known only at apply",
          ),
        ]
      : // pgBackRest refusing its options writes nothing anywhere; backups-cover-data says it takes no backup.
        "refused" in repositoryRetentions(mapsIn(repos), options)
        ? []
        : mapsIn(repos).flatMap((repo, i) => pgBackRestRepository(applied, repo, i, options));
  });
  // Percona Server's and MongoDB's operators back up only with backup.enabled (perconaBackups).
  const fromStorages = perconaClusters(graph).flatMap((applied) => {
    const backup = fieldAt(applied.manifest, "spec", "backup");
    const storages = fieldAt(backup, "storages");
    const enabled = fieldAt(backup, "enabled");
    if (isUnknown(backup) || isUnknown(storages) || (applied.operator.enabledNeeded && isUnknown(enabled)))
      return [
        undecided(
          applied.resource,
          `database cluster ${objectName(applied.manifest)}`,
          placeOf(applied, "spec.backup.storages"),
          "its backup storages, or whether its backups are enabled, are known only at apply",
        ),
      ];
    if (applied.operator.enabledNeeded && enabled !== true) return [];
    return Object.entries(isMap(storages) ? storages : {}).flatMap(([name, storage]) => perconaStorage(applied, name, storage));
  });
  const fromZalando = zalandoClusters(graph).flatMap(({ applied, env }) => [...spiloDestination(applied, env), ...logicalBackupDestination(applied, graph)]);
  return [...fromCharts, ...fromObjects, ...fromRepositories, ...fromStorages, ...fromZalando, ...etcdSnapshotDestinations(graph)];
}
