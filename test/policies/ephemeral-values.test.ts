import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { InputProblem } from "../../policies/engine/model";
import { readConfigurations } from "../../policies/inputs/read";
import { terraform, terraformPlan, terraformValidate } from "./terraform-console";

/** A module folder of `files` (paths with `/` make folders). */
function moduleFolder(prefix: string, files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

/** The input problems of reading a folder, as `file:line: message`, sorted. */
async function problemsOf(root: string, path = root): Promise<string[]> {
  const problems: InputProblem[] = [];
  await readConfigurations([path], problems);
  return problems.map((problem) => `${problem.file.slice(root.length + 1)}:${problem.line}: ${problem.message}`).sort();
}

/** The places terraform names in its errors: `main.tf:12`. */
const placesIn = (printed: string): string[] => [...printed.matchAll(/on (\S+) line (\d+)/g)].map(([, file, line]) => `${file}:${line}`).sort();

// Only an ephemeral variable and terraform_data, so that terraform 1.11 validates and plans it with no provider to
// install. An ephemeral resource's value goes the same ways: checked by hand against the AWS provider 5.100's
// aws_secretsmanager_random_password (terraform validate refuses the same places, and an undeclared one).
const child = [
  'variable "plain" {\n  type = string\n}',
  'variable "secret" {\n  type      = string\n  ephemeral = true\n}',
  'output "secret" {\n  value     = var.secret\n  ephemeral = true\n}',
].join("\n");

const main = [
  'variable "token" {\n  type      = string\n  ephemeral = true\n  default   = "example-only"\n}', // 1-5
  'locals {\n  header = "Bearer ${var.token}"\n  safe   = ephemeralasnull(var.token)\n}', // 6-9
  'resource "terraform_data" "direct" {\n  input = var.token\n}', // 10-12
  'resource "terraform_data" "through_a_local" {\n  input = { headers = [local.header] }\n}', // 13-15
  'resource "terraform_data" "counted" {\n  count = length(local.header) > 0 ? 1 : 0\n}', // 16-18
  'resource "terraform_data" "each" {\n  for_each = toset([local.header])\n}', // 19-21
  'resource "terraform_data" "applying" {\n  input = terraform.applying\n}', // 22-24
  'output "header" {\n  value = local.header\n}', // 25-27
  'module "child" {\n  source = "./child"\n  plain  = var.token\n  secret = var.token\n}', // 28-32
  // What Terraform takes: a value ephemeralasnull makes null, a provisioner's command, a lifecycle condition, an
  // ephemeral output, an ephemeral variable of a module.
  'resource "terraform_data" "taken" {\n  input = local.safe\n  provisioner "local-exec" {\n    command = "curl -H \'${local.header}\' https://api.example.fr"\n  }\n  lifecycle {\n    precondition {\n      condition     = length(var.token) > 0\n      error_message = "no token"\n    }\n  }\n}',
].join("\n");

describe("ephemeral values", () => {
  it("are refused where Terraform would keep them (an argument that is not write-only, count, for_each, an output, a module's variable), at terraform validate's places", async () => {
    const root = moduleFolder("eds-ephemeral-", { "main.tf": main, "child/main.tf": child });
    const from = "local.header, from var.token";
    expect(await problemsOf(root)).toEqual(
      [
        `main.tf:11: terraform_data.direct.input: input is given an ephemeral value (var.token), which is never kept in the state, and input is not write-only, so Terraform refuses the configuration`,
        `main.tf:14: terraform_data.through_a_local.input.headers[0]: input is given an ephemeral value (${from}), which is never kept in the state, and input is not write-only, so Terraform refuses the configuration`,
        `main.tf:17: terraform_data.counted.count: its count derives from an ephemeral value (${from}), which Terraform cannot keep between plan and apply, so Terraform refuses the configuration`,
        `main.tf:20: terraform_data.each.for_each: its for_each derives from an ephemeral value (${from}), which Terraform cannot keep between plan and apply, so Terraform refuses the configuration`,
        "main.tf:23: terraform_data.applying.input: input is given an ephemeral value (terraform.applying), which is never kept in the state, and input is not write-only, so Terraform refuses the configuration",
        `main.tf:26: output.header.value: the output's value is ephemeral (${from}), and the output is not declared ephemeral (ephemeral = true), so Terraform refuses the configuration`,
        'main.tf:30: module.child.plain: variable "plain" is given an ephemeral value (var.token), and the module does not declare it ephemeral (ephemeral = true), so Terraform refuses the configuration',
      ].sort(),
    );
    if (!terraform) return;
    expect(placesIn(terraformValidate(root))).toEqual(
      ["main.tf:11", "main.tf:14", "main.tf:17", "main.tf:20", "main.tf:23", "main.tf:26", "main.tf:30"].sort(),
    );
  });

  it("follow a module's ephemeral output into its caller, which terraform plan refuses there", async () => {
    const root = moduleFolder("eds-ephemeral-output-", {
      "main.tf": [
        'variable "token" {\n  type      = string\n  ephemeral = true\n  default   = "example-only"\n}',
        'module "child" {\n  source = "./child"\n  plain  = "example"\n  secret = var.token\n}',
        'resource "terraform_data" "from_child" {\n  input = module.child.secret\n}', // 11-13
      ].join("\n"),
      "child/main.tf": child,
    });
    expect(await problemsOf(root)).toEqual([
      "main.tf:12: terraform_data.from_child.input: input is given an ephemeral value (module.child.secret), which is never kept in the state, and input is not write-only, so Terraform refuses the configuration",
    ]);
    if (!terraform) return;
    const planned = terraformPlan(root);
    expect(planned.stderr).toContain("Invalid use of ephemeral value");
    expect(placesIn(planned.stderr)).toEqual(["main.tf:12"]);
  });

  it("are taken by write-only arguments, and an ephemeral resource the module does not declare is refused", async () => {
    const root = moduleFolder("eds-ephemeral-resource-", {
      "main.tf": [
        'ephemeral "random_password" "db" {\n  length = 32\n}',
        'resource "kubernetes_secret_v1" "db" {\n  metadata {\n    name = "db"\n  }\n  data_wo = {\n    password = ephemeral.random_password.db.result\n  }\n  data_wo_revision = 1\n}', // 4-12
        'resource "openstack_compute_instance_v2" "db" {\n  name      = "db"\n  user_data = "DB_PASSWORD=${ephemeral.random_password.db.result}"\n}', // 13-16
        "locals {\n  typo = ephemeral.random_password.dbb.result\n}", // 17-19
        // Terraform 1.16's terraform_data keeps a copy of its store block's input, write-only, and not its version.
        'resource "terraform_data" "kept" {\n  store {\n    input   = ephemeral.random_password.db.result\n    version = ephemeral.random_password.db.length\n  }\n}', // 20-25
      ].join("\n"),
    });
    expect(await problemsOf(root)).toEqual([
      "main.tf:15: openstack_compute_instance_v2.db.user_data: user_data is given an ephemeral value (ephemeral.random_password.db), which is never kept in the state, and user_data is not write-only, so Terraform refuses the configuration",
      'main.tf:18: local.typo: ephemeral.random_password.dbb is not declared (no ephemeral "random_password" "dbb" block in this module; did you mean ephemeral.random_password.db?), so Terraform refuses the configuration',
      "main.tf:23: terraform_data.kept.store[0].version: store.version is given an ephemeral value (ephemeral.random_password.db), which is never kept in the state, and store.version is not write-only, so Terraform refuses the configuration",
    ]);
  });

  it("are followed through a local value when the module declares nothing ephemeral (terraform.applying)", async () => {
    const root = moduleFolder("eds-ephemeral-applying-", {
      "main.tf": 'locals {\n  applying = terraform.applying\n}\nresource "terraform_data" "r" {\n  input = local.applying\n}\n',
    });
    expect(await problemsOf(root)).toEqual([
      "main.tf:5: terraform_data.r.input: input is given an ephemeral value (local.applying, from terraform.applying), which is never kept in the state, and input is not write-only, so Terraform refuses the configuration",
    ]);
    if (terraform) expect(placesIn(terraformValidate(root))).toEqual(["main.tf:5"]);
  });

  it("are found where only an override file or a JSON string's escapes write them, whose file texts are not read for their names", async () => {
    const overridden = moduleFolder("eds-ephemeral-override-", {
      "main.tf": 'resource "terraform_data" "r" {\n  input = "plain"\n}\n',
      "main_override.tf": 'resource "terraform_data" "r" {\n  input = terraform.applying\n}\n',
    });
    expect(await problemsOf(overridden)).toEqual([
      "main.tf:2: terraform_data.r.input: input is given an ephemeral value (terraform.applying), which is never kept in the state, and input is not write-only, so Terraform refuses the configuration",
    ]);
    const escaped = moduleFolder("eds-ephemeral-escaped-", {
      "main.tf.json": '{"resource": {"terraform_data": {"r": {"input": "${terraform.\\u0061pplying}"}}}}\n',
    });
    expect((await problemsOf(escaped)).map((problem) => problem.replace(/^[^ ]* /, ""))).toEqual([
      "terraform_data.r.input: input is given an ephemeral value (terraform.applying), which is never kept in the state, and input is not write-only, so Terraform refuses the configuration",
    ]);
  });

  it("may not leave a root module by an output declared ephemeral, and a folder that declares one and no root block is a module judged alone", async () => {
    const declared =
      'variable "token" {\n  type      = string\n  ephemeral = true\n  default   = "example-only"\n}\noutput "token" {\n  value     = var.token\n  ephemeral = true\n}\n';
    const root = moduleFolder("eds-ephemeral-root-output-", { "main.tf": `terraform {\n  backend "local" {}\n}\n${declared}` });
    expect(await problemsOf(root)).toEqual([
      "main.tf:9: output.token is declared ephemeral in a root module, which Terraform refuses: only a module another calls may give an ephemeral output",
    ]);
    if (terraform) expect(placesIn(terraformValidate(root))).toEqual(["main.tf:9"]);
    // A file named alone is judged as its folder is.
    expect(await problemsOf(root, join(root, "main.tf"))).toEqual([
      "main.tf:9: output.token is declared ephemeral in a root module, which Terraform refuses: only a module another calls may give an ephemeral output",
    ]);
    const module = moduleFolder("eds-ephemeral-module-output-", { "main.tf": declared });
    for (const path of [module, join(module, "main.tf")]) {
      const problems: InputProblem[] = [];
      const [configuration] = await readConfigurations([path], problems);
      expect(problems).toEqual([]);
      expect(configuration?.moduleAlone).toBe(true);
    }
  });
});
