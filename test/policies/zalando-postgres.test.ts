import { describe, expect, it } from "vitest";
import { ResourceGraph } from "../../policies/engine/graph";
import type { TfResource } from "../../policies/engine/model";
import { backupDestinations } from "../../policies/lib/backup-destinations";
import { walVariables, zalandoBackups } from "../../policies/lib/zalando-postgres";
import { allPolicies } from "../../policies/rules/index";
import { findingsOf, fixtureCases } from "./fixture-runner";

/** Each finding of a policy on a fixture of its own: outcome, address, path and words. */
const findingsOn = async (policyId: string, name: string) => {
  const fixture = fixtureCases(policyId).find((each) => each.name === name)!;
  const policy = allPolicies.filter((each) => each.metadata.id === policyId);
  return (await findingsOf(fixture, policy)).map((f) => `${f.status} ${f.address}${f.path ? ` ${f.path}` : ""}: ${f.message}`).sort();
};

const resource = (address: string, type: string, values: Record<string, unknown>): TfResource => ({
  address,
  mode: "managed",
  type,
  name: address.split(".")[1]!,
  values,
  provider: type.split("_")[0]!,
  stack: "test",
  file: "main.tf",
});
const applied = (name: string, manifest: Record<string, unknown>) => resource(`kubernetes_manifest.${name}`, "kubernetes_manifest", { manifest });
const cluster = (spec: Record<string, unknown>, name = "warehouse") =>
  applied(name, { apiVersion: "acid.zalan.do/v1", kind: "postgresql", metadata: { name, namespace: "data" }, spec: { numberOfInstances: 2, ...spec } });
const operator = (configuration: Record<string, unknown>, name = "operator") =>
  applied(name, { apiVersion: "acid.zalan.do/v1", kind: "OperatorConfiguration", metadata: { name, namespace: "postgres-operator" }, configuration });
const configMap = (name: string, namespace: string, data: Record<string, string>) =>
  applied(`config_${name.replace(/-/g, "_")}_${namespace.replace(/-/g, "_")}`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data });
const env = (variables: Record<string, unknown>) => Object.entries(variables).map(([name, value]) => ({ name, value }));
const graphOf = (resources: readonly TfResource[]) => new ResourceGraph({ stack: "test", files: ["main.tf"], resources, providers: [] });
const backups = (...resources: TfResource[]) => zalandoBackups(graphOf(resources));
const destinations = (...resources: TfResource[]) => backupDestinations(graphOf(resources)).map(({ what, path, store }) => ({ what, path, store }));
const bucketEverywhere = operator({ aws_or_gcp: { wal_s3_bucket: "eds-wal" } });

