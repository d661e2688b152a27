import { describe, expect, it } from "vitest";
import { ResourceGraph } from "../../policies/engine/graph";
import type { TfResource } from "../../policies/engine/model";
import { backupDestinations } from "../../policies/lib/backup-destinations";
import { allPolicies } from "../../policies/rules/index";
import { findingsOf, fixtureCases } from "./fixture-runner";

const policy = allPolicies.filter((each) => each.metadata.id === "backups-on-provider");

/** Each finding of the policy on a fixture of its own: outcome, address, path and words. */
const findingsOn = async (name: string) => {
  const fixture = fixtureCases("backups-on-provider").find((each) => each.name === name)!;
  return (await findingsOf(fixture, policy)).map((f) => `${f.status} ${f.address} ${f.path}: ${f.message}`).sort();
};

const release = (chart: string, values: Record<string, unknown>): TfResource => ({
  address: "helm_release.release",
  mode: "managed",
  type: "helm_release",
  name: "release",
  values: { chart, namespace: "backups", values: [JSON.stringify(values)] },
  provider: "helm",
  stack: "test",
  file: "main.tf",
});
/** An object applied by a kubernetes_manifest. */
const applied = (manifest: Record<string, unknown>): TfResource => ({
  ...release("raw", {}),
  address: "kubernetes_manifest.object",
  type: "kubernetes_manifest",
  values: { manifest },
});
const destinationsOf = (resource: TfResource) =>
  backupDestinations(new ResourceGraph({ stack: "test", files: ["main.tf"], resources: [resource], providers: [] })).map(({ what, path, store }) => ({
    what,
    path,
    store,
  }));

