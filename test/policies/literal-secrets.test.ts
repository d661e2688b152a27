import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPolicies } from "../../policies/engine/run";
import { readConfigurations } from "../../policies/inputs/read";
import noLiteralSecretArguments from "../../policies/rules/secrets/no-literal-secret-arguments";
import { allPolicies } from "../../policies/rules/index";
import { findingsOf, findingsOnFixture, fixtureSettings } from "./fixture-runner";

/** The literal credentials no-literal-secret-arguments finds in one Terraform file, as `address path :line` (and its message). */
async function literalCredentials(terraform: string, { messages = false, module }: { messages?: boolean; module?: string } = {}): Promise<string[]> {
  const folder = mkdtempSync(join(tmpdir(), "eds-literal-secrets-"));
  writeFileSync(join(folder, "main.tf"), terraform);
  if (module !== undefined) {
    mkdirSync(join(folder, "db"));
    writeFileSync(join(folder, "db", "main.tf"), module);
  }
  const configurations = await readConfigurations([folder]);
  return runPolicies(configurations, { policies: [noLiteralSecretArguments], settings: fixtureSettings })
    .outcomes.filter((o) => o.status === "violation")
    .map((o) => `${o.address} ${o.path} :${o.line}${messages ? `: ${o.message}` : ""}`);
}

describe("no-literal-secret-arguments on a raw chart's objects", () => {
  it("judges a custom resource read as the workload of its pods once, at the release, where it is written", async () => {
    const found = await literalCredentials(
      [
        'resource "helm_release" "raw" {',
        '  name       = "rollouts"',
        '  repository = "oci://registry.example.fr/charts"',
        '  chart      = "raw"',
        '  version    = "2.0.0"',
        "  values = [yamlencode({ resources = [{",
        '    apiVersion = "argoproj.io/v1alpha1", kind = "Rollout", metadata = { name = "web" }',
        '    spec = { notifier = { apiToken = "not-a-real-one-2024" }, template = { spec = { containers = [{ name = "web", image = "registry.example.fr/web:1" }] } } }',
        "  }] })]",
        "}",
      ].join("\n"),
    );
    expect(found).toEqual(["helm_release.raw values.resources[0].spec.notifier.apiToken :6"]);
  });
});

