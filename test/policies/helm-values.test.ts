import { describe, expect, it } from "vitest";
import { ResourceGraph } from "../../policies/engine/graph";
import type { TfResource } from "../../policies/engine/model";
import { recordingUnknownReads, type UnknownRead } from "../../policies/engine/unknowns";
import {
  appliedManifests,
  appliedObjects,
  helmValues,
  helmValuesAt,
  isKind,
  objectName,
  rawChartDocuments,
  rawChartObjectsKnownAtApply,
  refusedValues,
  releaseNamespace,
} from "../../policies/lib/helm";

const release = (values: Record<string, unknown>): TfResource => ({
  address: "helm_release.x",
  mode: "managed",
  type: "helm_release",
  name: "x",
  values: { chart: "velero", ...values },
  provider: "helm",
  stack: "test",
  file: "main.tf",
});

// What terraform-provider-helm v3.1.1 hands Helm (resource_helm_release.go getValues, mergeMaps, getValue, getListValue),
// with Helm's strvals reading each `set` as name=value.
describe("a release's values, as the Helm provider gives them to Helm", () => {
  it("merges its documents deeply: a later document's map adds to an earlier one's, anything else replaces", () => {
    const values = helmValues(
      release({
        values: [
          '{"schedules":{"volumes":{"template":{"ttl":"720h"},"schedule":"0 2 * * *"}},"list":[1,2]}',
          "schedules:\n  volumes:\n    paused: true\nlist: [3]\n",
        ],
      }),
    );
    expect(values).toEqual({ schedules: { volumes: { template: { ttl: "720h" }, schedule: "0 2 * * *", paused: true } }, list: [3] });
  });

  it("reads a JSON document whose references sit inside its strings around them, each such string known only at apply", () => {
    const subnet = "${openstack_networking_subnet_v2.dmz.id}";
    expect(
      helmValues(release({ values: [`{"service":{"annotations":{"subnet-id":"${subnet}"}},"tlsOptions":{"default":{"minVersion":"VersionTLS12"}}}`] })),
    ).toEqual({
      service: { annotations: { "subnet-id": subnet } },
      tlsOptions: { default: { minVersion: "VersionTLS12" } },
    });
    // In a key, it may name a key a policy reads (tlsOptions), whose later copy Helm keeps.
    expect(helmValues(release({ values: [`{"${"${local.key}"}": {"default": {}}, "tlsOptions": {}}`] }))).toBeUndefined();
  });

  it("reads a YAML document a template renders in part, each scalar that holds a value known only at apply unknown", () => {
    const rendered = "resources:\n  - kind: DaemonSet\n    spec:\n      hostNetwork: true\n      region: ${region}\n";
    expect(helmValues(release({ values: [rendered] }))).toEqual({ resources: [{ kind: "DaemonSet", spec: { hostNetwork: true, region: "${region}" } }] });
    // A document that is one value known only at apply, a value in a key, or a directive left unrendered: not known.
    expect(helmValues(release({ values: ["${var.values}"] }))).toBeUndefined();
    expect(helmValues(release({ values: ["${var.key}: true\nreplicas: 2\n"] }))).toBeUndefined();
    expect(helmValues(release({ values: ["nested:\n  ${var.key}: true\n"] }))).toBeUndefined();
    expect(helmValues(release({ values: ["listed:\n  - ${var.key}: true\n"] }))).toBeUndefined();
    expect(helmValues(release({ values: ["%{ if var.on }privileged: true%{ endif }\n"] }))).toBeUndefined();
    // Text a value known only at apply makes no YAML of (outside a JSON string, in a flow map): not known.
    expect(helmValues(release({ values: ["a: 1\n${var.more}\n"] }))).toBeUndefined();
    expect(helmValues(release({ values: ['{"replicas": ${var.replicas}}'] }))).toBeUndefined();
  });

  it("records no read of a value known only at apply for a document it reads in part, and one for a document it cannot read", () => {
    const read = (values: Record<string, unknown>) => {
      const reads: UnknownRead[] = [];
      const recorded = recordingUnknownReads(release(values), reads, new ResourceGraph({ stack: "test", files: ["main.tf"], resources: [], providers: [] }));
      return { values: helmValues(recorded), reads: reads.map(({ path }) => path) };
    };
    expect(read({ values: ['{"region":"${var.region}","replicas":2}'] })).toEqual({ values: { region: "${var.region}", replicas: 2 }, reads: [] });
    expect(read({ values: ['{"replicas":2}', "${var.values}"] })).toEqual({ values: undefined, reads: ["values[1]"] });
  });

  it("knows no values where a list of settings, or one of its entries, is known only at apply: it may set any of them", () => {
    const documents = ['{"tlsOptions":{"default":{"minVersion":"VersionTLS12"}}}'];
    expect(helmValues(release({ values: documents, set: "${concat(local.base, local.extra)}" }))).toBeUndefined();
    expect(helmValues(release({ values: documents, set: [{ name: "replicas", value: 2 }, "${local.extra[1]}"] }))).toBeUndefined();
    expect(helmValues(release({ values: documents, set_sensitive: "${var.secrets}" }))).toBeUndefined();
    expect(helmValues(release({ values: documents, set_list: "${var.lists}" }))).toBeUndefined();
    expect(helmValues(release({ values: documents, set_wo: "${var.secrets}", set_wo_revision: 1 }))).toBeUndefined();
    // Without a revision the provider merges no write-only value.
    expect(helmValues(release({ values: documents, set_wo: "${var.secrets}" }))).toEqual({ tlsOptions: { default: { minVersion: "VersionTLS12" } } });
  });

  it("applies set, set_list and set_sensitive after the documents, in that order, with strvals' paths and types", () => {
    const values = helmValues(
      release({
        values: ['{"schedules":{"volumes":{"paused":false}}}'],
        set: [
          { name: "schedules.volumes.paused", value: "TRUE" },
          { name: "replicas", value: "3" },
          { name: "tag", value: "0123" },
          { name: "version", value: "10", type: "string" },
          { name: "podAnnotations.prometheus\\.io/scrape", value: "false" },
          { name: "tolerations[1].key", value: "dedicated" },
          { name: "nodeSelector", value: "null" },
        ],
        set_list: [{ name: "args", value: ["--a", "7"] }],
        set_sensitive: [{ name: "replicas", value: 5 }],
      }),
    );
    expect(values).toEqual({
      schedules: { volumes: { paused: true } },
      replicas: 5,
      tag: "0123",
      version: "10",
      podAnnotations: { "prometheus.io/scrape": false },
      tolerations: [undefined, { key: "dedicated" }],
      nodeSelector: null,
      args: ["--a", 7],
    });
  });

  it("merges a later document's map over an earlier scalar, and a later scalar over an earlier map, each replacing", () => {
    expect(helmValues(release({ values: ["service: none\n", "service: {type: ClusterIP}\n"] }))).toEqual({ service: { type: "ClusterIP" } });
    expect(helmValues(release({ values: ["service: {type: ClusterIP}\n", "service: none\n"] }))).toEqual({ service: "none" });
  });

  it("reads a document known whole that holds an escaped directive as text, and not one a directive renders", () => {
    expect(helmValues(release({ values: ['{"log":{"format":"%%{time}"}}'] }))).toEqual({ log: { format: "%%{time}" } });
    // Quoted, the directive makes a string of YAML, whose text only the template knows.
    expect(helmValues(release({ values: ['privileged: "%{ if var.on }true%{ else }false%{ endif }"\n'] }))).toBeUndefined();
  });

  it("types a set value as strvals does: true and false in any case, 0, and integers with a sign", () => {
    const values = helmValues(
      release({
        set: [
          { name: "a", value: "False" },
          { name: "b", value: "0" },
          { name: "c", value: "-1" },
          { name: "d", value: true },
        ],
      }),
    );
    expect(values).toEqual({ a: false, b: 0, c: -1, d: true });
  });

  it("sets a path through nested lists", () => {
    expect(helmValues(release({ set: [{ name: "matrix[1][0].x", value: "1" }] }))).toEqual({ matrix: [undefined, [{ x: 1 }]] });
  });

  it("reads a literal with no value as null", () => {
    expect(helmValues(release({ set: [{ name: "resources", value: "", type: "literal" }] }))).toEqual({ resources: null });
  });

  it("skips a null document and reads one of nothing but comments as empty, and refuses one of a list or a scalar", () => {
    expect(helmValues(release({ values: [null, '{"replicas":2}', "# none\n"] }))).toEqual({ replicas: 2 });
    // sigs.k8s.io/yaml unmarshals a document into a map: the provider refuses a list or a scalar.
    for (const document of ["- replicas: 2\n", "42\n"]) {
      expect(helmValues(release({ values: [document] })), document).toBeUndefined();
      expect(refusedValues(release({ values: [document] })), document).toBe(true);
    }
    expect(refusedValues(release({ values: ["# none\n"] }))).toBe(false);
    // A document known only in part that holds no map may render to one: a value known only at apply may hold a line break.
    expect(helmValues(release({ values: ["# ${var.note}\n"] }))).toBeUndefined();
  });

  it("types integers as strconv.ParseInt reads them: zeros after a sign, and none beyond int64's range", () => {
    const set = ["-0", "+007", "-007", "-9223372036854775808", "9223372036854775808"].map((value, i) => ({ name: `v${i}`, value }));
    expect(helmValues(release({ set }))).toEqual({ v0: 0, v1: 7, v2: -7, v3: -(2 ** 63), v4: "9223372036854775808" });
  });

  it("reads a value's escapes as strvals does, and a value left out as the empty text", () => {
    // A backslash before a line break keeps it, one at the end is dropped; an escaped backslash before a comma leaves the
    // comma to end the value.
    expect(helmValues(release({ set: [{ name: "a", value: "x\\\ny" }] }))).toEqual({ a: "x\ny" });
    expect(helmValues(release({ set: [{ name: "a", value: "x\\" }] }))).toEqual({ a: "x" });
    expect(helmValues(release({ set: [{ name: "a", value: "x\\\\,y" }] }))).toBeUndefined();
    expect(helmValues(release({ set: [{ name: "a" }, { name: "b", value: null, type: "string" }] }))).toEqual({ a: "", b: "" });
    // A value of another kind is none Terraform converts to a string.
    expect(helmValues(release({ set: [{ name: "a", value: { b: 1 } }] }))).toBeUndefined();
  });

  it("reads a value opening with a brace as strvals does, a list: its items typed, or strings for the type string", () => {
    expect(helmValues(release({ set: [{ name: "watchNamespaces", value: "{default,kafka}" }] }))).toEqual({ watchNamespaces: ["default", "kafka"] });
    expect(helmValues(release({ set: [{ name: "a", value: "{1,true,x\\,y}" }] }))).toEqual({ a: [1, true, "x,y"] });
    expect(helmValues(release({ set: [{ name: "a", value: "{1,true}", type: "string" }] }))).toEqual({ a: ["1", "true"] });
    expect(helmValues(release({ set: [{ name: "a", value: "{}" }] }))).toEqual({ a: [""] });
  });

  it("reads a set_list's items with their escapes, its null items left out, and refuses one with a brace that ends the list", () => {
    expect(helmValues(release({ set_list: [{ name: "args", value: ["--x\\,y", null, "2"] }] }))).toEqual({ args: ["--x,y", 2] });
    expect(helmValues(release({ set_list: [{ name: "args", value: ["a}", "b"] }] }))).toBeUndefined();
    // A backslash at the end of an item would escape the comma the provider joins the items with.
    expect(helmValues(release({ set_list: [{ name: "args", value: ["a\\", "b"] }] }))).toBeUndefined();
  });

  it("refuses a name holding an = or a comma, which end strvals' key, and sets nothing for an empty name", () => {
    expect(helmValues(release({ set: [{ name: "a=b", value: "c" }] }))).toBeUndefined();
    expect(helmValues(release({ set: [{ name: "a,b", value: "c" }] }))).toBeUndefined();
    expect(helmValues(release({ values: ['{"replicas":2}'], set: [{ name: "", value: "3" }] }))).toEqual({ replicas: 2 });
    expect(helmValues(release({ set: [{ name: "a\\=b", value: "c" }] }))).toEqual({ "a=b": "c" });
  });

  it("refuses a path through a key holding another kind of value, where the provider panics, and replaces a list's item", () => {
    expect(helmValues(release({ values: ["service: none\n"], set: [{ name: "service.type", value: "ClusterIP" }] }))).toBeUndefined();
    expect(helmValues(release({ values: ["service: null\n"], set: [{ name: "service.type", value: "ClusterIP" }] }))).toBeUndefined();
    expect(helmValues(release({ values: ["args: {a: 1}\n"], set: [{ name: "args[0]", value: "x" }] }))).toBeUndefined();
    expect(helmValues(release({ values: ["matrix: [[1], 2]\n"], set: [{ name: "matrix[1][0]", value: "x" }] }))).toBeUndefined();
    // An item of a list is replaced by a map before a dot, and by a list before an index when it is null.
    expect(
      helmValues(
        release({
          values: ["ports: [80, null]\n"],
          set: [
            { name: "ports[0].name", value: "web" },
            { name: "ports[1][0]", value: "1" },
          ],
        }),
      ),
    ).toEqual({
      ports: [{ name: "web" }, [1]],
    });
  });

  it("merges the write-only values as a map of their own: a list they index is replaced whole", () => {
    const values = helmValues(
      release({ values: ['{"users":[{"name":"a"},{"name":"b"}]}'], set_wo: [{ name: "users[1].password", value: "x" }], set_wo_revision: 1 }),
    );
    expect(values).toEqual({ users: [undefined, { password: "x" }] });
    // A map they write merges into the one the documents write, key by key; a setting the provider refuses stops it.
    expect(helmValues(release({ values: ['{"auth":{"username":"app"}}'], set_wo: [{ name: "auth.password", value: "x" }], set_wo_revision: 1 }))).toEqual({
      auth: { username: "app", password: "x" },
    });
    expect(helmValues(release({ set_wo: [{ name: "${var.key}", value: "x" }], set_wo_revision: 1 }))).toBeUndefined();
  });

  it("sets a literal known only at apply at its name as a top-level key", () => {
    expect(helmValues(release({ set_sensitive: [{ name: "auth.existingSecret", value: "${var.secret}", type: "literal" }] }))).toEqual({
      "auth.existingSecret": "${var.secret}",
    });
  });

  it("reads a literal as YAML for its top-level key", () => {
    expect(helmValues(release({ set: [{ name: "resources", value: "{limits: {cpu: 1}}", type: "literal" }] }))).toEqual({ resources: { limits: { cpu: 1 } } });
  });

  it("is not known when a document or a set entry's name is not, or when strvals would read a comma as another assignment", () => {
    expect(helmValues(release({ values: ["${var.values}"] }))).toBeUndefined();
    expect(helmValues(release({ set: [{ name: "${var.key}", value: "true" }] }))).toBeUndefined();
    // A setting the readers would take as written (paused: "${var.paused}" is not true) leaves the whole unknown.
    expect(helmValues(release({ set: [{ name: "paused", value: "${var.paused}" }] }))).toBeUndefined();
    expect(helmValues(release({ set: [{ name: "a", value: "1,b=2" }] }))).toBeUndefined();
    expect(helmValues(release({ set: [{ name: "a", value: "1\\,2" }] }))).toEqual({ a: "1,2" });
    // A value opening with a brace that does not end the value at its closing brace is refused, or read on as a key.
    expect(helmValues(release({ set: [{ name: "a", value: "{b" }] }))).toBeUndefined();
    expect(helmValues(release({ set: [{ name: "a", value: "{b}c" }] }))).toBeUndefined();
    expect(helmValues(release({ set_list: [{ name: "a", value: [] }] }))).toBeUndefined();
    // A value that opens with a comma sets nothing before it and makes what follows a key of no value, which the provider
    // refuses; so does a list item with a comma.
    expect(helmValues(release({ set: [{ name: "a", value: ",b" }] }))).toBeUndefined();
    expect(helmValues(release({ set_list: [{ name: "a", value: ["b,c"] }] }))).toBeUndefined();
    // A name ending in a dot, or with an index that is no number, is refused.
    expect(helmValues(release({ set: [{ name: "a.", value: "1" }] }))).toBeUndefined();
    expect(helmValues(release({ set: [{ name: "a.b[x]", value: "1" }] }))).toBeUndefined();
    // A secret setting that cannot be read leaves the whole unknown, as a setting does.
    expect(helmValues(release({ set_sensitive: [{ name: "${var.key}", value: "x" }] }))).toBeUndefined();
  });

  it("installs a release that names no namespace into default", () => {
    expect(releaseNamespace(release({}))).toBe("default");
    expect(releaseNamespace(release({ namespace: "apps" }))).toBe("apps");
  });

  it("sets a secret known only at apply as written, and merges write-only values with their revision, the rest staying known", () => {
    expect(helmValues(release({ values: ['{"replicas": 2}'], set_sensitive: [{ name: "auth.password", value: "${var.password}" }] }))).toEqual({
      replicas: 2,
      auth: { password: "${var.password}" },
    });
    // Without set_wo_revision the provider merges no write-only value.
    expect(helmValues(release({ set_wo: [{ name: "schedules.volumes.paused", value: "false" }] }))).toEqual({});
    expect(
      helmValues(
        release({
          set: [{ name: "securityContext.privileged", value: "false" }],
          set_wo: [
            { name: "auth.password", value: "${ephemeral.random_password.db.result}" },
            { name: "schedules.volumes.paused", value: "true" },
          ],
          set_wo_revision: 1,
        }),
      ),
    ).toEqual({
      securityContext: { privileged: false },
      auth: { password: "${ephemeral.random_password.db.result}" },
      schedules: { volumes: { paused: true } },
    });
  });
});

