import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkPaths } from "../../policies/check";
import type { InputProblem } from "../../policies/engine/model";
import { readConfigurations } from "../../policies/inputs/read";
import { fixtureSettings } from "./fixture-runner";
import { describe, expect, it } from "vitest";
import { type BlockLines, argumentLine, blockOfPath, lineOf } from "../../policies/inputs/block-lines";
import { jsonBlockLines } from "../../policies/inputs/json-lines";
import { parseHclFile } from "../../policies/inputs/hcl-file";

/** A module's folder with its files, by name. */
function moduleFolder(prefix: string, files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return root;
}

describe("the lines of the blocks", () => {
  /** The lines of the given addresses, and of their second block where asked with "#2". */
  const linesOf = (lines: BlockLines, addresses: readonly string[]) =>
    Object.fromEntries(addresses.map((address) => [address, address.endsWith("#2") ? lineOf(lines, address.slice(0, -2), 1) : lineOf(lines, address)]));

  it("are kept by the HCL reader for every top-level block, its second of one address, and each local value, whatever the spacing", () => {
    const text = [
      "terraform {}",
      "",
      'resource "openstack_networking_secgroup_v2" "web" {',
      '  name = "web"',
      "  user_data = <<EOT",
      'resource "not" "a_block" {',
      "EOT",
      "}",
      '  data  "openstack_images_image_v2"   "debian" {',
      "}",
      'provider "openstack" {}',
      'provider "openstack" { alias = "second" }',
      "resource openstack_compute_instance_v2 bare_labels {}",
      'module "network" { source = "./network" }',
      'variable "name" {}',
      "locals {",
      "  first = 1",
      "  second = {",
      "    nested = 2",
      "  }",
      "}",
      "locals { third = 3 }",
      'output "name" { value = 1 }',
      'resource "openstack_networking_secgroup_v2" "web" {}',
      "moved {",
      "}",
      "terraform {}",
    ].join("\n");
    const { lines } = parseHclFile(text);
    expect(
      linesOf(lines, [
        "terraform",
        "terraform#2",
        "openstack_networking_secgroup_v2.web",
        "openstack_networking_secgroup_v2.web#2",
        "data.openstack_images_image_v2.debian",
        "provider.openstack",
        "provider.openstack#2",
        "openstack_compute_instance_v2.bare_labels",
        "module.network",
        "var.name",
        "local.first",
        "local.second",
        "local.nested",
        "local.third",
        "output.name",
        "moved",
        "not.a_block",
      ]),
    ).toEqual({
      terraform: 1,
      "terraform#2": 27,
      "openstack_networking_secgroup_v2.web": 3,
      "openstack_networking_secgroup_v2.web#2": 24,
      "data.openstack_images_image_v2.debian": 9,
      "provider.openstack": 11,
      "provider.openstack#2": 12,
      "openstack_compute_instance_v2.bare_labels": 13,
      "module.network": 14,
      "var.name": 15,
      "local.first": 17,
      "local.second": 18,
      "local.nested": undefined,
      "local.third": 22,
      "output.name": 23,
      moved: 25,
      "not.a_block": undefined,
    });
  });

  it("are found in pretty-printed JSON for the top-level blocks and local values, and not in a minified file", () => {
    const document = {
      variable: { web: { default: "x" } },
      resource: { openstack_networking_secgroup_v2: { web: { name: "web" }, db: { name: "db" } } },
      data: { openstack_images_image_v2: { debian: { name: "debian" } } },
      locals: { scalar: 1, object: { name: "db" } },
      bogus: {},
    };
    const text = JSON.stringify(document, null, 2);
    expect(
      linesOf(jsonBlockLines(text), [
        "var.web",
        "openstack_networking_secgroup_v2.web",
        "openstack_networking_secgroup_v2.db",
        "data.openstack_images_image_v2.debian",
        "local.scalar",
        "local.object",
        "local.name",
        "bogus",
      ]),
    ).toEqual({
      "var.web": 3,
      "openstack_networking_secgroup_v2.web": 9,
      "openstack_networking_secgroup_v2.db": 12,
      "data.openstack_images_image_v2.debian": 19,
      "local.scalar": 25,
      "local.object": 26,
      "local.name": undefined,
      bogus: 30,
    });
    expect(jsonBlockLines(JSON.stringify(document)).size).toBe(0);
  });

  it("name the block a path of a value starts in", () => {
    expect(
      [
        "openstack_x.web.user_data",
        'openstack_x.web["a"].name',
        "data.openstack_y.db.name",
        "variable.v.validation[0]",
        "local.l",
        "module.m.source",
        "output.o",
      ].map(blockOfPath),
    ).toEqual(["openstack_x.web", "openstack_x.web", "data.openstack_y.db", "var.v", "local.l", "module.m", "output.o"]);
  });
});