describe("no-literal-secret-arguments on values encoded with a part known only at apply", () => {
  const release = (name: string, values: string) =>
    [
      `resource "helm_release" "${name}" {`,
      `  name       = "${name}"`,
      '  repository = "oci://registry.example.fr/charts"',
      '  chart      = "postgresql"',
      '  version    = "16.0.0"',
      `  values     = [${values}]`,
      "}",
    ].join("\n");
  const declarations = [
    'variable "settings" {\n  type = map(string)\n}',
    'resource "kubernetes_storage_class" "fast" {\n  metadata {\n    name = "fast"\n  }\n  storage_provisioner = "cinder.csi.openstack.org"\n}',
  ].join("\n");

  it("judges the literals beside it: written out, merged, through locals", async () => {
    const found = await literalCredentials(
      [
        declarations,
        'locals {\n  common = { image = { tag = lookup(var.settings, "tag") } }\n  values = merge(local.common, { auth = { password = "Hunter2-not-real" } })\n  keyed = { (var.settings["key"]) = var.settings["x"] }\n}',
        release(
          "beside_a_resource",
          'yamlencode({ auth = { postgresPassword = "Hunter2-not-real" }, primary = { storageClass = kubernetes_storage_class.fast.metadata[0].name } })',
        ),
        release("beside_a_variable", 'jsonencode({ auth = { password = "Hunter2-not-real", username = var.settings["user"] } })'),
        release("through_locals", "yamlencode(local.values)"),
        release("in_a_list", 'yamlencode({ users = [{ name = var.settings["user"], password = "Hunter2-not-real" }] })'),
        // A local read by a second release is read again; one whose key is known only at apply stays the reference it is.
        release("through_locals_again", "yamlencode(local.values)"),
        release("beside_a_local_keyed_at_apply", 'yamlencode({ auth = { password = "Hunter2-not-real" }, extra = local.keyed })'),
      ].join("\n"),
      { messages: true },
    );
    expect(found).toEqual([
      "helm_release.beside_a_local_keyed_at_apply values[0] :55: the chart value auth.password is a literal credential",
      "helm_release.beside_a_resource values[0] :20: the chart value auth.postgresPassword is a literal credential",
      "helm_release.beside_a_variable values[0] :27: the chart value auth.password is a literal credential",
      "helm_release.in_a_list values[0] :41: the chart value users[0].password is a literal credential",
      "helm_release.through_locals values[0] :34: the chart value auth.password is a literal credential",
      "helm_release.through_locals_again values[0] :48: the chart value auth.password is a literal credential",
    ]);
  });

  it("leaves unjudged what stays unknown: a password known only at apply, an object under a key known only at apply", async () => {
    const found = await literalCredentials(
      [
        declarations,
        release("password_from_variable", 'yamlencode({ auth = { password = var.settings["password"] }, primary = { storageClass = "fast" } })'),
        release("key_from_variable", 'yamlencode({ (var.settings["key"]) = { password = "Hunter2-not-real" } })'),
        // A list with an element under a key known only at apply is unknown whole, as is a local holding such a key.
        release("key_in_a_list", 'yamlencode({ users = [{ (var.settings["key"]) = "x" }, { password = "Hunter2-not-real" }] })'),
        'locals {\n  keyed = { (var.settings["key"]) = { password = "Hunter2-not-real", username = var.settings["user"] } }\n  keyed_known = { (var.settings["key"]) = { password = "Hunter2-not-real" } }\n}',
        release("key_through_a_local", "yamlencode(local.keyed)"),
        // Its values all known, the object is still known only at apply: its key is.
        release("key_through_a_local_of_known_values", "yamlencode(local.keyed_known)"),
        // merge is shallow and the later argument wins: a literal it overrides, or one a map known only at apply may override, is no value.
        release("overridden_by_merge", 'yamlencode(merge({ auth = { password = "Hunter2-not-real" } }, { auth = { password = var.settings["password"] } }))'),
        release("merged_into_a_variable", 'yamlencode(merge(var.settings, { auth = { password = "Hunter2-not-real" } }))'),
      ].join("\n"),
    );
    expect(found).toEqual([]);
  });

  it("writes the known part as yamlencode writes it (as JSON for jsonencode), each part known only at apply as the reference or the expression it is", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-literal-secrets-"));
    writeFileSync(
      join(folder, "main.tf"),
      [
        declarations,
        release(
          "written",
          'yamlencode({ a = "$${literal}", b = kubernetes_storage_class.fast.metadata[0].name, c = lookup(var.settings, "c"), d = 1, "$${key}" = 2, e = local.class })',
        ),
        "locals {\n  class = kubernetes_storage_class.fast.metadata[0].uid\n}",
        release("unknown_key", 'yamlencode({ (var.settings["key"]) = "x" })'),
        release("scalar", 'yamlencode(var.settings["x"])'),
        release("template", 'yamlencode({ image = "nginx:${var.settings["tag"]}", kept = "a-$${b}" })'),
        release("json", 'jsonencode({ image = "nginx:${var.settings["tag"]}", lines = "a\\nb" })'),
        release("lines", 'yamlencode({ config = "token: ${var.settings["token"]}\\ncni: canal\\n" })'),
        'data "template_file" "config" {\n  template = "token: $${token}\\ncni: canal\\n"\n  vars = { token = var.settings["token"] }\n}',
        'data "template_file" "unread" {\n  template = var.settings["template"]\n}',
        release("rendered", "yamlencode({ config = data.template_file.config.rendered, other = data.template_file.unread.rendered, replicas = 2 })"),
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([folder]);
    const values = (address: string) => configuration!.resources.find((resource) => resource.address === address)!.values.values;
    expect(values("helm_release.written")).toEqual([
      [
        '"$${key}": 2',
        '"a": "$${literal}"',
        '"b": "${kubernetes_storage_class.fast.metadata[0].name}"',
        '"c": "${lookup(var.settings, \\"c\\")}"',
        '"d": 1',
        '"e": "${kubernetes_storage_class.fast.metadata[0].uid}"',
        "",
      ].join("\n"),
    ]);
    expect(values("helm_release.unknown_key")).toEqual(['${yamlencode({ (var.settings["key"]) = "x" })}']);
    // A quoted template known in part is its text as far as known, each interpolation known only at apply as written.
    expect(values("helm_release.template")).toEqual(['"image": "nginx:${var.settings[\\"tag\\"]}"\n"kept": "a-$${b}"\n']);
    expect(values("helm_release.json")).toEqual(['{"image":"nginx:${var.settings[\\"tag\\"]}","lines":"a\\nb"}']);
    // A text of several lines is a block, its lines as the file has them.
    expect(values("helm_release.lines")).toEqual(['"config": |\n  token: ${var.settings["token"]}\n  cni: canal\n']);
    // A template_file's text as far as its variables are known; one whose template is not known stays its reference.
    expect(values("helm_release.rendered")).toEqual([
      '"config": |\n  token: ${token}\n  cni: canal\n"other": "${data.template_file.unread.rendered}"\n"replicas": 2\n',
    ]);
    // What is known of a value no object holds is nothing: it stays the expression it is.
    expect(values("helm_release.scalar")).toEqual(['${yamlencode(var.settings["x"])}']);
  });

  it("writes a quoted template's part that reads a module's input as the reference the input stands for", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-literal-secrets-"));
    mkdirSync(join(folder, "m"));
    writeFileSync(join(folder, "main.tf"), [declarations, 'module "m" {\n  source = "./m"\n  class  = kubernetes_storage_class.fast.id\n}'].join("\n"));
    writeFileSync(
      join(folder, "m", "main.tf"),
      ['variable "class" {\n  type = string\n}', release("in_module", 'yamlencode({ class = "fast-${var.class}" })')].join("\n"),
    );
    const [configuration] = await readConfigurations([folder]);
    expect(configuration!.resources.find((resource) => resource.address === "module.m.helm_release.in_module")!.values.values).toEqual([
      '"class": "fast-${kubernetes_storage_class.fast.id}"\n',
    ]);
  });

  it("writes a module's input as the reference it stands for, and leaves a JSON local with a key known only at apply as written", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-literal-secrets-"));
    mkdirSync(join(folder, "m"));
    writeFileSync(join(folder, "main.tf"), [declarations, 'module "m" {\n  source = "./m"\n  class  = kubernetes_storage_class.fast.id\n}'].join("\n"));
    writeFileSync(
      join(folder, "m", "main.tf"),
      ['variable "class" {\n  type = string\n}', release("in_module", "yamlencode({ e = var.class, d = 1 })")].join("\n"),
    );
    writeFileSync(
      join(folder, "locals.tf.json"),
      JSON.stringify({
        locals: { keyed: { '${var.settings["key"]}': { password: "Hunter2-not-real", username: '${var.settings["user"]}' } } },
        resource: {
          helm_release: {
            json_keyed: {
              name: "j",
              repository: "oci://registry.example.fr/charts",
              chart: "postgresql",
              version: "16.0.0",
              values: ["${yamlencode(local.keyed)}"],
            },
          },
        },
      }),
    );
    const [configuration] = await readConfigurations([folder]);
    const values = (address: string) => configuration!.resources.find((resource) => resource.address === address)!.values.values;
    expect(values("module.m.helm_release.in_module")).toEqual(['"d": 1\n"e": "${kubernetes_storage_class.fast.id}"\n']);
    expect(values("helm_release.json_keyed")).toEqual(["${yamlencode(local.keyed)}"]);
  });
});

