import { describe, expect, it } from "vitest";
import { ResourceGraph } from "../../policies/engine/graph";
import type { TfResource } from "../../policies/engine/model";
import * as cloudnativePg from "../../policies/lib/cloudnative-pg";
import * as percona from "../../policies/lib/percona";
import * as pgbackrest from "../../policies/lib/pgbackrest";
import * as storageClasses from "../../policies/lib/storage-classes";
import { combinedFrequency, cronFrequency, goDurationHours, runsPerDay } from "../../policies/lib/schedules";
import * as velero from "../../policies/lib/velero";

/** Each reader on the configuration of these resources alone. */
const of =
  <T>(read: (graph: ResourceGraph) => T) =>
  (resources: readonly TfResource[]): T =>
    read(new ResourceGraph({ stack: "test", files: ["main.tf"], resources, providers: [] }));
const databaseBackups = of(cloudnativePg.databaseBackups);
const pgBackRestBackups = of(pgbackrest.pgBackRestBackups);
const perconaBackups = of(percona.perconaBackups);
const volumeClaims = of(storageClasses.volumeClaims);
const veleroBackups = of(velero.veleroBackups);

const manifest = (name: string, object: Record<string, unknown>): TfResource => ({
  address: `kubernetes_manifest.${name}`,
  mode: "managed",
  type: "kubernetes_manifest",
  name,
  values: { manifest: object },
  provider: "kubernetes",
  stack: "test",
  file: "main.tf",
});

const veleroRelease = (values: string): TfResource => ({
  address: "helm_release.velero",
  mode: "managed",
  type: "helm_release",
  name: "velero",
  values: { chart: "velero", values: [values] },
  provider: "helm",
  stack: "test",
  file: "main.tf",
});

describe("cron schedules, as robfig/cron reads them", () => {
  it.each([
    ["0 2 * * *", "daily"],
    // Five fields (Velero's and Kubernetes' ParseStandard): a sixth makes a schedule that never runs.
    ["0 0 2 * * *", "other"],
    ["15 * * * *", "hourly"],
    ["0 2 * * 0", "other"],
    ["0 */6 * * *", "daily"],
    ["30 1,13 * * *", "daily"],
    ["*/15 * * * *", "hourly"],
    ["0 2-4 * * *", "daily"],
    ["0 2 1 * *", "other"],
    ["0 1 * * 0-6", "daily"],
    ["0 1 1-31 * *", "daily"],
    ["0 1 ? 1-12/1 *", "daily"],
    ["0 1 * * 1-5", "other"],
    ["0 1 2-31 * *", "other"],
    ["0 two * * *", "other"],
    // robfig/cron refuses a step of 0 (getRange): the schedule never runs.
    ["0 */0 * * *", "other"],
    // A time zone moves when it runs, not how often (parser.go: CRON_TZ= or TZ= before the fields).
    ["CRON_TZ=Europe/Paris 0 2 * * *", "daily"],
    ["TZ=UTC 0 * * * *", "hourly"],
    ["CRON_TZ=US/Eastern 0 2 * * *", "daily"],
    ["CRON_TZ=Local 0 2 * * *", "daily"],
    // Go's time.LoadLocation refuses a zone it does not know, or spelt in another case: the schedule never runs.
    ["CRON_TZ=Europe/Pariss 0 2 * * *", "other"],
    ["TZ=europe/paris 0 2 * * *", "other"],
    // robfig/cron reads the zone up to the first space: a tab leaves the fields in it.
    ["CRON_TZ=Europe/Paris\t0 2 * * *", "other"],
    ["", "other"],
    ["@daily", "daily"],
    ["@midnight", "daily"],
    ["@hourly", "hourly"],
    ["@every 30m", "hourly"],
    ["@every 24h", "daily"],
    ["@every 25h", "other"],
    ["@weekly", "other"],
    ["@every soon", "other"],
  ])("%s runs %s", (cron, frequency) => expect(cronFrequency(cron)).toBe(frequency));

  // CloudNativePG's: seconds first, the weekday optional (robfig/cron v1's Parse).
  it.each([
    ["0 0 2 * * *", "daily"],
    ["0 0 1 * *", "daily"],
    ["0 2 * * *", "hourly"],
    ["0 0 2 * * 0", "other"],
    ["0 0 0 1 * * *", "other"],
    ["@daily", "daily"],
  ])("%s runs %s for CloudNativePG", (cron, frequency) => expect(cronFrequency(cron, "seconds first")).toBe(frequency));
});

describe("several cron schedules together", () => {
  it.each([
    [["0 1 * * 0", "0 1 * * 1-6"], "daily"],
    [["0 1 * * sun", "0 1 * * MON-SAT"], "daily"],
    [["0 1 * * 0", "0 1 * * 1/2", "0 1 * * 2/2"], "daily"],
    [["0 1 * * 0", "0 1 * * 1-5"], "other"],
    // robfig/cron ORs a day of the month and a weekday both restricted: Monday to Saturday, and the 1st.
    [["0 1 * * 0", "0 1 1 * 1-6"], "daily"],
    [["0 1 * * 0", "0 1 1 * *"], "other"],
    [["0 1 * * 0", "0 * * * 1-6"], "daily"],
    [["0 1 * * 0", "15 * * * *"], "hourly"],
    [["@weekly", "0 1 * * 1-6"], "daily"],
    [["@monthly", "0 1 * * 1-6"], "other"],
    [["0 1 * * 0", "0 1 * 6 1-6"], "other"],
    [["0 1 * * 0", "0 1 * * 1-7"], "other"],
    [["0 1 * * */2", "0 1 * * 1,3,5"], "daily"],
    [["0 1 * * */2", "0 1 * * 1,3"], "other"],
    // A schedule robfig/cron refuses runs on no day.
    [["CRON_TZ=Europe/Pariss 0 1 * * 0", "0 1 * * 1-6"], "other"],
  ])("%j run %s", (crons, frequency) => expect(combinedFrequency(crons)).toBe(frequency));
});

describe("runs a day of a schedule that runs every day", () => {
  it.each([
    ["0 2 * * *", 1],
    ["0 0,6,12,18 * * *", 4],
    ["0 */6 * * *", 4],
    ["0 3/6 * * *", 4],
    ["0 2-4 * * *", 3],
    ["*/30 * * * *", 48],
    ["0,30 1,1 * * *", 2],
    ["@daily", 1],
    ["@hourly", 24],
    ["@every 6h", 4],
    ["CRON_TZ=Europe/Paris 0 2 * * *", 1],
  ])("%s runs %d times", (cron, times) => expect(runsPerDay(cron)).toBe(times));
  it.each(["0 1 * * 0", "@weekly", "0 1 2 * *", "0 */0 * * *", "0 24 * * *"])("%s does not run every day", (cron) => expect(runsPerDay(cron)).toBeUndefined());
});

describe("Go durations, as time.ParseDuration reads them", () => {
  it.each([
    ["720h", 720],
    ["720h0m0s", 720],
    ["1.5h", 1.5],
    ["90m", 1.5],
    ["0", 0],
    ["1h30m", 1.5],
    ["+43800h", 43800],
    ["43800.h", 43800],
    ["-1h", -1],
    ["3600000000\u03bcs", 1],
    ["3600000000\u00b5s", 1],
  ])("%s is %d hours", (text, hours) => expect(goDurationHours(text)).toBeCloseTo(hours));
  it.each(["", "30d", "720", "h", "720h junk", "+", "--1h"])("%j is not a duration", (text) => expect(goDurationHours(text)).toBeUndefined());
});