describe("a release's values at some keys", () => {
  const tls = "tlsOptions:\n  default:\n    minVersion: VersionTLS12\n";
  it("are known beside a setting of another key known only at apply, and not when a setting under the keys is", () => {
    const outside = release({ values: [tls], set: [{ name: "service.spec.loadBalancerIP", value: "${openstack_networking_floatingip_v2.x.address}" }] });
    expect(helmValues(outside)).toBeUndefined();
    expect(helmValuesAt(outside, ["tlsOptions"])?.tlsOptions).toEqual({ default: { minVersion: "VersionTLS12" } });
    // A name that only begins like the key is another key.
    const alike = release({ values: [tls], set: [{ name: "tlsOptionsExtra", value: "${var.x}" }] });
    expect(helmValuesAt(alike, ["tlsOptions"])?.tlsOptions).toEqual({ default: { minVersion: "VersionTLS12" } });
    for (const name of ["tlsOptions.default.minVersion", "tlsOptions", "ports.web.port", "${var.name}"])
      expect(helmValuesAt(release({ values: [tls], set: [{ name, value: "${var.x}" }] }), ["ports", "tlsOptions"]), name).toBeUndefined();
    // A known setting under the key applies.
    const set = release({ values: [tls], set: [{ name: "tlsOptions.default.minVersion", value: "VersionTLS13" }] });
    expect(helmValuesAt(set, ["tlsOptions"])?.tlsOptions).toEqual({ default: { minVersion: "VersionTLS13" } });
    // An index under the key reaches it; a set_list is read as a set is; a list of settings with an entry known only
    // at apply may set any value.
    const indexed = release({ values: ["extraObjects:\n  - {kind: Middleware}\n"], set: [{ name: "extraObjects[0].metadata.name", value: "${var.x}" }] });
    expect(helmValuesAt(indexed, ["extraObjects"])).toBeUndefined();
    const listed = release({ values: [tls], set_list: [{ name: "service.externalIPs", value: "${var.ips}" }] });
    expect(helmValuesAt(listed, ["tlsOptions"])?.tlsOptions).toEqual({ default: { minVersion: "VersionTLS12" } });
    expect(helmValuesAt(release({ values: [tls], set: [{ name: "service.type", value: "LoadBalancer" }, "${var.more}"] }), ["tlsOptions"])).toBeUndefined();
    // Another key was not computed: reading it is an error, not a value.
    expect(() => helmValuesAt(outside, ["tlsOptions"])?.service).toThrow(/values\.service is read, where it was not computed/);
    // A path: a setting beside it, under the same key, changes nothing there; one above it does.
    const service = helmValuesAt(release({ values: ["service: {enabled: true}\n"], set: outside.values.set }), ["service.enabled"])!.service as Record<
      string,
      unknown
    >;
    expect(service.enabled).toBe(true);
    expect(() => service.spec).toThrow(/values\.service\.spec is read/);
    expect(helmValuesAt(release({ set: [{ name: "service", value: "${var.x}", type: "literal" }] }), ["service.enabled"])).toBeUndefined();
  });

  it("are an object to what inspects one, and not known where a secret setting elsewhere is one the provider refuses", () => {
    const values = helmValuesAt(release({ values: ["tlsOptions: {}\n"] }), ["tlsOptions"]);
    expect(Object.prototype.toString.call(values)).toBe("[object Object]");
    // The provider stops at a setting it refuses, wherever it sets.
    expect(helmValuesAt(release({ values: ["tlsOptions: {}\n"], set_sensitive: [{ name: "auth.password", value: "a,b" }] }), ["tlsOptions"])).toBeUndefined();
  });
});