describe("the arguments read as credentials", () => {
  it("cover every argument the OpenStack provider's schema marks sensitive and a configuration may set", async () => {
    const { readFileSync } = await import("node:fs");
    const { secretArgumentNames, typeSecretArguments } = await import("../../policies/lib/secrets");
    const { providerOf, settable } = await import("../../policies/schema/provider-schema");
    const { schema } = providerOf(JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "providers", "openstack", "schema-3.4.0.json"), "utf8")));
    type Block = {
      attributes?: Record<string, { sensitive?: boolean; optional?: boolean; required?: boolean }>;
      block_types?: Record<string, { block: Block }>;
    };
    const sensitive = (type: string, block: Block): string[] => [
      ...Object.entries(block.attributes ?? {})
        .filter(([, attribute]) => attribute.sensitive && settable(attribute))
        .map(([name]) => name),
      ...Object.values(block.block_types ?? {}).flatMap((nested) => sensitive(type, nested.block)),
    ];
    // Judged by a policy of their own, whatever gives them.
    const ownPolicies = new Set(["openstack_keymanager_secret_v1.payload"]);
    const uncovered = Object.entries(schema.resource_schemas ?? {}).flatMap(([type, { block }]) =>
      sensitive(type, block)
        .filter((name) => !secretArgumentNames.has(name) && !typeSecretArguments[type]?.has(name) && !ownPolicies.has(`${type}.${name}`))
        .map((name) => `${type}.${name}`),
    );
    expect(uncovered).toEqual([]);
    expect(Object.keys(typeSecretArguments).length).toBeGreaterThan(0);
  });
});