describe("Velero schedules", () => {
  const schedulesOf = (resources: Parameters<typeof veleroBackups>[0]) => veleroBackups(resources).schedules;

  it("leave out a schedule, or a release's values, known only at apply, and say where", () => {
    const withValues = (values: string) => veleroBackups([{ ...veleroRelease("{}"), values: { chart: "velero", values: [values] } }]);
    const known = '{"schedules":{"nightly":{"schedule":"@daily","template":{"labelSelector":{"matchLabels":{"app":"${var.app}"}}}}}}';
    expect(withValues(known)).toMatchObject({ schedules: [{ name: "nightly", selectors: "unknown" }] });
    expect(withValues(known).undecided("apps")).toBeUndefined();
    for (const [values, undecided] of [
      ['{"schedules":"${var.schedules}"}', "values.schedules"],
      ['{"schedules":{"nightly":"${var.nightly}"}}', "schedule nightly"],
      [
        '{"schedules":{"nightly":{"schedule":"@daily","template":{"includedNamespaces":["${var.namespace}"]}}}}',
        "schedule nightly.template.includedNamespaces",
      ],
      ['{"schedules":{},"configuration":"${var.configuration}"}', "values.configuration"],
      ['{"schedules":{},"configuration":{"volumeSnapshotLocation":[{"name":"${var.name}"}]}}', "values.configuration.volumeSnapshotLocation[0].name"],
      ['{"schedules":{},"deployNodeAgent":"${var.agent}"}', "values.deployNodeAgent"],
      [
        '{"schedules":{},"configuration":{"volumeSnapshotLocation":[{"name":"default","provider":"${var.provider}"}]}}',
        "values.configuration.volumeSnapshotLocation[0].provider",
      ],
      [
        '{"schedules":{},"configuration":{"volumeSnapshotLocation":[{"name":"default","config":{"method":"${var.method}"}}]}}',
        "values.configuration.volumeSnapshotLocation[0].config.method",
      ],
    ]) {
      const backups = withValues(values!);
      expect(backups.schedules, values).toEqual([]);
      expect(backups.undecided("apps"), values).toBe(`helm_release.velero ${undecided} is known only at apply`);
    }
    expect(withValues("${var.values}").undecided("apps")).toBe("helm_release.velero values are known only at apply");
  });

  it("leave out a schedule whose switch, timing or any template field deciding what it keeps is known only at apply", () => {
    const withValues = (values: string) => veleroBackups([{ ...veleroRelease("{}"), values: { chart: "velero", values: [values] } }]);
    for (const field of ["schedule", "paused", "disabled", "template"]) {
      const backups = withValues(`{"schedules":{"nightly":{"schedule":"@daily","template":{},"${field}":"\${var.x}"}}}`);
      expect(backups.schedules, field).toEqual([]);
      expect(backups.undecided("apps"), field).toBe(`helm_release.velero schedule nightly.${field} is known only at apply`);
    }
    for (const field of [
      "excludedNamespaces",
      "includedResources",
      "excludedResources",
      "ttl",
      "snapshotVolumes",
      "snapshotMoveData",
      "defaultVolumesToFsBackup",
      "volumeSnapshotLocations",
      "includeClusterResources",
      "includedNamespaceScopedResources",
      "excludedNamespaceScopedResources",
      "includedClusterScopedResources",
      "excludedClusterScopedResources",
    ]) {
      const backups = withValues(`{"schedules":{"nightly":{"schedule":"@daily","template":{"${field}":"\${var.x}"}}}}`);
      expect(backups.schedules, field).toEqual([]);
      expect(backups.undecided("apps"), field).toBe(`helm_release.velero schedule nightly.template.${field} is known only at apply`);
    }
  });

  it("take no matter of what decides nothing (a bucket), and let a schedule with known namespaces undecide those alone", () => {
    const withValues = (values: string, sets: Record<string, unknown>[] = []) =>
      veleroBackups([{ ...veleroRelease("{}"), values: { chart: "velero", values: [values], set: sets } }]);
    const bucket = withValues('{"schedules":{"nightly":{"schedule":"@daily","template":{"storageLocation":"${aws_s3_bucket.b.id}"}}}}', [
      { name: "configuration.backupStorageLocation[0].bucket", value: "${openstack_objectstorage_container_v1.backups.name}" },
    ]);
    expect(bucket.schedules.map((schedule) => schedule.name)).toEqual(["nightly"]);
    expect(bucket.undecided("apps")).toBeUndefined();
    const ttl = withValues('{"schedules":{"nightly":{"schedule":"@daily","template":{"includedNamespaces":["apps"],"ttl":"${var.ttl}"}}}}');
    expect([ttl.undecided("apps"), ttl.undecided("db")]).toEqual(["helm_release.velero schedule nightly.template.ttl is known only at apply", undefined]);
  });

  it("leave out a Schedule whose namespace, or a snapshot location whose settings, are known only at apply", () => {
    const schedule = manifest("schedule", {
      apiVersion: "velero.io/v1",
      kind: "Schedule",
      metadata: { name: "nightly", namespace: "${var.namespace}" },
      spec: { schedule: "@daily", template: {} },
    });
    const location = manifest("location", {
      apiVersion: "velero.io/v1",
      kind: "VolumeSnapshotLocation",
      metadata: { name: "default", namespace: "velero" },
      spec: { provider: "community.openstack.org/openstack", config: "${var.config}" },
    });
    expect(veleroBackups([schedule]).schedules).toEqual([]);
    expect(veleroBackups([schedule]).undecided("apps")).toBe("kubernetes_manifest.schedule Schedule metadata.namespace is known only at apply");
    expect(veleroBackups([location]).undecided("apps")).toBe("kubernetes_manifest.location VolumeSnapshotLocation spec.config is known only at apply");
  });
  it("read the schedules of Velero's chart a GitOps controller installs, from the values it hands to Helm", () => {
    const nightly = { schedule: "0 2 * * *", template: { ttl: "840h", includedNamespaces: ["apps"] } };
    const installers: [string, Record<string, unknown>][] = [
      [
        "Flux spec.values",
        { apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease", spec: { chart: { spec: { chart: "velero" } }, values: { schedules: { nightly } } } },
      ],
      [
        "Argo CD valuesObject",
        { apiVersion: "argoproj.io/v1alpha1", kind: "Application", spec: { source: { chart: "velero", helm: { valuesObject: { schedules: { nightly } } } } } },
      ],
      [
        "Argo CD values, in the second source",
        {
          apiVersion: "argoproj.io/v1alpha1",
          kind: "Application",
          spec: { sources: [{ path: "apps" }, { chart: "velero", helm: { values: `schedules:\n  nightly: ${JSON.stringify(nightly)}\n` } }] },
        },
      ],
      [
        "K3s valuesContent",
        {
          apiVersion: "helm.cattle.io/v1",
          kind: "HelmChart",
          spec: { chart: "vmware-tanzu/velero", valuesContent: `schedules: {nightly: ${JSON.stringify(nightly)}}` },
        },
      ],
    ];
    for (const [what, object] of installers) {
      const backups = veleroBackups([manifest("installer", { ...object, metadata: { name: "velero", namespace: "velero" } })]);
      expect(backups.undecided("apps"), what).toBeUndefined();
      expect(
        backups.schedules.map(({ name, frequency, ttlHours, resource }) => [name, frequency, ttlHours, resource.address]),
        what,
      ).toEqual([["nightly", "daily", 840, "kubernetes_manifest.installer"]]);
      expect([backups.schedules[0]!.covers("apps"), backups.schedules[0]!.covers("db")], what).toEqual([true, false]);
    }
    // Velero's chart with no values writes no Schedule (its values.yaml: schedules: {}).
    expect(veleroBackups([manifest("installer", { ...installers[0]![1], spec: { chart: { spec: { chart: "velero" } } } })]).schedules).toEqual([]);
  });

  it("apply each controller's order: Argo CD's valuesObject replaces its values text, parameters set over them", () => {
    const application = (helm: Record<string, unknown>) =>
      veleroBackups([
        manifest("app", { apiVersion: "argoproj.io/v1alpha1", kind: "Application", metadata: { name: "velero" }, spec: { source: { chart: "velero", helm } } }),
      ]);
    const text = "schedules:\n  fromText: {schedule: '@daily'}\n";
    expect(application({ values: text, valuesObject: { schedules: { fromObject: { schedule: "@daily" } } } }).schedules.map(({ name }) => name)).toEqual([
      "fromObject",
    ]);
    const paused = application({ values: text, parameters: [{ name: "schedules.fromText.paused", value: "true" }] });
    expect(paused.schedules).toEqual([]);
    // forceString: the text "false" is true to the chart's template (`if not $schedule.disabled`), which then writes no Schedule.
    const disabled = (forceString: boolean) =>
      application({ values: text, parameters: [{ name: "schedules.fromText.disabled", value: "false", forceString }] });
    expect([disabled(false).schedules.length, disabled(true).schedules.length]).toEqual([1, 0]);
  });

  it("apply the K3s order: the chart's valuesContent, its HelmChartConfig's over it, then set, a text as a string", () => {
    const chart = (spec: Record<string, unknown>, config?: Record<string, unknown>) =>
      veleroBackups([
        manifest("chart", {
          apiVersion: "helm.cattle.io/v1",
          kind: "HelmChart",
          metadata: { name: "velero", namespace: "kube-system" },
          spec: { chart: "velero", ...spec },
        }),
        ...(config ? [manifest("config", { apiVersion: "helm.cattle.io/v1", kind: "HelmChartConfig", ...config })] : []),
      ]);
    const content = "schedules:\n  nightly: {schedule: '@daily', template: {includedNamespaces: [apps]}}\n";
    const widened = { spec: { valuesContent: "schedules:\n  nightly: {template: {includedNamespaces: ['*']}}\n" } };
    expect(chart({ valuesContent: content }, { metadata: { name: "velero", namespace: "kube-system" }, ...widened }).schedules[0]!.covers("db")).toBe(true);
    // A HelmChartConfig of another name, or of another namespace, configures another chart.
    for (const metadata of [
      { name: "traefik", namespace: "kube-system" },
      { name: "velero", namespace: "velero" },
    ])
      expect(chart({ valuesContent: content }, { metadata, ...widened }).schedules[0]!.covers("db"), metadata.name).toBe(false);
    expect(chart({ valuesContent: content, set: { "schedules.nightly.paused": "True" } }).schedules).toEqual([]);
    expect(chart({ valuesContent: content, set: { "schedules.nightly.schedule": "@hourly" } }).schedules[0]!.frequency).toBe("hourly");
    // A text with a comma is set as one string (helm-controller escapes its commas for --set-string).
    expect(chart({ valuesContent: content, set: { "schedules.nightly.template.includedNamespaces[0]": "apps,db" } }).schedules[0]!.covers("apps")).toBe(false);
  });

  it("apply the Flux order: each of valuesFrom over the one before, a targetPath set as --set sets it, then spec.values", () => {
    const kept = (kind: string, name: string, data: Record<string, unknown>, namespace = "velero") =>
      manifest(`${kind}-${name}`, { apiVersion: "v1", kind, metadata: { name, namespace }, ...data });
    const releaseIn = (namespace: string, spec: Record<string, unknown>, ...objects: TfResource[]) =>
      veleroBackups([
        manifest("release", {
          apiVersion: "helm.toolkit.fluxcd.io/v2",
          kind: "HelmRelease",
          metadata: { name: "velero", namespace },
          spec: { chart: { spec: { chart: "velero" } }, ...spec },
        }),
        ...objects,
      ]);
    const release = (spec: Record<string, unknown>, ...objects: TfResource[]) => releaseIn("velero", spec, ...objects);
    const nightly = kept("ConfigMap", "schedules", {
      data: { "values.yaml": "schedules:\n  nightly: {schedule: '@daily', template: {includedNamespaces: [apps]}}\n" },
    });
    const covers = (backups: ReturnType<typeof release>) => backups.schedules.map((schedule) => [schedule.name, schedule.covers("db")]);
    expect(covers(release({ valuesFrom: [{ kind: "ConfigMap", name: "schedules" }] }, nightly))).toEqual([["nightly", false]]);
    // A Secret's stringData, then its data in base64, under the key the reference names, merged over the ConfigMap's.
    const widened = "schedules:\n  nightly: {template: {includedNamespaces: ['*']}}\n";
    for (const secret of [{ stringData: { extra: widened } }, { data: { extra: Buffer.from(widened).toString("base64") } }])
      expect(
        covers(
          release(
            {
              valuesFrom: [
                { kind: "ConfigMap", name: "schedules" },
                { kind: "Secret", name: "wide", valuesKey: "extra" },
              ],
            },
            nightly,
            kept("Secret", "wide", secret),
          ),
        ),
      ).toEqual([["nightly", true]]);
    // spec.values last, over every reference.
    const paused = { values: { schedules: { nightly: { paused: true } } } };
    expect(release({ valuesFrom: [{ kind: "ConfigMap", name: "schedules" }], ...paused }, nightly).schedules).toEqual([]);
    // A targetPath sets one value: typed, or a string when quoted ("false" is true to the chart's `if not .disabled`).
    const disabled = (text: string) =>
      release(
        {
          valuesFrom: [
            { kind: "ConfigMap", name: "schedules" },
            { kind: "ConfigMap", name: "switch", valuesKey: "off", targetPath: "schedules.nightly.disabled" },
          ],
        },
        nightly,
        kept("ConfigMap", "switch", { data: { off: text } }),
      ).schedules.length;
    expect([disabled("false"), disabled('"false"'), disabled("true")]).toEqual([1, 0, 0]);
    // literal: the text as it is, commas and all; else a comma would end the value, which is not read here.
    const namespaces = (literal: boolean) =>
      release(
        {
          valuesFrom: [
            { kind: "ConfigMap", name: "schedules" },
            { kind: "ConfigMap", name: "list", valuesKey: "first", targetPath: "schedules.nightly.template.includedNamespaces[0]", literal },
          ],
        },
        nightly,
        kept("ConfigMap", "list", { data: { first: "db,apps" } }),
      );
    expect(namespaces(true).schedules.map((schedule) => [schedule.covers("db"), schedule.covers("apps")])).toEqual([[false, false]]);
    expect(namespaces(true).undecided("db")).toBeUndefined();
    expect(namespaces(false).undecided("db")).toContain("spec.valuesFrom[1] (ConfigMap list, key first, at schedules.nightly.template.includedNamespaces[0])");
    // An optional reference to a key the object lacks is skipped; one not optional, or an object elsewhere, is not read.
    const optional = (optional: boolean) =>
      release(
        {
          valuesFrom: [
            { kind: "ConfigMap", name: "schedules" },
            { kind: "ConfigMap", name: "schedules", valuesKey: "other.yaml", optional },
          ],
        },
        nightly,
      );
    expect(covers(optional(true))).toEqual([["nightly", false]]);
    expect(optional(false).undecided("db")).toContain("spec.valuesFrom[1] (ConfigMap schedules, key other.yaml: no such key)");
    // The typed resources of the provider: a Secret's data is plain text (the provider encodes it), its namespace "default" by default.
    const typed = (type: string, values: Record<string, unknown>): TfResource => ({ ...manifest("typed", {}), address: `${type}.kept`, type, values });
    const text = "schedules:\n  nightly: {schedule: '@daily', template: {includedNamespaces: ['*']}}\n";
    for (const [type, data] of [
      ["kubernetes_config_map_v1", { data: { "values.yaml": text } }],
      ["kubernetes_secret_v1", { data: { "values.yaml": text } }],
      ["kubernetes_secret", { binary_data: { "values.yaml": Buffer.from(text).toString("base64") } }],
    ] as const)
      expect(
        covers(
          releaseIn(
            "default",
            { valuesFrom: [{ kind: type.includes("secret") ? "Secret" : "ConfigMap", name: "kept" }] },
            typed(type, { metadata: [{ name: "kept" }], ...data }),
          ),
        ),
        type,
      ).toEqual([["nightly", true]]);
    const sealed = kept("Secret", "sealed", { sops: {}, data: { "values.yaml": "ENC[AES256_GCM,data:...]" } });
    expect(release({ valuesFrom: [{ kind: "Secret", name: "sealed" }] }, sealed).undecided("db")).toContain(
      "spec.valuesFrom[0] (Secret sealed, key values.yaml: known only at apply, encrypted or no base64)",
    );
    expect(release({ valuesFrom: [{ kind: "ConfigMap", name: "schedules" }] }, kept("ConfigMap", "schedules", {}, "other")).undecided("db")).toContain(
      "spec.valuesFrom[0] (ConfigMap schedules, key values.yaml: not in what was checked)",
    );
  });

  it("read the Applications an ApplicationSet generates from its list generators, each with its element's parameters filled in", () => {
    const applicationSet = (
      spec: Record<string, unknown>,
      values = "schedules:\n  nightly: {schedule: '@daily', template: {includedNamespaces: ['{{project}}']}}\n",
      name = spec.goTemplate ? "velero-{{ .project }}" : "velero-{{project}}",
    ) =>
      veleroBackups([
        manifest("set", {
          apiVersion: "argoproj.io/v1alpha1",
          kind: "ApplicationSet",
          metadata: { name: "velero", namespace: "argocd" },
          spec: {
            template: {
              metadata: { name },
              spec: { destination: { namespace: "velero" }, source: { chart: "velero", repoURL: "registry.example.fr/charts", helm: { values } } },
            },
            ...spec,
          },
        }),
      ]);
    const covered = (backups: ReturnType<typeof applicationSet>) =>
      ["apps", "db", "web"].filter((namespace) => backups.schedules.some((schedule) => schedule.covers(namespace)));
    const elements = [{ project: "apps" }, { project: "db" }];
    expect(covered(applicationSet({ generators: [{ list: { elements } }] }))).toEqual(["apps", "db"]);
    // elementsYaml's elements beside the written ones.
    expect(covered(applicationSet({ generators: [{ list: { elements, elementsYaml: "- project: web\n" } }] }))).toEqual(["apps", "db", "web"]);
    // goTemplate: each action that names a parameter, or the Applications are not read.
    const go = "schedules:\n  nightly: {schedule: '@daily', template: {includedNamespaces: ['{{ .project }}']}}\n";
    expect(covered(applicationSet({ goTemplate: true, generators: [{ list: { elements } }] }, go))).toEqual(["apps", "db"]);
    const unread =
      "kubernetes_manifest.set installs Velero's chart through an Argo CD ApplicationSet, whose spec.generators (the Applications it generates are not known here) are not read here";
    for (const [spec, values] of [
      [{ goTemplate: true, generators: [{ list: { elements } }] }, go.replace(".project", ".project | upper")],
      [{ generators: [{ clusters: {} }] }, undefined],
      [{ generators: [{ list: { elements: [{ project: "apps", replicas: 2 }] } }] }, undefined],
      [{ generators: [{ list: { elements } }], templatePatch: "spec: {}" }, undefined],
    ] as const) {
      const backups = applicationSet(spec, values);
      expect([backups.schedules, backups.undecided("apps")], JSON.stringify(spec)).toEqual([[], unread]);
    }
  });

  it("leave every namespace undecided where the values of Velero's chart are kept where they are not read", () => {
    const flux = (spec: Record<string, unknown>) => ({
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      spec: { chart: { spec: { chart: "velero", ...spec } } },
    });
    const installers: [Record<string, unknown>, string][] = [
      [
        { ...flux({}), spec: { chart: { spec: { chart: "velero" } }, valuesFrom: [{ kind: "ConfigMap", name: "velero-values" }] } },
        "a Flux HelmRelease, whose spec.valuesFrom[0] (ConfigMap velero-values, key values.yaml: not in what was checked)",
      ],
      [flux({ valuesFiles: ["values-prod.yaml"] }), "a Flux HelmRelease, whose spec.chart.spec.valuesFiles (values files of the chart's source)"],
      [
        { ...flux({}), spec: { chart: { spec: { chart: "velero" } }, postRenderers: [{ kustomize: {} }] } },
        "a Flux HelmRelease, whose spec.postRenderers (patches of what the chart writes)",
      ],
      [
        { apiVersion: "argoproj.io/v1alpha1", kind: "Application", spec: { source: { chart: "velero", helm: { valueFiles: ["$values/velero.yaml"] } } } },
        "an Argo CD Application, whose spec.source.helm.valueFiles (values files of a repository)",
      ],
      [
        { apiVersion: "argoproj.io/v1alpha1", kind: "Application", spec: { sources: [{ chart: "velero", helm: { values: "schedules: [" } }] } },
        "an Argo CD Application, whose spec.sources[0].helm.values, no YAML Helm reads,",
      ],
      [
        {
          apiVersion: "helm.cattle.io/v1",
          kind: "HelmChart",
          spec: { chart: "https://charts.example.fr/velero-8.4.0.tgz", valuesSecrets: [{ name: "velero-values" }] },
        },
        "a HelmChart of the K3s or RKE2 Helm controller, whose spec.valuesSecrets (values kept in Secrets)",
      ],
    ];
    for (const [object, what] of installers) {
      const [installer, whose] = what.split(", whose ");
      expect(veleroBackups([manifest("installer", { ...object, metadata: { name: "velero", namespace: "velero" } })]).undecided("apps"), what).toBe(
        `kubernetes_manifest.installer installs Velero's chart through ${installer}, whose ${whose!.replace(/,$/, "")} are not read here`,
      );
    }
    // Values known only at apply leave undecided what they decide.
    expect(
      veleroBackups([
        manifest("installer", {
          ...flux({}),
          metadata: { name: "velero", namespace: "velero" },
          spec: { chart: { spec: { chart: "velero" } }, values: { schedules: "${var.schedules}" } },
        }),
      ]).undecided("apps"),
    ).toBe("kubernetes_manifest.installer values.schedules is known only at apply");
    // Another chart, or a release of Velero's by name only, decides nothing.
    for (const object of [
      {
        apiVersion: "helm.toolkit.fluxcd.io/v2",
        kind: "HelmRelease",
        spec: { chart: { spec: { chart: "velero-ui" } }, valuesFrom: [{ kind: "Secret", name: "v" }] },
      },
      { apiVersion: "argoproj.io/v1alpha1", kind: "Application", spec: { source: { path: "velero" } } },
      { apiVersion: "helm.cattle.io/v1", kind: "HelmChart", spec: { chart: "traefik", valuesSecrets: [{ name: "v" }] } },
    ])
      expect(veleroBackups([manifest("other", { ...object, metadata: { name: "velero", namespace: "velero" } })]).undecided("apps")).toBeUndefined();
  });

  it("take the chart's default ttl when a schedule sets none, and skip disabled ones", () => {
    const [schedule, ...others] = schedulesOf([
      veleroRelease(
        "configuration:\n  defaultBackupTTL: 1080h0m0s\nschedules:\n  nightly:\n    schedule: '0 1 * * *'\n    template: { includedNamespaces: [a] }\n  old:\n    disabled: true\n    schedule: '0 1 * * *'\n",
      ),
    ]);
    expect(others).toEqual([]);
    expect(schedule).toMatchObject({ name: "nightly", frequency: "daily", ttlHours: 1080 });
    expect([schedule!.covers("a"), schedule!.covers("b")]).toEqual([true, false]);
  });

  it("match namespaces as Velero's globs do, in what a schedule includes and in what it excludes", () => {
    const [schedule] = schedulesOf([
      veleroRelease(
        "schedules:\n  teams:\n    schedule: '@daily'\n    template: { includedNamespaces: ['team-*', lab], excludedNamespaces: ['team-?x', 'team-[0-9]*'] }\n",
      ),
    ]);
    expect(["team-a", "team-bx", "team-2", "lab", "ward", "teams", "other"].filter((namespace) => schedule!.covers(namespace))).toEqual(["team-a", "lab"]);
  });

  it("cover nothing with a pattern Velero refuses, whose backups fail validation", () => {
    for (const pattern of ["{lab,ward}", "team-**", "!team", "team-[]", "team-[a"]) {
      const [schedule] = schedulesOf([veleroRelease(`schedules:\n  s:\n    schedule: '@daily'\n    template: { includedNamespaces: [lab, '${pattern}'] }\n`)]);
      expect(schedule!.covers("lab"), pattern).toBe(false);
    }
  });

  it("take the server's defaults for file-system backups and moving snapshot data when the template does not say", () => {
    const withConfiguration = (configuration: string, template = "{}") =>
      schedulesOf([
        veleroRelease(`snapshotsEnabled: false\n${configuration}\nschedules:\n  nightly:\n    schedule: '@daily'\n    template: ${template}\n`),
      ])[0]!.dataNotKept();
    expect(withConfiguration("deployNodeAgent: true\nconfiguration: { defaultVolumesToFsBackup: true }")).toBeUndefined();
    expect(withConfiguration("configuration: { defaultVolumesToFsBackup: true }")).toMatch(/no node agent is deployed/);
    // The chart's switches as its templates test them (`{{- if .Values.deployNodeAgent }}`): by Go's template truth.
    expect(withConfiguration("deployNodeAgent: 'true'\nconfiguration: { defaultVolumesToFsBackup: true }")).toBeUndefined();
    expect(withConfiguration("deployNodeAgent: 0\nconfiguration: { defaultVolumesToFsBackup: true }")).toMatch(/no node agent is deployed/);
    expect(withConfiguration("deployNodeAgent: true\nconfiguration: { defaultVolumesToFsBackup: true }", "{ defaultVolumesToFsBackup: false }")).toMatch(
      /no volume snapshot location/,
    );
    expect(withConfiguration("configuration: { defaultSnapshotMoveData: true }")).toBeUndefined();
    expect(withConfiguration("configuration: {}")).toMatch(/no volume snapshot location/);
  });

  it("count a Schedule object only in the namespace of the server that reads it, when the server's release is in view", () => {
    const schedule = (namespace: string) =>
      manifest(`schedule_${namespace}`, {
        apiVersion: "velero.io/v1",
        kind: "Schedule",
        metadata: { name: "nightly", namespace },
        spec: { schedule: "@daily", template: {} },
      });
    const release = { ...veleroRelease("{}"), values: { chart: "velero", namespace: "velero", values: ["{}"] } };
    expect(schedulesOf([release, schedule("velero"), schedule("apps")]).map((found) => found.resource.address)).toEqual([
      "kubernetes_manifest.schedule_velero",
    ]);
    expect(schedulesOf([schedule("velero"), schedule("apps")])).toHaveLength(2);
    // A release in a namespace named by another resource could be in either.
    const placedByReference = { ...release, values: { ...release.values, namespace: "${kubernetes_namespace_v1.velero.metadata[0].name}" } };
    expect(schedulesOf([placedByReference, schedule("velero"), schedule("apps")])).toHaveLength(2);
  });

  it("read no volume snapshot location where the chart's snapshotsEnabled is off to Go's templates, or null", () => {
    const withSwitch = (value: string) =>
      veleroBackups([
        veleroRelease(
          `${value}configuration:\n  volumeSnapshotLocation: [{ provider: community.openstack.org/openstack, config: { method: backup } }]\nschedules:\n  nightly:\n    schedule: '@daily'\n`,
        ),
      ]).schedules[0]!.dataNotKept();
    expect(withSwitch("")).toBeUndefined();
    expect(withSwitch("snapshotsEnabled: 'yes'\n")).toBeUndefined();
    // Helm removes a key written null, and the chart's default with it: the template reads nil.
    for (const off of ["snapshotsEnabled: false\n", "snapshotsEnabled: 0\n", "snapshotsEnabled: ''\n", "snapshotsEnabled: null\n"])
      expect(withSwitch(off), off).toMatch(/no volume snapshot location/);
  });

  it("read the one volume snapshot location map of the chart's versions before 4.0.0, and no map from 4.0.0", () => {
    const withVersion = (version: string | undefined) => {
      const release = veleroRelease(
        "configuration:\n  provider: community.openstack.org/openstack\n  volumeSnapshotLocation: { config: { method: backup } }\nschedules:\n  nightly:\n    schedule: '@daily'\n",
      );
      return veleroBackups([{ ...release, values: { ...release.values, ...(version ? { version } : {}) } }]);
    };
    // Chart 3.2.0 writes the map's location, its provider configuration.provider: a Cinder backup keeps the data.
    expect(withVersion("3.2.0").schedules[0]!.dataNotKept()).toBeUndefined();
    // From 4.0.0 a map writes no location, nor for the newest chart, taken when no version is written.
    expect(withVersion("4.0.0").schedules[0]!.dataNotKept()).toMatch(/no volume snapshot location/);
    expect(withVersion(undefined).schedules[0]!.dataNotKept()).toMatch(/no volume snapshot location/);
    expect(withVersion("~> 3.0").undecided("apps")).toBe(
      "helm_release.velero writes its volume snapshot location as one map, which only the chart's versions before 4.0.0 read, and its version ~> 3.0 is not one version",
    );
  });

  it("take a volume by file-system backup when its pods opt it in, and not when every pod opts it out", () => {
    const schedule = (configuration: string) =>
      schedulesOf([veleroRelease(`snapshotsEnabled: false\ndeployNodeAgent: true\n${configuration}\nschedules:\n  nightly:\n    schedule: '@daily'\n`)])[0]!;
    const optIn = { optedIn: true, optedOut: false, mounted: true };
    const optOut = { optedIn: false, optedOut: true, mounted: true };
    expect(schedule("configuration: {}").dataNotKept(optIn)).toBeUndefined();
    expect(schedule("configuration: {}").dataNotKept()).toMatch(/no volume snapshot location/);
    expect(schedule("configuration: { defaultVolumesToFsBackup: true }").dataNotKept()).toBeUndefined();
    expect(schedule("configuration: { defaultVolumesToFsBackup: true }").dataNotKept(optOut)).toMatch(/no volume snapshot location/);
    // A claim no pod mounts gets no file-system backup: its data is kept only by a snapshot.
    const unmounted = { optedIn: false, optedOut: false, mounted: false };
    expect(schedule("configuration: { defaultVolumesToFsBackup: true }").dataNotKept(unmounted)).toMatch(/no volume snapshot location/);
    expect(schedule("configuration: { defaultVolumesToFsBackup: true }").takesByFileSystemBackup(unmounted)).toBe(true);
  });

  it("take the claims with every resource (*), in either filter, and leave them out of a filter that names other kinds only", () => {
    const schedule = (template: string) =>
      schedulesOf([
        veleroRelease(`snapshotsEnabled: false\ndeployNodeAgent: true\nschedules:\n  nightly:\n    schedule: '@daily'\n    template: ${template}\n`),
      ])[0]!;
    const optIn = { optedIn: true, optedOut: false, mounted: true };
    expect(schedule("{ includedResources: ['*'] }").dataNotKept(optIn)).toBeUndefined();
    expect(schedule("{ includedNamespaceScopedResources: ['*'] }").dataNotKept(optIn)).toBeUndefined();
    expect(schedule("{ includedResources: [deployments] }").dataNotKept(optIn)).toMatch(/leaves the volume claims out \(includedResources/);
    expect(schedule("{ includedNamespaceScopedResources: [deployments] }").dataNotKept(optIn)).toMatch(
      /leaves the volume claims out \(includedNamespaceScopedResources/,
    );
  });

  it("read a Schedule object's snapshot location from a VolumeSnapshotLocation object", () => {
    const location = (method: string) =>
      manifest("location", {
        apiVersion: "velero.io/v1",
        kind: "VolumeSnapshotLocation",
        metadata: { name: "cinder" },
        spec: { provider: "community.openstack.org/openstack-cinder", config: { method } },
      });
    const schedule = manifest("schedule", {
      apiVersion: "velero.io/v1",
      kind: "Schedule",
      metadata: { name: "s" },
      spec: { schedule: "@daily", template: {} },
    });
    expect(schedulesOf([schedule, location("backup")])[0]!.dataNotKept()).toBeUndefined();
    expect(schedulesOf([schedule, location("snapshot")])[0]!.dataNotKept()).toMatch(/Cinder snapshots, which stay in the volumes' own storage backend/);
    expect(schedulesOf([schedule])[0]!.dataNotKept()).toMatch(/no volume snapshot location/);
  });
});

describe("CloudNativePG backups", () => {
  const cluster = (backup: Record<string, unknown>) =>
    manifest("cluster", {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: "warehouse", namespace: "data" },
      spec: { backup: { barmanObjectStore: { destinationPath: "s3://backups/" }, ...backup } },
    });
  it.each([
    [{}, Number.POSITIVE_INFINITY],
    [{ retentionPolicy: "35d" }, 35],
    [{ retentionPolicy: "5w" }, 35],
    [{ retentionPolicy: "2m" }, 56],
    [{ retentionPolicy: "35 days" }, 0],
  ])("a retention policy %j keeps backups %d days (no policy deletes nothing)", (backup, days) =>
    expect(databaseBackups([cluster(backup)])[0]!.archives[0]!.retention).toEqual({ days }),
  );

  it("count only the scheduled backups that go to the archive, not suspended ones", () => {
    const scheduled = (name: string, spec: Record<string, unknown>) =>
      manifest(name, {
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "ScheduledBackup",
        metadata: { name, namespace: "data" },
        spec: { schedule: "0 0 2 * * *", cluster: { name: "warehouse" }, ...spec },
      });
    const [database] = databaseBackups([
      cluster({}),
      scheduled("archive", {}),
      scheduled("snapshot", { method: "volumeSnapshot" }),
      scheduled("suspended", { suspend: true }),
      scheduled("other-cluster", { cluster: { name: "other" } }),
    ]);
    expect(database).toMatchObject({ name: "data/warehouse", archiver: { method: "barmanObjectStore" }, archives: [{ scheduled: ["daily"] }] });
  });

  it("say that a cluster with scheduled base backups but no WAL archive cannot restore them, not that it takes none", () => {
    const unarchived = (...scheduledBackups: TfResource[]) =>
      databaseBackups([
        manifest("cluster", {
          apiVersion: "postgresql.cnpg.io/v1",
          kind: "Cluster",
          metadata: { name: "warehouse", namespace: "data" },
          spec: { plugins: [{ name: "barman-cloud.cloudnative-pg.io", parameters: { barmanObjectName: "store" } }] },
        }),
        ...scheduledBackups,
      ])[0]!;
    const nightly = manifest("nightly", {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "ScheduledBackup",
      metadata: { name: "nightly", namespace: "data" },
      spec: { schedule: "0 0 2 * * *", cluster: { name: "warehouse" }, method: "plugin", pluginConfiguration: { name: "barman-cloud.cloudnative-pg.io" } },
    });
    expect(unarchived(nightly)).toMatchObject({
      archiver: undefined,
      lacks:
        "archives no WAL (no barmanObjectStore, no plugin marked isWALArchiver), without which the base backups of its ScheduledBackup data/nightly cannot be restored",
    });
    expect(unarchived().lacks).toBeUndefined();
  });
});

describe("CloudNativePG replica clusters, as CloudNativePG decides them (IsReplica)", () => {
  const cluster = (name: string, replica: unknown) =>
    manifest(name, { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name, namespace: "data" }, spec: { instances: 1, replica } });
  it.each([
    [{ enabled: true, source: "origin" }, []],
    [{ enabled: false, source: "origin" }, ["data/eu-central"]],
    // The distributed topology: a replica while the primary it names is another cluster.
    [{ primary: "eu-south", source: "eu-south" }, []],
    [{ primary: "eu-central", source: "eu-south" }, ["data/eu-central"]],
    [{ primary: "eu-south", self: "eu-south", source: "eu-south" }, ["data/eu-central"]],
    // enabled, when written, decides over primary.
    [{ enabled: false, primary: "eu-south" }, ["data/eu-central"]],
    [undefined, ["data/eu-central"]],
  ])("leave a replica cluster to its source's backups: spec.replica %j", (replica, judged) =>
    expect(databaseBackups([cluster("eu-central", replica)]).map(({ name }) => name)).toEqual(judged),
  );

  it.each([[{ enabled: "${var.replica}" }], [{ primary: "${var.primary}" }], ["${var.replica}"]])(
    "leave a cluster whose spec.replica %j is known only at apply undecided",
    (replica) =>
      expect(databaseBackups([cluster("eu-central", replica)])[0]!.undecided).toBe("whether it is a replica cluster (spec.replica) is known only at apply"),
  );
});

describe("CloudNativePG backups known only at apply", () => {
  const cluster = (spec: Record<string, unknown>) =>
    manifest("cluster", { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name: "warehouse", namespace: "data" }, spec });
  const store = { barmanObjectStore: { destinationPath: "s3://backups/" } };
  const scheduled = (spec: Record<string, unknown>) =>
    manifest("scheduled", {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "ScheduledBackup",
      metadata: { name: "nightly", namespace: "data" },
      spec: { schedule: "0 0 2 * * *", cluster: { name: "warehouse" }, ...spec },
    });
  it.each([
    [{ backup: { ...store, retentionPolicy: "${var.retention}" } }, "its backup section (spec.backup) is known only at apply"],
    [{ backup: store, plugins: ["${var.plugin}"] }, "its plugins (spec.plugins) are known only at apply"],
    [{ backup: store, plugins: [{ name: "${var.plugin}" }] }, "its plugins (spec.plugins) are known only at apply"],
    [{ backup: store, plugins: [{ name: "barman-cloud.cloudnative-pg.io", enabled: "${var.on}" }] }, "its plugins (spec.plugins) are known only at apply"],
  ])("a cluster %j is undecided", (spec, undecided) => expect(databaseBackups([cluster(spec)])[0]!.undecided).toBe(undecided));
  it.each([[{ schedule: "${var.schedule}" }], [{ suspend: "${var.suspend}" }], [{ method: "${var.method}" }], [{ pluginConfiguration: { name: "${var.p}" } }]])(
    "a scheduled backup of the cluster with %j known only at apply leaves it undecided",
    (spec) =>
      expect(databaseBackups([cluster({ backup: store }), scheduled(spec)])[0]!.undecided).toBe("the scheduled backup data/nightly is known only at apply"),
  );
});

describe("pgBackRest backups (Crunchy's and Percona's clusters)", () => {
  const cluster = (pgbackrest: Record<string, unknown>, kind = "PostgresCluster", apiVersion = "postgres-operator.crunchydata.com/v1beta1") =>
    manifest("cluster", { apiVersion, kind, metadata: { name: "warehouse", namespace: "data" }, spec: { backups: { pgbackrest } } });
  const repo = { name: "repo2", schedules: { full: "0 1 * * 0", incremental: "0 1 * * 1-6" }, s3: { bucket: "b" } };
  it.each([
    [{}, { days: Number.POSITIVE_INFINITY }],
    [{ "repo2-retention-full": "35", "repo2-retention-full-type": "time" }, { days: 35 }],
    // strtoll's integers: a sign and leading zeros.
    [{ "repo2-retention-full": "+035", "repo2-retention-full-type": "time" }, { days: 35 }],
    [{ "repo2-retention-full": " 35 ", "repo2-retention-full-type": "time " }, { days: 35 }],
    [{ "repo1-retention-full": "35", "repo1-retention-full-type": "time" }, { days: Number.POSITIVE_INFINITY }],
    [{ "repo2-retention-full": "2" }, { unknown: expect.stringMatching(/keeps its last 2 full backups/) }],
  ])("options %j keep a repository's backups %j", (global, retention) =>
    expect(pgBackRestBackups([cluster({ global, repos: [repo] })])[0]!.archives[0]!.retention).toEqual(retention),
  );

  it("read repo1's retention by its former name, retention-full, which names no other repository's", () => {
    const repo1 = { ...repo, name: "repo1" };
    const global = { "retention-full": "35", "repo1-retention-full-type": "time" };
    expect(pgBackRestBackups([cluster({ global, repos: [repo1] })])[0]!.archives[0]!.retention).toEqual({ days: 35 });
    expect(pgBackRestBackups([cluster({ global, repos: [repo] })])[0]!.archives[0]!.retention).toEqual({ days: Number.POSITIVE_INFINITY });
    expect(pgBackRestBackups([cluster({ global: { "retention-full": "${var.days}" }, repos: [repo1] })])[0]!.undecided).toBe(
      "spec.backups.pgbackrest.global.retention-full is known only at apply",
    );
  });

  /** A ConfigMap of the cluster's namespace holding one pgBackRest file, and the cluster projecting it. */
  const projecting = (text: string, global: Record<string, unknown> = {}) => [
    manifest("conf", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "conf", namespace: "data" }, data: { "backup.conf": text } }),
    cluster({ global, repos: [repo], configuration: [{ configMap: { name: "conf" } }] }),
  ];
  const lacks = (resources: TfResource[]) => {
    const [found] = pgBackRestBackups(resources);
    return found!.archiver === undefined ? found!.lacks : found!.archives.map(({ retention }) => retention);
  };
  const refuses = "takes no backup: pgBackRest refuses its options: ";

  it.each([
    [{ "repo2-retention-full": "35 days", "repo2-retention-full-type": "time" }, "repo2-retention-full: 35 days (an integer from 1 to 9999999)"],
    [{ "repo2-retention-full": "0", "repo2-retention-full-type": "time" }, "repo2-retention-full: 0 (an integer from 1 to 9999999)"],
    [{ "repo2-retention-full": "10000000" }, "repo2-retention-full: 10000000 (an integer from 1 to 9999999)"],
    [{ "repo2-retention-full": "-5" }, "repo2-retention-full: -5 (an integer from 1 to 9999999)"],
    [{ "repo2-retention-full": "35", "repo2-retention-full-type": "days" }, "repo2-retention-full-type: days (count or time)"],
    [{ "repo2-retention-full": "" }, "repo2-retention-full with no value"],
  ])("take a cluster whose options %j pgBackRest refuses for one that takes no backup", (global, refused) => {
    expect(pgBackRestBackups([cluster({ global, repos: [repo] })])[0]).toMatchObject({ archiver: undefined, archives: [], lacks: `${refuses}${refused}` });
  });

  it("take an option given twice in the section pgBackRest reads it from, or by two names in one section, for one pgBackRest refuses", () => {
    expect(lacks(projecting("[global]\nrepo2-retention-full=7\n", { "repo2-retention-full": "35" }))).toBe(
      `${refuses}repo2-retention-full set 2 times in [global] (repo2-retention-full: 35; repo2-retention-full: 7 in [global] of backup.conf of the ConfigMap data/conf it projects)`,
    );
    expect(lacks(projecting("[db]\nrepo2-retention-full=7\nrepo2-retention-full=9\n"))).toMatch(
      /^takes no backup: .*repo2-retention-full set 2 times in \[db\]/,
    );
    // The stanza's section for the backup command before the stanza's.
    expect(lacks(projecting("[db]\nrepo2-retention-full=7\n[db:backup]\nrepo2-retention-full=40\n", { "repo2-retention-full-type": "time" }))).toEqual([
      { days: 40 },
    ]);
    // Read from the stanza's section, the option's two values in [global] are never looked at.
    expect(
      lacks(
        projecting("[db]\nrepo2-retention-full=7\n[global]\nrepo2-retention-full=9\n", { "repo2-retention-full": "35", "repo2-retention-full-type": "time" }),
      ),
    ).toEqual([{ days: 7 }]);
    // Two names of one option are refused in any section, whichever the option is read from.
    const repo1 = { ...repo, name: "repo1" };
    const twoNames = [
      manifest("conf", {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "conf", namespace: "data" },
        data: { "backup.conf": "[db]\nrepo1-retention-full=7\n" },
      }),
      cluster({ global: { "repo1-retention-full": "35", "retention-full": "35" }, repos: [repo1], configuration: [{ configMap: { name: "conf" } }] }),
    ];
    expect(lacks(twoNames)).toBe(`${refuses}repo1-retention-full and retention-full in [global], two names of one option`);
  });

  it.each([
    ["[global\nrepo2-retention-full=35\n", "line 1 opens a section header it does not close or leaves empty"],
    ["[]\n", "line 1 opens a section header it does not close or leaves empty"],
    ["[global]\n# days\nrepo2-retention-full 35\n", "line 3 is neither a section header nor key=value"],
    ["[global]\n=35\n", "line 2 is neither a section header nor key=value"],
  ])("take a projected file pgBackRest cannot read (%j) for one it refuses", (text, refused) =>
    expect(lacks(projecting(text))).toBe(`${refuses}backup.conf of the ConfigMap data/conf it projects, whose ${refused}`),
  );

  it("never quote the line of a projected file it cannot read: the file may be a Secret's", () => {
    const secret = manifest("conf", {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "conf", namespace: "data" },
      stringData: { "s3.conf": "[global]\nrepo2-s3-key-secret example-not-a-secret\n" },
    });
    const [found] = pgBackRestBackups([secret, cluster({ repos: [repo], configuration: [{ secret: { name: "conf" } }] })]);
    expect(found!.lacks).toBe(`${refuses}s3.conf of the Secret data/conf it projects, whose line 2 is neither a section header nor key=value`);
  });

  it("read a `#` after a value as part of it, and options before any section as not known", () => {
    expect(lacks(projecting("[global]\nrepo2-retention-full=35 # days\n"))).toBe(
      `${refuses}repo2-retention-full: 35 # days in [global] of backup.conf of the ConfigMap data/conf it projects (an integer from 1 to 9999999)`,
    );
    expect(lacks(projecting("repo2-retention-full=35\n[global]\n"))).toEqual([
      {
        unknown:
          "its retention may be set where it is not known: backup.conf of the ConfigMap data/conf it projects sets repo2-retention-full before any section, in the section of the file pgBackRest reads before it",
      },
    ]);
  });

  it("take the repository's schedules together, and archive only to a repository given", () => {
    expect(pgBackRestBackups([cluster({ repos: [repo] })])[0]).toMatchObject({
      name: "data/warehouse",
      archiver: { method: "pgBackRest" },
      archives: [{ what: "its pgBackRest repository repo2", scheduled: ["daily"] }],
    });
    expect(pgBackRestBackups([cluster({})])[0]).toMatchObject({ archiver: undefined, archives: [] });
  });

  it("leave the retention unknown when the options may come from projected configuration files", () =>
    expect(pgBackRestBackups([cluster({ repos: [repo], configuration: [{ secret: { name: "conf" } }] })])[0]!.archives[0]!.retention).toHaveProperty(
      "unknown",
    ));

  it("leave a standby to its primary's repository, and take a cluster shut down for one whose backups are suspended", () => {
    const standby = manifest("standby", {
      apiVersion: "postgres-operator.crunchydata.com/v1beta1",
      kind: "PostgresCluster",
      metadata: { name: "replica", namespace: "data" },
      spec: { standby: { enabled: true, repoName: "repo2" }, backups: { pgbackrest: { repos: [repo] } } },
    });
    expect(pgBackRestBackups([standby])).toEqual([]);
    const shutDown = manifest("down", {
      apiVersion: "postgres-operator.crunchydata.com/v1beta1",
      kind: "PostgresCluster",
      metadata: { name: "down", namespace: "data" },
      spec: { shutdown: true, backups: { pgbackrest: { repos: [repo] } } },
    });
    expect(pgBackRestBackups([shutDown])[0]).toMatchObject({ archives: [{ scheduled: [] }], suspended: "the cluster is shut down" });
    const paused = manifest("paused", {
      apiVersion: "pgv2.percona.com/v2",
      kind: "PerconaPGCluster",
      metadata: { name: "paused", namespace: "data" },
      spec: { pause: true, backups: { pgbackrest: { repos: [repo] } } },
    });
    expect(pgBackRestBackups([paused])[0]).toMatchObject({ archives: [{ scheduled: [] }], suspended: "the cluster is shut down" });
  });

  it.each([
    [{ standby: { enabled: "${var.standby}" } }, {}, "spec.standby.enabled"],
    [{ shutdown: "${var.off}" }, {}, "spec.shutdown"],
    [{ pause: "${var.off}" }, {}, "spec.pause"],
    [{}, { global: "${var.global}" }, "spec.backups.pgbackrest.global"],
    [{}, { repos: [{ ...repo, name: "${var.repo}" }] }, "spec.backups.pgbackrest.repos[0].name"],
    [{}, { repos: [{ ...repo, schedules: { full: "${var.full}" } }] }, "spec.backups.pgbackrest.repos[0].schedules.full"],
    [{}, { repos: [{ ...repo, schedules: { differential: "${var.diff}" } }] }, "spec.backups.pgbackrest.repos[0].schedules.differential"],
    [{}, { global: { "repo2-retention-full": "${var.days}" } }, "spec.backups.pgbackrest.global.repo2-retention-full"],
    [{}, { global: { "repo2-retention-full": "35", "repo2-retention-full-type": "${var.type}" } }, "spec.backups.pgbackrest.global.repo2-retention-full-type"],
    // A cluster shut down is still undecided about what it keeps.
    [{ shutdown: true }, { global: "${var.global}" }, "spec.backups.pgbackrest.global"],
  ])("leave a cluster whose spec %j, pgbackrest %j, is known only at apply undecided (%s)", (spec, pgbackrest, at) => {
    const [found] = pgBackRestBackups([
      manifest("cluster", {
        apiVersion: "postgres-operator.crunchydata.com/v1beta1",
        kind: "PostgresCluster",
        metadata: { name: "warehouse", namespace: "data" },
        spec: { ...spec, backups: { pgbackrest: { repos: [repo], ...pgbackrest } } },
      }),
    ]);
    expect(found!.undecided).toBe(`${at} is known only at apply`);
  });

  it("read Percona's clusters, whose backups can be disabled, and then make no repository volume", () => {
    const percona = manifest("percona", {
      apiVersion: "pgv2.percona.com/v2",
      kind: "PerconaPGCluster",
      metadata: { name: "pg", namespace: "data" },
      spec: { backups: { enabled: false, pgbackrest: { repos: [repo] } } },
    });
    expect(pgBackRestBackups([percona])[0]).toMatchObject({ name: "data/pg", archiver: undefined });
    const withVolume = manifest("percona", {
      apiVersion: "pgv2.percona.com/v2",
      kind: "PerconaPGCluster",
      metadata: { name: "pg", namespace: "data" },
      spec: { backups: { enabled: false, pgbackrest: { repos: [{ name: "repo1", volume: { volumeClaimSpec: {} } }] } } },
    });
    expect(volumeClaims([withVolume]).map(({ what }) => what)).toEqual([]);
    expect(pgBackRestBackups([cluster({ repos: [repo] }, "PerconaPGCluster", "pgv2.percona.com/v2")])[0]!.archiver).toEqual({ method: "pgBackRest" });
  });
});