const resource = (type: string, values: Record<string, unknown>, mode: "managed" | "data" = "managed"): TfResource => ({
  address: `${mode === "data" ? "data." : ""}${type}.x`,
  mode,
  type,
  name: "x",
  values,
  provider: type.split("_")[0]!,
  stack: "test",
  file: "main.tf",
});
const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings" } };

describe("the objects a release of the raw chart applies", () => {
  it("are each map of resources and each document of a template with no action, where the values write them", () => {
    const values = JSON.stringify({
      resources: ["text", configMap],
      templates: ["apiVersion: v1\nkind: Secret\n---\ntext\n---\napiVersion: v1\nkind: Service\n", "kind: Pod\nname: {{ .Release.Name }}\n"],
    });
    expect(rawChartDocuments(release({ chart: "raw", values: [values] }))).toEqual([
      { manifest: configMap, at: "resources[1]" },
      { manifest: { apiVersion: "v1", kind: "Secret" }, at: "templates[0][0]" },
      { manifest: { apiVersion: "v1", kind: "Service" }, at: "templates[0][2]" },
    ]);
    // Another chart's values are its own.
    expect(rawChartDocuments(release({ chart: "app", values: [values] }))).toEqual([]);
    expect(appliedObjects(resource("kubernetes_config_map_v1", { chart: "raw", values: [values] }))).toEqual([]);
    expect(appliedObjects(release({ chart: "raw", values: [values] })).map(({ at }) => at)).toEqual([
      "values.resources[1]",
      "values.templates[0][0]",
      "values.templates[0][2]",
    ]);
  });

  it("are known only at apply where its values are, for a managed release of the raw chart whose documents the provider reads", () => {
    const unknown = { chart: "raw", values: ["${var.values}"] };
    expect(rawChartObjectsKnownAtApply(resource("helm_release", unknown))).toEqual(["helm_release.x.values"]);
    expect(rawChartObjectsKnownAtApply(resource("helm_release", unknown, "data"))).toEqual([]);
    expect(rawChartObjectsKnownAtApply(resource("helm_template", unknown))).toEqual([]);
    expect(rawChartObjectsKnownAtApply(resource("helm_release", { ...unknown, chart: "app" }))).toEqual([]);
    // A document the provider refuses is reported as such, not as objects known only at apply.
    expect(rawChartObjectsKnownAtApply(resource("helm_release", { chart: "raw", values: ["a: [", "${var.values}"] }))).toEqual([]);
    const templates = { chart: "raw", values: ['{"templates":"${var.templates}","resources":[{"kind":"Pod"},"${var.more}"]}'] };
    expect(rawChartObjectsKnownAtApply(resource("helm_release", templates))).toEqual(["helm_release.x.values.resources[1]", "helm_release.x.values.templates"]);
  });
});