describe("k8s-secret-no-literal-data on Secrets of known types", () => {
  const policyId = "k8s-secret-no-literal-data";
  /** Where the policy finds a literal in a file, as `address path`. */
  const flagged = async (file: string): Promise<string[]> =>
    (
      await findingsOf(
        { policyId, kind: "fail", name: "known-types", file },
        allPolicies.filter((policy) => policy.metadata.id === policyId),
      )
    ).map((outcome) => `${outcome.address} ${outcome.path}`);
  /** A file of that name in a folder of its own, holding `text`. */
  const written = (name: string, text: string): string => {
    const file = join(mkdtempSync(join(tmpdir(), "eds-known-secrets-")), name);
    writeFileSync(file, text);
    return file;
  };

  it("flags the credentials of an Argo CD repository Secret, and a setting whose text holds one, not its other settings", async () => {
    expect(await flagged(join(import.meta.dirname, "fixtures", policyId, "fail", "argo-cd-repository-credentials.yaml"))).toEqual([
      "Secret/argocd/bad-private-repository stringData.password",
      "Secret/argocd/bad-proxy-credentials stringData.proxy",
    ]);
  });

  it("flags a TLS Secret's key, not its certificates, which are public", async () => {
    const pem = (label: string) => `-----BEGIN ${label}-----\\nMIIBfakefakefakefake\\n-----END ${label}-----\\n`;
    const terraform = [
      'resource "kubernetes_secret_v1" "bad_tls" {',
      '  metadata {\n    name      = "portal-tls"\n    namespace = "apps"\n  }',
      '  type = "kubernetes.io/tls"',
      `  data = {\n    "tls.crt" = "${pem("CERTIFICATE")}"\n    "ca.crt"  = "${pem("CERTIFICATE")}"\n    "tls.key" = "${pem("PRIVATE KEY")}"\n  }`,
      "}",
    ].join("\n");
    expect(await flagged(written("main.tf", terraform))).toEqual(['kubernetes_secret_v1.bad_tls data["tls.key"]']);
  });

  it("takes PEM certificates alone for public in a Secret of any type, not a certificate with its key", async () => {
    const pem = (label: string) => `-----BEGIN ${label}-----\nMIIBfakefakefakefake\n-----END ${label}-----\n`;
    const secret = (name: string, field: string, data: Record<string, string>) =>
      `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: apps}\ntype: Opaque\n${field}: ${JSON.stringify(data)}\n`;
    const manifests = [
      secret("ca-bundle", "stringData", { "ca.crt": pem("CERTIFICATE") + pem("CERTIFICATE") }),
      secret("ca-bundle-base64", "data", { "ca.crt": Buffer.from(pem("CERTIFICATE")).toString("base64") }),
      secret("bad-pair", "stringData", { "tls.crt": pem("CERTIFICATE") + pem("PRIVATE KEY") }),
      secret("bad-after-text", "stringData", { "client.pem": `password: Xq7-vL2p-Rk9s\n${pem("CERTIFICATE")}` }),
    ].join("---\n");
    expect(await flagged(written("secrets.yaml", manifests))).toEqual([
      'Secret/apps/bad-after-text stringData["client.pem"]',
      'Secret/apps/bad-pair stringData["tls.crt"]',
    ]);
  });

  it("flags a basic authentication Secret's password and a service account token Secret's token, not what names or frames them", async () => {
    const secret = (name: string, type: string, data: Record<string, string>) =>
      `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: apps}\ntype: ${type}\nstringData: ${JSON.stringify(data)}\n`;
    const manifests = [
      secret("bad-basic", "kubernetes.io/basic-auth", { username: "deploy", password: "Xq7-vL2p-Rk9s" }),
      secret("bad-token", "kubernetes.io/service-account-token", { namespace: "apps", token: "eyJhbGciOiJSUzI1NiJ9.fake.fake" }),
      secret("bad-opaque", "Opaque", { username: "deploy" }),
    ].join("---\n");
    expect(await flagged(written("secrets.yaml", manifests))).toEqual([
      "Secret/apps/bad-basic stringData.password",
      "Secret/apps/bad-opaque stringData.username",
      "Secret/apps/bad-token stringData.token",
    ]);
  });
});