describe("the lines of a resource's arguments", () => {
  const { lines } = parseHclFile(
    [
      'resource "openstack_compute_secgroup_v2" "web" {', // 1
      '  name   = "web"',
      "  labels = { a = 1 }",
      "  rule {",
      '    cidr = "192.0.2.0/24"', // 5
      "  }",
      '  rule { cidr = "0.0.0.0/0" }',
      '  dynamic "rule" {',
      "    for_each = var.cidrs",
      "    content {", // 10
      "      cidr = rule.value",
      "      name = rule.key",
      "    }",
      "  }",
      "}", // 15
      'data "openstack_images_image_v2" "debian" {',
      '  name = "debian"',
      "}",
    ].join("\n"),
  );
  const at = (address: string, path: string) => argumentLine(lines, address, path);

  it("are kept for each argument and nested block, by index as blocks are written, a map key at its argument", () => {
    expect(["name", "rule[0]", "rule[0].cidr", "rule[1].cidr", "labels.a", "labels"].map((path) => at("openstack_compute_secgroup_v2.web", path))).toEqual([
      2, 4, 5, 7, 3, 3,
    ]);
    expect(at("data.openstack_images_image_v2.debian", "name")).toBe(17);
  });

  it("find what a dynamic block made at its content, and nothing for an argument not written", () => {
    expect(at("openstack_compute_secgroup_v2.web", "rule[2].cidr")).toBe(11);
    // A block written that leaves the argument out is found at its own line, not at the dynamic block's argument.
    expect(at("openstack_compute_secgroup_v2.web", "rule[0].name")).toBe(4);
    expect(at("openstack_compute_secgroup_v2.web", "rule[2]")).toBe(8);
    expect(at("openstack_compute_secgroup_v2.web", "labels[0].a")).toBe(3);
    expect(at("openstack_compute_secgroup_v2.web", "description")).toBeUndefined();
    expect(at("openstack_compute_secgroup_v2.other", "name")).toBeUndefined();
  });

  it("keep a labelled block's under its label, each of its type by index: a resource's provisioners", () => {
    const { lines: provisioned } = parseHclFile(
      [
        'resource "terraform_data" "install" {',
        '  provisioner "local-exec" {',
        '    command = "echo one"',
        "  }",
        '  provisioner "remote-exec" {', // 5
        '    inline = ["echo two"]',
        "  }",
        '  provisioner "local-exec" {',
        '    command = "echo three"',
        "  }", // 10
        "}",
      ].join("\n"),
    );
    const paths = ["provisioner.local-exec[0].command", "provisioner.remote-exec[0].inline", "provisioner.local-exec[1].command"];
    expect(paths.map((path) => argumentLine(provisioned, "terraform_data.install", path))).toEqual([3, 6, 9]);
  });
});