describe("an applied object", () => {
  it("is of a kind in a group of that exact name, at any version", () => {
    expect(isKind({ kind: "Cluster", apiVersion: "postgresql.cnpg.io/v1" }, "Cluster", "postgresql.cnpg.io")).toBe(true);
    expect(isKind({ kind: "Cluster", apiVersion: "postgresql.cnpg.io.example/v1" }, "Cluster", "postgresql.cnpg.io")).toBe(false);
    expect(isKind({ kind: "Pooler", apiVersion: "postgresql.cnpg.io/v1" }, "Cluster", "postgresql.cnpg.io")).toBe(false);
  });

  it("is named namespace/name, a generated name by its prefix", () => {
    expect(objectName({ metadata: { namespace: "db", name: "main" } })).toBe("db/main");
    expect(objectName({ metadata: { namespace: "db", generateName: "backup-" } })).toBe("db/backup-*");
    expect(objectName({ metadata: {} })).toBe("(no name)");
  });

  it("is a kubernetes_manifest's manifest when it is an object, with what a whole reference reads at plan", () => {
    expect(appliedObjects(resource("kubernetes_manifest", { manifest: "${var.manifest}" }))).toEqual([]);
    const source = resource("kubernetes_config_map_v1", { data: { name: "main", instances: 3, enabled: true } });
    const manifest = resource("kubernetes_manifest", {
      manifest: {
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "Cluster",
        metadata: { name: "${kubernetes_config_map_v1.x.data.name}" },
        spec: { instances: "${kubernetes_config_map_v1.x.data.instances}", enableSuperuserAccess: "${kubernetes_config_map_v1.x.data.enabled}" },
      },
    });
    const graph = new ResourceGraph({ stack: "test", files: ["main.tf"], resources: [source, manifest], providers: [] });
    expect(appliedManifests(graph).map(({ manifest, path }) => [manifest, path])).toEqual([
      [{ apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name: "main" }, spec: { instances: 3, enableSuperuserAccess: true } }, "manifest"],
    ]);
  });
});