describe("no-literal-secret-arguments on a root module's variables", () => {
  it("flags a default that is a literal credential at its line, and a credential inside an object's default at its key", async () => {
    const found = await literalCredentials(
      [
        'variable "admin_password" {',
        '  default = "Example-Passw0rd-not-real"',
        "}",
        'variable "keystone" {',
        '  default = { user = "deployer", password = "another-example-not-real" }',
        "}",
        'variable "ssh_private_key" {',
        '  default = "~/.ssh/id_ed25519"',
        "}",
      ].join("\n"),
      { messages: true },
    );
    expect(found).toEqual([
      'var.admin_password default :2: variable "admin_password" has a literal credential for its default, written in the configuration',
      'var.keystone default.password :5: variable "keystone" has a literal credential in its default (password), written in the configuration',
    ]);
  });

  it("says a default an argument reads once, at the default, naming where it is read", async () => {
    const found = await literalCredentials(
      [
        'variable "db_password" {',
        '  default = "Example-Passw0rd-not-real"',
        "}",
        'resource "openstack_db_user_v1" "app" {',
        '  name        = "app"',
        '  instance_id = "00000000-0000-0000-0000-000000000001"',
        "  password    = var.db_password",
        "}",
        // A literal written in the argument itself is said there.
        'resource "openstack_db_user_v1" "report" {',
        '  name        = "report"',
        '  instance_id = "00000000-0000-0000-0000-000000000001"',
        '  password    = "Another-Example-not-real"',
        "}",
      ].join("\n"),
      { messages: true },
    );
    expect(found).toEqual([
      "openstack_db_user_v1.report password :12: password is a literal credential",
      'var.db_password default :2: variable "db_password" has a literal credential for its default, written in the configuration, and read by openstack_db_user_v1.app password',
    ]);
  });

  it("follows the default through the module calls that pass it on, and not a default of the module's own", async () => {
    const found = await literalCredentials(
      [
        'variable "db_password" {',
        '  default = "Example-Passw0rd-not-real"',
        "}",
        'module "db" {',
        '  source   = "./db"',
        "  password = var.db_password",
        "}",
      ].join("\n"),
      {
        messages: true,
        module: [
          'variable "password" {}',
          'variable "report_password" {',
          '  default = "Module-Default-not-real"',
          "}",
          'resource "openstack_db_user_v1" "app" {',
          '  name        = "app"',
          '  instance_id = "00000000-0000-0000-0000-000000000001"',
          "  password    = var.password",
          "}",
          'resource "openstack_db_user_v1" "report" {',
          '  name        = "report"',
          '  instance_id = "00000000-0000-0000-0000-000000000001"',
          "  password    = var.report_password",
          "}",
        ].join("\n"),
      },
    );
    expect(found).toEqual([
      expect.stringMatching(
        /^module\.db\.openstack_db_user_v1\.report password :13: password is a literal credential \(module\.db's var\.report_password, its default \(\S+\/db\/main\.tf:3\)\)$/,
      ),
      'var.db_password default :2: variable "db_password" has a literal credential for its default, written in the configuration, and read by module.db.openstack_db_user_v1.app password',
    ]);
  });
});

describe("no-credentials-in-local-files", () => {
  it("names each credential a file holds, by the attribute it reads, and nothing public beside it", async () => {
    expect(await findingsOnFixture("no-credentials-in-local-files", "kubeconfig-and-keys-on-disk")).toEqual([
      "violation local_file.bad_kubeconfig: the file holds openstack_containerinfra_cluster_v1.k8s.kubeconfig, written in clear on the machine that applies",
      "violation local_file.bad_rendered: the file holds openstack_compute_keypair_v2.admin.private_key, written in clear on the machine that applies",
      "violation local_sensitive_file.bad_ssh_key: the file holds tls_private_key.ssh.private_key_openssh, written in clear on the machine that applies",
    ]);
  });
});

describe("k8s-secret-no-literal-data on a Secret of manifests or overlays", () => {
  it("passes what holds no credential and no Secret, and flags a key whose manifests hold a Secret or whose text a password", async () => {
    expect(await findingsOnFixture("k8s-secret-no-literal-data", "credentials-among-overlays")).toEqual([
      "violation Secret/tap-install/bad-overlays: key registry-secret.yml holds a literal value (not shown)",
      "violation Secret/tap-install/bad-overlays: key settings.yml holds a literal value (not shown)",
    ]);
    expect(await findingsOnFixture("k8s-secret-no-literal-data", "package-overlays-in-a-secret")).toEqual([]);
  });
});