describe("the lines of a resource's arguments in the JSON form", () => {
  const text = [
    "{",
    '  "resource": {',
    '    "openstack_compute_secgroup_v2": {',
    '      "web": {', // 4
    '        "name": "web",',
    '        "labels": { "a": 1, "two words": 2 },',
    '        "rule": [',
    "          {",
    '            "cidr": "192.0.2.0/24"', // 9
    "          },",
    '          { "cidr": "0.0.0.0/0" }',
    "        ],",
    '        "metadata": {',
    '          "name": "web"', // 14
    "        },",
    '        "dynamic": {',
    '          "rule": {',
    '            "for_each": "${var.cidrs}",',
    '            "content": {', // 19
    '              "cidr": "${rule.value}"',
    "            }",
    "          }",
    "        }",
    "      }", // 24
    "    }",
    "  },",
    '  "data": {',
    '    "openstack_images_image_v2": {',
    '      "debian": [', // 29
    '        { "name": "debian" }',
    "      ],",
    '      "other": {',
    '        "volume": "${var.volume}",', // 33
    '        "matrix": [[1, "]"], [',
    "          2,",
    '          { "with \\"quotes\\"": true }', // 36
    "        ]]",
    "      }",
    "    }",
    "  }",
    "}",
  ].join("\n");
  const lines = jsonBlockLines(text);
  const at = (address: string, path: string) => argumentLine(lines, address, path);

  it("are found as the native syntax's are: each key, each element of a list of blocks, a map's key at its key", () => {
    expect(
      ["name", "labels", "labels.a", 'labels["two words"]', "rule[0]", "rule[0].cidr", "rule[1].cidr"].map((path) =>
        at("openstack_compute_secgroup_v2.web", path),
      ),
    ).toEqual([5, 6, 6, 6, 8, 9, 11]);
    expect(at("data.openstack_images_image_v2.debian", "name")).toBe(30);
  });

  it("find a block written as one object at its index 0, what a dynamic block made at its content, and nothing for an argument not written", () => {
    expect(at("openstack_compute_secgroup_v2.web", "metadata[0].name")).toBe(14);
    expect(at("openstack_compute_secgroup_v2.web", "metadata[0].namespace")).toBe(13);
    expect(at("openstack_compute_secgroup_v2.web", "rule[2].cidr")).toBe(20);
    expect(at("openstack_compute_secgroup_v2.web", "rule[2]")).toBe(17);
    expect(at("openstack_compute_secgroup_v2.web", "rule[0].name")).toBe(8);
    expect(at("openstack_compute_secgroup_v2.web", "description")).toBeUndefined();
    expect(at("openstack_compute_secgroup_v2.other", "name")).toBeUndefined();
  });

  it("find a block given by an expression at its argument, and the elements of nested lists and keys with escapes", () => {
    expect(at("data.openstack_images_image_v2.other", "volume[0].size")).toBe(33);
    expect(at("data.openstack_images_image_v2.other", "matrix[1][1]")).toBe(36);
    expect(at("data.openstack_images_image_v2.other", 'matrix[1][1]["with \\"quotes\\""]')).toBe(36);
    expect(at("data.openstack_images_image_v2.other", "matrix[0][1]")).toBe(34);
    expect(at("data.openstack_images_image_v2.other", "matrix[1][0]")).toBe(35);
    expect(at("data.openstack_images_image_v2.other", "matrix[2]")).toBe(34);
  });

  it("are found for an output's arguments too, in either syntax, where a problem with its value is reported", async () => {
    const output = { description: "the admin network", value: "${var.admin_cdir}" };
    const json = moduleFolder("eds-json-output-lines-", {
      "main.tf.json": JSON.stringify({ variable: { admin_cidr: {} }, output: { admin: output } }, null, 2),
    });
    const native = moduleFolder("eds-output-lines-", {
      "main.tf": 'variable "admin_cidr" {}\noutput "admin" {\n  description = "the admin network"\n  value       = var.admin_cdir\n}\n',
    });
    const problemLines = async (folder: string) => {
      const problems: InputProblem[] = [];
      await readConfigurations([folder], problems);
      return problems.map((problem) => `${problem.line}: ${problem.message.replace(/ \(.*/, "")}`);
    };
    expect(await problemLines(json)).toEqual(["8: output.admin.value: var.admin_cdir is not declared"]);
    expect(await problemLines(native)).toEqual(["4: output.admin.value: var.admin_cdir is not declared"]);
  });

  it("are found for a module call's arguments too, where a problem with an input is reported", async () => {
    const module = { source: "./m", name: "x", count: 1, for_each: { a: "b" } };
    expect(argumentLine(jsonBlockLines(JSON.stringify({ module: { m: module } }, null, 2)), "module.m", "for_each")).toBe(7);
    const root = moduleFolder("eds-json-module-lines-", { "main.tf.json": JSON.stringify({ module: { m: module } }, null, 2) });
    mkdirSync(join(root, "m"));
    writeFileSync(join(root, "m", "main.tf"), 'variable "name" {}\n');
    const problems: InputProblem[] = [];
    await readConfigurations([root], problems);
    expect(problems.map((problem) => `${problem.line}: ${problem.message}`)).toEqual([
      "7: module.m: count and for_each cannot be used together (Terraform refuses the block)",
    ]);
  });

  it("are none in a minified file, whose blocks have no lines either", () => {
    const minified = jsonBlockLines(JSON.stringify(JSON.parse(text.replace(/"\$\{[^"]*\}"/g, '"x"'))));
    expect(argumentLine(minified, "openstack_compute_secgroup_v2.web", "name")).toBeUndefined();
  });
});

/** Checks a module's folder; gives a function of a policy's violations there, as `address file:line`, the file from the folder. */
async function violationPlaces(root: string): Promise<(policyId: string) => string[]> {
  const run = await checkPaths([root], { settings: fixtureSettings });
  return (policyId) =>
    run.outcomes.filter((o) => o.policyId === policyId && o.status === "violation").map((o) => `${o.address} ${o.file.slice(root.length + 1)}:${o.line}`);
}

describe("findings", () => {
  it("point at the file and line of the argument they name", async () => {
    const file = join(import.meta.dirname, "fixtures", "provider-schema-conformance", "fail", "values-terraform-cannot-convert.tf");
    const run = await checkPaths([file], { settings: fixtureSettings });
    const mtu = run.outcomes.find((o) => o.policyId === "provider-schema-conformance" && o.address === "openstack_networking_network_v2.bad_mtu");
    expect(mtu).toMatchObject({ line: 14, path: "mtu" });
    expect(mtu?.file).toMatch(/values-terraform-cannot-convert\.tf$/);
  });

  it("point at the argument in the JSON form, in a block written as one object or in a list of blocks", async () => {
    const root = moduleFolder("eds-json-argument-lines-", {
      "main.tf.json": JSON.stringify(
        {
          resource: {
            openstack_networking_secgroup_rule_v2: {
              ssh: {
                count: 2,
                direction: "ingress",
                protocol: "tcp",
                port_range_min: 22,
                port_range_max: 22,
                remote_ip_prefix: "0.0.0.0/0",
                security_group_id: "7d2c5a9e-0000-4000-8000-000000000001",
              },
            },
            kubernetes_pod_v1: {
              web: {
                metadata: { name: "web", namespace: "apps" },
                spec: { container: [{ name: "web", image: "registry.example.fr/web:1", security_context: { privileged: true } }] },
              },
            },
          },
        },
        null,
        2,
      ),
    });
    const places = await violationPlaces(root);
    expect(places("secgroup-no-public-ssh")).toEqual([
      "openstack_networking_secgroup_rule_v2.ssh[0] main.tf.json:10",
      "openstack_networking_secgroup_rule_v2.ssh[1] main.tf.json:10",
    ]);
    expect(places("k8s-no-privileged")).toEqual(["kubernetes_pod_v1.web main.tf.json:26"]);
  });

  it("point at the argument in a module's resource, of each instance, and at the key of a manifest's field", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-argument-lines-"));
    mkdirSync(join(root, "rules"));
    writeFileSync(join(root, "main.tf"), 'module "rules" {\n  source = "./rules"\n}\n');
    writeFileSync(
      join(root, "rules", "main.tf"),
      [
        'resource "openstack_networking_secgroup_rule_v2" "ssh" {',
        '  for_each          = toset(["a", "b"])',
        '  direction         = "ingress"',
        '  protocol          = "tcp"',
        "  port_range_min    = 22",
        "  port_range_max    = 22",
        '  remote_ip_prefix  = "0.0.0.0/0"',
        '  security_group_id = "7d2c5a9e-0000-4000-8000-000000000001"',
        "}",
        'resource "kubernetes_manifest" "pod" {',
        "  manifest = {",
        '    apiVersion = "v1"',
        '    kind       = "Pod"',
        '    metadata   = { name = "p", namespace = "apps" }',
        '    spec       = { hostNetwork = true, containers = [{ name = "c", image = "registry.example.fr/c:1" }] }',
        "  }",
        "}",
      ].join("\n"),
    );
    const lines = await violationPlaces(root);
    expect(lines("secgroup-no-public-ssh")).toEqual([
      'module.rules.openstack_networking_secgroup_rule_v2.ssh["a"] rules/main.tf:7',
      'module.rules.openstack_networking_secgroup_rule_v2.ssh["b"] rules/main.tf:7',
    ]);
    // At the key of the object that writes the field.
    expect(lines("k8s-no-host-namespaces")).toEqual(["module.rules.kubernetes_manifest.pod rules/main.tf:15"]);
  });

  it("point at the line of a manifest's field in the file its text is read or decoded from, and at the argument when its lines are not the file's", async () => {
    const pod = (name: string, image = "registry.example.fr/web:1.0") =>
      [
        "# a pod",
        "apiVersion: v1",
        "kind: Pod",
        "metadata:",
        `  name: ${name}`,
        "  namespace: apps",
        "spec:",
        "  containers:",
        "    - name: web",
        `      image: ${image}`,
        "      securityContext:",
        "        privileged: true",
        "",
      ].join("\n");
    const binding = [
      "apiVersion: rbac.authorization.k8s.io/v1",
      "kind: ClusterRoleBinding",
      "metadata:",
      "  name: admins",
      "roleRef:",
      "  apiGroup: rbac.authorization.k8s.io",
      "  kind: ClusterRole",
      "  name: cluster-admin",
      "subjects:",
      "  - kind: Group",
      "    name: ops",
      "    apiGroup: rbac.authorization.k8s.io",
      "",
    ].join("\n");
    const root = moduleFolder("eds-decoded-lines-", {
      "main.tf": [
        'terraform {\n  backend "s3" {}\n}',
        'resource "kubernetes_manifest" "direct" {\n  manifest = yamldecode(file("${path.module}/pod.yaml"))\n}',
        'resource "kubectl_manifest" "body" {\n  yaml_body = file("${path.module}/body.yaml")\n}',
        'resource "kubernetes_manifest" "json" {\n  manifest = jsondecode(file("${path.module}/pod.json"))\n}',
        'resource "kubernetes_manifest" "templated" {\n  manifest = yamldecode(templatefile("${path.module}/pod.yaml.tpl", { image = "registry.example.fr/web:2.0" }))\n}',
        'resource "kubernetes_manifest" "looped" {\n  manifest = yamldecode(templatefile("${path.module}/loop.yaml.tpl", { names = ["a", "b"] }))\n}',
        'resource "kubernetes_manifest" "docs" {\n  for_each = { for i, doc in split("\\n---\\n", file("${path.module}/all.yaml")) : i => doc }\n  manifest = yamldecode(each.value)\n}',
        'module "app" {\n  source = "./app"\n}',
        'resource "kubernetes_manifest" "twin_a" {\n  manifest = yamldecode(file("${path.module}/twin-a.yaml"))\n}',
        // The local provider's file, read at plan.
        'data "local_file" "pod" {\n  filename = "${path.module}/local.yaml"\n}\nresource "kubernetes_manifest" "local" {\n  manifest = yamldecode(data.local_file.pod.content)\n}',
        // The Kubernetes provider's functions (Terraform 1.8+).
        'resource "kubernetes_manifest" "decoded" {\n  manifest = provider::kubernetes::manifest_decode(file("${path.module}/pod.yaml"))\n}',
        'resource "kubernetes_manifest" "multi" {\n  for_each = { for m in provider::kubernetes::manifest_decode_multi(file("${path.module}/all.yaml")) : m.metadata.name => m }\n  manifest = each.value\n}',
        'resource "kubernetes_manifest" "twin_b" {\n  manifest = yamldecode(file("${path.module}/twin-b.yaml"))\n}',
      ].join("\n"),
      "pod.yaml": pod("direct"),
      "body.yaml": pod("body"),
      "pod.yaml.tpl": pod("templated", "${image}"),
      // A directive repeats lines: the rendered lines are not the template's.
      "loop.yaml.tpl": pod("looped").replace("  namespace: apps", '  namespace: apps\n  labels:\n%{ for n in names ~}\n    ${n}: "yes"\n%{ endfor ~}'),
      "pod.json": JSON.stringify(
        {
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: "json", namespace: "apps" },
          spec: { containers: [{ name: "web", image: "registry.example.fr/web:1.0", securityContext: { privileged: true } }] },
        },
        null,
        2,
      ),
      "all.yaml": `${pod("first")}---\n${binding}---\n${pod("third")}`,
      // Written the same in two files: placed in neither.
      "local.yaml": pod("local"),
      "twin-a.yaml": pod("twin"),
      "twin-b.yaml": pod("twin"),
    });
    mkdirSync(join(root, "app"));
    writeFileSync(join(root, "app", "main.tf"), 'resource "kubernetes_manifest" "m" {\n  manifest = yamldecode(file("${path.module}/pod.yaml"))\n}\n');
    writeFileSync(join(root, "app", "pod.yaml"), pod("in-module"));
    const places = await violationPlaces(root);
    expect(places("k8s-no-privileged")).toEqual([
      "kubectl_manifest.body body.yaml:12",
      "kubernetes_manifest.decoded pod.yaml:12",
      "kubernetes_manifest.direct pod.yaml:12",
      'kubernetes_manifest.docs["0"] all.yaml:12',
      'kubernetes_manifest.docs["2"] all.yaml:38',
      "kubernetes_manifest.json pod.json:14",
      "kubernetes_manifest.local local.yaml:12",
      "kubernetes_manifest.looped main.tf:17",
      'kubernetes_manifest.multi["first"] all.yaml:12',
      'kubernetes_manifest.multi["third"] all.yaml:38',
      "kubernetes_manifest.templated pod.yaml.tpl:12",
      "kubernetes_manifest.twin_a main.tf:27",
      "kubernetes_manifest.twin_b main.tf:43",
      "module.app.kubernetes_manifest.m app/pod.yaml:12",
    ]);
    // A field the manifest leaves unset: at its nearest written parent.
    expect(places("k8s-no-service-account-token").slice(0, 2)).toEqual(["kubectl_manifest.body body.yaml:7", "kubernetes_manifest.decoded pod.yaml:7"]);
    expect(places("k8s-no-cluster-admin-binding")).toEqual(['kubernetes_manifest.docs["1"] all.yaml:24', 'kubernetes_manifest.multi["admins"] all.yaml:24']);
  });

  it("point at the line of a manifest's field in the document the kubectl provider's data sources cut of a file", async () => {
    const documents = [
      "# privileged",
      "apiVersion: v1",
      "kind: Pod",
      "metadata:",
      "  name: web",
      "  namespace: apps",
      "spec:",
      "  containers:",
      "    - name: web",
      "      image: registry.example.fr/web:1.0",
      "      securityContext:",
      "        privileged: true",
      "--- # the binding",
      "",
      "apiVersion: rbac.authorization.k8s.io/v1",
      "kind: ClusterRoleBinding",
      "metadata:",
      "  name: admins",
      "roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }",
      "subjects:",
      "  - { kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io }",
      "",
    ].join("\n");
    const root = moduleFolder("eds-documents-lines-", {
      "main.tf": [
        'terraform {\n  backend "s3" {}\n}',
        'data "kubectl_file_documents" "docs" {\n  content = file("${path.module}/all.yaml")\n}',
        'resource "kubectl_manifest" "by_link" {\n  for_each  = data.kubectl_file_documents.docs.manifests\n  yaml_body = each.value\n}',
        'resource "kubectl_manifest" "by_index" {\n  count     = length(data.kubectl_file_documents.docs.documents)\n  yaml_body = element(data.kubectl_file_documents.docs.documents, count.index)\n}',
        'data "kubectl_path_documents" "rendered" {\n  pattern = "${path.module}/*.yaml.tpl"\n  vars    = { image = "registry.example.fr/web:2.0", binding = "admins-test" }\n}',
        'resource "kubectl_manifest" "rendered" {\n  count     = length(data.kubectl_path_documents.rendered.documents)\n  yaml_body = data.kubectl_path_documents.rendered.documents[count.index]\n}',
      ].join("\n"),
      "all.yaml": documents,
      "all.yaml.tpl": documents.replace("registry.example.fr/web:1.0", "${image}").replace("name: admins", "name: ${binding}"),
    });
    const places = await violationPlaces(root);
    expect(places("k8s-no-privileged")).toEqual([
      "kubectl_manifest.by_index[0] all.yaml:12",
      'kubectl_manifest.by_link["/api/v1/namespaces/apps/pods/web"] all.yaml:12',
      "kubectl_manifest.rendered[0] all.yaml.tpl:12",
    ]);
    expect(places("k8s-no-cluster-admin-binding")).toEqual([
      "kubectl_manifest.by_index[1] all.yaml:21",
      'kubectl_manifest.by_link["/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/admins"] all.yaml:21',
      "kubectl_manifest.rendered[1] all.yaml.tpl:21",
    ]);
  });

  it("point at the line of a secret in user data or a config map's value a function reads from a file, and at the argument where the text sent has other lines", async () => {
    const script = "#!/bin/sh\necho start\nredis-cli -a example-only ping\n";
    const instance = (name: string, argument: string) => `resource "openstack_compute_instance_v2" "${name}" {\n  name = "${name}"\n  ${argument}\n}`;
    const root = moduleFolder("eds-user-data-lines-", {
      "main.tf": [
        instance("script", 'user_data = file("${path.module}/init.sh")'),
        instance("templated", 'user_data = templatefile("${path.module}/cloud.yaml.tpl", { name = "web" })'),
        instance("injected", 'personality {\n    file    = "/etc/app.env"\n    content = file("${path.module}/app.env")\n  }'),
        // Sent in base64, decoded by Nova: the lines the instance gets are not the file's.
        instance("encoded", 'user_data = base64encode(file("${path.module}/init.sh"))'),
        'resource "kubernetes_config_map_v1" "settings" {',
        '  metadata {\n    name      = "settings"\n    namespace = "apps"\n  }',
        '  data = {\n    "app.env" = file("${path.module}/app.env")\n  }',
        '  binary_data = {\n    "app.bin" = filebase64("${path.module}/app.env")\n  }',
        "}",
      ].join("\n"),
      "init.sh": script,
      "cloud.yaml.tpl":
        "#cloud-config\nhostname: ${name}\nwrite_files:\n  - path: /etc/app.env\n    content: |\n      API_TOKEN=example-only-token-0123456789\n",
      "app.env": "# app\nDB_PASSWORD=example-only-password\n",
    });
    const run = await checkPaths([root], { settings: fixtureSettings });
    const places = run.outcomes
      .filter((o) => ["instance-user-data-no-secrets", "k8s-configmap-no-secrets"].includes(o.policyId) && o.status === "violation")
      .map((o) => `${o.address} ${o.file.slice(root.length + 1)}:${o.line} ${o.message}`);
    expect(places).toEqual([
      // binary_data is sent in base64: at its key.
      "kubernetes_config_map_v1.settings main.tf:29 binary_data key app.bin holds a password or token assignment (key DB_PASSWORD, line 2 of the value) (not shown)",
      "kubernetes_config_map_v1.settings app.env:2 data key app.env holds a password or token assignment (key DB_PASSWORD, line 2 of the value) (not shown)",
      "openstack_compute_instance_v2.encoded main.tf:18 user_data contains a literal password given to redis-cli by -a (line 3 of the user data)",
      "openstack_compute_instance_v2.injected app.env:2 the file injected at /etc/app.env contains a password or token assignment (key DB_PASSWORD, line 2 of the file)",
      "openstack_compute_instance_v2.script init.sh:3 user_data contains a literal password given to redis-cli by -a (line 3 of the user data)",
      "openstack_compute_instance_v2.templated cloud.yaml.tpl:6 user_data contains a password or token assignment (key API_TOKEN, line 6 of the user data)",
    ]);
  });

  it("point at the chart value a release's values read from a file or encoded from an object write last, or at the setting that names it", async () => {
    const release = (name: string, body: string) =>
      `resource "helm_release" "${name}" {\n  name       = "${name}"\n  repository = "oci://registry.example.fr/charts"\n  chart      = "postgresql"\n  version    = "1.2.3"\n${body}\n}`;
    const root = moduleFolder("eds-chart-value-lines-", {
      "main.tf": [
        release("from_file", '  values = [file("${path.module}/values.yaml")]'),
        // The later document writes it again: Helm keeps the later.
        release("written_again", '  values = [yamlencode({ auth = { password = "example-only-1" } }), file("${path.module}/values.yaml")]'),
        release("set", '  values = [file("${path.module}/values.yaml")]\n  set {\n    name  = "auth.password"\n    value = "example-only-2"\n  }'),
        release("heredoc", "  values = [<<-EOT\n    auth:\n      password: example-only-4\n  EOT\n  ]"),
        // An object the file writes, encoded: at its key, a quoted one or in a list too.
        release(
          "encoded",
          '  values = [\n    yamlencode({\n      primary = { persistence = { size = "10Gi" } }\n      "auth" = {\n        password = "example-only-5"\n      }\n    }),\n    jsonencode({ users = [{ name = "app" }, {\n      password = "example-only-6" }] })\n  ]',
        ),
        // Keys a function gives are written nowhere: at the document.
        release("merged", '  values = [yamlencode(merge({}, {\n    auth = { password = "example-only-7" }\n  }))]'),
      ].join("\n"),
      "values.yaml": "# values\nprimary:\n  persistence:\n    enabled: true\nauth:\n  username: app\n  password: example-only-3\n",
    });
    const run = await checkPaths([root], { settings: fixtureSettings });
    const places = run.outcomes
      .filter((o) => o.policyId === "no-literal-secret-arguments" && o.status === "violation")
      .map((o) => `${o.address} ${o.path} ${o.file.slice(root.length + 1)}:${o.line}`);
    expect(places).toEqual([
      "helm_release.encoded values[0] main.tf:46",
      "helm_release.encoded values[1] main.tf:50",
      "helm_release.from_file values[0] values.yaml:7",
      "helm_release.heredoc values[0] main.tf:33",
      "helm_release.merged values[0] main.tf:58",
      "helm_release.set set[0].value main.tf:23",
      "helm_release.written_again values[1] values.yaml:7",
    ]);
  });

  it("point at the key of a manifest's field in the object yamlencode encodes, or at its nearest written parent", async () => {
    const root = moduleFolder("eds-encoded-manifest-lines-", {
      "main.tf": [
        'resource "kubectl_manifest" "pod" {',
        "  yaml_body = yamlencode({",
        '    apiVersion = "v1"',
        '    kind       = "Pod"',
        '    metadata   = { name = "web", namespace = "apps" }', // 5
        "    spec = {",
        "      containers = [{",
        '        name            = "web"',
        '        image           = "registry.example.fr/web:1.0"',
        "        securityContext = { privileged = true }", // 10
        "      }]",
        "    }",
        "  })",
        "}",
      ].join("\n"),
    });
    const places = await violationPlaces(root);
    expect(places("k8s-no-privileged")).toEqual(["kubectl_manifest.pod main.tf:10"]);
    expect(places("k8s-read-only-root-filesystem")).toEqual(["kubectl_manifest.pod main.tf:10"]);
    // The fields of a container not written: at the container, their nearest written parent.
    expect(places("k8s-resource-limits")).toEqual(["kubectl_manifest.pod main.tf:7", "kubectl_manifest.pod main.tf:7"]);
  });

  it("point at the line of a manifest's field, or of a secret, in a heredoc of the .tf file", async () => {
    const pod = (name: string, image: string, indent: string) =>
      [
        "apiVersion: v1",
        "kind: Pod",
        "metadata:",
        `  name: ${name}`,
        "  namespace: apps",
        "spec:",
        "  containers:",
        "    - name: web",
        `      image: ${image}`,
        "      securityContext:",
        "        privileged: true",
      ]
        .map((line) => `${indent}${line}`)
        .join("\n");
    const root = moduleFolder("eds-heredoc-lines-", {
      "main.tf": [
        'terraform {\n  backend "s3" {}\n}',
        'variable "image" {\n  type    = string\n  default = "registry.example.fr/web:1.0"\n}',
        // Lines 8 to 22: read as written, the resource needs no evaluation.
        `resource "kubectl_manifest" "literal" {\n  yaml_body = <<YAML\n${pod("literal", "registry.example.fr/web:1.0", "")}\nYAML\n}`,
        // Lines 23 to 37: a flush heredoc that interpolates a value of one line.
        `resource "kubectl_manifest" "templated" {\n  yaml_body = <<-YAML\n${pod("templated", "${var.image}", "    ")}\n  YAML\n}`,
        // Lines 38 to 54: decoded inside the expression, of a resource with instances.
        `resource "kubernetes_manifest" "decoded" {\n  count    = 1\n  manifest = yamldecode(<<-EOT\n${pod("decoded", "registry.example.fr/web:1.0", "    ")}\n  EOT\n  )\n}`,
        // Lines 55 to 61: user data.
        'resource "openstack_compute_instance_v2" "vm" {\n  name      = "vm"\n  user_data = <<-EOT\n    #!/bin/sh\n    redis-cli -a example-only ping\n  EOT\n}',
        // Lines 62 to 75: the same heredoc twice, placed in neither.
        ...["twin_a", "twin_b"].map(
          (name) =>
            `resource "openstack_compute_instance_v2" "${name}" {\n  name      = "${name}"\n  user_data = <<-EOT\n    #!/bin/sh\n    redis-cli -a example-only-twin ping\n  EOT\n}`,
        ),
      ].join("\n"),
    });
    const places = await violationPlaces(root);
    expect(places("k8s-no-privileged")).toEqual([
      "kubectl_manifest.literal main.tf:20",
      "kubectl_manifest.templated main.tf:35",
      "kubernetes_manifest.decoded[0] main.tf:51",
    ]);
    expect(places("instance-user-data-no-secrets")).toEqual([
      "openstack_compute_instance_v2.twin_a main.tf:64",
      "openstack_compute_instance_v2.twin_b main.tf:71",
      "openstack_compute_instance_v2.vm main.tf:59",
    ]);
  });

  it("point at the key of an object the argument writes, in lists too, or at the element or key nearest to a field left unset", async () => {
    const root = moduleFolder("eds-object-key-lines-", {
      "main.tf": [
        'resource "kubernetes_manifest" "pod" {',
        "  manifest = {",
        '    apiVersion = "v1"',
        '    kind       = "Pod"',
        '    metadata   = { name = "web", namespace = "apps", labels = { "app.kubernetes.io/name" = "web" } }',
        "    spec = {",
        "      containers = [",
        "        {",
        '          name  = "web"',
        '          image = "registry.example.fr/web:1.0"',
        "          securityContext = {",
        "            privileged = true",
        "          }",
        "        }",
        "      ]",
        "    }",
        "  }",
        "}",
      ].join("\n"),
    });
    const places = await violationPlaces(root);
    expect(places("k8s-no-privileged")).toEqual(["kubernetes_manifest.pod main.tf:12"]);
    expect(places("k8s-image-pinned-digest")).toEqual(["kubernetes_manifest.pod main.tf:10"]);
    // Unset under securityContext: its key; unset in the container: the element; in the pod: spec.
    expect(places("k8s-no-privilege-escalation")).toEqual(["kubernetes_manifest.pod main.tf:11"]);
    expect(places("k8s-resource-limits")).toEqual(["kubernetes_manifest.pod main.tf:8", "kubernetes_manifest.pod main.tf:8"]);
    expect(places("k8s-no-service-account-token")).toEqual(["kubernetes_manifest.pod main.tf:6"]);
  });

  it("point at the file of the terraform block that holds the state encryption, not at the module's first file", async () => {
    const root = moduleFolder("eds-encryption-place-", {
      "a.tf": 'resource "terraform_data" "x" {}\n',
      "z.tf": [
        'variable "passphrase" {\n  type      = string\n  sensitive = true\n}',
        "terraform {",
        "  encryption {",
        '    key_provider "pbkdf2" "k" {\n      passphrase = var.passphrase\n    }',
        '    method "unencrypted" "migrate" {}',
        '    method "aes_gcm" "m" {\n      keys = key_provider.pbkdf2.k\n    }',
        "    state {\n      method   = method.aes_gcm.m\n      enforced = true\n    }",
        "    plan {\n      method   = method.unencrypted.migrate\n      enforced = true\n    }",
        "  }",
        "}",
      ].join("\n"),
    });
    const run = await checkPaths([root], { settings: fixtureSettings });
    const plan = run.outcomes.filter((o) => o.policyId === "state-encrypted-client-side" && o.status === "violation");
    expect(plan.map((o) => `${o.file.split("/").pop()}:${o.line} ${o.path}: ${o.message}`)).toEqual([
      "z.tf:19 plan.method: the plan target's method method.unencrypted.migrate is unencrypted: saved plans would be written in plaintext",
    ]);
  });

  it("point at the argument of the encryption block or the backend they name, in a file's later terraform block too, in both syntaxes", async () => {
    const encryption = {
      key_provider: { pbkdf2: { k: { passphrase: "example-only-not-a-passphrase" } } },
      method: { aes_gcm: { m: { keys: "${key_provider.pbkdf2.k}" } } },
      state: { method: "${method.aes_gcm.m}", enforced: false },
    };
    const backend = { s3: { bucket: "state", key: "eds.tfstate", region: "fr-test-1", endpoints: { s3: "https://s3.example.fr" }, use_lockfile: true } };
    const native = moduleFolder("eds-nested-terraform-place-", {
      "a.tf": 'resource "terraform_data" "x" {}\n',
      "z.tf": [
        'terraform {\n  required_version = ">= 1.6"\n}',
        "terraform {",
        '  backend "s3" {\n    bucket       = "state"\n    key          = "eds.tfstate"\n    region       = "fr-test-1"',
        '    endpoints    = { s3 = "https://s3.example.fr" }\n    use_lockfile = true\n  }',
        "  encryption {",
        '    key_provider "pbkdf2" "k" {\n      passphrase = "example-only-not-a-passphrase"\n    }',
        '    method "aes_gcm" "m" {\n      keys = key_provider.pbkdf2.k\n    }',
        "    state {\n      method   = method.aes_gcm.m\n      enforced = false\n    }",
        "  }",
        "}",
      ].join("\n"),
    });
    const json = moduleFolder("eds-nested-terraform-place-json-", {
      "a.tf": 'resource "terraform_data" "x" {}\n',
      "z.tf.json": JSON.stringify({ terraform: { backend, encryption } }, null, 2),
    });
    const placed = async (root: string) =>
      (await checkPaths([root], { settings: fixtureSettings })).outcomes
        .filter((o) => o.address.startsWith("terraform.") && o.status !== "compliant" && o.path)
        .map((o) => `${o.policyId} ${o.path} ${o.file.split("/").pop()}:${o.line}`)
        .sort();
    expect(await placed(native)).toEqual([
      "state-backend-on-provider endpoints.s3 z.tf:9",
      "state-encrypted-client-side key_provider.pbkdf2.k.passphrase z.tf:14",
      "state-encrypted-client-side plan z.tf:12",
      "state-encrypted-client-side state.enforced z.tf:21",
    ]);
    expect(await placed(json)).toEqual([
      "state-backend-on-provider endpoints.s3 z.tf.json:9",
      "state-encrypted-client-side key_provider.pbkdf2.k.passphrase z.tf.json:18",
      "state-encrypted-client-side plan z.tf.json:14",
      "state-encrypted-client-side state.enforced z.tf.json:31",
    ]);
  });

  it("point at the S3 backend's endpoint argument as written, the older endpoint too", async () => {
    const root = moduleFolder("eds-legacy-endpoint-place-", {
      "backend.tf":
        '# state\n\nterraform {\n  backend "s3" {\n    bucket       = "terrastate"\n    key          = "example.tfstate"\n    endpoint     = "s3.example.net"\n    use_lockfile = true\n  }\n}\n',
    });
    const run = await checkPaths([root], { settings: fixtureSettings });
    const backend = run.outcomes.filter((o) => o.policyId === "state-backend-on-provider");
    expect(backend.map((o) => `${o.status} ${o.path} ${o.file.split("/").pop()}:${o.line}`)).toEqual(["violation endpoint backend.tf:7"]);
  });

  it("point at the terraform block, where one would be written, when the backend or the state encryption is not there", async () => {
    const root = moduleFolder("eds-backend-place-", {
      "a.tf": 'resource "terraform_data" "x" {}\n',
      "versions.tf": '# versions\n\nterraform {\n  required_version = ">= 1.6"\n}\n',
    });
    const run = await checkPaths([root], { settings: fixtureSettings });
    const places = run.outcomes
      .filter((o) => ["state-backend-on-provider", "state-encrypted-client-side"].includes(o.policyId))
      .map((o) => `${o.policyId} ${o.file.split("/").pop()}:${o.line}`);
    expect(places).toEqual(["state-backend-on-provider versions.tf:3", "state-encrypted-client-side versions.tf:3"]);
  });

  it("point at the OpenStack provider block when the settings name no qualified region to judge its region by", async () => {
    const root = moduleFolder("eds-region-place-", {
      "a.tf": 'resource "openstack_networking_network_v2" "net" {\n  name = "net"\n}\n',
      "providers.tf": '# cloud\n\nprovider "openstack" {\n  region = "fr-test-1"\n}\n',
    });
    const run = await checkPaths([root], { settings: { ...fixtureSettings, qualifiedRegions: [] } });
    const region = run.outcomes.filter((o) => o.policyId === "region-qualified");
    expect(region.map((o) => `${o.status} ${o.address} ${o.file.split("/").pop()}:${o.line}: ${o.message}`)).toEqual([
      "cannot-evaluate provider.openstack providers.tf:3: no qualified region is declared in the settings: nothing to judge it by",
    ]);
  });

  it("point at the provider's requirement when no provider block configures it: the version the schema cannot judge", async () => {
    const root = moduleFolder("eds-requirement-place-", {
      "a.tf": 'resource "openstack_networking_network_v2" "net" {\n  name = "net"\n}\n',
      "versions.tf":
        '# versions\n\nterraform {\n  required_providers {\n    openstack = {\n      source  = "terraform-provider-openstack/openstack"\n      version = "~> 1.53.0"\n    }\n  }\n}\n',
    });
    const run = await checkPaths([root], { settings: fixtureSettings });
    const conformance = run.outcomes.filter((o) => o.policyId === "provider-schema-conformance");
    expect(conformance.map((o) => `${o.status} ${o.address} ${o.file.split("/").pop()}:${o.line}`)).toEqual([
      "cannot-evaluate provider.openstack versions.tf:3",
    ]);
  });

  it("name the module's first file, with no line, when it writes no terraform block", async () => {
    const root = moduleFolder("eds-backend-none-", { "b.tf": 'resource "terraform_data" "x" {}\n', "c.tf": 'resource "terraform_data" "y" {}\n' });
    const run = await checkPaths([root], { settings: fixtureSettings });
    const backend = run.outcomes.find((o) => o.policyId === "state-backend-on-provider");
    expect(backend).toMatchObject({ status: "violation", address: "terraform.backend" });
    expect([backend?.file.split("/").pop(), backend?.line]).toEqual(["b.tf", undefined]);
  });

  it("point at the block's line where the argument they name is not written", async () => {
    const file = join(import.meta.dirname, "fixtures", "instance-user-data-no-secrets", "fail", "encoded-parts-and-files.tf");
    const run = await checkPaths([file], { settings: fixtureSettings });
    const instance = "openstack_compute_instance_v2.bad_base64_part";
    const groups = run.outcomes.find((o) => o.policyId === "default-secgroup-unused" && o.address === instance);
    expect(groups).toMatchObject({ line: 2, path: "security_groups" });
    expect(run.outcomes.find((o) => o.policyId === "instance-user-data-no-secrets" && o.address === instance)).toMatchObject({ line: 4, path: "user_data" });
  });
});