describe("Zalando's postgres-operator clusters, in backups-cover-data", () => {
  it("fails a cluster with no WAL archive, base backups less often or kept less long than declared, as Spilo reads its environment", async () => {
    const cluster = (name: string) => `violation postgresql/data/${name}: the database cluster data/${name}`;
    const none =
      "archives no WAL (Spilo archives only with a WAL bucket or prefix, WAL_S3_BUCKET or WALG_S3_PREFIX among them) and has no logical backups (enableLogicalBackup)";
    expect(await findingsOn("backups-cover-data", "zalando-clusters")).toEqual([
      `${cluster("bad-bucket-in-lower-case")} ${none}`,
      `${cluster("bad-kept-five-days")} keeps backups 5 days, below the declared 35`,
      `${cluster("bad-logical-kept-a-week")} keeps backups 7 days, below the declared 35`,
      `${cluster("bad-no-archive")} ${none}`,
      "violation postgresql/data/bad-weekly: no scheduled base backup of the database cluster data/bad-weekly to its WAL archive runs daily or more often",
    ]);
    expect(await findingsOn("backups-cover-data", "zalando-clusters-backed-up")).toEqual([]);
    expect(await findingsOn("backups-cover-data", "zalando-operator-elsewhere")).toEqual([
      "cannot-evaluate postgresql/data/bad-operator-elsewhere: how the database cluster data/bad-operator-elsewhere backs up is not known: whether it archives its WAL is not known: the operator's configuration (an OperatorConfiguration, or the values of Zalando's postgres-operator chart) is not in this configuration",
    ]);
  });

  it("read the pod's variables first writer first: spec.env, the pod environment Secret, then ConfigMap, then the operator's buckets, then envFrom", () => {
    const secret = resource("kubernetes_secret_v1.pod_env", "kubernetes_secret_v1", {
      metadata: [{ name: "pod-env", namespace: "data" }],
      data: { BACKUP_NUM_TO_RETAIN: "40" },
    });
    const withSources = operator({
      kubernetes: { pod_environment_secret: "pod-env", pod_environment_configmap: "pod-env" },
      aws_or_gcp: { wal_s3_bucket: "eds-wal" },
    });
    const fromConfigMap = configMap("pod-env", "postgres-operator", { BACKUP_NUM_TO_RETAIN: "10", BACKUP_SCHEDULE: "0 1 * * 0" });
    // The Secret's 40 days over the ConfigMap's 10; the ConfigMap's weekly schedule, which spec.env makes daily.
    const [kept] = backups(withSources, secret, fromConfigMap, cluster({ env: env({ BACKUP_SCHEDULE: "0 3 * * *" }) }));
    expect(kept).toMatchObject({ archiver: { method: "Spilo" }, archives: [{ what: "its WAL archive", retention: { days: 40 }, scheduled: ["daily"] }] });
    expect(kept!.undecided).toBeUndefined();
    // An empty bucket in the ConfigMap comes before the operator's, which is then not appended.
    const [emptied] = backups(
      operator({ kubernetes: { pod_environment_configmap: "pod-env" }, aws_or_gcp: { wal_s3_bucket: "eds-wal" } }),
      configMap("pod-env", "postgres-operator", { WAL_S3_BUCKET: "" }),
      cluster({}),
    );
    expect(emptied).toMatchObject({ archiver: undefined, archives: [] });
    // envFrom's variables, prefixed, come below every other.
    const walFrom = configMap("wal", "data", { S3_BUCKET: "eds-wal", BACKUP_NUM_TO_RETAIN: "50" });
    const [fromEnvFrom] = backups(
      operator({}),
      walFrom,
      cluster({ envFrom: [{ configMapRef: { name: "wal" }, prefix: "WAL_" }], env: env({ WAL_BACKUP_NUM_TO_RETAIN: "x" }) }),
    );
    expect(fromEnvFrom).toMatchObject({ archiver: { method: "Spilo" }, archives: [{ retention: { days: 5 } }] });
    // The operator's pod environment comes before envFrom's.
    const [belowOperator] = backups(
      operator({ kubernetes: { pod_environment_configmap: "pod-env" } }),
      configMap("pod-env", "postgres-operator", { BACKUP_NUM_TO_RETAIN: "10" }),
      walFrom,
      configMap("more", "data", { BACKUP_NUM_TO_RETAIN: "50" }),
      cluster({ envFrom: [{ configMapRef: { name: "wal" }, prefix: "WAL_" }, { configMapRef: { name: "more" } }] }),
    );
    expect(belowOperator).toMatchObject({ archiver: { method: "Spilo" }, archives: [{ retention: { days: 10 } }] });
    // A name in another case in spec.env keeps the operator's bucket out, and Spilo reads neither.
    expect(backups(bucketEverywhere, cluster({ env: env({ wal_s3_bucket: "eds-wal" }) }))[0]).toMatchObject({ archiver: undefined, archives: [] });
  });

  it("look a pod environment ConfigMap named alone up in the operator's namespace, then the cluster's", () => {
    const withConfigMap = operator({ kubernetes: { pod_environment_configmap: "pod-env" } });
    for (const namespace of ["postgres-operator", "data"])
      expect(backups(withConfigMap, configMap("pod-env", namespace, { WALG_S3_PREFIX: "s3://eds-wal" }), cluster({}))[0]!.archiver).toEqual({
        method: "Spilo",
      });
    expect(backups(withConfigMap, configMap("pod-env", "elsewhere", { WALG_S3_PREFIX: "s3://eds-wal" }), cluster({}))[0]!.undecided).toBe(
      "whether it archives its WAL is not known: the operator's pod environment ConfigMap (ConfigMap data/pod-env) is not in this configuration",
    );
  });

  it("keep BACKUP_NUM_TO_RETAIN days of base backups, two at least, as Spilo's backup script does", () => {
    const keeping = (count: string) => backups(bucketEverywhere, cluster({ env: env({ BACKUP_NUM_TO_RETAIN: count }) }))[0]!.archives[0]!.retention;
    expect(keeping("1")).toEqual({ days: 2 });
    expect(keeping("35")).toEqual({ days: 35 });
    expect(keeping("five")).toEqual({ unknown: "BACKUP_NUM_TO_RETAIN is five, not a number" });
    expect(backups(bucketEverywhere, cluster({}))[0]!.archives[0]).toEqual({ what: "its WAL archive", retention: { days: 5 }, scheduled: ["daily"] });
  });

  it("read the operator's chart from Zalando's repository, and no other chart of that name", () => {
    const chart = (repository: string) =>
      resource("helm_release.postgres_operator", "helm_release", {
        chart: "postgres-operator",
        repository,
        namespace: "postgres-operator",
        values: [JSON.stringify({ configAwsOrGcp: { wal_gs_bucket: "eds-wal" } })],
      });
    expect(backups(chart("https://opensource.zalando.com/postgres-operator/charts/postgres-operator"), cluster({}))[0]!.archiver).toEqual({ method: "Spilo" });
    expect(backups(chart("https://charts.example.fr"), cluster({}))[0]!.undecided).toMatch(/the operator's configuration .* is not in this configuration/);
    expect(backups(operator({}), operator({}, "second"), cluster({}))[0]!.undecided).toBe(
      "whether it archives its WAL is not known: the configuration writes several configurations of the operator, and which one it reads is not known here",
    );
  });

  it("read the configuration the operator's Deployment names, before any other OperatorConfiguration", () => {
    const deployment = (env: Record<string, unknown>) =>
      resource("kubernetes_deployment_v1.operator", "kubernetes_deployment_v1", {
        metadata: [{ name: "postgres-operator", namespace: "postgres-operator" }],
        spec: [
          {
            template: [
              {
                spec: [
                  {
                    container: [
                      {
                        name: "operator",
                        image: "registry.example.fr/postgres-operator:v1.14.0",
                        env: env && Object.entries(env).map(([name, value]) => ({ name, value })),
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      });
    const bucketIn = (name: string) => operator({ aws_or_gcp: { wal_s3_bucket: "eds-wal" } }, name);
    const archiverOf = (...resources: TfResource[]) => backups(...resources, cluster({}))[0]!;
    // The object it names, not the other one.
    expect(archiverOf(deployment({ POSTGRES_OPERATOR_CONFIGURATION_OBJECT: "chosen" }), operator({}, "chosen"), bucketIn("other")).archiver).toBeUndefined();
    expect(archiverOf(deployment({ POSTGRES_OPERATOR_CONFIGURATION_OBJECT: "chosen" }), bucketIn("chosen"), operator({}, "other")).archiver).toEqual({
      method: "Spilo",
    });
    // An object of another kind with its name is not it.
    const sameName = configMap("chosen", "postgres-operator", {});
    expect(archiverOf(deployment({ POSTGRES_OPERATOR_CONFIGURATION_OBJECT: "chosen" }), sameName, bucketIn("chosen")).archiver).toEqual({ method: "Spilo" });
    // Its ConfigMap, a flat map of the settings, named alone or with its namespace; the object first when both are named.
    const flat = resource("kubernetes_config_map_v1.operator", "kubernetes_config_map_v1", {
      metadata: [{ name: "postgres-operator", namespace: "postgres-operator" }],
      data: { wal_s3_bucket: "eds-wal", BACKUP_NUM_TO_RETAIN: "40" },
    });
    for (const name of ["postgres-operator", "postgres-operator/postgres-operator"])
      expect(archiverOf(deployment({ CONFIG_MAP_NAME: name }), flat, bucketIn("other"))).toMatchObject({
        archiver: { method: "Spilo" },
        archives: [{ retention: { days: 5 } }],
      });
    expect(
      archiverOf(deployment({ CONFIG_MAP_NAME: "postgres-operator", POSTGRES_OPERATOR_CONFIGURATION_OBJECT: "chosen" }), flat, operator({}, "chosen")).archiver,
    ).toBeUndefined();
    // Neither named: the operator's defaults, which name no bucket.
    expect(archiverOf(deployment({ CONFIG_MAP_NAME: "" }), bucketIn("other"))).toMatchObject({
      archiver: undefined,
      lacks: expect.stringContaining("archives no WAL"),
    });
    expect(archiverOf(deployment({ CONFIG_MAP_NAME: "elsewhere" })).undecided).toBe(
      "whether it archives its WAL is not known: the ConfigMap postgres-operator/elsewhere that kubernetes_deployment_v1.operator names is not in this configuration",
    );
    expect(archiverOf(deployment({ CONFIG_MAP_NAME: "${var.config}" })).undecided).toMatch(
      /the configuration the operator's kubernetes_deployment_v1.operator names is known only at apply/,
    );
  });

  it("read the operator's chart installed by a GitOps controller, told by the repository the object names", () => {
    const values = { configAwsOrGcp: { wal_s3_bucket: "eds-wal" } };
    const argo = (repoURL: string) =>
      applied("argo", {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Application",
        metadata: { name: "postgres-operator", namespace: "argocd" },
        spec: {
          source: { repoURL, chart: "postgres-operator", targetRevision: "1.14.0", helm: { valuesObject: values } },
          destination: { namespace: "postgres-operator" },
        },
      });
    expect(backups(argo("https://opensource.zalando.com/postgres-operator/charts/postgres-operator"), cluster({}))[0]!.archiver).toEqual({ method: "Spilo" });
    expect(backups(argo("https://charts.example.fr"), cluster({}))[0]!.undecided).toMatch(/the operator's configuration .* is not in this configuration/);
    const flux = applied("flux", {
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: { name: "postgres-operator", namespace: "postgres-operator" },
      spec: { chart: { spec: { chart: "postgres-operator", sourceRef: { kind: "HelmRepository", name: "zalando" } } }, values },
    });
    const repository = applied("repository", {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "HelmRepository",
      metadata: { name: "zalando", namespace: "postgres-operator" },
      spec: { url: "https://opensource.zalando.com/postgres-operator/charts/postgres-operator" },
    });
    expect(backups(flux, repository, cluster({}))[0]!.archiver).toEqual({ method: "Spilo" });
    expect(backups(flux, cluster({}))[0]!.undecided).toMatch(/is not in this configuration/);
    const k3s = applied("k3s", {
      apiVersion: "helm.cattle.io/v1",
      kind: "HelmChart",
      metadata: { name: "postgres-operator", namespace: "kube-system" },
      spec: {
        repo: "https://opensource.zalando.com/postgres-operator/charts/postgres-operator",
        chart: "postgres-operator",
        targetNamespace: "postgres-operator",
        valuesContent: "configAwsOrGcp:\n  wal_s3_bucket: eds-wal\n",
      },
    });
    expect(backups(k3s, cluster({}))[0]!.archiver).toEqual({ method: "Spilo" });
  });

  it("count logical backups on their schedule and retention, and none for a cluster without instances", () => {
    const logical = (spec: Record<string, unknown>, configuration: Record<string, unknown> = {}) =>
      backups(operator({ logical_backup: { logical_backup_s3_bucket: "eds-dumps", ...configuration } }), cluster({ enableLogicalBackup: true, ...spec }))[0]!;
    expect(logical({})).toMatchObject({
      archiver: { method: "logical backups" },
      archives: [{ retention: { days: Number.POSITIVE_INFINITY }, scheduled: ["daily"] }],
    });
    expect(logical({ logicalBackupRetention: "3 months" }).archives[0]!.retention).toEqual({ days: 84 });
    expect(logical({ logicalBackupRetention: "a fortnight" }).archives[0]!.retention).toEqual({
      unknown: 'its logical backups are kept "a fortnight", a span not read here',
    });
    expect(logical({}, { logical_backup_s3_retention_time: "2 weeks", logical_backup_schedule: "0 0 * * 1" }).archives[0]).toMatchObject({
      retention: { days: 14 },
      scheduled: ["other"],
    });
    // Only an S3 provider is given a retention.
    expect(logical({ logicalBackupRetention: "1 day" }, { logical_backup_provider: "gcs" }).archives[0]!.retention).toEqual({ days: Number.POSITIVE_INFINITY });
    expect(logical({ numberOfInstances: 0 })).toMatchObject({ archiver: undefined, archives: [] });
    // The job uploads nothing without a bucket, or an Azure account and container, nor for another provider.
    const none = "archives no WAL (Spilo archives only with a WAL bucket or prefix, WAL_S3_BUCKET or WALG_S3_PREFIX among them) and stores no logical backup";
    expect(logical({}, { logical_backup_s3_bucket: "" })).toMatchObject({
      archiver: undefined,
      lacks: `${none}: its logical backup job is given no LOGICAL_BACKUP_S3_BUCKET (logical_backup_s3_bucket) and uploads nothing`,
    });
    expect(logical({}, { logical_backup_provider: "az", logical_backup_azure_storage_account_name: "account" })).toMatchObject({
      lacks: `${none}: its logical backup job is given no LOGICAL_BACKUP_AZURE_STORAGE_CONTAINER (logical_backup_azure_storage_container) and uploads nothing`,
    });
    expect(
      logical({}, { logical_backup_provider: "az", logical_backup_azure_storage_account_name: "a", logical_backup_azure_storage_container: "c" }).archiver,
    ).toEqual({
      method: "logical backups",
    });
    expect(logical({}, { logical_backup_provider: "swift" }).lacks).toBe(
      `${none}: its logical backup job uploads nothing for the provider swift (only s3, gcs and az)`,
    );
    expect(backups(cluster({ enableLogicalBackup: true }))[0]!.undecided).toMatch(
      /its logical backups are not known: .* and it may set logical_backup_schedule/,
    );
  });

  it("leave undecided what is known only at apply, and do not judge a standby", () => {
    expect(backups(bucketEverywhere, cluster({ env: [{ name: "${var.name}", value: "x" }] }))[0]!.undecided).toBe(
      "whether it archives its WAL is not known: spec.env[0].name is known only at apply",
    );
    expect(backups(bucketEverywhere, cluster({ env: env({ BACKUP_SCHEDULE: "${var.schedule}" }) }))[0]!.undecided).toBe(
      "its base backups' schedule (BACKUP_SCHEDULE) is not known: spec.env[0].value is known only at apply",
    );
    expect(backups(bucketEverywhere, cluster({ standby: { s3_wal_path: "s3://eds-wal/x" } }))).toEqual([]);
  });
});

describe("Zalando's postgres-operator clusters, in backups-on-provider", () => {
  it("fail WAL archives and logical backups off the provider, and pass the chart's bucket with the provider's endpoint", async () => {
    const what = (name: string) => `violation postgresql/data/${name}`;
    expect(await findingsOn("backups-on-provider", "zalando-archives-off-provider")).toEqual([
      `${what("bad-amazon")} spec.env: the WAL archive of database cluster data/bad-amazon names no S3 endpoint: the backups go to Amazon S3, outside the qualified provider`,
      `${what("bad-dumps-to-amazon")} spec.enableLogicalBackup: the logical backup job of database cluster data/bad-dumps-to-amazon names no S3 endpoint: the backups go to Amazon S3, outside the qualified provider`,
      `${what("bad-google")} spec.env: the WAL archive of database cluster data/bad-google sends the backups to Google Cloud Storage, another cloud's storage, not the qualified provider's`,
      `${what("bad-plain-http")} spec.env[1].value: the WAL archive of database cluster data/bad-plain-http sends the backups to http://s3.fr-test-1.cloud.example.fr:80 over plain HTTP, readable and alterable on the way`,
    ]);
    expect(await findingsOn("backups-on-provider", "zalando-archives-on-the-provider")).toEqual([]);
    expect(await findingsOn("backups-on-provider", "zalando-dumps-sent-elsewhere-by-the-job-secret")).toEqual([
      `${what("bad-dumps-elsewhere")} spec.enableLogicalBackup: the logical backup job of database cluster data/bad-dumps-elsewhere (LOGICAL_BACKUP_S3_ENDPOINT of the logical backup job's environment Secret data/logical-backup-env) sends the backups to objects.other-cloud.example.com, not to the qualified provider's object storage (s3.fr-test-1.cloud.example.fr)`,
    ]);
    expect(await findingsOn("backups-on-provider", "zalando-endpoint-from-a-variable")).toEqual([
      "cannot-evaluate kubernetes_manifest.bad_warehouse manifest.spec.env: the WAL archive of database cluster data/warehouse: spec.env[1].value is known only at apply",
    ]);
  });

  it("judge the endpoints of the pass fixture's chart and ConfigMap, not nothing", async () => {
    const { readConfigurations } = await import("../../policies/inputs/read");
    const fixture = fixtureCases("backups-on-provider").find((each) => each.name === "zalando-archives-on-the-provider")!;
    const [configuration] = await readConfigurations([fixture.file], []);
    const found = backupDestinations(new ResourceGraph(configuration!)).map(({ what, store }) => ({ what, store }));
    expect(found).toEqual([
      {
        what: "the WAL archive of database cluster data/warehouse (its S3 endpoint from AWS_ENDPOINT of the operator's pod environment ConfigMap postgres-operator/pod-env)",
        store: { kind: "s3", endpoint: "https://s3.fr-test-1.cloud.example.fr", endpointPath: "manifest.spec.env" },
      },
      {
        what: "the logical backup job of database cluster data/warehouse (logical_backup_s3_endpoint of helm_release.postgres_operator values.configLogicalBackup.logical_backup_s3_endpoint)",
        store: { kind: "s3", endpoint: "https://s3.fr-test-1.cloud.example.fr", endpointPath: "manifest.spec.enableLogicalBackup" },
      },
    ]);
  });

  it("pick Spilo's storage in its order, and its S3 endpoint as WAL-G and WAL-E are given it", () => {
    const storeOf = (variables: Record<string, string>) => destinations(operator({}), cluster({ env: env(variables) })).map(({ store }) => store);
    expect(storeOf({ WAL_S3_BUCKET: "b", WAL_GS_BUCKET: "b", WALE_S3_ENDPOINT: "https+path://s3.example.fr:443" })).toEqual([
      { kind: "s3", endpoint: "https://s3.example.fr:443", endpointPath: "manifest.spec.env[2].value" },
    ]);
    // With both endpoints, WAL-E's unless WAL-G archives (USE_WALG_BACKUP, else USE_WALG, "true" in any case).
    const both = { WALG_S3_PREFIX: "s3://b", WALE_S3_ENDPOINT: "https+path://wale.example.fr", AWS_ENDPOINT: "https://aws.example.fr" };
    expect(storeOf(both)[0]).toMatchObject({ endpoint: "https://wale.example.fr" });
    expect(storeOf({ ...both, USE_WALG_BACKUP: "True" })[0]).toMatchObject({ endpoint: "https://aws.example.fr" });
    expect(storeOf({ ...both, USE_WALG: "true" })[0]).toMatchObject({ endpoint: "https://aws.example.fr" });
    expect(storeOf({ ...both, USE_WALG_BACKUP: "false", USE_WALG: "true" })[0]).toMatchObject({ endpoint: "https://wale.example.fr" });
    expect(storeOf({ ...both, USE_WALG_BACKUP: "${var.walg}" })[0]).toEqual({
      kind: "unknown",
      reason: "AWS_ENDPOINT and WALE_S3_ENDPOINT differ, and which one it archives to (USE_WALG_BACKUP) is not known: spec.env[3].value is known only at apply",
    });
    // The same endpoint either way needs no choice.
    expect(storeOf({ ...both, AWS_ENDPOINT: "https://wale.example.fr", USE_WALG_BACKUP: "${var.walg}" })[0]).toMatchObject({
      endpoint: "https://wale.example.fr",
    });
    expect(storeOf({ WALG_AZ_PREFIX: "azure://c" })).toEqual([{ kind: "other cloud", service: "Azure Blob Storage" }]);
    expect(storeOf({ WAL_SWIFT_BUCKET: "b" })[0]).toMatchObject({ kind: "not read" });
    expect(storeOf({ WALG_SSH_PREFIX: "ssh://backup.example.fr/wal" })[0]).toMatchObject({ kind: "not read" });
    // The operator's Azure account alone sets no WAL prefix: Spilo archives nothing.
    expect(destinations(operator({ aws_or_gcp: { wal_az_storage_account: "account" } }), cluster({}))).toEqual([]);
  });

  it("send logical backups where the operator's provider says", () => {
    const logicalTo = (configuration: Record<string, unknown>) =>
      destinations(operator({ logical_backup: configuration }), cluster({ enableLogicalBackup: true })).map(({ store }) => store);
    expect(logicalTo({ logical_backup_provider: "gcs" })).toEqual([{ kind: "other cloud", service: "Google Cloud Storage" }]);
    expect(logicalTo({ logical_backup_provider: "az" })).toEqual([{ kind: "other cloud", service: "Azure Blob Storage" }]);
    expect(logicalTo({ logical_backup_provider: "swift" })).toEqual([]);
    expect(logicalTo({})).toEqual([{ kind: "s3", endpoint: "", endpointPath: "manifest.spec.enableLogicalBackup" }]);
    expect(destinations(cluster({ enableLogicalBackup: true, env: env({ WAL_S3_BUCKET: "" }) })).map(({ store }) => store)).toEqual([
      {
        kind: "unknown",
        reason:
          "whether and where it archives is not known: the operator's configuration (an OperatorConfiguration, or the values of Zalando's postgres-operator chart) is not in this configuration",
      },
      {
        kind: "unknown",
        reason:
          "the operator's configuration (an OperatorConfiguration, or the values of Zalando's postgres-operator chart) is not in this configuration, and it may set logical_backup_provider",
      },
    ]);
  });
});

describe("Zalando's clusters, read as Kubernetes, the operator and Spilo read them", () => {
  const withBucket = (configuration: Record<string, unknown> = {}) => operator({ ...configuration, aws_or_gcp: { wal_s3_bucket: "eds-wal" } });
  const secret = (name: string, data: unknown) => applied(`secret_${name}`, { apiVersion: "v1", kind: "Secret", metadata: { name, namespace: "data" }, data });
  const retentionOf = (...resources: TfResource[]) => backups(...resources)[0]!.archives[0]?.retention;
  const fromConfigMaps = (...names: string[]) => names.map((name) => ({ configMapRef: { name } }));

  it("give envFrom's last source precedence, below the container's env, matching names in their case", () => {
    const [first, last] = [configMap("first", "data", { BACKUP_NUM_TO_RETAIN: "10" }), configMap("last", "data", { BACKUP_NUM_TO_RETAIN: "40" })];
    expect(retentionOf(withBucket(), first, last, cluster({ envFrom: fromConfigMaps("first", "last") }))).toEqual({ days: 40 });
    expect(retentionOf(withBucket(), first, last, cluster({ envFrom: fromConfigMaps("first", "last"), env: env({ BACKUP_NUM_TO_RETAIN: "7" }) }))).toEqual({
      days: 7,
    });
    // A Secret's entries too, decoded.
    const encoded = secret("wal", { BACKUP_NUM_TO_RETAIN: Buffer.from("21").toString("base64") });
    expect(retentionOf(withBucket(), encoded, cluster({ envFrom: [{ secretRef: { name: "wal" } }] }))).toEqual({ days: 21 });
    // A later source known only at apply may set it; an earlier one may not override the env.
    expect(retentionOf(withBucket(), first, cluster({ envFrom: [...fromConfigMaps("first"), { secretRef: { name: "elsewhere" } }] }))).toEqual({
      unknown: "BACKUP_NUM_TO_RETAIN is not known: the object of spec.envFrom[1] (Secret data/elsewhere) is not in this configuration",
    });
    // A name in another case in the env keeps the operator's bucket out, not envFrom's, which Kubernetes matches in its case.
    const upper = configMap("upper", "data", { WAL_S3_BUCKET: "eds-wal" });
    expect(backups(operator({}), upper, cluster({ env: env({ wal_s3_bucket: "x" }), envFrom: fromConfigMaps("upper") }))[0]!.archiver).toEqual({
      method: "Spilo",
    });
    const lower = configMap("lower", "data", { wal_s3_bucket: "eds-wal" });
    expect(backups(operator({}), lower, cluster({ envFrom: fromConfigMaps("lower") }))[0]!.archiver).toBeUndefined();
    // The operator's empty bucket is not appended, and does not hide envFrom's.
    expect(backups(operator({ aws_or_gcp: { wal_s3_bucket: "" } }), upper, cluster({ envFrom: fromConfigMaps("upper") }))[0]!.archiver).toEqual({
      method: "Spilo",
    });
    expect(backups(withBucket(), cluster({ envFrom: "${var.env_from}" }))[0]!.undecided).toBe(
      "its base backups' schedule (BACKUP_SCHEDULE) is not known: spec.envFrom is known only at apply",
    );
  });

  it("append the pod environment ConfigMap's entries in the order of their keys, and read none from data known only at apply", () => {
    const configuration = withBucket({ kubernetes: { pod_environment_configmap: "pod-env" } });
    // WAL_S3_BUCKET sorts before wal_s3_bucket, which it then keeps out.
    expect(
      backups(configuration, configMap("pod-env", "postgres-operator", { wal_s3_bucket: "", WAL_S3_BUCKET: "eds-wal" }), cluster({}))[0]!.archiver,
    ).toEqual({
      method: "Spilo",
    });
    const unknownData = applied("pod_env", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "pod-env", namespace: "postgres-operator" },
      data: "${var.env}",
    });
    expect(backups(configuration, unknownData, cluster({}))[0]).toMatchObject({
      archiver: undefined,
      undecided:
        "whether it archives its WAL is not known: the entries of the operator's pod environment ConfigMap postgres-operator/pod-env are known only at apply",
    });
    const secretSettings = withBucket({ kubernetes: { pod_environment_secret: "pod-env" } });
    expect(backups(secretSettings, secret("pod-env", "${var.env}"), cluster({}))[0]!.undecided).toBe(
      "whether it archives its WAL is not known: the entries of the operator's pod environment Secret data/pod-env are known only at apply",
    );
    expect(backups(withBucket({ kubernetes: { pod_environment_secret: "${var.secret}" } }), cluster({}))[0]!.undecided).toBe(
      "whether it archives its WAL is not known: the operator's pod_environment_secret is known only at apply",
    );
  });

  it("look a pod environment ConfigMap not found where it is named up in the cluster's namespace, and only when not found", () => {
    const prefix = { WALG_S3_PREFIX: "s3://eds-wal" };
    const named = (value: string) => operator({ kubernetes: { pod_environment_configmap: value } });
    expect(backups(named("postgres-operator/pod-env"), configMap("pod-env", "data", prefix), cluster({}))[0]!.archiver).toEqual({ method: "Spilo" });
    const keyAtApply = configMap("pod-env", "postgres-operator", { "${var.key}": "x" });
    expect(backups(named("pod-env"), keyAtApply, configMap("pod-env", "data", prefix), cluster({}))[0]!.undecided).toBe(
      "whether it archives its WAL is not known: a key of the operator's pod environment ConfigMap postgres-operator/pod-env is named at apply",
    );
    // An OperatorConfiguration written without a namespace is in "default".
    const withoutNamespace = applied("operator", {
      apiVersion: "acid.zalan.do/v1",
      kind: "OperatorConfiguration",
      metadata: { name: "operator" },
      configuration: { kubernetes: { pod_environment_configmap: "pod-env" } },
    });
    expect(backups(withoutNamespace, configMap("pod-env", "default", prefix), cluster({}))[0]!.archiver).toEqual({ method: "Spilo" });
    // In a namespace known only at apply, it is not looked up in the cluster's, which it may be.
    const namespaceAtApply = applied("operator", {
      apiVersion: "acid.zalan.do/v1",
      kind: "OperatorConfiguration",
      metadata: { name: "operator", namespace: "${var.namespace}" },
      configuration: { kubernetes: { pod_environment_configmap: "pod-env" } },
    });
    expect(backups(namespaceAtApply, configMap("pod-env", "data", prefix), cluster({}))[0]!.undecided).toBe(
      "whether it archives its WAL is not known: the operator's pod environment ConfigMap is named at apply",
    );
  });

  it("leave undecided a cluster whose spec, or whether it is a standby, is known only at apply", () => {
    const atApply = applied("warehouse", {
      apiVersion: "acid.zalan.do/v1",
      kind: "postgresql",
      metadata: { name: "warehouse", namespace: "data" },
      spec: "${var.spec}",
    });
    expect(backups(withBucket(), atApply)).toEqual([
      { resource: atApply, name: "data/warehouse", archiver: undefined, archives: [], undecided: "its spec is known only at apply" },
    ]);
    expect(backups(withBucket(), cluster({ standby: "${var.standby}" }))[0]!.undecided).toBe("whether it is a standby is known only at apply");
  });

  it("count the logical backups of a cluster the operator gives instances within its limits", () => {
    const logical = (spec: Record<string, unknown>, general: Record<string, unknown>, annotations?: Record<string, string>) =>
      backups(
        operator({ ...general, logical_backup: { logical_backup_s3_bucket: "eds-dumps" } }),
        applied("warehouse", {
          apiVersion: "acid.zalan.do/v1",
          kind: "postgresql",
          metadata: { name: "warehouse", namespace: "data", annotations },
          spec: { enableLogicalBackup: true, ...spec },
        }),
      )[0]!.archiver;
    expect(logical({ numberOfInstances: 0 }, { min_instances: 1 })).toEqual({ method: "logical backups" });
    expect(logical({ numberOfInstances: 0 }, { min_instances: -1 })).toBeUndefined();
    expect(logical({ numberOfInstances: 2 }, { max_instances: 0 })).toBeUndefined();
    const ignored = { max_instances: 0, ignore_instance_limits_annotation_key: "limits.example.fr/ignore" };
    expect(logical({ numberOfInstances: 2 }, ignored, { "limits.example.fr/ignore": "true" })).toEqual({ method: "logical backups" });
    expect(logical({ numberOfInstances: 2 }, ignored, { "limits.example.fr/ignore": "false" })).toBeUndefined();
    expect(
      backups(
        operator({ ...ignored, logical_backup: { logical_backup_s3_bucket: "eds-dumps" } }),
        applied("warehouse", {
          apiVersion: "acid.zalan.do/v1",
          kind: "postgresql",
          metadata: { name: "warehouse", namespace: "data", annotations: { "limits.example.fr/ignore": "${var.ignore}" } },
          spec: { enableLogicalBackup: true, numberOfInstances: 2 },
        }),
      )[0]!.undecided,
    ).toBe("its logical backups are not known: its annotation limits.example.fr/ignore is known only at apply");
    // A ConfigMap of the operator gives its limits as text.
    const flat = resource("kubernetes_config_map_v1.operator", "kubernetes_config_map_v1", {
      metadata: [{ name: "postgres-operator", namespace: "postgres-operator" }],
      data: { min_instances: "1", logical_backup_s3_bucket: "eds-dumps" },
    });
    const deployment = resource("kubernetes_deployment_v1.operator", "kubernetes_deployment_v1", {
      metadata: [{ name: "postgres-operator", namespace: "postgres-operator" }],
      spec: [
        {
          template: [
            { spec: [{ container: [{ name: "operator", image: "postgres-operator", env: [{ name: "CONFIG_MAP_NAME", value: "postgres-operator" }] }] }] },
          ],
        },
      ],
    });
    expect(backups(deployment, flat, cluster({ enableLogicalBackup: true, numberOfInstances: 0 }))[0]!.archiver).toEqual({ method: "logical backups" });
    expect(logical({ numberOfInstances: 0 }, { min_instances: "${var.min}" })).toBeUndefined();
    expect(backups(operator({ min_instances: "${var.min}" }), cluster({ enableLogicalBackup: true, numberOfInstances: 0 }))[0]!.undecided).toBe(
      "its logical backups are not known: the operator's min_instances is known only at apply",
    );
  });
});

describe("Zalando's clusters, each variable and setting read", () => {
  const storesOf = (...resources: TfResource[]) => destinations(...resources).map(({ store }) => store);
  const undecidedOf = (...resources: TfResource[]) => backups(...resources)[0]!.undecided;
  const amazon = { kind: "s3", endpoint: undefined, endpointPath: "manifest.spec.env" };
  const google = { kind: "other cloud", service: "Google Cloud Storage" };

  it("archive with each WAL variable Spilo reads, to the storage it picks for it", () => {
    const storage: Record<string, unknown> = {
      WAL_S3_BUCKET: amazon,
      WALE_S3_PREFIX: amazon,
      WALG_S3_PREFIX: amazon,
      WALG_AZ_PREFIX: { kind: "other cloud", service: "Azure Blob Storage" },
      WALG_SSH_PREFIX: expect.objectContaining({ kind: "not read", reason: expect.stringContaining("SSH") }),
      WAL_SWIFT_BUCKET: expect.objectContaining({ kind: "not read", reason: expect.stringContaining("Swift") }),
      WALE_SWIFT_PREFIX: expect.objectContaining({ kind: "not read", reason: expect.stringContaining("Swift") }),
      WAL_GCS_BUCKET: google,
      WAL_GS_BUCKET: google,
      WALE_GS_PREFIX: google,
      WALG_GS_PREFIX: google,
    };
    // Written out rather than read from walVariables, so that a name missing there fails here.
    expect([...walVariables].sort()).toEqual(Object.keys(storage).sort());
    for (const name of Object.keys(storage)) {
      const spilo = cluster({ env: env({ [name]: "eds-wal" }) });
      expect(backups(operator({}), spilo)[0]!.archiver, name).toEqual({ method: "Spilo" });
      expect(storesOf(operator({}), spilo), name).toEqual([storage[name]]);
    }
    // WALE_GCS_PREFIX alone archives nothing, but picks Google's storage over Swift's once another archives.
    expect(backups(operator({}), cluster({ env: env({ WALE_GCS_PREFIX: "gs://eds-wal" }) }))[0]!.archiver).toBeUndefined();
    expect(storesOf(operator({}), cluster({ env: env({ WAL_SWIFT_BUCKET: "eds-wal", WALE_GCS_PREFIX: "gs://eds-wal" }) }))).toEqual([google]);
    // An empty S3 bucket is none; one known only at apply may come first.
    expect(storesOf(operator({}), cluster({ env: env({ WAL_S3_BUCKET: "", WAL_GS_BUCKET: "eds-wal" }) }))).toEqual([google]);
    expect(storesOf(operator({}), cluster({ env: env({ WAL_S3_BUCKET: "${var.bucket}", WAL_GS_BUCKET: "eds-wal" }) }))).toEqual([
      { kind: "unknown", reason: "spec.env[0].value is known only at apply" },
    ]);
  });

  it("leave undecided a variable or setting known only at apply", () => {
    expect(undecidedOf(operator({ aws_or_gcp: { wal_s3_bucket: "${var.bucket}" } }), cluster({}))).toBe(
      "whether it archives its WAL is not known: the operator's wal_s3_bucket is known only at apply",
    );
    expect(undecidedOf(operator({}), cluster({ env: "${var.env}" }))).toBe("whether it archives its WAL is not known: spec.env is known only at apply");
    expect(undecidedOf(operator({}), cluster({ env: [{ name: "WAL_S3_BUCKET", valueFrom: { secretKeyRef: { name: "wal", key: "bucket" } } }] }))).toBe(
      "whether it archives its WAL is not known: spec.env[0] takes its value from an object at apply (valueFrom)",
    );
    expect(undecidedOf(operator({ kubernetes: { pod_environment_configmap: "${var.name}" } }), cluster({}))).toBe(
      "whether it archives its WAL is not known: the operator's pod_environment_configmap is known only at apply",
    );
    const logical = (spec: Record<string, unknown>, configuration: Record<string, unknown> = {}) =>
      undecidedOf(operator({ logical_backup: { logical_backup_s3_bucket: "eds-dumps", ...configuration } }), cluster({ enableLogicalBackup: true, ...spec }));
    expect(logical({ logicalBackupSchedule: "${var.schedule}" })).toBe("its logical backups are not known: spec.logicalBackupSchedule is known only at apply");
    expect(logical({ enableLogicalBackup: "${var.logical}" })).toBe("its logical backups are not known: spec.enableLogicalBackup is known only at apply");
    expect(logical({}, { logical_backup_s3_bucket: "${var.bucket}" })).toBe(
      "its logical backups are not known: the operator's logical_backup_s3_bucket is known only at apply",
    );
    expect(logical({}, { logical_backup_provider: "${var.provider}" })).toBe(
      "its logical backups are not known: the operator's logical_backup_provider is known only at apply",
    );
    const logicalStores = (spec: Record<string, unknown>, configuration: Record<string, unknown> = {}) =>
      storesOf(operator({ logical_backup: configuration }), cluster({ enableLogicalBackup: true, ...spec }));
    expect(logicalStores({ numberOfInstances: "${var.instances}" })).toEqual([
      { kind: "unknown", reason: "whether it has logical backups is not known: spec.numberOfInstances is known only at apply" },
    ]);
    expect(logicalStores({}, { logical_backup_s3_endpoint: "${var.endpoint}" })).toEqual([
      { kind: "unknown", reason: "the operator's logical_backup_s3_endpoint is known only at apply" },
    ]);
  });

  it("read base backups' settings as Spilo does", () => {
    const bucket = operator({ aws_or_gcp: { wal_s3_bucket: "eds-wal" } });
    expect(backups(bucket, cluster({ env: env({ BACKUP_NUM_TO_RETAIN: "40 days" }) }))[0]!.archives[0]!.retention).toEqual({
      unknown: "BACKUP_NUM_TO_RETAIN is 40 days, not a number",
    });
    // An entry without a value sets the variable empty, which keeps the operator's bucket out.
    expect(backups(bucket, cluster({ env: [{ name: "WAL_S3_BUCKET" }] }))[0]!.archiver).toBeUndefined();
    expect(backups(bucket, cluster({ env: env({ BACKUP_SCHEDULE: "0 1 * * 0" }) }))[0]!.archives[0]!.scheduled).toEqual(["other"]);
  });

  it("read logical backups' schedule and retention from the cluster over the operator, and the operator's over its defaults", () => {
    const logical = (spec: Record<string, unknown>, configuration: Record<string, unknown> = {}) =>
      backups(operator({ logical_backup: { logical_backup_s3_bucket: "eds-dumps", ...configuration } }), cluster({ enableLogicalBackup: true, ...spec }))[0]!;
    expect(logical({ logicalBackupSchedule: "0 0 * * 1" }, { logical_backup_schedule: "0 0 * * *" }).archives[0]!.scheduled).toEqual(["other"]);
    expect(logical({ logicalBackupSchedule: "0 0 * * *" }, { logical_backup_schedule: "0 0 * * 1" }).archives[0]!.scheduled).toEqual(["daily"]);
    expect(logical({ logicalBackupSchedule: "CRON_TZ=Europe/Paris 0 0 * * *" }).archives[0]!.scheduled).toEqual(["other"]);
    expect(logical({}, { logical_backup_schedule: "" }).archives[0]!.scheduled).toEqual(["daily"]);
    for (const [span, days] of [
      ["2 Weeks", 14],
      [" 14days", 14],
      ["1 year", 365],
    ] as const)
      expect(logical({ logicalBackupRetention: span }).archives[0]!.retention, span).toEqual({ days });
    expect(logical({}, { logical_backup_provider: "gcs", logical_backup_s3_bucket: "" }).lacks).toMatch(/is given no LOGICAL_BACKUP_S3_BUCKET/);
    expect(logical({}, { logical_backup_provider: "az", logical_backup_azure_storage_container: "c" }).lacks).toMatch(
      /is given no LOGICAL_BACKUP_AZURE_STORAGE_ACCOUNT_NAME/,
    );
  });

  it("take the chart's defaults under its values, from a chart named by its package's address too", () => {
    const release = (
      values: Record<string, unknown>,
      chart = "postgres-operator",
      repository = "https://opensource.zalando.com/postgres-operator/charts/postgres-operator",
    ) => resource("helm_release.postgres_operator", "helm_release", { chart, repository, namespace: "postgres-operator", values: [JSON.stringify(values)] });
    const logical = (...resources: TfResource[]) => backups(...resources, cluster({ enableLogicalBackup: true }))[0]!;
    // The chart names a bucket and a daily schedule.
    expect(logical(release({}))).toMatchObject({ archiver: { method: "logical backups" }, archives: [{ scheduled: ["daily"] }] });
    expect(logical(release({ configLogicalBackup: { logical_backup_schedule: "0 0 * * 1" } })).archives[0]!.scheduled).toEqual(["other"]);
    const packaged = "https://opensource.zalando.com/postgres-operator/charts/postgres-operator/postgres-operator-1.14.0.tgz";
    expect(logical(release({}, packaged, "")).archiver).toEqual({ method: "logical backups" });
    // The operator's UI chart, of the same repository, configures no operator.
    expect(logical(release({}), release({}, "postgres-operator-ui")).archiver).toEqual({ method: "logical backups" });
  });

  it("find the objects named by name and namespace, whatever is listed before them", () => {
    const deployment = resource("kubernetes_deployment_v1.operator", "kubernetes_deployment_v1", {
      metadata: [{ name: "postgres-operator", namespace: "postgres-operator" }],
      spec: [
        {
          template: [
            {
              spec: [
                { container: [{ name: "operator", image: "postgres-operator", env: [{ name: "POSTGRES_OPERATOR_CONFIGURATION_OBJECT", value: "chosen" }] }] },
              ],
            },
          ],
        },
      ],
    });
    const elsewhere = applied("elsewhere", {
      apiVersion: "acid.zalan.do/v1",
      kind: "OperatorConfiguration",
      metadata: { name: "chosen", namespace: "elsewhere" },
      configuration: {},
    });
    const bucketIn = (name: string) => operator({ aws_or_gcp: { wal_s3_bucket: "eds-wal" } }, name);
    expect(backups(deployment, elsewhere, operator({}, "other"), bucketIn("chosen"), cluster({}))[0]!.archiver).toEqual({ method: "Spilo" });
    const named = resource("kubernetes_deployment_v1.operator", "kubernetes_deployment_v1", {
      ...deployment.values,
      spec: [
        { template: [{ spec: [{ container: [{ name: "operator", image: "postgres-operator", env: [{ name: "CONFIG_MAP_NAME", value: "settings" }] }] }] }] },
      ],
    });
    const settings = (namespace: string, name: string, data: Record<string, string>) =>
      resource(`kubernetes_config_map_v1.${namespace.replace(/-/g, "_")}_${name}`, "kubernetes_config_map_v1", { metadata: [{ name, namespace }], data });
    const found = settings("postgres-operator", "settings", { wal_s3_bucket: "eds-wal" });
    for (const before of [settings("elsewhere", "settings", {}), settings("postgres-operator", "other", {})])
      expect(backups(named, before, found, cluster({}))[0]!.archiver).toEqual({ method: "Spilo" });
    const configuration = operator({ kubernetes: { pod_environment_configmap: "pod-env" } });
    const [wrongName, wrongNamespace] = [configMap("other", "postgres-operator", {}), configMap("pod-env", "elsewhere", {})];
    expect(
      backups(configuration, wrongName, wrongNamespace, configMap("pod-env", "postgres-operator", { WAL_S3_BUCKET: "eds-wal" }), cluster({}))[0]!.archiver,
    ).toEqual({ method: "Spilo" });
  });
});

describe("Zalando's logical backup job, as its environment Secret sets it", () => {
  const withSecret = (logical: Record<string, unknown> = {}) =>
    operator({ logical_backup: { logical_backup_cronjob_environment_secret: "logical-backup-env", ...logical } });
  const jobSecret = (stringData: Record<string, string>, namespace = "data") =>
    applied(`job_env_${namespace.replace(/-/g, "_")}`, { apiVersion: "v1", kind: "Secret", metadata: { name: "logical-backup-env", namespace }, stringData });
  const logical = (...resources: TfResource[]) => backups(...resources, cluster({ enableLogicalBackup: true }))[0]!;
  const storesOf = (...resources: TfResource[]) =>
    destinations(...resources, cluster({ enableLogicalBackup: true })).map(({ what, store }) => ({ what, store }));
  const job = "the logical backup job of database cluster data/warehouse";

  it("count a bucket the Secret gives, over the operator's none, and only under its name in its case", () => {
    expect(logical(withSecret(), jobSecret({ LOGICAL_BACKUP_S3_BUCKET: "eds-dumps" }))).toMatchObject({
      archiver: { method: "logical backups" },
      archives: [{ what: "its logical backups", scheduled: ["daily"] }],
    });
    expect(logical(withSecret(), jobSecret({ logical_backup_s3_bucket: "eds-dumps" })).lacks).toMatch(
      /its logical backup job is given no LOGICAL_BACKUP_S3_BUCKET \(logical_backup_s3_bucket\) and uploads nothing$/,
    );
    // An empty provider is S3's (dump.sh); the operator gives its Azure account to an Azure job only.
    expect(logical(withSecret({ logical_backup_s3_bucket: "eds-dumps" }), jobSecret({ LOGICAL_BACKUP_PROVIDER: "" })).archiver).toEqual({
      method: "logical backups",
    });
    expect(storesOf(withSecret({ logical_backup_s3_bucket: "eds-dumps" }), jobSecret({ LOGICAL_BACKUP_PROVIDER: "" }))[0]!.store).toMatchObject({ kind: "s3" });
    const azureAccount = { logical_backup_azure_storage_account_name: "account" };
    expect(logical(withSecret(azureAccount), jobSecret({ LOGICAL_BACKUP_PROVIDER: "az", LOGICAL_BACKUP_AZURE_STORAGE_CONTAINER: "dumps" })).lacks).toMatch(
      /is given no LOGICAL_BACKUP_AZURE_STORAGE_ACCOUNT_NAME/,
    );
    // The Secret is read in the cluster's namespace, not the operator's.
    expect(logical(withSecret(), jobSecret({ LOGICAL_BACKUP_S3_BUCKET: "eds-dumps" }, "postgres-operator")).undecided).toBe(
      "its logical backups are not known: the logical backup job's environment Secret (Secret data/logical-backup-env) is not in this configuration, and it may set LOGICAL_BACKUP_PROVIDER",
    );
  });

  it("send the dumps where the Secret's provider and endpoint say, over the operator's", () => {
    const onProvider = { logical_backup_s3_bucket: "eds-dumps", logical_backup_s3_endpoint: "https://s3.fr-test-1.cloud.example.fr" };
    expect(storesOf(withSecret(onProvider), jobSecret({ LOGICAL_BACKUP_S3_ENDPOINT: "https://objects.other-cloud.example.com" }))).toEqual([
      {
        what: `${job} (LOGICAL_BACKUP_S3_ENDPOINT of the logical backup job's environment Secret data/logical-backup-env)`,
        store: { kind: "s3", endpoint: "https://objects.other-cloud.example.com", endpointPath: "manifest.spec.enableLogicalBackup" },
      },
    ]);
    expect(storesOf(withSecret(onProvider), jobSecret({ LOGICAL_BACKUP_PROVIDER: "gcs" }))).toEqual([
      { what: job, store: { kind: "other cloud", service: "Google Cloud Storage" } },
    ]);
    // The operator gives its endpoint only to an S3 job: a Secret that makes a Google one an S3 one sends it to Amazon S3.
    expect(storesOf(withSecret({ ...onProvider, logical_backup_provider: "gcs" }), jobSecret({ LOGICAL_BACKUP_PROVIDER: "s3" }))).toEqual([
      { what: job, store: { kind: "s3", endpoint: "", endpointPath: "manifest.spec.enableLogicalBackup" } },
    ]);
    expect(storesOf(withSecret(onProvider))).toEqual([
      {
        what: job,
        store: {
          kind: "unknown",
          reason:
            "the logical backup job's environment Secret (Secret data/logical-backup-env) is not in this configuration, and it may set LOGICAL_BACKUP_PROVIDER",
        },
      },
    ]);
  });

  it("keep the dumps as long as the Secret's retention says, over the cluster's", () => {
    const kept = (spec: Record<string, unknown>, secret: Record<string, string>) =>
      backups(withSecret({ logical_backup_s3_bucket: "eds-dumps" }), jobSecret(secret), cluster({ enableLogicalBackup: true, ...spec }))[0]!.archives[0]!
        .retention;
    expect(kept({ logicalBackupRetention: "3 months" }, { LOGICAL_BACKUP_S3_RETENTION_TIME: "1 week" })).toEqual({ days: 7 });
    expect(kept({ logicalBackupRetention: "3 months" }, {})).toEqual({ days: 84 });
  });
});