describe("Percona's MySQL and MongoDB backups, as each operator schedules them", () => {
  const storages = { s3: { type: "s3", s3: { bucket: "backups" } } };
  /** The backups of one cluster of an operator's kind, with its spec.backup and the rest of its spec. */
  const clusterOf =
    (apiVersion: string, kind: string) =>
    (backup: unknown, spec: Record<string, unknown> = {}) =>
      perconaBackups([manifest("cluster", { apiVersion, kind, metadata: { name: "db", namespace: "data" }, spec: { backup, ...spec } })])[0]!;
  const xtradb = clusterOf("pxc.percona.com/v1", "PerconaXtraDBCluster");
  const mongo = clusterOf("psmdb.percona.com/v1", "PerconaServerMongoDB");
  const server = clusterOf("ps.percona.com/v1alpha1", "PerconaServerMySQL");
  const daily = { name: "daily", schedule: "0 2 * * *", storageName: "s3" };

  it("need backups enabled where the operator asks for it, and a storage to keep them in", () => {
    expect(xtradb({ storages, schedule: [daily] }).archives[0]!.scheduled).toEqual(["daily"]);
    expect(server({ storages, schedule: [daily] }).lacks).toBe("takes no backup: its backups are not enabled (spec.backup.enabled)");
    expect(server({ enabled: true, storages, schedule: [daily] }).archives[0]!.scheduled).toEqual(["daily"]);
    expect(mongo({ enabled: true, storages, tasks: [daily] }).archives[0]!.scheduled).toEqual([]);
    expect(mongo({ enabled: true, storages, tasks: [{ ...daily, enabled: true }] }).archives[0]!.scheduled).toEqual(["daily"]);
    expect(xtradb({ schedule: [daily] }).lacks).toBe("takes no backup: it declares no storage to keep them in (spec.backup.storages)");
    expect(xtradb(undefined).lacks).toBe("takes no backup: it has no spec.backup");
  });

  it("skip a schedule it cannot run; MongoDB's operator stops at it and runs none of the later ones", () => {
    const tasks = [
      { name: "elsewhere", schedule: "0 1 * * *", storageName: "gcs", enabled: true },
      { ...daily, enabled: true },
    ];
    expect(xtradb({ storages, schedule: tasks }).archives.map((archive) => archive.scheduled)).toEqual([[], ["daily"]]);
    expect(mongo({ enabled: true, storages, tasks }).archives.map((archive) => archive.scheduled)).toEqual([[], []]);
    // A disabled task is skipped without stopping the others.
    expect(mongo({ enabled: true, storages, tasks: [{ ...tasks[0], enabled: false }, tasks[1]] }).archives.map((archive) => archive.scheduled)).toEqual([
      [],
      ["daily"],
    ]);
    // @every: MongoDB's cron registry takes it, XtraDB's does not; six fields are refused by both.
    expect(mongo({ enabled: true, storages, tasks: [{ ...daily, schedule: "@every 12h", enabled: true }] }).archives[0]!.scheduled).toEqual(["daily"]);
    expect(xtradb({ storages, schedule: [{ ...daily, schedule: "@every 12h" }] }).archives[0]!.scheduled).toEqual([]);
    expect(xtradb({ storages, schedule: [{ ...daily, schedule: "0 0 2 * * *" }] }).archives[0]!.scheduled).toEqual([]);
  });

  it("keep the last backups of a schedule, by its count and how often it runs, where the operator deletes the others", () => {
    const kept = (entry: Record<string, unknown>, spec: Record<string, unknown> = {}) =>
      xtradb({ storages, schedule: [{ ...daily, ...entry }] }, spec).archives[0]!.retention;
    expect(kept({ keep: 36 })).toEqual({ days: 35 });
    expect(kept({ retention: { count: 8, deleteFromStorage: true } })).toEqual({ days: 7 });
    expect(kept({})).toEqual({ days: Number.POSITIVE_INFINITY });
    // deleteFromStorage false keeps every copy in the storage, from crVersion 1.18 on; before, the operator deletes them.
    expect(kept({ retention: { count: 8, deleteFromStorage: false } })).toEqual({ days: Number.POSITIVE_INFINITY });
    expect(kept({ retention: { count: 8, deleteFromStorage: false } }, { crVersion: "1.17.0" })).toEqual({ days: 7 });
    expect(kept({ keep: 5, schedule: "0 2 * * 1" })).toEqual({ unknown: expect.stringContaining("does not run every day") });
    // MongoDB reads retention from crVersion 1.21, keep before; an incremental task keeps every backup.
    const mongoKept = (entry: Record<string, unknown>, spec: Record<string, unknown> = {}) =>
      mongo({ enabled: true, storages, tasks: [{ ...daily, enabled: true, ...entry }] }, spec).archives[0]!.retention;
    expect(mongoKept({ keep: 3, retention: { count: 15 } })).toEqual({ days: 14 });
    expect(mongoKept({ keep: 3, retention: { count: 15 } }, { crVersion: "1.20.0" })).toEqual({ days: 2 });
    expect(mongoKept({ keep: 3, type: "incremental" })).toEqual({ days: Number.POSITIVE_INFINITY });
  });

  it("run nothing while the cluster is paused, and leave undecided what is known only at apply", () => {
    expect(xtradb({ storages, schedule: [daily] }, { pause: true })).toMatchObject({ suspended: "the cluster is paused", archives: [{ scheduled: [] }] });
    expect(xtradb("${var.backup}").undecided).toBe("its spec.backup is known only at apply");
    expect(server({ enabled: "${var.on}", storages, schedule: [daily] }).undecided).toBe(
      "whether its backups are enabled (spec.backup.enabled) is known only at apply",
    );
    expect(xtradb({ storages, schedule: [{ ...daily, schedule: "${var.cron}" }] }).undecided).toBe("the scheduled backup daily is known only at apply");
    expect(xtradb({ storages, schedule: [{ ...daily, keep: "${var.keep}" }] }).archives[0]!.retention).toEqual({
      unknown: "how many backups it keeps is known only at apply",
    });
  });
});

describe("volume claims known only at apply", () => {
  it("take a claim whose spec is known only at apply as one claim of a class not known, binding no volume known", () => {
    const claim: TfResource = {
      ...manifest("claim", {}),
      type: "kubernetes_persistent_volume_claim_v1",
      address: "kubernetes_persistent_volume_claim_v1.claim",
      values: { spec: "${var.spec}" },
    };
    const [found, ...others] = volumeClaims([claim]);
    expect(others).toEqual([]);
    expect(found).toMatchObject({ source: "claim", value: "${var.spec}", path: "spec[0].storage_class_name" });
    expect(found).not.toHaveProperty("volumeName");
  });
});