describe("backups-on-provider", () => {
  it("names each Velero location off the provider, by what sends it there", async () => {
    const location = "Velero's backup storage location velero";
    expect(await findingsOn("velero-locations-off-provider")).toEqual([
      `violation kubernetes_manifest.bad_amazon manifest.spec.config.s3Url: ${location}/amazon names no S3 endpoint: the backups go to Amazon S3, outside the qualified provider`,
      `violation kubernetes_manifest.bad_azure manifest.spec: ${location}/azure sends the backups to Azure Blob Storage, another cloud's storage, not the qualified provider's`,
      `violation kubernetes_manifest.bad_empty_endpoint manifest.spec.config.s3Url: ${location}/empty-endpoint names no S3 endpoint: the backups go to Amazon S3, outside the qualified provider`,
      `violation kubernetes_manifest.bad_google manifest.spec: ${location}/google sends the backups to Google Cloud Storage, another cloud's storage, not the qualified provider's`,
      `violation kubernetes_manifest.bad_not_a_url manifest.spec.config.s3Url: ${location}/not-a-url sends the backups to https://s3.fr-test-1.cloud.example.fr:https, not to the qualified provider's object storage (s3.fr-test-1.cloud.example.fr)`,
      `violation kubernetes_manifest.bad_other_host manifest.spec.config.s3Url: ${location}/other-host sends the backups to storage.example.com, not to the qualified provider's object storage (s3.fr-test-1.cloud.example.fr)`,
      `violation kubernetes_manifest.bad_plain_http manifest.spec.config.s3Url: ${location}/plain-http sends the backups to http://s3.fr-test-1.cloud.example.fr over plain HTTP, readable and alterable on the way`,
      `violation kubernetes_manifest.bad_plain_http_capitals manifest.spec.config.s3Url: ${location}/plain-http-capitals sends the backups to HTTP://s3.fr-test-1.cloud.example.fr over plain HTTP, readable and alterable on the way`,
      `violation kubernetes_manifest.bad_swift_elsewhere manifest.spec.config.region: ${location}/swift-elsewhere writes to Swift in region us-east-1, not among the qualified regions fr-test-1`,
      `violation kubernetes_manifest.bad_unverified manifest.spec.config.insecureSkipTLSVerify: ${location}/unverified skips the verification of the store's TLS certificate (insecureSkipTLSVerify): anyone on the way may pose as the store`,
      `violation kubernetes_manifest.bad_unverified_capitalised manifest.spec.config.insecureSkipTLSVerify: ${location}/unverified-capitalised skips the verification of the store's TLS certificate (insecureSkipTLSVerify): anyone on the way may pose as the store`,
    ]);
  });

  it("reads the locations Velero's chart writes from its values", async () => {
    expect(await findingsOn("velero-chart-location-on-amazon")).toEqual([
      "violation helm_release.bad_velero values.configuration.backupStorageLocation[0].config.s3Url: Velero's backup storage location default names no S3 endpoint: the backups go to Amazon S3, outside the qualified provider",
    ]);
  });

  it("takes a Barman Cloud configuration's cloud from its credentials, and its S3 endpoint", async () => {
    expect(await findingsOn("database-archives-off-provider")).toEqual([
      "violation ObjectStore/data/bad-amazon spec.configuration.endpointURL: object store data/bad-amazon names no S3 endpoint: the backups go to Amazon S3, outside the qualified provider",
      "violation ObjectStore/data/bad-azure spec.configuration: object store data/bad-azure sends the backups to Azure Blob Storage, another cloud's storage, not the qualified provider's",
      "violation ObjectStore/data/bad-google spec.configuration: object store data/bad-google sends the backups to Google Cloud Storage, another cloud's storage, not the qualified provider's",
      "violation ObjectStore/data/bad-plain-http spec.configuration.endpointURL: object store data/bad-plain-http sends the backups to http://s3.fr-test-1.cloud.example.fr over plain HTTP, readable and alterable on the way",
    ]);
  });

  it("follows each pgBackRest repository where its operator sends it", async () => {
    const repository = "pgBackRest repository repo";
    expect(await findingsOn("pgbackrest-repositories-off-provider")).toEqual([
      `violation PerconaPGCluster/data/bad-extracts spec.backups.pgbackrest.global.repo1-s3-verify-tls: ${repository}1 of database cluster data/bad-extracts skips the verification of the store's TLS certificate (repo1-s3-verify-tls: n): anyone on the way may pose as the store`,
      `violation PerconaPGCluster/data/bad-extracts spec.backups.pgbackrest.repos[0].s3.endpoint: ${repository}1 of database cluster data/bad-extracts sends the backups to storage.example.com, not to the qualified provider's object storage (s3.fr-test-1.cloud.example.fr)`,
      `violation PostgresCluster/data/bad-registry spec.backups.pgbackrest.global.repo4-storage-verify-tls: ${repository}4 of database cluster data/bad-registry skips the verification of the store's TLS certificate (repo4-storage-verify-tls: n): anyone on the way may pose as the store`,
      `violation PostgresCluster/data/bad-registry spec.backups.pgbackrest.repos[0].s3.endpoint: ${repository}1 of database cluster data/bad-registry sends the backups to s3.eu-west-3.amazonaws.com, not to the qualified provider's object storage (s3.fr-test-1.cloud.example.fr)`,
      `violation PostgresCluster/data/bad-registry spec.backups.pgbackrest.repos[1]: ${repository}2 of database cluster data/bad-registry sends the backups to Google Cloud Storage, another cloud's storage, not the qualified provider's`,
      `violation PostgresCluster/data/bad-registry spec.backups.pgbackrest.repos[2]: ${repository}3 of database cluster data/bad-registry sends the backups to Azure Blob Storage, another cloud's storage, not the qualified provider's`,
    ]);
  });

  it("reads a pgBackRest option by its former name", async () => {
    expect(await findingsOn("pgbackrest-verification-off-by-a-former-name")).toEqual([
      "violation PostgresCluster/data/bad-verification-off spec.backups.pgbackrest.global.repo1-s3-verify-ssl: pgBackRest repository repo1 of database cluster data/bad-verification-off skips the verification of the store's TLS certificate (repo1-s3-verify-ssl: n): anyone on the way may pose as the store",
    ]);
  });

  it("follows each backup storage of Percona's MySQL and MongoDB clusters by its type", async () => {
    const storage = (cluster: string, name: string) => `backup storage ${name} of database cluster data/${cluster}`;
    const unverified = "skips the verification of the store's TLS certificate";
    expect(await findingsOn("percona-storages-off-provider")).toEqual([
      `violation PerconaServerMongoDB/data/bad-events spec.backup.storages.azure: ${storage("bad-events", "azure")} sends the backups to Azure Blob Storage, another cloud's storage, not the qualified provider's`,
      `violation PerconaServerMongoDB/data/bad-events spec.backup.storages.unverified.s3.insecureSkipTLSVerify: ${storage("bad-events", "unverified")} ${unverified} (s3.insecureSkipTLSVerify): anyone on the way may pose as the store`,
      `violation PerconaServerMySQL/data/bad-extracts spec.backup.storages.google: ${storage("bad-extracts", "google")} sends the backups to Google Cloud Storage, another cloud's storage, not the qualified provider's`,
      `violation PerconaXtraDBCluster/data/bad-registry spec.backup.storages.amazon.s3.endpointUrl: ${storage("bad-registry", "amazon")} names no S3 endpoint: the backups go to Amazon S3, outside the qualified provider`,
      `violation PerconaXtraDBCluster/data/bad-registry spec.backup.storages.unverified.verifyTLS: ${storage("bad-registry", "unverified")} ${unverified} (verifyTLS: false): anyone on the way may pose as the store`,
    ]);
  });

  it("says what it cannot read, rather than pass it", async () => {
    const location = "Velero's backup storage location velero";
    const givenNoValue =
      "given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it";
    expect(await findingsOn("destinations-known-at-apply")).toEqual([
      "cannot-evaluate helm_release.bad_velero_version_range values.configuration.backupStorageLocation: Velero's backup storage locations: they are written as one map, which only the chart's versions before 4.0.0 read, and its version 3.x is not one version",
      `cannot-evaluate kubernetes_manifest.bad_endpoint_at_apply manifest.spec.config.s3Url: ${location}/at-apply: its S3 endpoint is not known here: it depends on \${var.s3_url}, ${givenNoValue}`,
      `cannot-evaluate kubernetes_manifest.bad_other_plugin manifest.spec: ${location}/other-plugin writes through the example.com/object-store plugin, whose destination is not read here`,
      `cannot-evaluate kubernetes_manifest.bad_region_at_apply manifest.spec.config.region: ${location}/region-at-apply: its region is not known here: it depends on \${var.backup_region}, ${givenNoValue}`,
      `cannot-evaluate kubernetes_manifest.bad_region_from_credential manifest.spec.config.region: ${location}/region-from-credential writes to the Swift of its credential's cloud, in the region its credential names, which this configuration does not show`,
      "cannot-evaluate kubernetes_manifest.bad_repository_endpoint_elsewhere manifest.spec.backups.pgbackrest.repos[0]: pgBackRest repository repo1 of database cluster data/registry writes to the Azure Blob Storage API at the endpoint its option repo1-azure-endpoint names, which is not judged here",
      "cannot-evaluate kubernetes_manifest.bad_repository_endpoint_elsewhere manifest.spec.backups.pgbackrest.repos[1]: pgBackRest repository repo2 of database cluster data/registry writes to the Google Cloud Storage API at the endpoint its option repo2-gcs-endpoint names, which is not judged here",
      "cannot-evaluate kubernetes_manifest.bad_storages_not_read manifest.spec.backup.storages.azure: backup storage azure of database cluster data/events writes to the Azure Blob Storage API at its azure.endpointUrl, which is not judged here",
      "cannot-evaluate kubernetes_manifest.bad_storages_not_read manifest.spec.backup.storages.minio: backup storage minio of database cluster data/events writes to a storage of type minio, whose destination is not read here",
    ]);
  });

  it("says what a destination not known here waits on: a variable given no value, not apply", async () => {
    expect(await findingsOn("barman-endpoint-from-a-variable")).toEqual([
      "cannot-evaluate kubernetes_manifest.bad_barman_endpoint_from_a_variable manifest.spec.backup.barmanObjectStore: the archive of database cluster data/warehouse: its endpointURL is not known here: it depends on ${var.s3_endpoint}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it",
    ]);
  });

  it("judges no host nor region the settings do not declare, and flags plain HTTP all the same", async () => {
    const location = "Velero's backup storage location velero";
    const undeclared = "and no object storage host of the qualified provider is declared in the settings (objectStorageHosts) to judge it by";
    expect(await findingsOn("no-provider-declared")).toEqual([
      `cannot-evaluate kubernetes_manifest.bad_plain_http_location manifest.spec.config.s3Url: ${location}/plain-http sends the backups to s3.fr-test-1.cloud.example.fr, ${undeclared}`,
      `cannot-evaluate kubernetes_manifest.bad_s3_location manifest.spec.config.s3Url: ${location}/s3 sends the backups to s3.fr-test-1.cloud.example.fr, ${undeclared}`,
      `cannot-evaluate kubernetes_manifest.bad_swift_location manifest.spec.config.region: ${location}/swift writes to Swift in region fr-test-1, and no qualified region is declared in the settings to judge it by`,
      `violation kubernetes_manifest.bad_plain_http_location manifest.spec.config.s3Url: ${location}/plain-http sends the backups to http://s3.fr-test-1.cloud.example.fr over plain HTTP, readable and alterable on the way`,
    ]);
  });
});

describe("backupDestinations", () => {
  const amazon = { backupStorageLocation: [{ name: "default", provider: "aws", bucket: "b" }] };

  it("reads no location from Velero's chart with backups turned off, nor from another chart", () => {
    // Off as the chart's template tests it (`{{- if .Values.backupsEnabled }}`), or removed by null with its default.
    for (const off of [false, 0, "", null]) expect(destinationsOf(release("velero", { backupsEnabled: off, configuration: amazon })), String(off)).toEqual([]);
    expect(destinationsOf(release("velero", { backupsEnabled: "yes", configuration: amazon }))).toHaveLength(1);
    for (const other of ["other", "my-velero", "velero-ui"]) expect(destinationsOf(release(other, { configuration: amazon }))).toEqual([]);
    // Velero's chart by its OCI reference, a repository's `repo/velero`, or its package's URL.
    for (const chart of ["oci://registry.example.fr/charts/velero", "vmware-tanzu/velero", "https://charts.example.fr/velero-11.1.1.tgz"])
      expect(destinationsOf(release(chart, { configuration: amazon })).map(({ what }) => what)).toEqual(["Velero's backup storage location default"]);
    expect(destinationsOf(release("velero", { configuration: amazon }))).toEqual([
      {
        what: "Velero's backup storage location default",
        path: "values.configuration.backupStorageLocation[0]",
        store: { kind: "s3", endpoint: undefined, endpointPath: "values.configuration.backupStorageLocation[0].config.s3Url" },
      },
    ]);
  });

  it("reads no destination from a pgBackRest repository on a volume, nor from a Percona cluster whose backups are off", () => {
    const cluster = (kind: string, backups: Record<string, unknown>): TfResource => ({
      ...release("raw", {}),
      address: "kubernetes_manifest.cluster",
      type: "kubernetes_manifest",
      values: {
        manifest: {
          apiVersion: kind === "PostgresCluster" ? "postgres-operator.crunchydata.com/v1beta1" : "pgv2.percona.com/v2",
          kind,
          metadata: { name: "c", namespace: "data" },
          spec: { backups },
        },
      },
    });
    const s3 = { name: "repo1", s3: { bucket: "b", endpoint: "s3.fr-test-1.cloud.example.fr" } };
    expect(destinationsOf(cluster("PostgresCluster", { pgbackrest: { repos: [{ name: "repo1", volume: {} }] } }))).toEqual([]);
    expect(destinationsOf(cluster("PerconaPGCluster", { enabled: false, pgbackrest: { repos: [s3] } }))).toEqual([]);
    expect(destinationsOf(cluster("PerconaPGCluster", { pgbackrest: { repos: [s3] } })).map(({ store }) => store)).toEqual([
      { kind: "s3", endpoint: "s3.fr-test-1.cloud.example.fr", endpointPath: "manifest.spec.backups.pgbackrest.repos[0].s3.endpoint" },
    ]);
  });

  it("reads a pgBackRest option by its former names, from the section pgBackRest reads first, and nothing of a cluster whose options it refuses", () => {
    const object = (name: string, manifest: Record<string, unknown>): TfResource => ({ ...applied(manifest), address: `kubernetes_manifest.${name}`, name });
    const s3 = (name: string) => ({ name, s3: { bucket: "b", endpoint: "s3.fr-test-1.cloud.example.fr" } });
    const repositories = (global: Record<string, string>, file?: string) =>
      backupDestinations(
        new ResourceGraph({
          stack: "test",
          files: ["main.tf"],
          resources: [
            object("conf", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "conf", namespace: "data" }, data: { "storage.conf": file ?? "" } }),
            object("cluster", {
              apiVersion: "postgres-operator.crunchydata.com/v1beta1",
              kind: "PostgresCluster",
              metadata: { name: "c", namespace: "data" },
              spec: {
                backups: {
                  pgbackrest: { global, repos: [s3("repo1"), s3("repo2")], configuration: file === undefined ? [] : [{ configMap: { name: "conf" } }] },
                },
              },
            }),
          ],
          providers: [],
        }),
      ).map(({ what, store, unverifiedTls }) => ({ what, endpoint: store.kind === "s3" ? store.endpoint : store.kind, tls: unverifiedTls?.setting }));
    // pgBackRest's former names of repo-storage-verify-tls (build/config.yaml): repo1's alone without an index.
    expect(repositories({ "repo-s3-verify-ssl": "n", "repo2-s3-verify-ssl": "n" }).map(({ tls }) => tls)).toEqual([
      "repo-s3-verify-ssl: n",
      "repo2-s3-verify-ssl: n",
    ]);
    expect(repositories({ "repo2-azure-verify-tls": "n" }).map(({ tls }) => tls)).toEqual([undefined, "repo2-azure-verify-tls: n"]);
    // The stanza's section before [global], whatever name each writes.
    expect(repositories({ "repo2-storage-host": "s3.fr-test-1.cloud.example.fr" }, "[db]\nrepo2-s3-host=storage.example.com\n")[1]).toEqual({
      what: "pgBackRest repository repo2 of database cluster data/c (repo2-s3-host in [db] of storage.conf of the ConfigMap data/conf it projects)",
      endpoint: "storage.example.com",
      tls: undefined,
    });
    // An Azure repository's host, by its former name, sends the Azure API elsewhere.
    const azure = backupDestinations(
      new ResourceGraph({
        stack: "test",
        files: ["main.tf"],
        resources: [
          object("cluster", {
            apiVersion: "postgres-operator.crunchydata.com/v1beta1",
            kind: "PostgresCluster",
            metadata: { name: "c", namespace: "data" },
            spec: { backups: { pgbackrest: { global: { "repo1-azure-host": "blob.example.com" }, repos: [{ name: "repo1", azure: { container: "c" } }] } } },
          }),
        ],
        providers: [],
      }),
    );
    expect(azure.map(({ store }) => store)).toEqual([
      { kind: "not read", reason: "writes to the Azure Blob Storage API at the endpoint its option repo1-azure-host names, which is not judged here" },
    ]);
    // Two names of one option in one section, or a retention pgBackRest refuses: it writes nothing (backups-cover-data says so).
    expect(repositories({ "repo-s3-host": "storage.example.com", "repo1-storage-host": "storage.example.com" })).toEqual([]);
    expect(repositories({ "repo2-retention-full": "35 days" })).toEqual([]);
    expect(repositories({}, "[global\n")).toEqual([]);
  });

  it("reads the one location map of the chart's versions before 4.0.0, its provider configuration.provider, and no map from 4.0.0", () => {
    const old = { provider: "aws", backupStorageLocation: { bucket: "b", config: { s3Url: "https://s3.example.com" } } };
    const versioned = (version: string | number) => {
      const resource = release("velero", { configuration: old });
      return destinationsOf({ ...resource, values: { ...resource.values, version } });
    };
    expect(versioned("3.2.0")).toEqual([
      {
        what: "Velero's backup storage location default",
        path: "values.configuration.backupStorageLocation",
        store: { kind: "s3", endpoint: "https://s3.example.com", endpointPath: "values.configuration.backupStorageLocation.config.s3Url" },
      },
    ]);
    expect(versioned("4.0.0")).toEqual([]);
    // A version written as a number in HCL is read as the text Terraform converts it to.
    expect(versioned(3.2).map(({ path }) => path)).toEqual(["values.configuration.backupStorageLocation"]);
    expect(versioned(4)).toEqual([]);
    // A package's version is its file's, whatever version is written beside it.
    const archived = release("https://charts.example.fr/velero-3.2.0.tgz", { configuration: old });
    expect(destinationsOf({ ...archived, values: { ...archived.values, version: "11.1.1" } }).map(({ path }) => path)).toEqual([
      "values.configuration.backupStorageLocation",
    ]);
    // As a GitOps controller installs it: the version written, or its package's.
    const flux = applied({
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: { name: "velero", namespace: "velero" },
      spec: { chart: { spec: { chart: "velero", version: "3.2.0" } }, values: { configuration: old } },
    });
    const helmChart = applied({
      apiVersion: "helm.cattle.io/v1",
      kind: "HelmChart",
      metadata: { name: "velero", namespace: "kube-system" },
      spec: { chart: "https://charts.example.fr/velero-3.2.0.tgz", version: "11.1.1", valuesContent: JSON.stringify({ configuration: old }) },
    });
    for (const release of [flux, helmChart]) expect(destinationsOf(release).map(({ path }) => path)).toEqual(["values.configuration.backupStorageLocation"]);
    // The map's own provider before configuration.provider.
    const own = release("velero", { configuration: { ...old, backupStorageLocation: { ...old.backupStorageLocation, provider: "gcp" } } });
    expect(destinationsOf({ ...own, values: { ...own.values, version: "3.2.0" } }).map(({ store }) => store)).toEqual([
      { kind: "other cloud", service: "Google Cloud Storage" },
    ]);
    expect(destinationsOf(release("velero", { configuration: old }))).toEqual([]);
    expect(versioned("3.x").map(({ store }) => store)).toEqual([
      {
        kind: "unknown",
        reason: "they are written as one map, which only the chart's versions before 4.0.0 read, and its version 3.x is not one version",
      },
    ]);
  });

  it("reads a CloudNativePG cluster's own archive, placed at the raw chart's values as a whole", () => {
    const cluster = {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: "warehouse", namespace: "data" },
      spec: { backup: { barmanObjectStore: { destinationPath: "s3://b/w", endpointURL: "https://s3.fr-test-1.cloud.example.fr" } } },
    };
    expect(destinationsOf(release("raw", { resources: [cluster] }))).toEqual([
      {
        what: "the archive of database cluster data/warehouse",
        path: "values",
        store: { kind: "s3", endpoint: "https://s3.fr-test-1.cloud.example.fr", endpointPath: "values" },
      },
    ]);
  });

  it("says which of a Velero chart's settings that decide its locations is known only at apply", () => {
    const unknown = (reason: string, path = "values.configuration.backupStorageLocation") => [
      { what: "Velero's backup storage locations", path, store: { kind: "unknown", reason } },
    ];
    const settings = "the chart's backupsEnabled or configuration.backupStorageLocation is known only at apply";
    expect(destinationsOf({ ...release("velero", {}), values: { chart: "velero", values: ["${var.values}"] } })).toEqual(
      unknown("helm_release.release values are known only at apply", "values"),
    );
    expect(destinationsOf(release("velero", { backupsEnabled: "${var.enabled}", configuration: { backupStorageLocation: [] } }))).toEqual(unknown(settings));
    expect(destinationsOf(release("velero", { configuration: "${var.configuration}" }))).toEqual(unknown(settings));
    expect(destinationsOf(release("velero", { configuration: { backupStorageLocation: "${var.locations}" } }))).toEqual(unknown(settings));
    expect(destinationsOf(release("velero", { configuration: { backupStorageLocation: [{ name: "secondary", provider: "gcp" }] } }))).toEqual([
      {
        what: "Velero's backup storage location secondary",
        path: "values.configuration.backupStorageLocation[0]",
        store: { kind: "other cloud", service: "Google Cloud Storage" },
      },
    ]);
  });

  it("says when a location's provider or config, or a Barman Cloud configuration or what picks its cloud, is known only at apply", () => {
    const location = (spec: Record<string, unknown>) =>
      destinationsOf(applied({ apiVersion: "velero.io/v1", kind: "BackupStorageLocation", metadata: { name: "l", namespace: "velero" }, spec })).map(
        ({ store }) => store,
      );
    const locationUnknown = [{ kind: "unknown", reason: "its provider or config is known only at apply" }];
    expect(location({ provider: "${var.provider}", config: { s3Url: "https://s3.fr-test-1.cloud.example.fr" } })).toEqual(locationUnknown);
    expect(location({ provider: "aws", config: "${var.config}" })).toEqual(locationUnknown);
    const store = (configuration: unknown) =>
      destinationsOf(
        applied({ apiVersion: "barmancloud.cnpg.io/v1", kind: "ObjectStore", metadata: { name: "o", namespace: "data" }, spec: { configuration } }),
      ).map(({ store }) => store);
    expect(store("${var.configuration}")).toEqual([{ kind: "unknown", reason: "its configuration is known only at apply" }]);
    for (const field of ["azureCredentials", "googleCredentials", "endpointURL"])
      expect(store({ destinationPath: "s3://b/w", [field]: "${var.field}" })).toEqual([
        { kind: "unknown", reason: `its ${field} is known only at apply`, notKnown: "${var.field}" },
      ]);
    // A placeholder another tool fills in a manifest reads nothing Terraform knows: nothing to hand the engine.
    expect(store({ destinationPath: "s3://b/w", endpointURL: "${MINIO_URL}" })).toEqual([
      { kind: "unknown", reason: "its endpointURL is known only at apply" },
    ]);
    expect(store(undefined)).toEqual([]);
  });

  it("reads insecureSkipTLSVerify as the AWS plugin does, with Go's strconv.ParseBool", () => {
    const unverified = (value: unknown) =>
      backupDestinations(
        new ResourceGraph({
          stack: "test",
          files: ["main.tf"],
          resources: [
            applied({
              apiVersion: "velero.io/v1",
              kind: "BackupStorageLocation",
              metadata: { name: "l", namespace: "velero" },
              spec: { provider: "aws", config: { s3Url: "https://s3.fr-test-1.cloud.example.fr", insecureSkipTLSVerify: value } },
            }),
          ],
          providers: [],
        }),
      ).map(({ unverifiedTls }) => unverifiedTls?.setting);
    for (const value of ["1", "t", "TRUE", true]) expect(unverified(value), String(value)).toEqual(["insecureSkipTLSVerify"]);
    for (const value of ["false", "0", "yes", false]) expect(unverified(value), String(value)).toEqual([undefined]);
  });

  it("places a CloudNativePG cluster's archive at its barmanObjectStore", () => {
    const cluster = applied({
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: "warehouse", namespace: "data" },
      spec: { backup: { barmanObjectStore: { destinationPath: "s3://b/w", endpointURL: "https://s3.fr-test-1.cloud.example.fr" } } },
    });
    expect(destinationsOf(cluster).map(({ path }) => path)).toEqual(["manifest.spec.backup.barmanObjectStore"]);
  });

  it("says when a database cluster's repositories or backup storages, or whether its backups are on, are known only at apply", () => {
    const cluster = (apiVersion: string, kind: string, spec: Record<string, unknown>) =>
      destinationsOf(applied({ apiVersion, kind, metadata: { name: "c", namespace: "data" }, spec }));
    expect(cluster("postgres-operator.crunchydata.com/v1beta1", "PostgresCluster", { backups: { pgbackrest: { repos: "${var.repos}" } } })).toEqual([
      {
        what: "database cluster data/c",
        path: "manifest.spec.backups.pgbackrest.repos",
        store: { kind: "unknown", reason: "its pgBackRest repositories are known only at apply" },
      },
    ]);
    const storagesUnknown = [
      {
        what: "database cluster data/c",
        path: "manifest.spec.backup.storages",
        store: { kind: "unknown", reason: "its backup storages, or whether its backups are enabled, are known only at apply" },
      },
    ];
    const amazon = { amazon: { type: "s3", s3: { bucket: "b" } } };
    const mongo = (backup: unknown) => cluster("psmdb.percona.com/v1", "PerconaServerMongoDB", { backup });
    const xtradb = (backup: unknown) => cluster("pxc.percona.com/v1", "PerconaXtraDBCluster", { backup });
    expect(mongo("${var.backup}")).toEqual(storagesUnknown);
    expect(mongo({ enabled: true, storages: "${var.storages}" })).toEqual(storagesUnknown);
    expect(mongo({ enabled: "${var.enabled}", storages: amazon })).toEqual(storagesUnknown);
    // XtraDB backs up with no backup.enabled: whether it is known is no matter.
    expect(xtradb({ enabled: "${var.enabled}", storages: amazon }).map(({ store }) => store.kind)).toEqual(["s3"]);
    const storageUnknown = [
      {
        what: "backup storage amazon of database cluster data/c",
        path: "manifest.spec.backup.storages.amazon",
        store: { kind: "unknown", reason: "its type is known only at apply" },
      },
    ];
    expect(xtradb({ storages: { amazon: "${var.storage}" } })).toEqual(storageUnknown);
    expect(xtradb({ storages: { amazon: { type: "${var.type}", s3: { bucket: "b" } } } })).toEqual(storageUnknown);
  });

  it("reads the storage host and the TLS check a cluster's projected pgBackRest file sets", async () => {
    const repository = (name: string) => `pgBackRest repository ${name} of database cluster data/bad-projected-storage`;
    const from = "in [global] of storage.conf of the ConfigMap data/pgbackrest-storage it projects";
    expect(await findingsOn("pgbackrest-options-in-projected-files")).toEqual([
      `violation PostgresCluster/data/bad-projected-storage spec.backups.pgbackrest.configuration: ${repository("repo1")} (repo1-storage-host ${from}) sends the backups to storage.example.com, not to the qualified provider's object storage (s3.fr-test-1.cloud.example.fr)`,
      `violation PostgresCluster/data/bad-projected-storage spec.backups.pgbackrest.configuration: ${repository("repo2")} skips the verification of the store's TLS certificate (repo2-storage-verify-tls ${from}: n): anyone on the way may pose as the store`,
    ]);
  });

  it("judges a repository by its endpoint when the Secret it projects is not in the configuration", () => {
    const cluster = applied({
      apiVersion: "postgres-operator.crunchydata.com/v1beta1",
      kind: "PostgresCluster",
      metadata: { name: "registry", namespace: "data" },
      spec: {
        backups: {
          pgbackrest: {
            configuration: [{ secret: { name: "pgo-s3-creds" } }],
            repos: [{ name: "repo1", s3: { bucket: "eds-backups", endpoint: "s3.fr-test-1.cloud.example.fr", region: "fr-test-1" } }],
          },
        },
      },
    });
    expect(destinationsOf(cluster)).toEqual([
      {
        what: "pgBackRest repository repo1 of database cluster data/registry",
        path: "manifest.spec.backups.pgbackrest.repos[0]",
        store: { kind: "s3", endpoint: "s3.fr-test-1.cloud.example.fr", endpointPath: "manifest.spec.backups.pgbackrest.repos[0].s3.endpoint" },
      },
    ]);
  });
});
