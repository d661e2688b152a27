import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { checkConfigurations, checkPaths, flowsOfPaths, readInContext } from "../../policies/check";
import { ResourceGraph } from "../../policies/engine/graph";
import { type PolicyRun, runPolicies } from "../../policies/engine/run";
import type { InputProblem } from "../../policies/engine/model";
import { moduleSourceKind } from "../../policies/inputs/module-source";
import { templateWorlds } from "../../policies/lib/template-worlds";
import { readConfigurations } from "../../policies/inputs/read";
import { block, blocks, isUnknown, isUnknownValue, provisionersOf } from "../../policies/lib/values";
import secgroupNoPublicSsh from "../../policies/rules/network/secgroup-no-public-ssh";
import stateBackendOnProvider from "../../policies/rules/storage/state-backend-on-provider";
import instanceNoAdminPass from "../../policies/rules/compute/instance-no-admin-pass";
import noLiteralSecretArguments from "../../policies/rules/secrets/no-literal-secret-arguments";
import k8sNoServiceAccountToken from "../../policies/rules/kubernetes/k8s-no-service-account-token";
import k8sNoClusterAdminBinding from "../../policies/rules/kubernetes/k8s-no-cluster-admin-binding";
import networkNotShared from "../../policies/rules/network/network-not-shared";
import { notJudged } from "../../policies/reporters/report";
import { textReporter } from "../../policies/reporters/text";
import { fixtureSettings } from "./fixture-runner";
import { terraform, terraformConsole, terraformPlan, terraformRefusals, terraformValidate } from "./terraform-console";

const folder = join(import.meta.dirname, "evaluation");

/** Findings of one policy on a folder, as `address status`. */
async function findings(path: string, policyId: string, options: { vars?: string[]; strict?: boolean } = {}): Promise<string[]> {
  const configurations = await readInContext([join(folder, path)], fixtureSettings.today, undefined, {
    given: (options.vars ?? []).map((value) => ({ option: "var", value })),
  });
  const run = checkConfigurations(configurations, { settings: fixtureSettings, strict: options.strict ?? false });
  return run.outcomes.filter((o) => o.policyId === policyId && o.status !== "compliant").map((o) => `${o.address} ${o.status}`);
}

/** The input problems the check finds in a folder of these files, and what terraform init says of it (when on the PATH). */
async function refusedBy(files: Record<string, string>): Promise<{ messages: string[]; places: string[]; init: string | undefined }> {
  const root = mkdtempSync(join(tmpdir(), "eds-refused-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  const problems: InputProblem[] = [];
  await readConfigurations([root], problems);
  const init = terraform
    ? spawnSync("terraform", ["init", "-input=false", "-no-color"], { cwd: root, encoding: "utf8", env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" } })
    : undefined;
  return {
    messages: problems.map((problem) => problem.message),
    places: problems.map((problem) => `${basename(problem.file)}:${problem.line}`),
    init: init?.stderr.replace(/\s+/g, " "),
  };
}

/** A root module in a folder of its own, whose main.tf holds the blocks given. */
function rootModule(prefix: string, blocks: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(root, "main.tf"), blocks.join("\n"));
  return root;
}

/** The input problems of reading a folder, as `line: message`, sorted. */
async function problemsAtLines(root: string): Promise<string[]> {
  const problems: InputProblem[] = [];
  await readConfigurations([root], problems);
  return problems.map((problem) => `${problem.line}: ${problem.message}`).sort();
}

/** A policy's findings that are not compliant, each by its address, its message up to where it says how to give a value. */
const saidBy = (run: PolicyRun, policyId: string): string[] =>
  run.outcomes.filter((o) => o.policyId === policyId && o.status !== "compliant").map((o) => `${o.address}: ${o.message!.replace(/ \(no default, .*/, "")}`);

/** What a policy says at each place of a run, as `address: message`. */
const messagesOf = (run: PolicyRun, policyId: string): string[] => run.outcomes.filter((o) => o.policyId === policyId).map((o) => `${o.address}: ${o.message}`);

/** An ingress rule opening SSH from `source`, an expression as written, with a meta-argument (`count = 2`) or none. */
const sshRule = (name: string, source: string, meta?: string) =>
  `resource "openstack_networking_secgroup_rule_v2" "${name}" {\n${meta ? `  ${meta}\n` : ""}  direction = "ingress"\n  ethertype = "IPv4"\n  protocol = "tcp"\n  port_range_min = 22\n  port_range_max = 22\n  remote_ip_prefix = ${source}\n  security_group_id = "x"\n}`;

/** A root module of `blocks` calling ./rules, a module whose SSH rule takes its remote from its input `cidr`. */
function callingRulesModule(prefix: string, blocks: readonly string[]): string {
  const root = rootModule(prefix, blocks);
  mkdirSync(join(root, "rules"));
  writeFileSync(join(root, "rules", "main.tf"), `variable "cidr" {\n  type = string\n}\n${sshRule("ssh", "var.cidr")}\n`);
  return root;
}

/** What the rules module's SSH rule says where its input fails to evaluate in the call (callingRulesModule). */
const rulesInputFails =
  "module.rules.openstack_networking_secgroup_rule_v2.ssh: remote_ip_prefix is not known here: it depends on ${var.cidr}, which fails to evaluate with the values given here, or reads what does (the report says why): terraform plan stops on it";

describe("evaluation as Terraform does before plan", () => {
  it("follows variable defaults, terraform.tfvars, locals, conditionals, functions, count and for_each", async () => {
    expect(await findings("variables", "secgroup-no-public-ssh")).toEqual([
      "openstack_networking_secgroup_rule_v2.bad_admin_ssh violation",
      'openstack_networking_secgroup_rule_v2.bad_public["ssh"] violation',
    ]);
    const [configuration] = await readConfigurations([join(folder, "variables")]);
    const addresses = configuration!.resources.map((r) => r.address);
    expect(addresses).not.toContain("openstack_networking_secgroup_rule_v2.debug");
    expect(addresses).toContain('openstack_networking_secgroup_rule_v2.bad_public["https"]');
    const group = configuration!.resources.find((r) => r.address === "openstack_networking_secgroup_v2.app")!;
    expect(group.values).toMatchObject({ name: "app-web", description: "Application servers (app-web)" });
  });

  it("applies --var over terraform.tfvars and the defaults", async () => {
    expect(
      await findings("variables", "secgroup-no-public-ssh", { vars: ["admin_cidr=192.0.2.0/28", "allowed_cidr=0.0.0.0/0", "debug_enabled=true"] }),
    ).toEqual([
      "openstack_networking_secgroup_rule_v2.allowed violation",
      'openstack_networking_secgroup_rule_v2.bad_public["ssh"] violation',
      "openstack_networking_secgroup_rule_v2.debug[0] violation",
    ]);
  });

  it("skips a terraform.tfvars that links to nothing, as terraform does, where a dangling *.auto.tfvars is an input problem", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eds-dangling-tfvars-"));
    writeFileSync(join(dir, "main.tf"), `variable "admin_cidr" {\n  default = "0.0.0.0/0"\n}\n${sshRule("admin", "var.admin_cidr")}\n`);
    symlinkSync(join(dir, "missing", "terraform.tfvars"), join(dir, "terraform.tfvars"));
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([dir], problems);
    expect(problems).toEqual([]);
    expect(configuration!.resources[0]!.values.remote_ip_prefix).toBe("0.0.0.0/0");
    symlinkSync(join(dir, "missing", "site.auto.tfvars"), join(dir, "site.auto.tfvars"));
    const refused: InputProblem[] = [];
    await readConfigurations([dir], refused);
    expect(refused.map((problem) => basename(problem.file))).toEqual(["site.auto.tfvars"]);
    expect(refused[0]!.message).toMatch(/^cannot read the file: .*; terraform plan stops there too, so the root module .* is not checked$/);
    if (terraform) {
      // The same links beside the variable alone, as terraform console reads them.
      const alone = mkdtempSync(join(tmpdir(), "eds-dangling-tfvars-console-"));
      writeFileSync(join(alone, "variables.tf"), 'variable "admin_cidr" {\n  default = "0.0.0.0/0"\n}\n');
      const console = () =>
        spawnSync("terraform", ["console"], {
          input: "var.admin_cidr\n",
          cwd: alone,
          encoding: "utf8",
          env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" },
        });
      symlinkSync(join(alone, "missing", "terraform.tfvars"), join(alone, "terraform.tfvars"));
      expect(console().stdout.trim()).toBe('"0.0.0.0/0"');
      symlinkSync(join(alone, "missing", "site.auto.tfvars"), join(alone, "site.auto.tfvars"));
      expect(console().stderr).toMatch(/site\.auto\.tfvars/);
    }
  });

  it("expands dynamic blocks: a privileged container and a hostPath set there are seen", async () => {
    expect(await findings("dynamic", "k8s-no-privileged")).toEqual(["kubernetes_pod_v1.bad_debug violation"]);
    expect(await findings("dynamic", "k8s-no-host-path")).toEqual(["kubernetes_pod_v1.bad_debug violation"]);
  });

  it("finds the root modules of a repository and judges a child module only through its caller", async () => {
    const configurations = await readConfigurations([join(folder, "modules")]);
    expect(configurations.map((c) => [c.stack, c.moduleAlone ?? false])).toEqual([
      ["envs/prod", false],
      ["modules/published", true],
    ]);
    expect(await findings("modules", "secgroup-no-public-ssh")).toEqual([
      "module.network.openstack_networking_secgroup_rule_v2.ssh[0] violation",
      "openstack_networking_secgroup_rule_v2.ssh violation",
    ]);
    const group = configurations[0]!.resources.find((r) => r.address === "module.network.openstack_networking_secgroup_v2.group")!;
    expect(group.values.name).toBe("prod-admin");
    // Terraform installs a provider version that meets every module's constraint: the child's are the root's too.
    expect(configurations[0]!.providerRequirements).toEqual([
      {
        name: "openstack",
        version: ">= 3.0",
        source: "terraform-provider-openstack/openstack",
        file: expect.stringMatching(/modules\/network\/main\.tf$/),
        line: 2,
      },
    ]);
  });

  it("finds, below a root module given explicitly, the other root modules no folder calls: a module's examples", async () => {
    const configurations = await readConfigurations([join(folder, "module-repository")]);
    // The module, which its examples call and which declares no backend, provider or lock file, is judged with its
    // defaults as a module judged alone. An example that leaves its provider to the environment is judged too, as a
    // module judged alone: it was left out. One where terraform init wrote its dependency lock file is a root module,
    // whatever its blocks.
    expect(configurations.map((c) => [c.stack, c.moduleAlone ?? false])).toEqual([
      ["module-repository", true],
      ["examples/initialised", false],
      ["examples/provider-from-environment", true],
      ["examples/public", false],
    ]);
    expect(await findings("module-repository", "secgroup-no-public-ssh")).toEqual([
      "openstack_networking_secgroup_rule_v2.debug violation",
      "module.bastion.openstack_networking_secgroup_rule_v2.ssh violation",
    ]);
    // Where the state lives is judged of the root modules only: the examples, not the module they call.
    const stateFindings = runPolicies(configurations, { policies: [stateBackendOnProvider], settings: fixtureSettings }).outcomes.filter(
      (o) => o.status === "violation",
    );
    expect(stateFindings.map((o) => o.stack)).toEqual(["examples/initialised", "examples/public"]);
    // Given alone, the module is a root module.
    const [alone] = await readConfigurations([join(folder, "module-repository", "modules", "naming")]);
    expect(alone!.moduleAlone).toBeUndefined();
  });

  it("judges a folder that holds the variable files Terraform reads in its working directory as a root module", async () => {
    const repository = mkdtempSync(join(tmpdir(), "eds-variable-files-root-"));
    const group = 'variable "name" {}\nresource "openstack_networking_secgroup_v2" "group" {\n  name = var.name\n}\n';
    for (const [folder, file] of [
      ["live", "terraform.tfvars"],
      ["staging", "network.auto.tfvars.json"],
      ["example", "terraform.tfvars.example"],
    ]) {
      mkdirSync(join(repository, folder!));
      writeFileSync(join(repository, folder!, "main.tf"), group);
      writeFileSync(join(repository, folder!, file!), file!.endsWith(".json") ? '{ "name": "web" }\n' : 'name = "web"\n');
    }
    const configurations = await readConfigurations([repository]);
    // A file Terraform does not read there (a .example) makes no root module.
    expect(configurations.map((c) => [c.stack, c.moduleAlone ?? false])).toEqual([
      ["example", true],
      ["live", false],
      ["staging", false],
    ]);
  });

  it("judges a module that its own terraform test files test as a module alone, its lock file written for the tests", async () => {
    const repository = mkdtempSync(join(tmpdir(), "eds-module-under-test-"));
    writeFileSync(join(repository, "main.tf"), 'variable "name" {}\nresource "openstack_networking_secgroup_v2" "group" {\n  name = var.name\n}\n');
    writeFileSync(
      join(repository, ".terraform.lock.hcl"),
      'provider "registry.opentofu.org/terraform-provider-openstack/openstack" {\n  version = "2.1.0"\n}\n',
    );
    mkdirSync(join(repository, "tests", "module"), { recursive: true });
    writeFileSync(join(repository, "tests", "module", "main.tf"), 'provider "openstack" {}\nmodule "group" {\n  source = "../../"\n  name   = "test"\n}\n');
    const judged = async () => (await readConfigurations([repository])).map((c) => [c.stack, c.moduleAlone ?? false, c.providerRequirements ?? []]);
    // Without test files, the lock makes the folder a working directory: a root module, deployed with the version it locks.
    expect(await judged()).toEqual([
      [basename(repository), false, [expect.objectContaining({ name: "openstack", version: "2.1.0", locked: true })]],
      ["tests/module", false, []],
    ]);
    writeFileSync(join(repository, "tests", "simple.tftest.hcl"), 'run "plan" {\n  command = plan\n}\n');
    expect(await judged()).toEqual([
      [basename(repository), true, []],
      ["tests/module", false, []],
    ]);
    // A root module that configures its provider, tested too: its lock is its deployment's.
    writeFileSync(join(repository, "provider.tf"), 'provider "openstack" {}\n');
    expect((await judged())[0]).toEqual([basename(repository), false, [expect.objectContaining({ version: "2.1.0", locked: true })]]);
  });

  it("judges a Terragrunt unit's Terraform as a module alone: Terragrunt writes its backend there before it runs", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-terragrunt-"));
    const unit = join(root, "live", "prod");
    mkdirSync(unit, { recursive: true });
    writeFileSync(join(unit, "terragrunt.hcl"), 'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n');
    writeFileSync(join(unit, "versions.tf"), 'provider "openstack" {\n  region = "RegionOne"\n}\n');
    const plain = join(root, "plain");
    mkdirSync(plain);
    writeFileSync(join(plain, "versions.tf"), 'provider "openstack" {\n  region = "RegionOne"\n}\n');
    // The repository's own configuration names the unit as a source of Terragrunt's, whose plan is to be checked.
    const configurations = (await readConfigurations([root])).filter((c) => c.files.length > 0);
    expect(configurations.map((c) => [c.stack, c.moduleAlone ?? false])).toEqual([
      ["live/prod", true],
      ["plain", false],
    ]);
    const stateFindings = runPolicies(configurations, { policies: [stateBackendOnProvider], settings: fixtureSettings }).outcomes.filter(
      (o) => o.status === "violation",
    );
    expect(stateFindings.map((o) => o.stack)).toEqual(["plain"]);
  });

  it("finds a root module in a hidden folder (a CI's environment), but not in the module copies Terraform and Terragrunt keep", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-hidden-root-"));
    const write = (folder: string, text: string) => {
      mkdirSync(join(root, folder), { recursive: true });
      writeFileSync(join(root, folder, "main.tf"), text);
    };
    write("modules/cluster", 'resource "terraform_data" "node" {}\n');
    write("environments/.ci/tofu", 'provider "openstack" {}\nmodule "cluster" {\n  source = "../../../modules/cluster"\n}\n');
    write(".terraform/modules/cluster", 'resource "terraform_data" "copy" {}\n');
    write("live/.terragrunt-cache/abc/cluster", 'resource "terraform_data" "copy" {}\n');
    const configurations = (await readConfigurations([root])).filter((c) => c.files.length > 0);
    expect(configurations.map((c) => [c.stack, c.moduleAlone ?? false])).toEqual([["environments/.ci/tofu", false]]);
    expect(configurations[0]!.resources.map((r) => r.address)).toEqual(["module.cluster.terraform_data.node"]);
  });

  it("reads a folder whose every Terraform file other modules link as part of those, not as a module of its own", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-linked-files-"));
    const write = (file: string, text: string) => {
      mkdirSync(join(root, dirname(file)), { recursive: true });
      writeFileSync(join(root, file), text);
    };
    write("common/outputs.tf", 'output "address" {\n  value = module.instance.address\n}\n');
    write("common/instance/main.tf", 'output "address" {\n  value = "192.0.2.10"\n}\n');
    write("cloud/main.tf", 'provider "openstack" {}\nmodule "instance" {\n  source = "../common/instance"\n}\n');
    symlinkSync("../common/outputs.tf", join(root, "cloud", "outputs.tf"));
    // A folder with a file of its own beside a link is a module all the same.
    write("partial/main.tf", 'resource "terraform_data" "own" {}\n');
    symlinkSync("../common/outputs.tf", join(root, "partial", "outputs.tf"));
    const problems: InputProblem[] = [];
    const configurations = (await readConfigurations([root], problems)).filter((c) => c.files.length > 0);
    expect(configurations.map((c) => c.stack)).toEqual(["cloud", "partial"]);
    expect(problems.map((problem) => problem.message)).toEqual([expect.stringContaining("module.instance is not declared")]);
    expect(problems[0]!.file).toContain("partial");
  });

  it("gives a Terragrunt unit's variables the inputs of its terragrunt.hcl: a literal as written, what Terragrunt computes not known here", async () => {
    const unit = mkdtempSync(join(tmpdir(), "eds-terragrunt-inputs-"));
    writeFileSync(join(unit, "terragrunt.hcl"), 'inputs = {\n  region         = "fr-par"\n  admin_password = get_env("ADMIN_PASSWORD", "")\n}\n');
    writeFileSync(
      join(unit, "main.tf"),
      [
        'variable "region" {\n  type    = string\n  default = "RegionOne"\n}',
        // A default that fails its validation is no refusal where Terragrunt gives the value.
        'variable "admin_password" {\n  type      = string\n  default   = ""\n  sensitive = true\n  validation {\n    condition     = var.admin_password != ""\n    error_message = "admin password must be set"\n  }\n}',
        'resource "terraform_data" "x" {\n  input = [var.region, sha256(var.admin_password)]\n}',
      ].join("\n\n"),
    );
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([unit], problems);
    expect(problems).toEqual([]);
    const input = configuration!.resources[0]!.values.input as unknown[];
    expect(input[0]).toBe("fr-par");
    expect(isUnknown(input[1])).toBe(true);
  });

  it("follows module outputs value by value, so two modules may read each other's; references by index name one instance", async () => {
    const [configuration] = await readConfigurations([join(folder, "module-outputs")]);
    const byAddress = (address: string) => configuration!.resources.find((r) => r.address === address);
    expect(byAddress("module.nodes.openstack_compute_instance_v2.node[1]")?.values.security_groups).toEqual(["nodes"]);
    expect(byAddress("module.secgroup.openstack_networking_secgroup_rule_v2.admin")?.values.remote_ip_prefix).toBe("192.0.2.10/32");
    // count.index is known here: the reference names the instance, and the graph follows it.
    const association = byAddress("module.nodes.openstack_compute_floatingip_associate_v2.public[1]")!;
    expect(association.values.instance_id).toBe("${openstack_compute_instance_v2.node[1].id}");
    const graph = new ResourceGraph(configuration!);
    expect(graph.targetsOf(association.values.instance_id, association).map((r) => r.address)).toEqual(["module.nodes.openstack_compute_instance_v2.node[1]"]);
    expect(await findings("module-outputs", "floating-ip-bastion-or-ingress-only")).toEqual([
      "module.nodes.openstack_networking_floatingip_v2.public[0] violation",
      "module.nodes.openstack_networking_floatingip_v2.public[1] violation",
    ]);
    // The instances reached through the compute association are reachable from the Internet.
    const [flows] = await flowsOfPaths([join(folder, "module-outputs")], { settings: fixtureSettings });
    const inward = flows!.analysis.verdicts.find((v) => v.requirement.id === "internet-to-nodes")!;
    expect(inward.status).toBe("violated");
    expect(inward.detail).toContain(
      "the Internet (every public address) → module.nodes.openstack_compute_instance_v2.node[0] (TCP 3389) through module.rules.openstack_networking_secgroup_rule_v2.rdp",
    );
    // A module's output, or a variable given one, stands for the attribute it reads: written as that reference, from the root.
    const rdp = byAddress("module.rules.openstack_networking_secgroup_rule_v2.rdp")!;
    expect(rdp.values.security_group_id).toBe("${module.secgroup.openstack_networking_secgroup_v2.group.id}");
    expect(graph.targetsOf(rdp.values.security_group_id, rdp).map((r) => r.address)).toEqual(["module.secgroup.openstack_networking_secgroup_v2.group"]);
  });

  it("writes a list of module outputs given through a variable, a local and concat element by element, each a reference the flows follow", async () => {
    const [configuration] = await readConfigurations([join(folder, "module-lists")]);
    const server = configuration!.resources.find((r) => r.address === "module.servers.openstack_compute_instance_v2.server")!;
    expect(server.values.security_groups).toEqual([
      "${module.groups.openstack_networking_secgroup_v2.web.name}",
      "${module.groups.openstack_networking_secgroup_v2.admin.name}",
    ]);
    // length of a list whose elements are unknown is known (count), and element picks what one of them stands for.
    const workers = configuration!.resources.filter((r) => r.address.startsWith("module.servers.openstack_compute_instance_v2.worker"));
    expect(workers.map((r) => [r.address, r.values.security_groups])).toEqual([
      ["module.servers.openstack_compute_instance_v2.worker[0]", ["${module.groups.openstack_networking_secgroup_v2.web.name}"]],
      ["module.servers.openstack_compute_instance_v2.worker[1]", ["${module.groups.openstack_networking_secgroup_v2.admin.name}"]],
    ]);
    // A splat over a counted module's instances: each element stands for its instance's group.
    const team = configuration!.resources.find((r) => r.address === "openstack_compute_instance_v2.team")!;
    expect(team.values.security_groups).toEqual([
      "${module.team_groups[0].openstack_networking_secgroup_v2.web.name}",
      "${module.team_groups[1].openstack_networking_secgroup_v2.web.name}",
    ]);
    // for_each over a module's output map: each.value stands for what the map's element does.
    const icmp = configuration!.resources.filter((r) => r.address.startsWith("openstack_networking_secgroup_rule_v2.icmp"));
    expect(icmp.map((r) => [r.address, r.values.security_group_id])).toEqual([
      ['openstack_networking_secgroup_rule_v2.icmp["admin"]', "${module.groups.openstack_networking_secgroup_v2.admin.id}"],
      ['openstack_networking_secgroup_rule_v2.icmp["web"]', "${module.groups.openstack_networking_secgroup_v2.web.id}"],
    ]);
    // The groups' names are known only at apply: the server is their member by reference, and the open rule reaches it.
    const [flows] = await flowsOfPaths([join(folder, "module-lists")], { settings: fixtureSettings });
    const inward = flows!.analysis.verdicts.find((v) => v.requirement.id === "internet-to-module.groups.openstack_networking_secgroup_v2.web")!;
    expect(inward.status).toBe("violated");
    expect(inward.detail).toContain(
      "the Internet (every public address) → module.servers.openstack_compute_instance_v2.server (TCP 5432) through module.groups.openstack_networking_secgroup_rule_v2.database",
    );
  });

  it("gives a module input made by lookup of an absent key, or by try past failing arguments to its last, as the default's references", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-fallbacks-"));
    mkdirSync(join(root, "port"));
    writeFileSync(
      join(root, "port", "main.tf"),
      'variable "groups" {\n  type = list(string)\n}\nresource "openstack_networking_port_v2" "p" {\n  network_id         = "net"\n  security_group_ids = var.groups\n}\n',
    );
    writeFileSync(
      join(root, "main.tf"),
      [
        'data "openstack_networking_secgroup_v2" "default" {\n  name = "default"\n}',
        'module "by_lookup" {\n  source = "./port"\n  groups = lookup({ nodes = ["x"] }, "groups", [data.openstack_networking_secgroup_v2.default.id])\n}',
        'module "by_try" {\n  source = "./port"\n  groups = try({ nodes = ["x"] }.groups, [data.openstack_networking_secgroup_v2.default.id])\n}',
        'module "key_present" {\n  source = "./port"\n  groups = lookup({ groups = ["given"] }, "groups", [data.openstack_networking_secgroup_v2.default.id])\n}',
        // An argument known in part before a later one: it may fail at apply, and the later one be taken.
        'module "by_try_unsure" {\n  source = "./port"\n  groups = try([data.openstack_networking_secgroup_v2.default.id, tostring(tonumber(terraform_data.n.id))], ["given"])\n}',
        'resource "terraform_data" "n" {}',
        'locals {\n  unsure = try({ remote = "10.0.0.0/8", n = tonumber(terraform_data.n.id) }, { remote = "0.0.0.0/0" })\n}',
        'resource "terraform_data" "unsure" {\n  input = local.unsure.remote\n}',
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([root]);
    const groups = (module: string) =>
      configuration!.resources.find((r) => r.address === `module.${module}.openstack_networking_port_v2.p`)?.values.security_group_ids;
    expect(groups("by_lookup")).toEqual(["${data.openstack_networking_secgroup_v2.default.id}"]);
    expect(groups("by_try")).toEqual(["${data.openstack_networking_secgroup_v2.default.id}"]);
    expect(groups("key_present")).toEqual(["given"]);
    expect(groups("by_try_unsure")).toBe("${var.groups}");
    // Its known parts are no value either: the later argument may be the one taken.
    expect(configuration!.resources.find((r) => r.address === "terraform_data.unsure")?.values.input).toBe("${local.unsure.remote}");
  });

  it("follows an output merged into each element of a for expression, to the rules for_each and a dynamic block make of them", async () => {
    const [configuration] = await readConfigurations([join(folder, "module-rules")]);
    const rules = configuration!.resources.filter((r) => r.type === "openstack_networking_secgroup_rule_v2");
    const bastionGroup = "${module.bastion_group.openstack_networking_secgroup_v2.group.id}";
    // merge keeps the keys of an object whose values are not all known: for_each has its two keys.
    expect(rules.map((r) => [r.address, r.values.remote_group_id])).toEqual([
      ['module.private_group.openstack_networking_secgroup_rule_v2.rule["22"]', bastionGroup],
      ['module.private_group.openstack_networking_secgroup_rule_v2.rule["5432"]', bastionGroup],
    ]);
    const graph = new ResourceGraph(configuration!);
    expect(graph.targetOf(rules[0]!.values.remote_group_id, rules[0]!)?.address).toBe("module.bastion_group.openstack_networking_secgroup_v2.group");
    const legacy = configuration!.resources.find((r) => r.address === "module.private_group.openstack_compute_secgroup_v2.legacy")!;
    expect((legacy.values.rule as Record<string, unknown>[]).map((rule) => rule.from_group_id)).toEqual([bastionGroup, bastionGroup]);
    // Judged, where each rule's remote was not evaluable before: it admits the bastion's group, not the Internet.
    for (const policy of ["secgroup-no-public-ssh", "secgroup-rule-has-remote", "compute-secgroup-no-public-ingress"])
      expect(await findings("module-rules", policy)).toEqual([]);
  });

  it("keys a for expression's object by its keys' text, so each.value over `{ for i, id in ids : i => id }` stands for its reference", async () => {
    const root = rootModule("eds-for-keys-", [
      'resource "openstack_networking_secgroup_v2" "bastion" {\n  name = "bastion"\n}',
      "locals {\n  admin_groups = [openstack_networking_secgroup_v2.bastion.id]\n}",
      // A list's index is a number: Terraform converts it to the key "0".
      'resource "openstack_networking_secgroup_rule_v2" "ssh" {\n  for_each        = { for i, id in local.admin_groups : i => id }\n  direction       = "ingress"\n  remote_group_id = each.value\n}',
    ]);
    const [configuration] = await readConfigurations([root]);
    const rule = configuration!.resources.find((r) => r.type === "openstack_networking_secgroup_rule_v2")!;
    expect([rule.address, rule.values.remote_group_id]).toEqual([
      'openstack_networking_secgroup_rule_v2.ssh["0"]',
      "${openstack_networking_secgroup_v2.bastion.id}",
    ]);
  });

  it("keeps, through compact, the references it holds: a resource's attribute is never empty once known", async () => {
    const root = rootModule("eds-compact-", [
      'variable "extra_groups" {\n  default = false\n}',
      'resource "openstack_networking_secgroup_v2" "k8s" {\n  name = "k8s"\n}',
      'resource "openstack_networking_secgroup_v2" "extra" {\n  count = var.extra_groups ? 1 : 0\n  name  = "extra"\n}',
      // The shape of kubespray's contrib/terraform/openstack: groups gathered in a local, compacted, given to each port.
      'locals {\n  groups = compact([openstack_networking_secgroup_v2.k8s.id, var.extra_groups ? openstack_networking_secgroup_v2.extra[0].id : "", null])\n}',
      'resource "openstack_networking_port_v2" "node" {\n  network_id         = "00000000-0000-0000-0000-000000000001"\n  security_group_ids = local.groups\n}',
    ]);
    const [configuration] = await readConfigurations([root]);
    const port = configuration!.resources.find((r) => r.address === "openstack_networking_port_v2.node")!;
    expect(port.values.security_group_ids).toEqual(["${openstack_networking_secgroup_v2.k8s.id}"]);
  });

  it("keeps a list written as it is when an element stays unknown with nothing it stands for", async () => {
    const root = rootModule("eds-partly-known-", [
      'variable "extra" {\n  type = string\n}',
      'resource "openstack_networking_secgroup_v2" "web" {\n  name = "web"\n}',
      'resource "openstack_compute_instance_v2" "server" {\n  name            = "server"\n  security_groups = concat([openstack_networking_secgroup_v2.web.name], ["default", var.extra])\n}',
    ]);
    const [configuration] = await readConfigurations([root]);
    const server = configuration!.resources.find((r) => r.address === "openstack_compute_instance_v2.server")!;
    expect(server.values.security_groups).toBe('${concat([openstack_networking_secgroup_v2.web.name], ["default", var.extra])}');
    writeFileSync(join(root, "terraform.tfvars"), 'extra = "admin"\n');
    const [withValue] = await readConfigurations([root]);
    const known = withValue!.resources.find((r) => r.address === "openstack_compute_instance_v2.server")!;
    expect(known.values.security_groups).toEqual(["${openstack_networking_secgroup_v2.web.name}", "default", "admin"]);
  });

  it("writes a concat of lists element by element where an element is a text known in part, as Talos's config patches are given", async () => {
    const root = rootModule("eds-concat-in-part-", [
      'variable "extra_patches" {\n  type    = list(string)\n  default = null\n}',
      'resource "openstack_networking_floatingip_v2" "lb" {\n  pool = "public"\n}',
      [
        'resource "terraform_data" "patches" {',
        "  input = concat(",
        '    [yamlencode({ machine = { certSANs = [openstack_networking_floatingip_v2.lb.address] } }), openstack_networking_floatingip_v2.lb.id, "known"],',
        '    var.extra_patches != null ? var.extra_patches : ["default"],',
        "  )",
        "}",
      ].join("\n"),
      'resource "terraform_data" "unread" {\n  input = concat([upper(openstack_networking_floatingip_v2.lb.address)], ["known"])\n}',
    ]);
    const [configuration] = await readConfigurations([root]);
    const input = (address: string) => configuration!.resources.find((r) => r.address === address)!.values.input;
    expect(input("terraform_data.patches")).toEqual([
      '"machine":\n  "certSANs":\n  - "${openstack_networking_floatingip_v2.lb.address}"\n',
      "${openstack_networking_floatingip_v2.lb.id}",
      "known",
      "default",
    ]);
    // An element that is neither a block's attribute nor a text known in part leaves the list as it is written.
    expect(input("terraform_data.unread")).toBe('${concat([upper(openstack_networking_floatingip_v2.lb.address)], ["known"])}');
  });

  it("encodes a concat of lists known in part within a yamlencode, as the list it makes", async () => {
    const root = rootModule("eds-concat-encoded-", [
      'variable "extra_commands" {\n  type    = list(string)\n  default = ["echo extra"]\n}',
      'resource "openstack_networking_floatingip_v2" "lb" {\n  pool = "public"\n}',
      'resource "terraform_data" "cloud_config" {\n  input = yamlencode({ runcmd = concat(["echo a"], ["curl https://${openstack_networking_floatingip_v2.lb.address}"], var.extra_commands) })\n}',
    ]);
    const [configuration] = await readConfigurations([root]);
    const input = configuration!.resources.find((r) => r.address === "terraform_data.cloud_config")!.values.input;
    expect(input).toBe('"runcmd":\n- "echo a"\n- "curl https://${openstack_networking_floatingip_v2.lb.address}"\n- "echo extra"\n');
  });

  it("writes a list or an object known in part, through a local or a module's variable, element by element", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-known-in-part-"));
    mkdirSync(join(root, "server"));
    writeFileSync(
      join(root, "server", "main.tf"),
      'variable "metadata" {}\nresource "openstack_compute_instance_v2" "app" {\n  name     = "app"\n  metadata = var.metadata\n}\n',
    );
    writeFileSync(
      join(root, "main.tf"),
      [
        'resource "openstack_networking_secgroup_v2" "web" {\n  name = "web"\n}',
        'locals {\n  groups = ["default", lower(openstack_networking_secgroup_v2.web.id)]\n}',
        'resource "openstack_compute_instance_v2" "front" {\n  name            = "front"\n  security_groups = local.groups\n}',
        'module "server" {\n  source   = "./server"\n  metadata = { role = "app", "peer id" = upper(openstack_networking_secgroup_v2.web.id) }\n}',
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([root]);
    const values = (address: string) => configuration!.resources.find((r) => r.address === address)!.values;
    // Terraform keeps the known elements: only the one a function of an attribute known at apply makes is unknown.
    expect(values("openstack_compute_instance_v2.front").security_groups).toEqual(["default", "${local.groups[1]}"]);
    expect(values("module.server.openstack_compute_instance_v2.app").metadata).toEqual({ role: "app", "peer id": '${var.metadata["peer id"]}' });
  });

  it("writes a list known in part element by element beside the elements that stand for a block's attribute, by the name of each", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-known-in-part-stand-"));
    mkdirSync(join(root, "server"));
    writeFileSync(
      join(root, "server", "main.tf"),
      'variable "metadata" {}\nresource "openstack_compute_instance_v2" "app" {\n  name     = "app"\n  metadata = var.metadata\n}\n',
    );
    writeFileSync(
      join(root, "main.tf"),
      [
        'resource "openstack_networking_secgroup_v2" "web" {\n  name = "web"\n}',
        'locals {\n  groups = [openstack_networking_secgroup_v2.web.name, "default", lower(openstack_networking_secgroup_v2.web.id)]\n}',
        'resource "openstack_compute_instance_v2" "front" {\n  name            = "front"\n  security_groups = local.groups\n}',
        'module "server" {\n  source   = "./server"\n  metadata = { role = "app", peer = upper(openstack_networking_secgroup_v2.web.id) }\n}',
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([root]);
    const values = (address: string) => configuration!.resources.find((r) => r.address === address)!.values;
    // The element that stands for the group's name is the reference to it; the one known only at apply, its read from the local.
    expect(values("openstack_compute_instance_v2.front").security_groups).toEqual([
      "${openstack_networking_secgroup_v2.web.name}",
      "default",
      "${local.groups[2]}",
    ]);
    // A key that is a name is read with a dot.
    expect(values("module.server.openstack_compute_instance_v2.app").metadata).toEqual({ role: "app", peer: "${var.metadata.peer}" });
  });

  it("keeps a resource's computed attributes unknown through merge, keys and an object type's optional default", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-computed-"));
    mkdirSync(join(root, "net"));
    writeFileSync(
      join(root, "net", "main.tf"),
      'variable "net" {\n  type = object({ input = string, output = optional(string, "10.0.0.0/8") })\n}\nresource "terraform_data" "typed" {\n  input = var.net.output\n}\n',
    );
    writeFileSync(
      join(root, "main.tf"),
      [
        'resource "terraform_data" "net" {\n  input = "0.0.0.0/0"\n}',
        'resource "terraform_data" "merged" {\n  input = lookup(merge(terraform_data.net, { name = "admin" }), "output", "10.0.0.0/8")\n}',
        'resource "terraform_data" "keys" {\n  input = keys(terraform_data.net)\n}',
        'module "net" {\n  source = "./net"\n  net    = terraform_data.net\n}',
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([root]);
    const input = (address: string) => configuration!.resources.find((r) => r.address === address)!.values.input;
    // terraform plan 1.11 prints the lookup and the module's input "(known after apply)": terraform_data's output is
    // computed. Passed whole into the module, it is read there as the reference it is, which the graph reads as known
    // after apply. keys() of the whole object Terraform knows at plan (the schema's attribute names, ["id", "input",
    // "output", "triggers_replace"]), which the check does not hold: unknown here, the cautious reading.
    for (const address of ["terraform_data.merged", "terraform_data.keys"])
      expect(isUnknownValue(input(address)), `${address}: ${JSON.stringify(input(address))}`).toBe(true);
    expect(input("module.net.terraform_data.typed")).toBe("${terraform_data.net.output}");
  });

  it("reads terraform.workspace as terraform selects it: TF_WORKSPACE, else the data directory's record (TF_DATA_DIR, absolute or not), else default", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-workspace-"));
    writeFileSync(join(root, "main.tf"), 'resource "terraform_data" "probe" {\n  input = terraform.workspace\n}\n');
    const workspace = async () => (await readConfigurations([root]))[0]!.resources[0]!.values.input;
    expect(await workspace()).toBe("default");
    mkdirSync(join(root, ".terraform"));
    writeFileSync(join(root, ".terraform", "environment"), "prod");
    expect(await workspace()).toBe("prod");
    const elsewhere = mkdtempSync(join(tmpdir(), "eds-data-dir-"));
    writeFileSync(join(elsewhere, "environment"), "audit");
    vi.stubEnv("TF_DATA_DIR", elsewhere);
    try {
      expect(await workspace()).toBe("audit");
      vi.stubEnv("TF_WORKSPACE", "staging");
      expect(await workspace()).toBe("staging");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("says that a map lacks the key default where it is read by terraform.workspace and no workspace is selected", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-workspace-key-"));
    writeFileSync(
      join(root, "main.tf"),
      [
        'variable "flavors" {\n  default = { staging = "m1.small" }\n}',
        'locals {\n  env    = terraform.workspace\n  flavor = var.flavors[local.env]\n  size   = lookup(var.flavors, local.env)\n  fixed  = var.flavors["default"]\n}',
      ].join("\n"),
    );
    const failures = async () => (await readConfigurations([root]))[0]!.evaluationFailures;
    const hint =
      '; where that key is the workspace, terraform.workspace is "default" here, as no workspace is selected: give the one a deployment uses with TF_WORKSPACE';
    const [fixed, flavor, size] = (await failures())!;
    for (const said of [fixed, flavor]) expect(said).toContain(`no attribute or key "default"${hint}`);
    expect(size).toContain(`lookup: no key "default"${hint}`);
    vi.stubEnv("TF_WORKSPACE", "production");
    try {
      expect(await failures()).toEqual([
        `local.fixed (${join(root, "main.tf")}:8: no attribute or key "default")`,
        `local.flavor (${join(root, "main.tf")}:6: no attribute or key "production")`,
        `local.size (${join(root, "main.tf")}:7: lookup: no key "production")`,
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("follows a floating IP to the port its association names in another module", async () => {
    expect(await findings("floating-ip-modules", "floating-ip-bastion-or-ingress-only")).toEqual([]);
    const [configuration] = await readConfigurations([join(folder, "floating-ip-modules")]);
    const association = configuration!.resources.find((r) => r.address === "module.bastion.openstack_networking_floatingip_associate_v2.bastion");
    expect(association?.values.floating_ip).toBe("${module.network.openstack_networking_floatingip_v2.bastion.address}");
  });

  it("names the instance an expression reads at any depth: ns[each.key].metadata[0].name names that team's namespace", async () => {
    expect(await findings("namespaces-per-team", "k8s-namespace-network-policy")).toEqual(['kubernetes_namespace_v1.team["beta"] violation']);
    const [configuration] = await readConfigurations([join(folder, "namespaces-per-team")]);
    const policy = configuration!.resources.find((r) => r.address === 'kubernetes_network_policy_v1.deny_all["alpha"]')!;
    expect(policy.values.metadata).toEqual([{ name: "deny-all", namespace: '${kubernetes_namespace_v1.team["alpha"].metadata[0].name}' }]);
  });

  it("reads a module from a registry where terraform init installed it, and says so when it was not installed", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-installed-"));
    writeFileSync(
      join(root, "main.tf"),
      `module "net" {\n  source  = "registry.example.fr/eds/network/openstack"\n  version = "1.0.0"\n}\n${sshRule("from_output", "module.net.admin_cidr")}\n`,
    );
    // What its outputs give waits on terraform init, not on apply.
    const notInstalled = checkConfigurations(await readInContext([root], fixtureSettings.today), { settings: fixtureSettings }).outcomes.find(
      (o) => o.policyId === "secgroup-no-public-ssh",
    );
    expect(notInstalled?.message).toBe(
      "remote_ip_prefix is not known here: it depends on ${module.net.admin_cidr}, an output of module.net, which is not installed here (terraform init was not run)",
    );
    const check = async () => {
      const run = checkConfigurations(await readInContext([root], fixtureSettings.today), { settings: fixtureSettings });
      return run.outcomes
        .filter((o) => o.status !== "compliant" && o.policyId !== "provider-schema-conformance")
        .map((o) => `${o.policyId} ${o.address} ${o.status}`);
    };
    expect(await check()).toContain("module-sources-checked module.net cannot-evaluate");
    // What `terraform init` leaves: the module in .terraform/modules, and the manifest that says where (opentofu internal/modsdir).
    mkdirSync(join(root, ".terraform", "modules", "net"), { recursive: true });
    writeFileSync(
      join(root, ".terraform", "modules", "net", "main.tf"),
      'resource "openstack_networking_secgroup_rule_v2" "ssh" {\n  direction        = "ingress"\n  ethertype        = "IPv4"\n  protocol         = "tcp"\n  port_range_min   = 22\n  port_range_max   = 22\n  remote_ip_prefix = "0.0.0.0/0"\n}\n',
    );
    const manifest = [
      { Key: "", Source: "", Dir: "." },
      { Key: "net", Source: "registry.example.fr/eds/network/openstack", Version: "1.0.0", Dir: ".terraform/modules/net" },
    ];
    writeFileSync(join(root, ".terraform", "modules", "modules.json"), JSON.stringify({ Modules: manifest }));
    const findings = await check();
    expect(findings).toContain("secgroup-no-public-ssh module.net.openstack_networking_secgroup_rule_v2.ssh violation");
    expect(findings.filter((finding) => finding.startsWith("module-sources-checked"))).toEqual([]);
  });

  it("says that a value made of a module's outputs, through a local or an instance's for_each, waits on terraform init", async () => {
    const root = rootModule("eds-not-installed-", [
      'module "net" {\n  source  = "registry.example.fr/eds/network/openstack"\n  version = "1.0.0"\n}',
      'variable "open" {\n  default = true\n}',
      "locals {\n  admin = cidrsubnet(module.net.base_cidr, 8, 1)\n}",
      sshRule("from_local", "local.admin"),
      sshRule("per_source", "each.value", "for_each = { for name, cidr in module.net.sources : name => cidr if var.open }"),
    ]);
    const run = checkConfigurations(await readInContext([root], fixtureSettings.today), { settings: fixtureSettings });
    const init = "the outputs of a module that is not installed here (terraform init was not run; the report names it)";
    expect(messagesOf(run, "secgroup-no-public-ssh")).toEqual([
      `openstack_networking_secgroup_rule_v2.from_local: remote_ip_prefix is not known here: it depends on \${local.admin}, which waits on ${init}`,
      `openstack_networking_secgroup_rule_v2.per_source: remote_ip_prefix is not known here: it depends on \${each.value}, and the block's for_each, \${{ for name, cidr in module.net.sources : name => cidr if var.open }}, reads what waits on ${init}`,
    ]);
  });

  it("says what an instance's value waits on beside a count known here, and a module's input its caller gives from a module not installed", async () => {
    const root = rootModule("eds-known-count-", [
      'variable "cidrs" {\n  type = list(string)\n}',
      sshRule("counted", "var.cidrs[count.index]", "count = 2"),
      'module "net" {\n  source  = "registry.example.fr/eds/network/openstack"\n  version = "1.0.0"\n}',
      'module "rules" {\n  source = "./rules"\n  rules  = [{ cidr = module.net.admin_cidr, open = false }]\n}',
    ]);
    mkdirSync(join(root, "rules"));
    writeFileSync(
      join(root, "rules", "main.tf"),
      [
        'variable "rules" {\n  type = list(object({ cidr = string, open = bool }))\n}',
        sshRule("ssh", "var.rules[count.index].cidr", "count = length(var.rules)"),
        sshRule("chosen", 'var.rules[count.index].open ? "0.0.0.0/0" : var.rules[count.index].cidr', "count = length(var.rules)"),
      ].join("\n"),
    );
    const run = checkConfigurations(await readInContext([root], fixtureSettings.today), { settings: fixtureSettings });
    expect(messagesOf(run, "secgroup-no-public-ssh")).toEqual([
      // The count known, what its instance's value reads alone is said.
      'module.rules.openstack_networking_secgroup_rule_v2.chosen[0]: remote_ip_prefix is not known here: it depends on ${var.rules[count.index].open ? "0.0.0.0/0" : var.rules[count.index].cidr}, which waits on the outputs of a module that is not installed here (terraform init was not run; the report names it)',
      "module.rules.openstack_networking_secgroup_rule_v2.ssh[0]: remote_ip_prefix is not known here: it depends on ${var.rules[count.index].cidr}, which waits on the outputs of a module that is not installed here (terraform init was not run; the report names it)",
      "openstack_networking_secgroup_rule_v2.counted[0]: remote_ip_prefix is not known here: it depends on ${var.cidrs[count.index]}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it",
      "openstack_networking_secgroup_rule_v2.counted[1]: remote_ip_prefix is not known here: it depends on ${var.cidrs[count.index]}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it",
    ]);
  });

  it("says what the part of a local a value reads waits on as the local's, unless Terraform refuses the local", async () => {
    const repository = mkdtempSync(join(tmpdir(), "eds-local-part-alone-"));
    mkdirSync(join(repository, "rules"));
    writeFileSync(
      join(repository, "rules", "main.tf"),
      [
        'variable "cidr" {\n  type = string\n}',
        'variable "conf" {\n  type = object({ cidr = string })\n}',
        'locals {\n  rule    = { cidr = var.cidr }\n  refused = defaults(var.conf, { cidr = "192.0.2.0/24" })\n}',
        sshRule("local_part", "local.rule.cidr"),
        sshRule("refused_local", "local.refused.cidr"),
      ].join("\n"),
    );
    // Below the folder given, with no provider, backend or lock: a module judged alone, its variables its callers' inputs.
    const run = await checkPaths([repository], { settings: fixtureSettings });
    expect(messagesOf(run, "secgroup-no-public-ssh")).toEqual([
      "openstack_networking_secgroup_rule_v2.local_part: remote_ip_prefix is not known here: it depends on ${local.rule.cidr}, which waits on the module's inputs, which its callers give (it is judged alone)",
      "openstack_networking_secgroup_rule_v2.refused_local: remote_ip_prefix is not known here: it depends on ${local.refused.cidr}, which names what Terraform refuses (an input problem says what): Terraform stops on it, whatever the values given",
    ]);
  });

  it("says that the part of a local a called module's value reads waits on the inputs its caller gives from variables given no value", async () => {
    const root = rootModule("eds-local-part-input-", [
      'variable "admin" {\n  type = string\n}',
      'module "rules" {\n  source = "./rules"\n  cidr   = var.admin\n}',
    ]);
    mkdirSync(join(root, "rules"));
    writeFileSync(
      join(root, "rules", "main.tf"),
      ['variable "cidr" {\n  type = string\n}', "locals {\n  rule = { cidr = var.cidr }\n}", sshRule("ssh", "local.rule.cidr")].join("\n"),
    );
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(messagesOf(run, "secgroup-no-public-ssh")).toEqual([
      "module.rules.openstack_networking_secgroup_rule_v2.ssh: remote_ip_prefix is not known here: it depends on ${local.rule.cidr}, which waits on inputs that module.rules is given from variables given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for them; give the values a deployment uses to judge it",
    ]);
  });

  it("says that a value an instance reads from data sources, through its count or for_each, waits on them", async () => {
    const root = rootModule("eds-documents-from-data-", [
      'data "http" "manifests" {\n  url = "https://example.fr/cert-manager.yaml"\n}',
      'data "kubectl_file_documents" "docs" {\n  content = data.http.manifests.response_body\n}',
      'resource "kubectl_manifest" "counted" {\n  count     = length(data.kubectl_file_documents.docs.documents)\n  yaml_body = element(data.kubectl_file_documents.docs.documents, count.index)\n}',
      'resource "kubectl_manifest" "each" {\n  for_each  = data.kubectl_file_documents.docs.manifests\n  yaml_body = each.value\n}',
    ]);
    const run = checkConfigurations(await readInContext([root], fixtureSettings.today), { settings: fixtureSettings });
    const atPlan = "data sources: Terraform reads them at plan (when their arguments are known), and this check does not";
    expect(messagesOf(run, "k8s-image-allowed-registry")).toEqual([
      `kubectl_manifest.counted: yaml_body is not known here: it depends on \${element(data.kubectl_file_documents.docs.documents, count.index)}, and on the block's count, \${length(data.kubectl_file_documents.docs.documents)}: these read ${atPlan}`,
      `kubectl_manifest.each: yaml_body is not known here: it depends on \${each.value}, and the block's for_each, \${data.kubectl_file_documents.docs.manifests}, reads ${atPlan}`,
    ]);
  });

  it("leaves as written a value whose reference goes round between modules, a cycle Terraform refuses", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-module-cycle-"));
    for (const [module, output] of [
      ["a", "x"],
      ["b", "y"],
    ] as const) {
      mkdirSync(join(root, module));
      writeFileSync(join(root, module, "main.tf"), `variable "in" {}\noutput "${output}" {\n  value = var.in\n}\n`);
    }
    writeFileSync(
      join(root, "main.tf"),
      'module "a" {\n  source = "./a"\n  in     = module.b.y\n}\nmodule "b" {\n  source = "./b"\n  in     = module.a.x\n}\nresource "openstack_networking_port_v2" "p" {\n  network_id = module.a.x\n}\n',
    );
    const [configuration] = await readConfigurations([root]);
    expect(configuration!.resources.map((r) => r.values)).toEqual([{ network_id: "${module.a.x}" }]);
  });

  it("reads resource.type.name as type.name, Terraform's other way to write it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eds-resource-prefix-"));
    writeFileSync(
      join(dir, "main.tf"),
      [
        'resource "openstack_networking_port_v2" "p" {\n  name       = "web"\n  network_id = "00000000-0000-0000-0000-000000000001"\n}',
        'resource "openstack_networking_floatingip_v2" "f" {\n  pool        = "ext-net"\n  port_id     = resource.openstack_networking_port_v2.p.id\n  description = "for ${resource.openstack_networking_port_v2.p.name}"\n}',
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([dir]);
    const floatingIp = configuration!.resources.find((r) => r.address === "openstack_networking_floatingip_v2.f")!;
    expect(floatingIp.values).toMatchObject({ port_id: "${openstack_networking_port_v2.p.id}", description: "for web" });
    expect(new ResourceGraph(configuration!).targetsOf(floatingIp.values.port_id, floatingIp).map((r) => r.address)).toEqual([
      "openstack_networking_port_v2.p",
    ]);
  });

  it("reads a reference into a kubernetes_manifest from its manifest as written, though the policies read the object as its kind", async () => {
    const [configuration] = await readConfigurations([join(folder, "manifest-reference")]);
    // The ConfigMap is read as kubernetes_config_map_v1 (its data at the top), the reference as Terraform reads it.
    expect(configuration!.resources.find((r) => r.address === "kubernetes_manifest.cidrs")!.values).toMatchObject({ data: { admin: "0.0.0.0/0" } });
    expect(await findings("manifest-reference", "secgroup-no-public-ssh")).toEqual(["openstack_networking_secgroup_rule_v2.admin violation"]);
  });

  it("reads a relative file path from the root module's folder, as terraform run there does, wherever the check runs", async () => {
    const [configuration] = await readConfigurations([join(folder, "working-directory")]);
    const values = (address: string) => configuration!.resources.find((r) => r.address === address)?.values;
    expect(values("openstack_compute_instance_v2.bad_literal_password")).toMatchObject({
      user_data: readFileSync(join(folder, "working-directory", "scripts", "init.sh"), "utf8"),
      metadata: { module: "." },
    });
    expect(values("module.agent.openstack_compute_instance_v2.agent")).toMatchObject({
      user_data: "#cloud-config\npackages: [chrony]\n",
      metadata: { module: "modules/agent", root: "." },
    });
    expect(await findings("working-directory", "instance-user-data-no-secrets")).toEqual(["openstack_compute_instance_v2.bad_literal_password violation"]);
  });

  it("judges a module that no folder calls and that declares no backend or provider, but not on a root module's state", async () => {
    const run = checkConfigurations(await readInContext([join(folder, "modules")], fixtureSettings.today), { settings: fixtureSettings });
    const stateOutcomes = run.outcomes
      .filter((o) => o.policyId === "state-backend-on-provider" || o.policyId === "state-encrypted-client-side")
      .map((o) => `${o.stack} ${o.policyId} ${o.status}`);
    expect(stateOutcomes).toEqual(["envs/prod state-backend-on-provider compliant", "envs/prod state-encrypted-client-side compliant"]);
    expect(run.configurations.find((c) => c.stack === "modules/published")).toMatchObject({ moduleAlone: true, resourceCount: 2 });
    const text = [...textReporter(run, { subject: "modules" })].join("");
    expect(text).toContain(
      "modules judged alone (no backend, state encryption, provider, variable file Terraform reads in its working directory (terraform.tfvars, *.auto.tfvars) or dependency lock file",
    );
    expect(text).toMatch(/\n {2}modules\/published\n/);
    // Given explicitly, the same folder is a root module, judged on its state too.
    const explicit = checkConfigurations(await readInContext([join(folder, "modules/modules/published")], fixtureSettings.today), {
      settings: fixtureSettings,
    });
    expect(explicit.outcomes.filter((o) => o.policyId === "state-backend-on-provider").map((o) => o.status)).toEqual(["violation"]);
  });

  it("knows the arguments of resources and data sources as configured, and what the provider computes as unknown", async () => {
    expect(await findings("resource-arguments", "secgroup-no-public-ssh")).toEqual([
      'openstack_networking_secgroup_rule_v2.admin["admin"] cannot-evaluate',
      // Its keys depend on a cycle, so its instances are unknown: judged once, on what it writes itself.
      "openstack_networking_secgroup_rule_v2.cyclic violation",
      'openstack_networking_secgroup_rule_v2.openings["demo-bastion-22"] violation',
    ]);
    const [configuration] = await readConfigurations([join(folder, "resource-arguments")]);
    const values = (address: string) => configuration!.resources.find((r) => r.address === address)?.values;
    expect(values('openstack_networking_secgroup_rule_v2.openings["demo-server-6443"]')).toMatchObject({
      port_range_min: 6443,
      remote_ip_prefix: "192.0.2.0/24",
      description: "Opening beside ext-net",
      // A computed attribute reached through each.value is written as the reference it is, which the graph follows.
      security_group_id: "${openstack_networking_secgroup_v2.server.id}",
    });
    // Through a splat over counted instances; a reference written in the body stays as written.
    expect(values('openstack_networking_secgroup_rule_v2.per_group["counted-1"]')).toMatchObject({
      security_group_id: "${openstack_networking_secgroup_v2.counted[0].id}",
      description: "${openstack_networking_secgroup_v2.server.description}",
    });
    expect(configuration!.resources.map((r) => r.address)).toContain("openstack_networking_secgroup_rule_v2.cyclic");
  });

  it("says that a value is not evaluated because it calls a function the check does not compute, or reads a data source or an instance's key, which Terraform may know at plan", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-not-computed-"));
    const rule = (name: string, prefix: string) =>
      `resource "openstack_networking_secgroup_rule_v2" "${name}" {\n  direction        = "ingress"\n  protocol         = "tcp"\n  port_range_min   = 22\n  port_range_max   = 22\n  remote_ip_prefix = ${prefix}\n}\n`;
    writeFileSync(
      join(root, "main.tf"),
      [
        'variable "source" {\n  type = string\n}',
        rule("decoded", 'provider::terraform::decode_tfvars("cidr = \\"0.0.0.0/0\\"").cidr'),
        rule("given", "var.source"),
        'data "openstack_networking_subnet_v2" "public" {\n  name = "public"\n}',
        rule("looked_up", "data.openstack_networking_subnet_v2.public.cidr"),
        // In brackets, as some write every reference, and by the instance's index.
        'variable "names" {\n  type = list(string)\n}',
        'data "openstack_networking_subnet_v2" "named" {\n  count = length(var.names)\n  name  = var.names[count.index]\n}',
        rule("looked_up_in_brackets", "(data.openstack_networking_subnet_v2.named[count.index].cidr)").replace(
          "{\n",
          "{\n  count            = length(var.names)\n",
        ),
        rule("each_looked_up", "each.value").replace("{\n", "{\n  for_each         = toset(data.openstack_networking_subnet_v2.public.tags)\n"),
        rule("key_looked_up", "each.key").replace("{\n", "{\n  for_each         = toset(data.openstack_networking_subnet_v2.public.tags)\n"),
        rule("counted", '"10.0.${count.index}.0/24"').replace("{\n", "{\n  count            = length(data.openstack_networking_subnet_v2.public.tags)\n"),
        rule("each_and_given", '"${each.value}${var.source}"').replace(
          "{\n",
          "{\n  for_each         = toset(data.openstack_networking_subnet_v2.public.tags)\n",
        ),
      ].join("\n"),
    );
    const run = await checkPaths([root], { settings: fixtureSettings });
    const messages = messagesOf(run, "secgroup-no-public-ssh");
    expect(messages).toEqual([
      "openstack_networking_secgroup_rule_v2.counted: remote_ip_prefix is not known here: it depends on ${count.index}, and the block's count, ${length(data.openstack_networking_subnet_v2.public.tags)}, reads data sources: Terraform reads them at plan (when their arguments are known), and this check does not",
      "openstack_networking_secgroup_rule_v2.decoded: remote_ip_prefix is not evaluated here: it calls provider::terraform::decode_tfvars, whose value Terraform knows at plan and this check does not compute",
      // Beside a variable given no value, what the instance's key waits on is said with it.
      "openstack_networking_secgroup_rule_v2.each_and_given: remote_ip_prefix is not known here: it depends on ${each.value}, ${var.source}, and on the block's for_each, ${toset(data.openstack_networking_subnet_v2.public.tags)}: these read data sources and variables given no value (no default, tfvars file, --var, --var-file or TF_VAR_): Terraform reads the data sources at plan (when their arguments are known), which this check does not, and asks for the variables; give the values a deployment uses to judge it",
      "openstack_networking_secgroup_rule_v2.each_looked_up: remote_ip_prefix is not known here: it depends on ${each.value}, and the block's for_each, ${toset(data.openstack_networking_subnet_v2.public.tags)}, reads data sources: Terraform reads them at plan (when their arguments are known), and this check does not",
      "openstack_networking_secgroup_rule_v2.given: remote_ip_prefix is not known here: it depends on ${var.source}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it",
      "openstack_networking_secgroup_rule_v2.key_looked_up: remote_ip_prefix is not known here: it depends on ${each.key}, and the block's for_each, ${toset(data.openstack_networking_subnet_v2.public.tags)}, reads data sources: Terraform reads them at plan (when their arguments are known), and this check does not",
      "openstack_networking_secgroup_rule_v2.looked_up: remote_ip_prefix is not known here: it is read from ${data.openstack_networking_subnet_v2.public.cidr}, a data source Terraform reads at plan (when its arguments are known) and this check does not",
      "openstack_networking_secgroup_rule_v2.looked_up_in_brackets: remote_ip_prefix is not known here: it is read from ${data.openstack_networking_subnet_v2.named[count.index].cidr}, a data source Terraform reads at plan (when its arguments are known) and this check does not",
    ]);
  });

  it("says that a value read from a data source this check computes, whose argument is known only at apply, is known at apply", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-computed-data-at-apply-"));
    mkdirSync(join(root, "user-data"));
    writeFileSync(
      join(root, "user-data", "main.tf"),
      'variable "ca" {\n  type = string\n}\ndata "cloudinit_config" "config" {\n  part {\n    content_type = "text/cloud-config"\n    content      = "ca_certs: {trusted: [\\"${var.ca}\\"]}"\n  }\n}\noutput "rendered" {\n  value = data.cloudinit_config.config.rendered\n}\n',
    );
    writeFileSync(
      join(root, "main.tf"),
      'resource "tls_private_key" "ca" {\n  algorithm = "ED25519"\n}\nmodule "user_data" {\n  source = "./user-data"\n  ca     = tls_private_key.ca.public_key_pem\n}\nresource "openstack_compute_instance_v2" "a" {\n  name      = "a"\n  user_data = module.user_data.rendered\n}\n',
    );
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(messagesOf(run, "instance-user-data-no-secrets")).toEqual([
      "openstack_compute_instance_v2.a: user_data is not known before apply: it is read from ${module.user_data.data.cloudinit_config.config.rendered}, a data source this check computes as its provider does, from arguments one of which is known only at apply",
    ]);
  });

  it("says that a value depending on variables given no value is known at plan, in a module too, and one read from a resource at apply", async () => {
    const root = rootModule("eds-given-no-value-", [
      'variable "source" {\n  type = string\n}',
      'variable "base" {\n  type = string\n}',
      'resource "terraform_data" "subnet" {\n  input = "198.51.100.0/24"\n}',
      sshRule("given", "var.source"),
      sshRule("computed", "cidrsubnet(var.base, 8, 1)"),
      sshRule("beside_a_resource", '"${var.source}${terraform_data.subnet.id}"'),
      'module "passed" {\n  source = "./rule"\n  cidr   = var.source\n}',
      'module "computed" {\n  source = "./rule"\n  cidr   = var.base != "" ? cidrsubnet(var.base, 8, 1) : "192.0.2.0/24"\n}',
      'module "each_source" {\n  source   = "./rule"\n  for_each = toset([var.source])\n  cidr     = each.value\n}',
      'variable "servers" {\n  type = list(object({ name = string, cidr = string }))\n}',
      'module "each_server" {\n  source   = "./rule"\n  for_each = { for server in var.servers : server.name => server }\n  cidr     = each.value.cidr\n}',
      'module "from_resource" {\n  source = "./rule"\n  cidr   = terraform_data.subnet.id\n}',
    ]);
    mkdirSync(join(root, "rule"));
    writeFileSync(join(root, "rule", "main.tf"), `variable "cidr" {\n  type = string\n}\n${sshRule("ssh", "var.cidr")}`);
    const checked = async (vars: string[] = []) => {
      const configurations = await readInContext([root], fixtureSettings.today, undefined, { given: vars.map((value) => ({ option: "var", value })) });
      return checkConfigurations(configurations, { settings: fixtureSettings });
    };
    const reasons = async (vars: string[] = []) =>
      (await checked(vars)).outcomes
        .filter((o) => o.policyId === "secgroup-no-public-ssh" && o.status === "cannot-evaluate")
        .map((o) => `${o.address}: ${o.message!.replace(/, given no value \(.*/, ", given no value")}`);
    // The reports name the root module's variables to give (a module's input given one of them follows from it).
    const toGive = async (vars: string[] = []) => notJudged(await checked(vars)).find((note) => note.id === "variables-given-no-value")?.entries;
    const all = ["source=192.0.2.0/28", "base=10.0.0.0/8", 'servers=[{ name = "web", cidr = "10.1.0.0/24" }]'];
    expect(await toGive()).toEqual([{ stack: basename(root), names: ["var.base", "var.servers", "var.source"] }]);
    expect(await toGive(["source=192.0.2.0/28"])).toEqual([{ stack: basename(root), names: ["var.base", "var.servers"] }]);
    expect(await toGive(all)).toBeUndefined();
    expect([...textReporter(await checked(), { subject: "root" })].join("")).toContain(`variables given no value (no default, tfvars file`);
    // A module's input given from them (a function or a condition of them, an instance of a for_each over them) is too.
    const fromThem = (call: string) =>
      `${call}.openstack_networking_secgroup_rule_v2.ssh: remote_ip_prefix is not known here: it depends on \${var.cidr}, an input that ${call} is given from variables given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for them; give the values a deployment uses to judge it`;
    expect(await reasons()).toEqual([
      fromThem("module.computed"),
      fromThem("module.each_server"),
      fromThem("module.each_source"),
      "module.from_resource.openstack_networking_secgroup_rule_v2.ssh: remote_ip_prefix is not known before apply: it depends on ${terraform_data.subnet.id}",
      fromThem("module.passed"),
      "openstack_networking_secgroup_rule_v2.beside_a_resource: remote_ip_prefix is not known before apply: it depends on ${var.source}, ${terraform_data.subnet.id}",
      "openstack_networking_secgroup_rule_v2.computed: remote_ip_prefix is not known here: it depends on ${cidrsubnet(var.base, 8, 1)}, which reads var.base, given no value",
      "openstack_networking_secgroup_rule_v2.given: remote_ip_prefix is not known here: it depends on ${var.source}, given no value",
    ]);
    // A module below the folder checked that no root module there calls is judged alone: its variables are inputs its
    // callers give.
    const repository = mkdtempSync(join(tmpdir(), "eds-module-alone-"));
    mkdirSync(join(repository, "rule"));
    writeFileSync(join(repository, "rule", "main.tf"), readFileSync(join(root, "rule", "main.tf"), "utf8"));
    mkdirSync(join(repository, "rule", "inner"));
    writeFileSync(join(repository, "rule", "inner", "main.tf"), readFileSync(join(root, "rule", "main.tf"), "utf8"));
    writeFileSync(join(repository, "rule", "inner.tf"), 'module "inner" {\n  source = "./inner"\n  cidr   = var.cidr\n}\n');
    const alone = await checkPaths([repository], { settings: fixtureSettings });
    expect(messagesOf(alone, "secgroup-no-public-ssh")).toEqual([
      "module.inner.openstack_networking_secgroup_rule_v2.ssh: remote_ip_prefix is not known here: it depends on ${var.cidr}, an input that module.inner is given from the module's inputs, which its callers give (it is judged alone)",
      "openstack_networking_secgroup_rule_v2.ssh: remote_ip_prefix is not known here: it depends on ${var.cidr}, one of the module's inputs, which its callers give (it is judged alone)",
    ]);
    expect(notJudged(alone).map((note) => note.id)).not.toContain("variables-given-no-value");
    // Given, they are judged; what a resource gives stays known at apply only.
    expect(await reasons(all)).toEqual([
      "module.from_resource.openstack_networking_secgroup_rule_v2.ssh: remote_ip_prefix is not known before apply: it depends on ${terraform_data.subnet.id}",
      "openstack_networking_secgroup_rule_v2.beside_a_resource: remote_ip_prefix is not known before apply: it depends on ${terraform_data.subnet.id}",
    ]);
  });

  it("says that a value a local makes of a data source is known at plan, once Terraform reads it, and one beside a resource's attribute at apply", async () => {
    const root = rootModule("eds-local-of-data-", [
      'data "openstack_networking_subnet_v2" "admin" {\n  name = "admin"\n}',
      'resource "terraform_data" "subnet" {\n  input = "198.51.100.0/24"\n}',
      'variable "prefix" {\n  type = string\n}',
      'locals {\n  derived = cidrsubnet(data.openstack_networking_subnet_v2.admin.cidr, 4, 1)\n  nested  = local.derived\n  given   = "${var.prefix}${local.derived}"\n  beside  = "${local.derived}${terraform_data.subnet.id}"\n}',
      sshRule("derived", "local.derived"),
      sshRule("nested", "local.nested"),
      sshRule("given", "local.given"),
      sshRule("beside", "local.beside"),
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    const fromData = "which reads data sources: Terraform reads them at plan (when their arguments are known), and this check does not";
    expect(messagesOf(run, "secgroup-no-public-ssh")).toEqual([
      "openstack_networking_secgroup_rule_v2.beside: remote_ip_prefix is not known before apply: it depends on ${local.derived}, ${terraform_data.subnet.id}",
      `openstack_networking_secgroup_rule_v2.derived: remote_ip_prefix is not known here: it depends on \${local.derived}, ${fromData}`,
      // Beside a variable given no value, both are said.
      "openstack_networking_secgroup_rule_v2.given: remote_ip_prefix is not known here: it depends on ${var.prefix}, ${local.derived}, which reads data sources and variables given no value (no default, tfvars file, --var, --var-file or TF_VAR_): Terraform reads the data sources at plan (when their arguments are known), which this check does not, and asks for the variables; give the values a deployment uses to judge it",
      `openstack_networking_secgroup_rule_v2.nested: remote_ip_prefix is not known here: it depends on \${local.nested}, ${fromData}`,
    ]);
  });

  it("says what a module's input written as a list waits on, each of its elements read (a data source's attribute among them)", async () => {
    const root = rootModule("eds-list-of-data-", [
      'variable "isolated" {\n  type = bool\n}',
      'data "openstack_networking_secgroup_v2" "nodes" {\n  name = "nodes"\n}',
      'module "port" {\n  source   = "./port"\n  isolated = var.isolated\n  groups   = [data.openstack_networking_secgroup_v2.nodes.id]\n}',
    ]);
    mkdirSync(join(root, "port"));
    writeFileSync(
      join(root, "port", "main.tf"),
      [
        'variable "isolated" {\n  type = bool\n}',
        'variable "groups" {\n  type = list(string)\n}',
        'resource "openstack_networking_port_v2" "node" {\n  network_id         = "5f1c9d3e-0000-4000-8000-000000000001"\n  security_group_ids = var.isolated ? [] : var.groups\n}',
      ].join("\n"),
    );
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(messagesOf(run, "default-secgroup-unused")).toEqual([
      "module.port.openstack_networking_port_v2.node: security_group_ids is not known here: it depends on ${var.isolated ? [] : var.groups}, which reads data sources and variables given no value (no default, tfvars file, --var, --var-file or TF_VAR_): Terraform reads the data sources at plan (when their arguments are known), which this check does not, and asks for the variables; give the values a deployment uses to judge it",
    ]);
  });

  it("says that an instance's key or value is known at plan where the block's for_each or count reads only variables given no value", async () => {
    const root = rootModule("eds-count-given-no-value-", [
      'variable "sources" {\n  type = set(string)\n}',
      'variable "enabled" {\n  type = bool\n}',
      'data "openstack_networking_subnet_v2" "public" {\n  name = "public"\n}',
      sshRule("each_source", "each.value", "for_each = var.sources"),
      sshRule("when_enabled", '"10.0.${count.index}.0/24"', "count = var.enabled ? 1 : 0"),
      sshRule("looked_up", "each.value", "for_each = toset(data.openstack_networking_subnet_v2.public.tags)"),
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    const messages = messagesOf(run, "secgroup-no-public-ssh");
    const noValue = "(no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for them; give the values a deployment uses to judge it";
    expect(messages).toEqual([
      `openstack_networking_secgroup_rule_v2.each_source: remote_ip_prefix is not known here: it depends on \${each.value}, and the block's for_each, \${var.sources}, reads variables given no value ${noValue}`,
      "openstack_networking_secgroup_rule_v2.looked_up: remote_ip_prefix is not known here: it depends on ${each.value}, and the block's for_each, ${toset(data.openstack_networking_subnet_v2.public.tags)}, reads data sources: Terraform reads them at plan (when their arguments are known), and this check does not",
      `openstack_networking_secgroup_rule_v2.when_enabled: remote_ip_prefix is not known here: it depends on \${count.index}, and the block's count, \${var.enabled ? 1 : 0}, reads variables given no value ${noValue}`,
    ]);
  });

  it("says a value known at plan once given, where it reads known values beside the variables given no value", async () => {
    const root = rootModule("eds-known-beside-no-value-", [
      'variable "source" {\n  type = string\n}',
      'variable "open" {\n  type    = bool\n  default = true\n}',
      'locals {\n  fallback = "10.0.0.0/8"\n}',
      sshRule("chosen", "var.open ? var.source : local.fallback"),
      // A module given a literal beside such a variable: the shape of a module called for two roles.
      'module "agents" {\n  source    = "./rule"\n  persisted = false\n  cidr      = var.source\n}',
      // Given in part (its known text kept, in its caller's words): the module's value names the caller's variable.
      'module "in_part" {\n  source = "./whole"\n  cidr   = "${var.source}/8"\n}',
    ]);
    mkdirSync(join(root, "rule"));
    writeFileSync(
      join(root, "rule", "main.tf"),
      `variable "persisted" {\n  type = bool\n}\nvariable "cidr" {\n  type = string\n}\n${sshRule("ssh", 'var.persisted ? "10.0.0.0/8" : var.cidr')}`,
    );
    mkdirSync(join(root, "whole"));
    writeFileSync(join(root, "whole", "main.tf"), `variable "cidr" {\n  type = string\n}\n${sshRule("ssh", "var.cidr")}`);
    const run = await checkPaths([root], { settings: fixtureSettings });
    const messages = messagesOf(run, "secgroup-no-public-ssh").map((message) => message.replace(/ \(no default, .*/, ""));
    expect(messages).toEqual([
      'module.agents.openstack_networking_secgroup_rule_v2.ssh: remote_ip_prefix is not known here: it depends on ${var.persisted ? "10.0.0.0/8" : var.cidr}, an input that module.agents is given from variables given no value',
      "module.in_part.openstack_networking_secgroup_rule_v2.ssh: remote_ip_prefix is not known here: it depends on ${var.source}, an input that module.in_part is given from variables given no value",
      "openstack_networking_secgroup_rule_v2.chosen: remote_ip_prefix is not known here: it depends on ${var.open ? var.source : local.fallback}, which reads var.source, given no value",
    ]);
  });

  it("says so of a template file rendered with such a variable: the file's name and path.module are no references that wait", async () => {
    const root = rootModule("eds-template-no-value-", [
      'variable "extra" {\n  type = string\n}',
      'resource "kubernetes_manifest" "pod" {\n  manifest = yamldecode(templatefile("${path.module}/pod.yaml.tftpl", { extra = var.extra }))\n}',
    ]);
    // What the variable writes makes YAML structure of its own: the manifest stays unknown as a whole (yamlDecodedInPart).
    writeFileSync(join(root, "pod.yaml.tftpl"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\n  ${extra}\n");
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(messagesOf(run, "k8s-image-pinned-digest")).toEqual([
      'kubernetes_manifest.pod: manifest is not known here: it depends on ${yamldecode(templatefile("${path.module}/pod.yaml.tftpl", { extra = var.extra }))}, which reads var.extra, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it',
    ]);
  });

  it("follows locals and modules' outputs that wait on variables given no value alone, known values beside them", async () => {
    // The shape of a configuration read from a file a variable names: everything waits on that variable.
    const root = rootModule("eds-waiting-on-no-value-", [
      'variable "config_file" {\n  type = string\n}',
      'variable "parameters" {\n  type    = map(string)\n  default = {}\n}',
      'module "cfg" {\n  source     = "./cfg"\n  path       = "${path.root}/${var.config_file}"\n  parameters = var.parameters\n}',
      'locals {\n  separator = "_"\n  rules     = { for k, v in module.cfg.config.rules : "${k}${local.separator}in" => v }\n}',
      'module "groups" {\n  source   = "./groups"\n  for_each = { for k, v in module.cfg.config.groups : k => { group = v } }\n  config   = each.value\n}',
      sshRule("root_rule", "each.value.cidr", "for_each = local.rules"),
      // Beside a value known only at apply, it is what it is.
      'resource "terraform_data" "group" {\n  input = "x"\n}',
      'locals {\n  with_id = { for k, v in local.rules : "${k}-${terraform_data.group.id}" => v }\n}',
      sshRule("with_id", "each.value.cidr", "for_each = local.with_id"),
    ]);
    mkdirSync(join(root, "cfg"));
    writeFileSync(
      join(root, "cfg", "main.tf"),
      'variable "path" {\n  type = string\n}\nvariable "parameters" {\n  type = map(string)\n}\nlocals {\n  config = yamldecode(templatefile(var.path, var.parameters))\n}\noutput "config" {\n  value = local.config\n}\n',
    );
    mkdirSync(join(root, "groups"));
    writeFileSync(
      join(root, "groups", "main.tf"),
      `variable "config" {\n  type = any\n}\nlocals {\n  rules = { for r in var.config.group.rules : r.name => r }\n}\n${sshRule("rule", "each.value.cidr", "for_each = local.rules")}`,
    );
    const run = await checkPaths([root], { settings: fixtureSettings });
    const messages = messagesOf(run, "secgroup-no-public-ssh");
    const plan = "(no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for them; give the values a deployment uses to judge it";
    expect(messages).toEqual([
      `module.groups.openstack_networking_secgroup_rule_v2.rule: remote_ip_prefix is not known here: it depends on \${each.value.cidr}, and the block's for_each, \${local.rules}, reads inputs that module.groups is given from variables given no value ${plan}`,
      `openstack_networking_secgroup_rule_v2.root_rule: remote_ip_prefix is not known here: it depends on \${each.value.cidr}, and the block's for_each, \${local.rules}, reads variables given no value ${plan}`,
      "openstack_networking_secgroup_rule_v2.with_id: remote_ip_prefix is not known here: it depends on ${each.value.cidr}, and what the block's for_each or count gives is not known here (at plan when it reads data sources, or at apply)",
    ]);
    // The note names the variables to give, not the locals and outputs waiting on them.
    expect(notJudged(run).find((note) => note.id === "variables-given-no-value")?.entries).toEqual([{ stack: basename(root), names: ["var.config_file"] }]);
  });

  it("says that an argument reading a file that is not there fails as Terraform's file function does", async () => {
    const root = rootModule("eds-argument-file-not-here-", [sshRule("direct", 'trimspace(file("${path.module}/cidr.txt"))')]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(notJudged(run).find((note) => note.id === "evaluations-failing")?.entries).toEqual([
      {
        stack: basename(root),
        names: [
          `openstack_networking_secgroup_rule_v2.direct.remote_ip_prefix (${join(root, "main.tf")}:7: no file exists at the path given, one of the files read that are not here)`,
        ],
      },
    ]);
  });

  it("names the files the configuration reads that are not there, on which terraform plan stops", async () => {
    const root = rootModule("eds-files-not-here-", [
      'locals {\n  rules = yamldecode(file("${path.module}/rules.yml"))\n}',
      sshRule("from_file", "each.value", "for_each = local.rules"),
      // Beside a value known only at apply, the file counts first: the plan stops on it.
      'resource "terraform_data" "group" {\n  input = "x"\n}',
      'locals {\n  with_id = { for k, v in local.rules : "${k}-${terraform_data.group.id}" => v }\n}',
      sshRule("with_id", "each.value", "for_each = local.with_id"),
      // Where Terraform passes over the error, a file not there stops nothing: the result not taken, try, can.
      'locals {\n  use      = false\n  unused   = local.use ? file("${path.module}/unused.yml") : "{}"\n  tried    = try(file("${path.module}/tried.yml"), "{}")\n  probed   = can(file("${path.module}/probed.yml"))\n}',
      'resource "terraform_data" "passed_over" {\n  input = [local.unused, local.tried, local.probed]\n}',
    ]);
    const checked = async () => {
      const run = await checkPaths([root], { settings: fixtureSettings });
      return {
        found: run.outcomes.filter((o) => o.policyId === "secgroup-no-public-ssh").map((o) => `${o.address} ${o.status}`),
        notHere: notJudged(run).find((note) => note.id === "files-not-here")?.entries,
        said: messagesOf(run, "secgroup-no-public-ssh"),
      };
    };
    // The finding says what its for_each waits on, through the local that reads the file.
    const waits = "reads what waits on a file that is not there (the report names it): terraform plan stops on it";
    expect(await checked()).toEqual({
      found: ["openstack_networking_secgroup_rule_v2.from_file cannot-evaluate", "openstack_networking_secgroup_rule_v2.with_id cannot-evaluate"],
      notHere: [{ stack: basename(root), names: [join(root, "rules.yml")] }],
      said: [
        `openstack_networking_secgroup_rule_v2.from_file: remote_ip_prefix is not known here: it depends on \${each.value}, and the block's for_each, \${local.rules}, ${waits}`,
        `openstack_networking_secgroup_rule_v2.with_id: remote_ip_prefix is not known here: it depends on \${each.value}, and the block's for_each, \${local.with_id}, ${waits}`,
      ],
    });
    expect([...textReporter(await checkPaths([root], { settings: fixtureSettings }), { subject: "root" })].join("")).toContain("files read that are not here");
    writeFileSync(join(root, "rules.yml"), "ssh: 0.0.0.0/0\n");
    expect(await checked()).toMatchObject({
      found: [
        'openstack_networking_secgroup_rule_v2.from_file["ssh"] violation',
        'openstack_networking_secgroup_rule_v2.with_id["(element 1 of 1: key not known here)"] violation',
      ],
      notHere: undefined,
    });
    if (!terraform) return;
    const planOnly = mkdtempSync(join(tmpdir(), "eds-files-not-here-plan-"));
    const passedOver = readFileSync(join(root, "main.tf"), "utf8").slice(readFileSync(join(root, "main.tf"), "utf8").indexOf("locals {\n  use"));
    writeFileSync(join(planOnly, "main.tf"), passedOver);
    expect(terraformPlan(planOnly).stdout).toContain("terraform_data.passed_over will be created");
    writeFileSync(join(planOnly, "main.tf"), 'resource "terraform_data" "rules" {\n  input = file("${path.module}/rules.yml")\n}\n');
    expect(terraformPlan(planOnly).stderr.replace(/\s+/g, " ")).toContain("no file exists at");
  });

  it("says why a value whose evaluation fails with the values given here is not known, and where it fails", async () => {
    const root = rootModule("eds-evaluation-fails-", [
      'variable "eks" {\n  type    = any\n  default = {}\n}',
      // The default has no extra: Terraform stops on the index ("Invalid index"), and so on what reads it.
      'locals {\n  cfg   = merge({ cidr = "0.0.0.0/0", chart = "app", repository = "https://charts.example.fr" }, var.eks["extra"])\n  again = local.cfg\n}',
      'resource "terraform_data" "group" {\n  input = "x"\n}',
      sshRule("direct", 'local.cfg["cidr"]'),
      sshRule("through", 'local.again["cidr"]'),
      // Beside a value known only at apply, the error counts first: the plan stops on it.
      sshRule("beside", '"${local.cfg["cidr"]}${terraform_data.group.id}"'),
      // A policy's own "not known before apply" says the same, and so does one that reports what it cannot read itself.
      'resource "helm_release" "app" {\n  name       = "app"\n  chart      = "app"\n  version    = "1.0.0"\n  repository = local.cfg["repository"]\n}',
      'resource "helm_release" "unnamed" {\n  name       = "unnamed"\n  chart      = local.cfg["chart"]\n  version    = "1.0.0"\n  repository = "oci://registry.example.fr/charts"\n}',
      // A nested block's attribute the provider computes is not known: no error.
      'resource "openstack_compute_instance_v2" "node" {\n  name = "node"\n  network {\n    uuid = "net"\n  }\n}',
      "locals {\n  address = openstack_compute_instance_v2.node.network[0].fixed_ip_v4\n}",
      'resource "terraform_data" "address" {\n  input = local.address\n}',
      // A conversion that fails says what it wanted and what the value is, never the value: the report never carries it.
      'variable "token" {\n  default = "s3cr3t-example-token"\n}\nlocals {\n  port = tonumber(var.token)\n}',
      'resource "terraform_data" "port" {\n  input = local.port\n}',
      // A resource's own value that fails says so, and is named among the values that fail.
      sshRule("own", 'var.eks["cidr"]'),
      'resource "helm_release" "own" {\n  name       = "own"\n  chart      = "app"\n  version    = "1.0.0"\n  repository = var.eks["repository"]\n}',
      // So does a block's for_each, and a dynamic block's.
      sshRule("each", "each.value", 'for_each = var.eks["rules"]'),
      'resource "kubernetes_pod_v1" "dynamic" {\n  metadata {\n    name      = "dynamic"\n    namespace = "apps"\n  }\n  spec {\n    container {\n      name  = "app"\n      image = "registry.example.fr/app:1.0"\n      dynamic "security_context" {\n        for_each = var.eks["security"]\n        content {\n          privileged = security_context.value\n        }\n      }\n    }\n  }\n}',
      // A function's error that quotes the value is named by the function; a refusal that quotes none is said whole.
      'locals {\n  base  = parseint(var.token, 10)\n  first = one(regexall("[a-z]+", var.token))\n}',
      'resource "terraform_data" "base" {\n  input = [local.base, local.first]\n}',
    ]);
    const checked = async () => {
      const run = await checkPaths([root], { settings: fixtureSettings });
      return {
        said: [
          ...messagesOf(run, "secgroup-no-public-ssh"),
          ...messagesOf(run, "k8s-no-privileged"),
          ...messagesOf(run, "helm-release-pinned").filter((message) => /^helm_release\.(?:app|own):/.test(message) && message.includes("repository")),
          ...run.outcomes.filter((o) => o.policyId === "tls-versions-and-suites" && o.status === "cannot-evaluate").map((o) => `${o.address}: ${o.message}`),
        ],
        why: notJudged(run).find((note) => note.id === "evaluations-failing")?.entries,
      };
    };
    const fails = "which fails to evaluate with the values given here, or reads what does (the report says why): terraform plan stops on it";
    const failsItself = "which fails to evaluate with the values given here (the report says why): terraform plan stops on it";
    expect(await checked()).toEqual({
      said: [
        `openstack_networking_secgroup_rule_v2.beside: remote_ip_prefix is not known here: it depends on \${local.cfg["cidr"]}, \${terraform_data.group.id}, ${fails}`,
        `openstack_networking_secgroup_rule_v2.direct: remote_ip_prefix is not known here: it depends on \${local.cfg["cidr"]}, ${fails}`,
        `openstack_networking_secgroup_rule_v2.each: remote_ip_prefix is not known here: it depends on \${each.value}, and the block's for_each, \${var.eks["rules"]}, fails to evaluate with the values given here (the report says why): terraform plan stops on it`,
        `openstack_networking_secgroup_rule_v2.own: remote_ip_prefix is not known here: it depends on \${var.eks["cidr"]}, ${failsItself}`,
        `openstack_networking_secgroup_rule_v2.through: remote_ip_prefix is not known here: it depends on \${local.again["cidr"]}, ${fails}`,
        `kubernetes_pod_v1.dynamic: spec[0].container[0].security_context[0] is made by a dynamic block whose for_each, \${var.eks["security"]}, is not known here, and may not exist: it fails to evaluate with the values given here (the report says why): terraform plan stops on it`,
        `helm_release.app: the chart repository is not known here: it depends on \${local.cfg["repository"]}, ${fails}`,
        `helm_release.own: the chart repository is not known here: it depends on \${var.eks["repository"]}, ${failsItself}`,
        `helm_release.unnamed: chart is not known here: it depends on \${local.cfg["chart"]}, ${fails}`,
      ],
      why: [
        {
          stack: basename(root),
          names: [
            `helm_release.own.repository (${join(root, "main.tf")}:85: no attribute or key "repository")`,
            `kubernetes_pod_v1.dynamic.spec[0].container[0].dynamic.security_context.for_each (${join(root, "main.tf")}:107: no attribute or key "security")`,
            `local.base (${join(root, "main.tf")}:116: parseint fails on the values given)`,
            `local.cfg (${join(root, "main.tf")}:6: no attribute or key "extra")`,
            `local.first (${join(root, "main.tf")}:117: one: the collection has more than one element)`,
            `local.port (${join(root, "main.tf")}:67: a number is required, and the value is a string that is no number)`,
            `openstack_networking_secgroup_rule_v2.each.for_each (${join(root, "main.tf")}:88: no attribute or key "rules")`,
            `openstack_networking_secgroup_rule_v2.own.remote_ip_prefix (${join(root, "main.tf")}:78: no attribute or key "cidr")`,
          ],
        },
      ],
    });
    const text = [...textReporter(await checkPaths([root], { settings: fixtureSettings }), { subject: "root" })].join("");
    expect(text).toContain("values whose evaluation fails here");
    expect(text).not.toContain("s3cr3t");
    // Given what a deployment gives, it is judged.
    writeFileSync(
      join(root, "terraform.tfvars"),
      'eks = { extra = {}, cidr = "0.0.0.0/0", repository = "https://charts.example.fr", rules = { admin = "0.0.0.0/0" }, security = [true] }\ntoken = "8080"\n',
    );
    expect(await checked()).toMatchObject({
      said: [
        expect.stringContaining("beside: remote_ip_prefix is not known before apply"),
        expect.stringContaining("direct: ingress from 0.0.0.0/0 opens SSH"),
        expect.stringContaining('each["admin"]: ingress from 0.0.0.0/0 opens SSH'),
        expect.stringContaining("own: ingress from 0.0.0.0/0 opens SSH"),
        expect.stringContaining("through: ingress from 0.0.0.0/0 opens SSH"),
        expect.stringContaining("kubernetes_pod_v1.dynamic: container app: privileged is true"),
        expect.stringContaining("helm_release.app: "),
        expect.stringContaining("helm_release.own: "),
      ],
      why: undefined,
    });
    if (!terraform) return;
    const planOnly = mkdtempSync(join(tmpdir(), "eds-evaluation-fails-plan-"));
    writeFileSync(
      join(planOnly, "main.tf"),
      'variable "eks" {\n  type    = any\n  default = {}\n}\nresource "terraform_data" "x" {\n  input = var.eks["arn"]\n}\n',
    );
    expect(terraformPlan(planOnly).stderr).toContain("Invalid index");
  });

  it("says so of what a module call's instances are given from each, where the call's for_each fails", async () => {
    const root = callingRulesModule("eds-evaluation-fails-call-", [
      'variable "cfg" {\n  type    = any\n  default = {}\n}',
      'module "rules" {\n  source   = "./rules"\n  for_each = var.cfg["rules"]\n  cidr     = each.value\n}',
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(messagesOf(run, "secgroup-no-public-ssh")).toEqual([rulesInputFails]);
    expect(notJudged(run).find((note) => note.id === "evaluations-failing")?.entries).toEqual([
      { stack: basename(root), names: [`module.rules.for_each (${join(root, "main.tf")}:7: no attribute or key "rules")`] },
    ]);
    writeFileSync(join(root, "terraform.tfvars"), 'cfg = { rules = { admin = "0.0.0.0/0" } }\n');
    expect(messagesOf(await checkPaths([root], { settings: fixtureSettings }), "secgroup-no-public-ssh")).toEqual([
      `module.rules["admin"].openstack_networking_secgroup_rule_v2.ssh: ingress from 0.0.0.0/0 opens SSH (22) to the Internet (module.rules["admin"]'s var.cidr, given in ${join(root, "main.tf")}:8)`,
    ]);
  });

  it("says so of what a module reads of an input whose evaluation fails in the call, and lists the input with why", async () => {
    const root = callingRulesModule("eds-evaluation-fails-input-", [
      'variable "cidrs" {\n  type    = list(string)\n  default = []\n}',
      'module "rules" {\n  source = "./rules"\n  cidr   = element(var.cidrs, 0)\n}',
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(messagesOf(run, "secgroup-no-public-ssh")).toEqual([rulesInputFails]);
    expect(notJudged(run).find((note) => note.id === "evaluations-failing")?.entries).toEqual([
      { stack: basename(root), names: [`module.rules.cidr (${join(root, "main.tf")}:7: element: the list is empty)`] },
    ]);
    writeFileSync(join(root, "terraform.tfvars"), 'cidrs = ["0.0.0.0/0"]\n');
    expect(messagesOf(await checkPaths([root], { settings: fixtureSettings }), "secgroup-no-public-ssh")).toEqual([
      expect.stringContaining("module.rules.openstack_networking_secgroup_rule_v2.ssh: ingress from 0.0.0.0/0 opens SSH (22) to the Internet"),
    ]);
    if (!terraform) return;
    const planOnly = rootModule("eds-evaluation-fails-input-plan-", [
      'variable "cidrs" {\n  type    = list(string)\n  default = []\n}',
      'module "rules" {\n  source = "./rules"\n  cidr   = element(var.cidrs, 0)\n}',
    ]);
    mkdirSync(join(planOnly, "rules"));
    writeFileSync(join(planOnly, "rules", "main.tf"), 'variable "cidr" {\n  type = string\n}\nresource "terraform_data" "rule" {\n  input = var.cidr\n}\n');
    expect(terraformPlan(planOnly).stderr.replace(/\s+/g, " ")).toContain('on main.tf line 7, in module "rules": 7: cidr = element(var.cidrs, 0)');
  });

  it("lists a local or an output whose evaluation fails though nothing reads it, as terraform plan evaluates them all, but not in a module called with no instance", async () => {
    const root = rootModule("eds-evaluation-fails-unread-", [
      'variable "names" {\n  type    = list(string)\n  default = []\n}',
      "locals {\n  first = element(var.names, 0)\n}",
      'output "first" {\n  value = var.names[0]\n}',
      'module "used" {\n  source = "./child"\n}',
      'module "none" {\n  source = "./child"\n  count  = 0\n}',
    ]);
    mkdirSync(join(root, "child"));
    writeFileSync(join(root, "child", "main.tf"), 'variable "sizes" {\n  default = {}\n}\noutput "size" {\n  value = var.sizes["large"]\n}\n');
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(notJudged(run).find((note) => note.id === "evaluations-failing")?.entries).toEqual([
      {
        stack: basename(root),
        names: [
          `local.first (${join(root, "main.tf")}:6: element: the list is empty)`,
          `module.used.output.size (${join(root, "child", "main.tf")}:5: no attribute or key "large")`,
          `output.first (${join(root, "main.tf")}:9: index 0 is out of range (0 elements))`,
        ],
      },
    ]);
    if (!terraform) return;
    const plan = terraformPlan(root).stderr.replace(/\s+/g, " ");
    for (const place of ["on main.tf line 6, in locals", 'on main.tf line 9, in output "first"', 'on child/main.tf line 5, in output "size"'])
      expect(plan).toContain(place);
  });

  it("says so of a value that fails in a dynamic block's content, at the index of the block it makes", async () => {
    const root = rootModule("eds-evaluation-fails-content-", [
      'variable "cfg" {\n  type    = any\n  default = {}\n}',
      'resource "openstack_compute_secgroup_v2" "admin" {\n  name        = "admin"\n  description = "admin"\n  rule {\n    ip_protocol = "tcp"\n    from_port   = 22\n    to_port     = 22\n    cidr        = "192.0.2.0/24"\n  }\n  dynamic "rule" {\n    for_each = ["ssh"]\n    content {\n      ip_protocol = "tcp"\n      from_port   = 22\n      to_port     = 22\n      cidr        = var.cfg["cidr"]\n    }\n  }\n}',
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(messagesOf(run, "compute-secgroup-no-public-ingress")).toEqual([
      'openstack_compute_secgroup_v2.admin: rule[1].cidr is not known here: it depends on ${var.cfg["cidr"]}, which fails to evaluate with the values given here (the report says why): terraform plan stops on it',
    ]);
    expect(notJudged(run).find((note) => note.id === "evaluations-failing")?.entries).toEqual([
      { stack: basename(root), names: [`openstack_compute_secgroup_v2.admin.rule[1].cidr (${join(root, "main.tf")}:20: no attribute or key "cidr")`] },
    ]);
  });

  it("lists neither a local nor an argument that names a variable not declared among the values that fail: the input problem says why, once, and the findings say that Terraform refuses it", async () => {
    const root = rootModule("eds-evaluation-refused-", [
      "locals {\n  cidr = var.undeclared_cidr\n  again = local.cidr\n  rules = { admin = var.undeclared_rules }\n}",
      sshRule("through_local", "local.cidr"),
      sshRule("through_locals", "local.again"),
      sshRule("direct", "var.other_undeclared"),
      sshRule("each", "each.value", "for_each = local.rules.admin"),
      'variable "cfg" {\n  type    = any\n  default = {}\n}',
      sshRule("failing", 'var.cfg["cidr"]'),
      sshRule("both", '"${var.cfg["cidr"]}${local.cidr}"'),
      'module "rules" {\n  source = "./rules"\n}',
    ]);
    mkdirSync(join(root, "rules"));
    writeFileSync(join(root, "rules", "main.tf"), `variable "cidr" {\n  type = string\n}\n${sshRule("ssh", "var.cidr")}\n`);
    const problems: InputProblem[] = [];
    const run = checkConfigurations(await readInContext([root], fixtureSettings.today, problems), { settings: fixtureSettings });
    const refused = "names what Terraform refuses (an input problem says what): Terraform stops on it, whatever the values given";
    expect(messagesOf(run, "secgroup-no-public-ssh")).toEqual([
      `module.rules.openstack_networking_secgroup_rule_v2.ssh: remote_ip_prefix is not known here: it depends on \${var.cidr}, which ${refused}`,
      expect.stringContaining('both: remote_ip_prefix is not known here: it depends on ${var.cfg["cidr"]}, ${local.cidr}, which fails to evaluate'),
      `openstack_networking_secgroup_rule_v2.direct: remote_ip_prefix is not known here: it depends on \${var.other_undeclared}, which ${refused}`,
      `openstack_networking_secgroup_rule_v2.each: remote_ip_prefix is not known here: it depends on \${each.value}, and the block's for_each, \${local.rules.admin}, reads what Terraform refuses (an input problem says what): Terraform stops on it, whatever the values given`,
      expect.stringContaining('failing: remote_ip_prefix is not known here: it depends on ${var.cfg["cidr"]}, which fails to evaluate'),
      `openstack_networking_secgroup_rule_v2.through_local: remote_ip_prefix is not known here: it depends on \${local.cidr}, which ${refused}`,
      `openstack_networking_secgroup_rule_v2.through_locals: remote_ip_prefix is not known here: it depends on \${local.again}, which ${refused}`,
    ]);
    expect(notJudged(run).find((note) => note.id === "evaluations-failing")?.entries).toEqual([
      {
        stack: basename(root),
        names: [
          `openstack_networking_secgroup_rule_v2.both.remote_ip_prefix (${join(root, "main.tf")}:62: no attribute or key "cidr")`,
          `openstack_networking_secgroup_rule_v2.failing.remote_ip_prefix (${join(root, "main.tf")}:53: no attribute or key "cidr")`,
        ],
      },
    ]);
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining('module.rules: the argument "cidr" is required'),
      expect.stringContaining("local.cidr: var.undeclared_cidr is not declared"),
      expect.stringContaining("local.rules.admin: var.undeclared_rules is not declared"),
      expect.stringContaining("var.other_undeclared is not declared"),
    ]);
  });

  it("says a policy's own not-evaluable finding on a value given by variables given no value is known at plan once given", async () => {
    const root = rootModule("eds-policy-given-no-value-", [
      'variable "volume_type" {\n  type = string\n}',
      'variable "container_security" {\n  type = any\n}',
      'variable "tls_versions" {\n  type = list(string)\n}',
      // A policy that reports what it cannot read itself (tls-versions-and-suites) is worded the same.
      'resource "openstack_lb_listener_v2" "https" {\n  protocol                  = "TERMINATED_HTTPS"\n  protocol_port             = 443\n  loadbalancer_id           = "x"\n  default_tls_container_ref = "https://key-manager.example.fr/v1/containers/x"\n  tls_versions              = var.tls_versions\n  tls_ciphers               = "ECDHE-ECDSA-AES256-GCM-SHA384"\n}',
      'resource "terraform_data" "type" {\n  input = "encrypted-ssd"\n}',
      'resource "openstack_blockstorage_volume_v3" "given" {\n  size        = 10\n  volume_type = var.volume_type\n}',
      'resource "openstack_blockstorage_volume_v3" "computed" {\n  size        = 10\n  volume_type = terraform_data.type.id\n}',
      'resource "kubernetes_manifest" "pod" {\n  manifest = {\n    apiVersion = "v1"\n    kind       = "Pod"\n    metadata   = { name = "app", namespace = "default" }\n    spec = {\n      containers = [{ name = "app", image = "registry.example.fr/app:1.0", securityContext = var.container_security }]\n    }\n  }\n}',
    ]);
    const messages = async (policyId: string, vars: string[] = []) => {
      const configurations = await readInContext([root], fixtureSettings.today, undefined, { given: vars.map((value) => ({ option: "var", value })) });
      return checkConfigurations(configurations, { settings: fixtureSettings })
        .outcomes.filter((o) => o.policyId === policyId && o.status !== "compliant")
        .map((o) => `${o.address} ${o.status}: ${o.message!.replace(/ \(no default, .*/, "")}`);
    };
    expect(await messages("volume-encrypted-type")).toEqual([
      "openstack_blockstorage_volume_v3.computed cannot-evaluate: volume type ${terraform_data.type.id} is known only at apply",
      "openstack_blockstorage_volume_v3.given cannot-evaluate: volume type ${var.volume_type} is not known here: ${var.volume_type}, given no value",
    ]);
    expect(await messages("k8s-no-privilege-escalation")).toEqual([
      "kubernetes_manifest.pod cannot-evaluate: container app: allowPrivilegeEscalation is unset, must be false, unless manifest.spec.containers[0].securityContext, not known here, says otherwise: it depends on ${var.container_security}, given no value",
    ]);
    expect(await messages("tls-versions-and-suites")).toEqual([
      "openstack_lb_listener_v2.https cannot-evaluate: tls_versions is not known here: it depends on ${var.tls_versions}, given no value",
    ]);
    // In a module judged alone, they are inputs its callers give.
    const repository = mkdtempSync(join(tmpdir(), "eds-policy-module-alone-"));
    mkdirSync(join(repository, "volumes"));
    writeFileSync(
      join(repository, "volumes", "main.tf"),
      'variable "volume_type" {\n  type = string\n}\nresource "openstack_blockstorage_volume_v3" "data" {\n  size        = 10\n  volume_type = var.volume_type\n}\n',
    );
    const alone = await checkPaths([repository], { settings: fixtureSettings });
    expect(alone.outcomes.filter((o) => o.policyId === "volume-encrypted-type").map((o) => o.message)).toEqual([
      "volume type ${var.volume_type} is not known here: ${var.volume_type}, one of the module's inputs, which its callers give (it is judged alone)",
    ]);
    // Given, the policies judge them.
    const given = ["volume_type=encrypted-ssd", "container_security={ allowPrivilegeEscalation = false }", 'tls_versions=["TLSv1.3"]'];
    expect(await messages("volume-encrypted-type", given)).toEqual([
      "openstack_blockstorage_volume_v3.computed cannot-evaluate: volume type ${terraform_data.type.id} is known only at apply",
    ]);
    expect(await messages("k8s-no-privilege-escalation", given)).toEqual([]);
    expect(await messages("tls-versions-and-suites", given)).toEqual([]);
  });

  it('says so of a value at a map key that holds dots or slashes, which a finding names `labels["pod-security.kubernetes.io/enforce"]`', async () => {
    const root = rootModule("eds-policy-key-no-value-", [
      'variable "level" {\n  type = string\n}',
      'resource "kubernetes_namespace_v1" "team" {\n  metadata {\n    name   = "team"\n    labels = { "pod-security.kubernetes.io/enforce" = var.level }\n  }\n}',
      // One that fails to evaluate there ("Invalid index") is said to, as elsewhere.
      'variable "levels" {\n  default = {}\n}',
      'resource "kubernetes_namespace_v1" "other" {\n  metadata {\n    name   = "other"\n    labels = { "pod-security.kubernetes.io/enforce" = var.levels["other"] }\n  }\n}',
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(
      run.outcomes.filter((o) => o.policyId === "k8s-namespace-restricted-pss").map((o) => `${o.path}: ${o.message!.replace(/ \(no default, .*/, "")}`),
    ).toEqual([
      'metadata[0].labels["pod-security.kubernetes.io/enforce"]: namespace other: label pod-security.kubernetes.io/enforce is not known here: it depends on ${var.levels["other"]}, which fails to evaluate with the values given here (the report says why): terraform plan stops on it',
      'metadata[0].labels["pod-security.kubernetes.io/enforce"]: namespace team: label pod-security.kubernetes.io/enforce is not known here: it depends on ${var.level}, given no value',
    ]);
  });

  it("says the same of an instance's value and of a dynamic block's, where the for_each reads variables given no value", async () => {
    const root = rootModule("eds-policy-each-no-value-", [
      'variable "volumes" {\n  type = map(object({ type = string }))\n}',
      'variable "disks" {\n  type = list(object({ destination = string }))\n}',
      'resource "openstack_blockstorage_volume_v3" "each" {\n  for_each    = var.volumes\n  size        = 10\n  volume_type = each.value.type\n}',
      'resource "openstack_compute_instance_v2" "server" {\n  name            = "server"\n  image_id        = "x"\n  flavor_id       = "x"\n  security_groups = ["web"]\n  dynamic "block_device" {\n    for_each = var.disks\n    content {\n      uuid             = "x"\n      source_type      = "image"\n      boot_index       = 0\n      destination_type = block_device.value.destination\n      volume_type      = "encrypted-ssd"\n    }\n  }\n}',
      'variable "networks" {\n  type = list(object({ port = string }))\n}',
      'resource "openstack_compute_instance_v2" "attached" {\n  name            = "attached"\n  image_id        = "x"\n  flavor_id       = "x"\n  security_groups = ["web"]\n  dynamic "network" {\n    for_each = var.networks\n    content {\n      port = network.value.port\n    }\n  }\n}',
      'variable "rules" {\n  type = list(object({ cidr = string }))\n}',
      sshRule("rule", "var.rules[count.index].cidr", "count = length(var.rules)"),
      // Over a data source's list, Terraform knows them at plan only once it has read it: what they are is said as before.
      'data "openstack_networking_network_v2" "net" {\n  name = "net"\n}',
      'resource "openstack_blockstorage_volume_v3" "looked_up" {\n  for_each    = toset(data.openstack_networking_network_v2.net.tags)\n  size        = 10\n  volume_type = each.value\n}',
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    const said = (policyId: string) => saidBy(run, policyId);
    expect(said("volume-encrypted-type")).toEqual([
      "openstack_blockstorage_volume_v3.each: volume type ${each.value.type} is not known here: ${each.value.type}, and the block's for_each, ${var.volumes}, reads variables given no value",
      "openstack_blockstorage_volume_v3.looked_up: volume type ${each.value} is not known here: ${each.value}, and the block's for_each, ${toset(data.openstack_networking_network_v2.net.tags)}, reads data sources: Terraform reads them at plan (when their arguments are known), and this check does not",
    ]);
    expect(said("instance-boot-volume-encrypted")).toEqual([
      "openstack_compute_instance_v2.attached: the instance boots on a local disk, which is not encrypted; boot from a volume of an encrypted type",
      "openstack_compute_instance_v2.server: whether the instance boots from a volume is not known here: the destination of a block device is ${block_device.value.destination}: block_device[0] is made by a dynamic block whose for_each, ${var.disks}, reads variables given no value",
    ]);
    // An element an instance's index picks in a variable given no value waits on it, and so does the count.
    expect(said("secgroup-no-public-ssh")).toEqual([
      "openstack_networking_secgroup_rule_v2.rule: remote_ip_prefix is not known here: it depends on ${var.rules[count.index].cidr}, and on the block's count, ${length(var.rules)}: these read variables given no value",
    ]);
    expect(said("default-secgroup-unused")).toEqual([
      "openstack_compute_instance_v2.attached: network[0] is made by a dynamic block whose for_each, ${var.networks}, is not known here, and may not exist: it reads variables given no value",
    ]);
  });

  it("says so of a block a dynamic block makes over an instance's element, where the resource's for_each reads variables given no value", async () => {
    const root = rootModule("eds-dynamic-over-each-no-value-", [
      'variable "apps" {\n  type = map(object({ containers = list(object({ name = string, image = string })), paths = list(string) }))\n}',
      'resource "kubernetes_deployment_v1" "app" {\n  for_each = var.apps\n  metadata {\n    name      = each.key\n    namespace = "team"\n  }\n  spec {\n    selector {\n      match_labels = { app = each.key }\n    }\n    template {\n      metadata {\n        labels = { app = each.key }\n      }\n      spec {\n        dynamic "container" {\n          for_each = each.value.containers\n          content {\n            name  = container.value.name\n            image = container.value.image\n          }\n        }\n        volume {\n          name = "shared"\n          dynamic "nfs" {\n            for_each = each.value.paths\n            content {\n              server = "nfs.example.fr"\n              path   = nfs.value\n            }\n          }\n        }\n        volume {\n          name = "host"\n          dynamic "host_path" {\n            for_each = each.value.paths\n            content {\n              path = host_path.value\n            }\n          }\n        }\n      }\n    }\n  }\n}',
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    const fromApps = "and the block's for_each, ${var.apps}, reads variables given no value";
    expect(saidBy(run, "k8s-image-allowed-registry")).toEqual([
      "kubernetes_deployment_v1.app: spec[0].template[0].spec[0].container[0] is made by a dynamic block whose for_each, ${each.value.containers}, is not known here, and may not exist: it reads what each instance of the resource is given, and the resource's for_each, ${var.apps}, reads variables given no value",
    ]);
    expect(saidBy(run, "k8s-no-host-path")).toEqual([
      `kubernetes_deployment_v1.app: volume host: a dynamic block over a collection not known here makes its host_path block, so whether the pod mounts a node's path is not known here: it depends on \${each.value.paths}, ${fromApps}`,
    ]);
    expect(saidBy(run, "k8s-restricted-volume-types")).toEqual([
      `kubernetes_deployment_v1.app: volume shared: a nfs source made by a dynamic block over a collection not known here: it depends on \${each.value.paths}, ${fromApps}`,
    ]);
    // So does a configuration policy's finding on a value the block's iterator gives (its claim template's class).
    const sets = rootModule("eds-claims-over-each-no-value-", [
      'variable "sets" {\n  type = map(object({ claims = list(object({ name = string, class = string })) }))\n}',
      'resource "kubernetes_stateful_set_v1" "db" {\n  for_each = var.sets\n  metadata {\n    name      = each.key\n    namespace = "team"\n  }\n  spec {\n    service_name = each.key\n    selector {\n      match_labels = { app = each.key }\n    }\n    template {\n      metadata {\n        labels = { app = each.key }\n      }\n      spec {\n        container {\n          name  = "db"\n          image = "registry.example.fr/db:1.0"\n        }\n      }\n    }\n    dynamic "volume_claim_template" {\n      for_each = each.value.claims\n      content {\n        metadata {\n          name = volume_claim_template.value.name\n        }\n        spec {\n          access_modes       = ["ReadWriteOnce"]\n          storage_class_name = volume_claim_template.value.class\n          resources {\n            requests = { storage = "1Gi" }\n          }\n        }\n      }\n    }\n  }\n}',
    ]);
    expect(saidBy(await checkPaths([sets], { settings: fixtureSettings }), "volume-claim-encrypted-class")).toEqual([
      "kubernetes_stateful_set_v1.db: claim template 0: its storage class ${(volume_claim_template.value.class)} is not known here: spec[0].volume_claim_template[0] is made by a dynamic block whose for_each, ${each.value.claims}, reads what each instance of the resource is given, and the resource's for_each, ${var.sets}, reads variables given no value",
    ]);
  });

  it("says so of a value an iterator gives within dynamic blocks that read each other's elements, from the outermost's for_each", async () => {
    const root = rootModule("eds-nested-dynamic-no-value-", [
      'variable "volumes" {\n  type = list(object({ name = string, sources = list(object({ tokens = list(object({ audience = string })) })) }))\n}',
      'resource "kubernetes_pod_v1" "app" {\n  metadata {\n    name      = "app"\n    namespace = "team"\n  }\n  spec {\n    automount_service_account_token = false\n    container {\n      name  = "app"\n      image = "registry.example.fr/app:1.0"\n    }\n    dynamic "volume" {\n      for_each = var.volumes\n      content {\n        name = volume.value.name\n        projected {\n          dynamic "sources" {\n            for_each = volume.value.sources\n            content {\n              dynamic "service_account_token" {\n                for_each = sources.value.tokens\n                content {\n                  path     = "token"\n                  audience = service_account_token.value.audience\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n}',
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(saidBy(run, "k8s-no-service-account-token")).toEqual([
      "kubernetes_pod_v1.app: volume 0 projects a service account token for an audience not known here: spec[0].volume[0].projected[0].sources[0].service_account_token[0] is made by a dynamic block whose for_each, ${sources.value.tokens}, reads, through the dynamic blocks around it, an element of spec[0].volume[0], made by a dynamic block whose for_each, ${var.volumes}, reads variables given no value",
    ]);
  });

  it("says that a dynamic block's for_each fails, between the block it makes and the outermost, as terraform plan stops there first", async () => {
    const root = rootModule("eds-nested-dynamic-failing-", [
      'variable "volumes" {\n  type = list(object({ name = string, sources = list(object({ tokens = list(object({ audience = string })) })) }))\n}',
      "locals {\n  extra = []\n}",
      'resource "kubernetes_pod_v1" "app" {\n  metadata {\n    name      = "app"\n    namespace = "team"\n  }\n  spec {\n    automount_service_account_token = false\n    container {\n      name  = "app"\n      image = "registry.example.fr/app:1.0"\n    }\n    dynamic "volume" {\n      for_each = var.volumes\n      content {\n        name = volume.value.name\n        projected {\n          dynamic "sources" {\n            for_each = concat(volume.value.sources, local.extra[3])\n            content {\n              dynamic "service_account_token" {\n                for_each = sources.value.tokens\n                content {\n                  path     = "token"\n                  audience = service_account_token.value.audience\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n}',
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(saidBy(run, "k8s-no-service-account-token")).toEqual([
      "kubernetes_pod_v1.app: volume 0 projects a service account token for an audience not known here: spec[0].volume[0].projected[0].sources[0].service_account_token[0] is made by a dynamic block whose for_each, ${sources.value.tokens}, reads, through the dynamic blocks around it, an element of spec[0].volume[0].projected[0].sources[0], made by a dynamic block whose for_each, ${concat(volume.value.sources, local.extra[3])}, fails to evaluate with the values given here (the report says why): terraform plan stops on it",
    ]);
  });

  it("says so of a part of a local or of an iterator's element that a variable given no value writes, where the whole is known in part", async () => {
    const pod = (name: string, meta: string, spec: string) =>
      `resource "kubernetes_pod_v1" "${name}" {\n${meta}  metadata {\n    name = "${name}"\n  }\n  spec {\n${spec}  }\n}`;
    const container = (privileged: string) =>
      `    container {\n      name  = "app"\n      image = "registry.example.fr/app:1.0"\n      security_context {\n        privileged = ${privileged}\n      }\n    }\n`;
    const root = rootModule("eds-policy-part-no-value-", [
      'variable "privileged" {\n  type = bool\n}',
      'variable "context" {\n  type = any\n}',
      'resource "terraform_data" "flag" {\n  input = false\n}',
      'locals {\n  context    = { privileged = var.privileged, user = 1000 }\n  flags      = [var.privileged]\n  containers = [{ name = "app", privileged = var.privileged }]\n  pods       = { web = { privileged = var.privileged } }\n  computed   = { privileged = tobool(terraform_data.flag.output) }\n}',
      pod("local_part", "", container("local.context.privileged")),
      pod("local_element", "", container("local.flags[0]")),
      pod("local_computed", "", container("local.computed.privileged")),
      pod("each_part", "  for_each = local.pods\n", container("each.value.privileged")),
      pod(
        "dynamic_part",
        "",
        '    dynamic "container" {\n      for_each = local.containers\n      content {\n        name  = container.value.name\n        image = "registry.example.fr/app:1.0"\n        security_context {\n          privileged = container.value.privileged\n        }\n      }\n    }\n',
      ),
      // An iterator named like a resource type, over a list that holds the variable itself.
      pod(
        "dynamic_element",
        "",
        '    container {\n      name  = "app"\n      image = "registry.example.fr/app:1.0"\n      dynamic "security_context" {\n        for_each = [var.context]\n        content {\n          privileged = security_context.value.privileged\n        }\n      }\n    }\n',
      ),
      // A nested dynamic block over a part of the outer one's element.
      'locals {\n  served = [{ name = "app", host_ports = [var.host_port] }]\n}',
      'variable "host_port" {\n  type = number\n}',
      pod(
        "nested",
        "",
        '    dynamic "container" {\n      for_each = local.served\n      content {\n        name  = container.value.name\n        image = "registry.example.fr/app:1.0"\n        dynamic "port" {\n          for_each = container.value.host_ports\n          content {\n            container_port = 8080\n            host_port      = port.value\n          }\n        }\n      }\n    }\n',
      ),
      // A module's input its caller writes in part from such a variable.
      'module "pods" {\n  source  = "./pods"\n  context = { privileged = var.privileged, user = 1000 }\n}',
    ]);
    mkdirSync(join(root, "pods"));
    writeFileSync(join(root, "pods", "main.tf"), `variable "context" {\n  type = any\n}\n${pod("input_part", "", container("var.context.privileged"))}\n`);
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(saidBy(run, "k8s-no-host-ports")).toEqual([
      "kubernetes_pod_v1.nested: spec[0].container[0].port[0].host_port is not known here: it depends on ${port.value}, which reads var.host_port, given no value",
    ]);
    expect(saidBy(run, "k8s-no-privileged")).toEqual([
      "kubernetes_pod_v1.dynamic_element: spec[0].container[0].security_context[0].privileged is not known here: it depends on ${security_context.value.privileged}, which reads var.context, given no value",
      "kubernetes_pod_v1.dynamic_part: spec[0].container[0].security_context[0].privileged is not known here: it depends on ${container.value.privileged}, which reads var.privileged, given no value",
      'kubernetes_pod_v1.each_part["web"]: spec[0].container[0].security_context[0].privileged is not known here: it depends on ${each.value.privileged}, which reads var.privileged, given no value',
      // What the provider computes is known at apply alone, however it is read.
      "kubernetes_pod_v1.local_computed: spec[0].container[0].security_context[0].privileged is not known before apply: it depends on ${local.computed.privileged}",
      "kubernetes_pod_v1.local_element: spec[0].container[0].security_context[0].privileged is not known here: it depends on ${local.flags[0]}, which reads var.privileged, given no value",
      "kubernetes_pod_v1.local_part: spec[0].container[0].security_context[0].privileged is not known here: it depends on ${local.context.privileged}, which reads var.privileged, given no value",
      "module.pods.kubernetes_pod_v1.input_part: spec[0].container[0].security_context[0].privileged is not known here: it depends on ${var.context.privileged}, an input that module.pods is given from variables given no value",
    ]);
  });

  it("says so where a NetworkPolicy's or a LimitRange's namespace, given by a variable given no value, decides a namespace's or a pod's finding", async () => {
    const root = rootModule("eds-policy-namespace-no-value-", [
      'variable "namespace" {\n  type = string\n}',
      'resource "kubernetes_namespace_v1" "team" {\n  metadata {\n    name   = "team"\n    labels = { "pod-security.kubernetes.io/enforce" = "restricted" }\n  }\n}',
      'resource "kubernetes_network_policy_v1" "deny" {\n  metadata {\n    name      = "deny"\n    namespace = var.namespace\n  }\n  spec {\n    pod_selector {}\n    policy_types = ["Ingress", "Egress"]\n  }\n}',
      'resource "kubernetes_limit_range_v1" "defaults" {\n  metadata {\n    name      = "defaults"\n    namespace = var.namespace\n  }\n  spec {\n    limit {\n      type    = "Container"\n      default = { cpu = "500m", memory = "256Mi" }\n    }\n  }\n}',
      'resource "kubernetes_pod_v1" "app" {\n  metadata {\n    name      = "app"\n    namespace = "team"\n  }\n  spec {\n    container {\n      name  = "app"\n      image = "registry.example.fr/app:1.0"\n    }\n  }\n}',
      // A LimitRange that gives containers no default (a claim's) decides nothing, wherever it is.
      'variable "other" {\n  type = string\n}',
      'resource "kubernetes_limit_range_v1" "bounds" {\n  metadata {\n    name      = "bounds"\n    namespace = var.other\n  }\n  spec {\n    limit {\n      type = "PersistentVolumeClaim"\n      max  = { storage = "10Gi" }\n    }\n  }\n}',
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(saidBy(run, "k8s-namespace-network-policy")).toEqual([
      "kubernetes_namespace_v1.team: namespace team: which NetworkPolicies are in it is not known here (a namespace's name is not known): it depends on ${var.namespace}, given no value",
    ]);
    expect(saidBy(run, "k8s-resource-limits")).toEqual([
      "kubernetes_pod_v1.app: container app: no cpu limit written, and whether a LimitRange gives one is not known here: it depends on ${var.namespace}, given no value",
      "kubernetes_pod_v1.app: container app: no memory limit written, and whether a LimitRange gives one is not known here: it depends on ${var.namespace}, given no value",
    ]);
    // So do a NetworkPolicy's selector and rules in the namespace.
    const rules = rootModule("eds-policy-selector-no-value-", [
      'variable "selected" {\n  type = map(string)\n}',
      'resource "kubernetes_namespace_v1" "team" {\n  metadata {\n    name   = "team"\n    labels = { "pod-security.kubernetes.io/enforce" = "restricted" }\n  }\n}',
      'resource "kubernetes_network_policy_v1" "some" {\n  metadata {\n    name      = "some"\n    namespace = "team"\n  }\n  spec {\n    pod_selector {\n      match_labels = var.selected\n    }\n    policy_types = ["Ingress"]\n  }\n}',
      'variable "egress" {\n  type = any\n}',
      'resource "kubernetes_manifest" "deny" {\n  manifest = {\n    apiVersion = "networking.k8s.io/v1"\n    kind       = "NetworkPolicy"\n    metadata   = { name = "deny", namespace = "team" }\n    spec       = { podSelector = {}, policyTypes = ["Egress"], egress = [{ to = var.egress }] }\n  }\n}',
    ]);
    expect(saidBy(await checkPaths([rules], { settings: fixtureSettings }), "k8s-namespace-network-policy")).toEqual([
      "kubernetes_namespace_v1.team: namespace team: what kubernetes_network_policy_v1.some selects, hence whether its pods are isolated for Ingress, is not known here: it depends on ${var.selected}, given no value",
      "kubernetes_namespace_v1.team: namespace team: whether kubernetes_manifest.deny opens its pods to every destination is not known here (its rules): it depends on ${var.egress}, given no value",
    ]);
    // Peers a dynamic block makes over such a variable wait on it, whatever each holds.
    const made = rootModule("eds-policy-peers-no-value-", [
      'variable "peers" {\n  type = list(string)\n}',
      'resource "kubernetes_namespace_v1" "team" {\n  metadata {\n    name   = "team"\n    labels = { "pod-security.kubernetes.io/enforce" = "restricted" }\n  }\n}',
      'resource "kubernetes_network_policy_v1" "deny" {\n  metadata {\n    name      = "deny"\n    namespace = "team"\n  }\n  spec {\n    pod_selector {}\n    policy_types = ["Ingress", "Egress"]\n    egress {\n      dynamic "to" {\n        for_each = var.peers\n        content {\n          ip_block {\n            cidr = to.value\n          }\n        }\n      }\n    }\n  }\n}',
    ]);
    expect(saidBy(await checkPaths([made], { settings: fixtureSettings }), "k8s-namespace-network-policy")).toEqual([
      "kubernetes_namespace_v1.team: namespace team: whether kubernetes_network_policy_v1.deny opens its pods to every destination is not known here (its rules): it depends on ${var.peers}, given no value",
    ]);
  });

  it("says so where a claim's or a Service's namespace is read through a namespace named by a variable given no value", async () => {
    const inNamespace = (namespace: string) => [
      `resource "kubernetes_persistent_volume_claim_v1" "data" {\n  metadata {\n    name      = "data"\n    namespace = ${namespace}\n  }\n  spec {\n    access_modes = ["ReadWriteOnce"]\n    resources {\n      requests = { storage = "1Gi" }\n    }\n  }\n}`,
      `resource "kubernetes_service_v1" "web" {\n  metadata {\n    name      = "web"\n    namespace = ${namespace}\n  }\n  spec {\n    type = "LoadBalancer"\n    port {\n      port = 443\n    }\n  }\n}`,
    ];
    const named = rootModule("eds-namespace-read-through-", [
      'variable "namespace" {\n  type = string\n}',
      'resource "kubernetes_namespace_v1" "app" {\n  metadata {\n    name = var.namespace\n  }\n}',
      ...inNamespace("kubernetes_namespace_v1.app.metadata[0].name"),
    ]);
    const run = await checkPaths([named], { settings: fixtureSettings });
    expect(saidBy(run, "backups-cover-data")).toEqual([
      "kubernetes_persistent_volume_claim_v1.data: the claim's namespace is not known here: it depends on ${var.namespace}, given no value",
    ]);
    expect(saidBy(run, "k8s-service-not-exposed")).toEqual([
      "kubernetes_service_v1.web: Service of type LoadBalancer: its namespace is not known here: it depends on ${var.namespace}, given no value",
    ]);
    // The claim's finding points at its namespace, where the configuration policy names it.
    expect(run.outcomes.find((o) => o.policyId === "backups-cover-data" && o.status === "cannot-evaluate")).toMatchObject({
      path: "metadata[0].namespace",
      line: 12,
    });
    // One a resource computes is known only at apply.
    const computed = rootModule("eds-namespace-computed-", ['resource "random_pet" "namespace" {}', ...inNamespace("random_pet.namespace.id")]);
    const atApply = await checkPaths([computed], { settings: fixtureSettings });
    expect([...saidBy(atApply, "backups-cover-data"), ...saidBy(atApply, "k8s-service-not-exposed")]).toEqual([
      "kubernetes_persistent_volume_claim_v1.data: the claim's namespace is not known before apply",
      "kubernetes_service_v1.web: Service of type LoadBalancer: its namespace is not known before apply",
    ]);
  });

  it("says why user data a policy hands over whole is not known, and when Terraform knows it", async () => {
    const instance = (name: string, userData: string) =>
      `resource "openstack_compute_instance_v2" "${name}" {\n  name      = "${name}"\n  user_data = ${userData}\n}`;
    const root = rootModule("eds-user-data-whole-", [
      'variable "cloud_config" {\n  type = string\n}',
      'resource "openstack_networking_port_v2" "admin" {\n  network_id = "5f1c9d3e-0000-4000-8000-000000000001"\n}',
      instance("from_a_port", "openstack_networking_port_v2.admin.id"),
      instance("joined", 'join("\\n", ["#cloud-config", openstack_networking_port_v2.admin.id])'),
      instance("from_a_variable", "var.cloud_config"),
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(saidBy(run, "instance-user-data-no-secrets")).toEqual([
      "openstack_compute_instance_v2.from_a_port: user_data is not known before apply: it depends on ${openstack_networking_port_v2.admin.id}",
      "openstack_compute_instance_v2.from_a_variable: user_data is not known here: it depends on ${var.cloud_config}, given no value",
      'openstack_compute_instance_v2.joined: user_data is not known before apply: it depends on ${join("\\n", ["#cloud-config", openstack_networking_port_v2.admin.id])}',
    ]);
  });

  it("quotes an expression written over several lines on one line", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-multi-line-"));
    writeFileSync(
      join(root, "main.tf"),
      'variable "prefix" {\n  type = string\n}\nresource "openstack_networking_secgroup_rule_v2" "ssh" {\n  direction        = "ingress"\n  protocol         = "tcp"\n  port_range_min   = 22\n  port_range_max   = 22\n  remote_ip_prefix = join("/", [\n    var.prefix,\n    "24",\n  ])\n}\n',
    );
    const run = await checkPaths([root], { settings: fixtureSettings });
    const [message] = run.outcomes.filter((o) => o.policyId === "secgroup-no-public-ssh").map((o) => o.message);
    expect(message).toMatch(
      /^remote_ip_prefix is not known here: it depends on \$\{join\("\/", \[ var\.prefix, "24", \]\)\}, which reads var\.prefix, given no value /,
    );
  });

  it("reports what stays unknown as not evaluable, and --strict fails a mandatory policy on it", async () => {
    expect(await findings("unknown", "secgroup-no-public-ssh")).toEqual(["openstack_networking_secgroup_rule_v2.ssh cannot-evaluate"]);
    expect(await findings("unknown", "secgroup-no-public-ssh", { strict: true })).toEqual(["openstack_networking_secgroup_rule_v2.ssh violation"]);
    expect(await findings("unknown", "secgroup-no-public-ssh", { vars: ["ssh_source=192.0.2.0/28"] })).toEqual([]);
  });

  it("judges a rule whose source is unknown on what is known: its port, protocol and family decide first", async () => {
    const postgres = "openstack_networking_secgroup_rule_v2.postgres";
    for (const policyId of [
      "secgroup-no-public-ssh",
      "secgroup-no-public-rdp",
      "secgroup-no-public-https",
      "secgroup-no-public-ingress-any-port",
      "secgroup-no-public-ingress-ipv6",
      "secgroup-public-icmp-errors-only",
    ])
      expect(await findings("unknown", policyId, { strict: true }), policyId).not.toContain(`${postgres} violation`);
    // Whether PostgreSQL faces the Internet depends on the source alone; HTTPS may, whatever the source.
    expect(await findings("unknown", "secgroup-public-web-ports-only")).toEqual([`${postgres} cannot-evaluate`]);
  });

  it("judges what is known of a cloud-config whose token is known only at apply: a heredoc in parentheses, a template file, a local", async () => {
    // flannel enforces no NetworkPolicy: each server is judged on its known part; the one whose directive's condition is
    // known only at apply writes RKE2's configuration in one branch and nothing in the other: not evaluable.
    expect(await findings("partial-user-data", "rke2-network-policy-enforced")).toEqual([
      "openstack_compute_instance_v2.heredoc violation",
      "openstack_compute_instance_v2.local violation",
      "openstack_compute_instance_v2.merged_variables violation",
      "openstack_compute_instance_v2.template_file violation",
      "openstack_compute_instance_v2.unknown_directive cannot-evaluate",
      // Its configuration file is wholly unknown: not evaluable, where reading it as empty judged RKE2's defaults.
      "openstack_compute_instance_v2.whole_file_unknown cannot-evaluate",
    ]);
    const [configuration] = await readConfigurations([join(folder, "partial-user-data")]);
    const userData = (name: string) => configuration!.resources.find((r) => r.address === `openstack_compute_instance_v2.${name}`)!.values.user_data;
    // Written as Terraform JSON writes a template: the token stays the reference it is, so it stays unknown.
    expect(userData("template_file")).toBe(
      '#cloud-config\nwrite_files:\n  - path: /etc/rancher/rke2/config.yaml\n    permissions: "0600"\n    content: |\n      token: ${random_password.token.result}\n      cni: flannel\n  - path: /etc/motd\n    content: "RKE2 node"\n',
    );
    expect(userData("merged_variables")).toBe(userData("template_file"));
    // A directive whose condition is known only at apply is the conditional of its branches, each as far as it is known;
    // what is around it stays, and each world it makes is the text with one branch.
    const conditional =
      '${random_password.token.special ? "  - path\\u003a /etc/rancher/rke2/config.yaml\\n    permissions\\u003a \\"0600\\"\\n    content\\u003a |\\n      token\\u003a ${random_password.token.result}\\n      cni\\u003a flannel\\n" : ""}';
    expect(userData("unknown_directive")).toBe(`#cloud-config\nwrite_files:\n${conditional}  - path: /etc/motd\n    content: "RKE2 node"\n`);
    expect(templateWorlds(userData("unknown_directive") as string)).toEqual([
      userData("template_file"),
      '#cloud-config\nwrite_files:\n  - path: /etc/motd\n    content: "RKE2 node"\n',
    ]);
  });

  it("writes a gzipped cloudinit_config known in part as its text where it is user data only, as the instance reads it", async () => {
    const root = rootModule("eds-cloudinit-in-part-", [
      'variable "token" {\n  type = string\n}',
      'data "cloudinit_config" "parts" {\n  part {\n    content_type = "text/cloud-config"\n    content      = "#cloud-config\\nhostname: ${var.token}\\n"\n  }\n}',
      'resource "openstack_compute_instance_v2" "node" {\n  name      = "node"\n  user_data = data.cloudinit_config.parts.rendered\n  metadata  = { seed = data.cloudinit_config.parts.rendered }\n}',
      // Gzip without base64 fails the data source: there is no user data to read.
      'data "cloudinit_config" "refused" {\n  base64_encode = false\n  part {\n    content = "#cloud-config\\nhostname: ${var.token}\\n"\n  }\n}',
      'resource "openstack_compute_instance_v2" "refused" {\n  name      = "refused"\n  user_data = data.cloudinit_config.refused.rendered\n}',
    ]);
    const [configuration] = await readConfigurations([root]);
    const node = configuration!.resources.find((r) => r.address === "openstack_compute_instance_v2.node")!;
    expect(node.values.user_data).toContain("\r\n\r\n#cloud-config\nhostname: ${var.token}\n\r\n--MIMEBOUNDARY--");
    // Elsewhere the text would be gzip in base64, which is not known before apply.
    expect((node.values.metadata as Record<string, unknown>).seed).toBe("${data.cloudinit_config.parts.rendered}");
    expect(configuration!.resources.find((r) => r.address === "openstack_compute_instance_v2.refused")!.values.user_data).toBe(
      "${data.cloudinit_config.refused.rendered}",
    );
  });

  it("reads an optional attribute the provider computes, set to null, as known only at apply, as Terraform plans it", async () => {
    const root = rootModule("eds-computed-null-", [
      'variable "key_path" {\n  type    = string\n  default = null\n}',
      // Nova generates the key where public_key is null (optional and computed in the provider's schema).
      'resource "openstack_compute_keypair_v2" "generated" {\n  name       = "generated"\n  public_key = var.key_path != null ? file(var.key_path) : null\n}',
      // tags are optional alone: null stays null.
      'resource "openstack_networking_secgroup_v2" "group" {\n  name = "group"\n  tags = null\n}',
      'resource "openstack_compute_instance_v2" "node" {\n  name      = "node"\n  user_data = templatefile("${path.module}/node.tftpl", { key = openstack_compute_keypair_v2.generated.public_key })\n  metadata  = { tagged = openstack_networking_secgroup_v2.group.tags == null ? "no" : "yes" }\n}',
    ]);
    writeFileSync(join(root, "node.tftpl"), "#cloud-config\nwrite_files:\n  - path: /etc/eds/key.b64\n    content: ${base64encode(key)}\n");
    const [configuration] = await readConfigurations([root]);
    const node = configuration!.resources.find((r) => r.address === "openstack_compute_instance_v2.node")!;
    // base64encode(null) would fail the template: the generated key is written as the reference it is.
    expect(node.values.user_data).toBe(
      "#cloud-config\nwrite_files:\n  - path: /etc/eds/key.b64\n    content: ${base64encode(openstack_compute_keypair_v2.generated.public_key)}\n",
    );
    expect(node.values.metadata).toEqual({ tagged: "no" });
  });

  it("renders a cloudinit_config's dynamic parts, as Terraform expands them before the provider reads the data source", async () => {
    const root = rootModule("eds-cloudinit-dynamic-", [
      'locals {\n  parts = ["#cloud-config\\npassword: example-not-a-secret\\n"]\n}',
      'data "cloudinit_config" "known" {\n  gzip          = false\n  base64_encode = false\n  dynamic "part" {\n    for_each = local.parts\n    content {\n      content_type = "text/cloud-config"\n      content      = part.value\n    }\n  }\n}',
      'resource "openstack_compute_instance_v2" "known" {\n  name      = "known"\n  user_data = data.cloudinit_config.known.rendered\n}',
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(saidBy(run, "instance-user-data-no-secrets")).toEqual([
      "openstack_compute_instance_v2.known: user_data contains a password or token assignment (key password, line 10 of the user data)",
    ]);
  });

  it("reports a template_file's vars written as a block, the form of Terraform 0.11, as an input problem at the block", async () => {
    const root = rootModule("eds-vars-block-", [
      'data "template_file" "legacy" {\n  template = "net user $${name}"\n\n  vars {\n    name = "admin"\n  }\n}',
      'data "template_file" "current" {\n  template = "net user $${name}"\n  vars     = { name = "admin" }\n}',
    ]);
    expect(await problemsAtLines(root)).toEqual([
      '4: data.template_file.legacy: vars is written as a block (vars { ... }, the form of Terraform 0.11), which Terraform 0.12 and later refuse ("Unsupported block type"): write the argument vars = { ... }',
    ]);
    // What reads it names what Terraform refuses, not a data source Terraform would read at plan.
    writeFileSync(
      join(root, "instance.tf"),
      'resource "openstack_compute_instance_v2" "vm" {\n  name      = "vm"\n  user_data = data.template_file.legacy.rendered\n}\n',
    );
    expect(saidBy(await checkPaths([root], { settings: fixtureSettings }), "instance-user-data-no-secrets")).toEqual([
      "openstack_compute_instance_v2.vm: user_data is not known here: it depends on ${data.template_file.legacy.rendered}, which names what Terraform refuses (an input problem says what): Terraform stops on it, whatever the values given",
    ]);
  });

  it("says once what Terraform refuses in a module judged alone and read again inside the example that calls it", async () => {
    const module = mkdtempSync(join(tmpdir(), "eds-module-and-example-"));
    writeFileSync(
      join(module, "main.tf"),
      'terraform {\n  experiments = [module_variable_optional_attrs]\n}\nvariable "zones" {\n  type    = "list"\n  default = []\n}\n',
    );
    mkdirSync(join(module, "examples"));
    writeFileSync(join(module, "examples", "main.tf"), 'terraform {\n  backend "local" {}\n}\nmodule "zones" {\n  source = "../"\n}\n');
    const problems: InputProblem[] = [];
    await readConfigurations([module], problems);
    expect(problems.map((problem) => `${relative(module, problem.file)}:${problem.line}`).sort()).toEqual(["main.tf:2", "main.tf:4"]);
  });

  it("reports what Terraform refuses in a provisioner, each where terraform validate does, and a null_resource's triggers written as a block", async () => {
    const cases: [string, string, string][] = [
      [
        'provisioner "local-exec" {\n    command = "echo"\n    environment {\n      FOO = "bar"\n    }\n  }',
        '4: terraform_data.a.provisioner.local-exec[0].environment: environment is written as a block (environment { ... }, the form of Terraform 0.11), which Terraform 0.12 and later refuse ("Unsupported block type"): write the argument environment = { ... }',
        "Unsupported block type",
      ],
      [
        'provisioner "remote-exec" {\n    inline  = ["true"]\n    scriptz = "setup.sh"\n    connection {\n      host = "192.0.2.10"\n    }\n  }',
        '4: terraform_data.a.provisioner.remote-exec[0].scriptz: the remote-exec provisioner takes no argument scriptz ("Unsupported argument"): did you mean script?',
        "Unsupported argument",
      ],
      [
        'provisioner "file" {\n    source = "setup.sh"\n  }',
        '2: terraform_data.a.provisioner.file[0]: the file provisioner requires the argument destination, which is not written ("Missing required argument")',
        "Missing required argument",
      ],
      [
        'provisioner "chef" {\n    node_name = "web"\n  }',
        '2: terraform_data.a.provisioner.chef[0]: the "chef" provisioner was removed in Terraform 0.15 (deprecated since 0.13.4), which refuses it',
        'The "chef" provisioner has been removed',
      ],
    ];
    // terraform init refuses a removed provisioner already; validate, the others.
    for (const [provisioner, problem, refusal] of cases) {
      const root = rootModule("eds-provisioner-", [`resource "terraform_data" "a" {\n  ${provisioner}\n}`]);
      expect(await problemsAtLines(root)).toEqual([problem]);
      if (terraform) expect(terraformRefusals(root)).toMatch(new RegExp(`${refusal}\\s+on main\\.tf line ${problem.split(":")[0]}`));
    }
    // What every provisioner takes, and the arguments of Terraform's own, written as they are taken: nothing refused.
    const accepted = rootModule("eds-provisioner-", [
      'resource "terraform_data" "a" {\n  provisioner "local-exec" {\n    command     = "echo"\n    interpreter = ["/bin/sh", "-c"]\n    environment = { FOO = "bar" }\n    when        = destroy\n    on_failure  = continue\n  }\n  provisioner "file" {\n    content     = "x"\n    destination = "/tmp/x"\n    connection {\n      host = "192.0.2.10"\n    }\n  }\n}',
    ]);
    expect(await problemsAtLines(accepted)).toEqual([]);
    if (terraform) expect(terraformValidate(accepted)).toBe("");
    const triggers = rootModule("eds-null-triggers-", ['resource "null_resource" "n" {\n  triggers {\n    version = "1"\n  }\n}']);
    expect(await problemsAtLines(triggers)).toEqual([
      '2: null_resource.n: triggers is written as a block (triggers { ... }, the form of Terraform 0.11), which Terraform 0.12 and later refuse ("Unsupported block type"): write the argument triggers = { ... }',
    ]);
  });

  it("reads a resource's provisioners in the order they are written, their arguments evaluated, as Terraform runs them; a file one copies that is not here is no problem (Terraform reads it at apply)", async () => {
    const written = [
      'variable "channel" {\n  default = "v1.35"\n}',
      'resource "terraform_data" "server" {',
      '  provisioner "file" {\n    content     = "write-kubeconfig-mode: \\"0600\\""\n    destination = "/etc/rancher/k3s/config.yaml"\n  }',
      '  provisioner "remote-exec" {\n    inline = ["curl -sfL https://get.k3s.io | INSTALL_K3S_CHANNEL=${var.channel} sh -"]\n  }',
      '  provisioner "file" {\n    content     = "done"\n    destination = "/root/${var.channel}"\n    when        = destroy\n    on_failure  = continue\n  }',
      '  provisioner "file" {\n    source      = "files/not-here.yaml"\n    destination = "/etc/not-here.yaml"\n  }',
      "}",
    ];
    const native = rootModule("eds-provisioners-", written);
    const json = mkdtempSync(join(tmpdir(), "eds-provisioners-"));
    const configuration = {
      variable: { channel: { default: "v1.35" } },
      resource: {
        terraform_data: {
          server: {
            provisioner: [
              { file: { content: 'write-kubeconfig-mode: "0600"', destination: "/etc/rancher/k3s/config.yaml" } },
              { "remote-exec": { inline: ["curl -sfL https://get.k3s.io | INSTALL_K3S_CHANNEL=${var.channel} sh -"] } },
              { file: { content: "done", destination: "/root/${var.channel}", when: "destroy", on_failure: "continue" } },
              { file: { source: "files/not-here.yaml", destination: "/etc/not-here.yaml" } },
            ],
          },
        },
      },
    };
    writeFileSync(join(json, "main.tf.json"), JSON.stringify(configuration));
    for (const root of [native, json]) {
      const problems: InputProblem[] = [];
      const [read] = await readConfigurations([root], problems);
      expect(problems).toEqual([]);
      const server = read!.resources.find((resource) => resource.address === "terraform_data.server")!;
      expect(provisionersOf(server.values).map(({ path, body }) => [path, body.destination ?? body.inline])).toEqual([
        ["provisioner.file[0]", "/etc/rancher/k3s/config.yaml"],
        ["provisioner.remote-exec[0]", ["curl -sfL https://get.k3s.io | INSTALL_K3S_CHANNEL=v1.35 sh -"]],
        ["provisioner.file[1]", "/root/v1.35"],
        ["provisioner.file[2]", "/etc/not-here.yaml"],
      ]);
      expect(provisionersOf(server.values)[2]!.body.when).toMatch(/destroy/);
    }
  });

  it("says what a data source this check computes waits on, where it is not known here: its arguments' variables, or a module not installed", async () => {
    const cloudinit = (name: string, forEach: string) =>
      `data "cloudinit_config" "${name}" {\n  dynamic "part" {\n    for_each = ${forEach}\n    content {\n      content_type = "text/cloud-config"\n      content      = part.value\n    }\n  }\n}`;
    const instance = (name: string, userData: string) =>
      `resource "openstack_compute_instance_v2" "${name}" {\n  name      = "${name}"\n  user_data = ${userData}\n}`;
    const root = rootModule("eds-computed-data-waits-", [
      'variable "parts" {\n  type = list(string)\n}',
      'variable "template" {\n  type = string\n}',
      'module "configs" {\n  source = "git::https://git.example.fr/cloudinit-templates.git?ref=v1.0.0"\n}',
      'resource "openstack_networking_port_v2" "admin" {\n  network_id = "5f1c9d3e-0000-4000-8000-000000000001"\n}',
      cloudinit("given_no_value", "var.parts"),
      cloudinit("from_a_module", "[module.configs.configuration]"),
      cloudinit("at_apply", "[openstack_networking_port_v2.admin.id]"),
      'data "template_file" "host" {\n  template = var.template\n}',
      instance("given_no_value", "data.cloudinit_config.given_no_value.rendered"),
      instance("from_a_module", "data.cloudinit_config.from_a_module.rendered"),
      instance("at_apply", "data.cloudinit_config.at_apply.rendered"),
      instance("template", "data.template_file.host.rendered"),
      sshRule("from_a_template", "data.template_file.host.rendered"),
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    // So does a value a policy reads, where the engine says why it is not known.
    expect(saidBy(run, "secgroup-no-public-ssh")).toEqual([
      "openstack_networking_secgroup_rule_v2.from_a_template: remote_ip_prefix is not known here: it depends on ${data.template_file.host.rendered}, which waits on variables given no value",
    ]);
    expect(saidBy(run, "instance-user-data-no-secrets")).toEqual([
      // Its arguments known only at apply, Terraform reads it at apply.
      "openstack_compute_instance_v2.at_apply: user_data is not known here: it depends on ${data.cloudinit_config.at_apply.rendered}, which reads data sources: Terraform reads them at plan (when their arguments are known), and this check does not",
      "openstack_compute_instance_v2.from_a_module: user_data is not known here: it depends on ${data.cloudinit_config.from_a_module.rendered}, which waits on the outputs of a module that is not installed here (terraform init was not run; the report names it)",
      "openstack_compute_instance_v2.given_no_value: user_data is not known here: it depends on ${data.cloudinit_config.given_no_value.rendered}, which waits on variables given no value",
      "openstack_compute_instance_v2.template: user_data is not known here: it depends on ${data.template_file.host.rendered}, which waits on variables given no value",
    ]);
  });

  it("says a namespace read from another state's outputs is not known here, and why, where k8s-no-default-namespace concluded it compliant", async () => {
    const root = rootModule("eds-remote-state-namespace-", [
      'data "terraform_remote_state" "platform" {\n  backend = "local"\n  config  = { path = "platform.tfstate" }\n}',
      'resource "helm_release" "vault" {\n  name      = "vault"\n  chart     = "oci://registry.example.fr/charts/vault"\n  version   = "0.28.0"\n  namespace = data.terraform_remote_state.platform.outputs.namespace\n}',
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(saidBy(run, "k8s-no-default-namespace")).toEqual([
      "helm_release.vault: the namespace is not known here: it depends on ${data.terraform_remote_state.platform.outputs.namespace}, which reads data sources: Terraform reads them at plan (when their arguments are known), and this check does not",
    ]);
    // Read through a namespace a data source looks up by a variable given no value: that variable is named. One the
    // configuration creates is never default, whatever its name (the API server refuses to create one that exists).
    const named = rootModule("eds-namespace-of-a-variable-", [
      'variable "namespace" {\n  type = string\n}',
      'data "kubernetes_namespace_v1" "existing" {\n  metadata {\n    name = var.namespace\n  }\n}',
      'resource "kubernetes_namespace_v1" "created" {\n  count = 1\n  metadata {\n    name = var.namespace\n  }\n}',
      'resource "helm_release" "kyverno" {\n  name      = "kyverno"\n  chart     = "oci://registry.example.fr/charts/kyverno"\n  version   = "3.3.0"\n  namespace = data.kubernetes_namespace_v1.existing.metadata[0].name\n}',
      'resource "helm_release" "policies" {\n  name      = "policies"\n  chart     = "oci://registry.example.fr/charts/policies"\n  version   = "1.0.0"\n  namespace = kubernetes_namespace_v1.created[0].metadata[0].name\n}',
    ]);
    expect(saidBy(await checkPaths([named], { settings: fixtureSettings }), "k8s-no-default-namespace")).toEqual([
      "helm_release.kyverno: the namespace is not known here: it depends on ${var.namespace}, given no value",
    ]);
  });

  it("says a value a policy hands over from a manifest file is a placeholder another tool fills, as for a value it reads", async () => {
    const file = join(import.meta.dirname, "fixtures", "openstack-cluster-private-api", "unknown", "clusterctl-variable.yaml");
    expect(saidBy(await checkPaths([file], { settings: fixtureSettings }), "openstack-cluster-private-api")).toEqual([
      "OpenStackCluster/clusters/bad-api-by-variable: OpenStackCluster clusters/bad-api-by-variable: whether the API server gets a floating IP is not known here: it is a placeholder, ${OPENSTACK_DISABLE_API_SERVER_FLOATING_IP}, that another tool fills before the manifest is applied (kubectl takes it as written)",
    ]);
  });

  it("says a binding's subject read from a data source, or named by a variable through one, is not known here, and why", async () => {
    const root = rootModule("eds-subject-from-data-", [
      'variable "group" {\n  type = string\n}',
      'data "kubernetes_config_map_v1" "groups" {\n  metadata {\n    name      = "rbac-groups"\n    namespace = "kube-system"\n  }\n}',
      'data "kubernetes_service_account_v1" "named" {\n  metadata {\n    name      = var.group\n    namespace = "apps"\n  }\n}',
      'resource "kubernetes_cluster_role_binding_v1" "admins" {\n  metadata {\n    name = "admins"\n  }\n  role_ref {\n    api_group = "rbac.authorization.k8s.io"\n    kind      = "ClusterRole"\n    name      = "cluster-admin"\n  }\n  subject {\n    kind      = "Group"\n    name      = data.kubernetes_config_map_v1.groups.data["admins"]\n    api_group = "rbac.authorization.k8s.io"\n  }\n  subject {\n    kind      = "User"\n    name      = data.kubernetes_service_account_v1.named.metadata[0].name\n    api_group = "rbac.authorization.k8s.io"\n  }\n}',
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    const fromData =
      'it depends on ${data.kubernetes_config_map_v1.groups.data["admins"]}, which reads data sources: Terraform reads them at plan (when their arguments are known), and this check does not';
    expect(saidBy(run, "k8s-no-cluster-admin-binding")).toEqual([
      `kubernetes_cluster_role_binding_v1.admins: subject 0 of a cluster-admin binding is not known here: ${fromData}`,
      "kubernetes_cluster_role_binding_v1.admins: subject 1 of a cluster-admin binding is not known here: it depends on ${var.group}, given no value",
    ]);
    expect(saidBy(run, "k8s-no-binding-to-everyone")).toEqual([
      `kubernetes_cluster_role_binding_v1.admins: subject 0's name is not known here: ${fromData}`,
      "kubernetes_cluster_role_binding_v1.admins: subject 1's name is not known here: it depends on ${var.group}, given no value",
    ]);
  });

  it("say where a value written as a variable is set: a tfvars file, a default, --var, TF_VAR_, a module's caller", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-origins-"));
    mkdirSync(join(root, "db"));
    writeFileSync(
      join(root, "main.tf"),
      [
        'variable "from_file" {\n  type = string\n}',
        'variable "from_default" {\n  type    = string\n  default = "0.0.0.0/0"\n}',
        'variable "from_option" {\n  type = string\n}',
        'variable "from_environment" {\n  type = string\n}',
        sshRule("from_file", "var.from_file"),
        sshRule("from_default", "var.from_default"),
        sshRule("from_option", "var.from_option"),
        sshRule("from_environment", "var.from_environment"),
        sshRule("in_a_template", '"${var.from_default}"'),
        "locals {\n  open = var.from_default\n}",
        sshRule("through_a_local", "local.open"),
        'module "db" {\n  source = "./db"\n  source_range = var.from_file\n}',
      ].join("\n"),
    );
    writeFileSync(join(root, "terraform.tfvars"), 'from_file = "0.0.0.0/0"\n');
    writeFileSync(join(root, "db", "main.tf"), ['variable "source_range" {\n  type = string\n}', sshRule("ssh", "var.source_range")].join("\n"));
    const configurations = await readConfigurations([root], [], {
      given: [{ option: "var", value: "from_option=0.0.0.0/0" }],
      environment: { TF_VAR_from_environment: "0.0.0.0/0" },
    });
    const messages = runPolicies(configurations, { policies: [secgroupNoPublicSsh], settings: fixtureSettings })
      .outcomes.filter((o) => o.status === "violation")
      .map((o) => `${o.address}: ${(o.message ?? "").replace(/^.*opens SSH \(22\) to the Internet ?/, "")}`);
    const main = join(root, "main.tf").replace(`${process.cwd()}/`, "");
    expect(messages).toEqual([
      `module.db.openstack_networking_secgroup_rule_v2.ssh: (module.db's var.source_range, given var.from_file, set in ${join(root, "terraform.tfvars").replace(`${process.cwd()}/`, "")})`,
      `openstack_networking_secgroup_rule_v2.from_default: (var.from_default, its default (${main}:6))`,
      "openstack_networking_secgroup_rule_v2.from_environment: (var.from_environment, set by TF_VAR_from_environment)",
      `openstack_networking_secgroup_rule_v2.from_file: (var.from_file, set in ${join(root, "terraform.tfvars").replace(`${process.cwd()}/`, "")})`,
      "openstack_networking_secgroup_rule_v2.from_option: (var.from_option, set by --var)",
      // A template of one interpolation is its value, as HCL reads it; a local is named as written, with no origin.
      `openstack_networking_secgroup_rule_v2.in_a_template: (var.from_default, its default (${main}:6))`,
      "openstack_networking_secgroup_rule_v2.through_a_local: ",
    ]);
  });

  it("take a sensitive variable's value given at deploy time (TF_VAR_, --var) for a secret supplied there, not a literal one; one a file writes stays literal", async () => {
    const root = rootModule("eds-sensitive-at-deploy-", [
      'variable "db_password" {\n  type      = string\n  sensitive = true\n}',
      'variable "admin_password" {\n  type      = string\n  sensitive = true\n}',
      'variable "api_token" {\n  type = string\n}',
      'variable "file_password" {\n  type      = string\n  sensitive = true\n}',
      'resource "openstack_db_user_v1" "app" {\n  name        = "app"\n  instance_id = "00000000-0000-0000-0000-000000000001"\n  password    = var.db_password\n}',
      'resource "openstack_db_user_v1" "admin" {\n  name        = "admin"\n  instance_id = "00000000-0000-0000-0000-000000000001"\n  password    = var.admin_password\n}',
      'resource "openstack_db_user_v1" "api" {\n  name        = "api"\n  instance_id = "00000000-0000-0000-0000-000000000001"\n  password    = var.api_token\n}',
      'resource "openstack_db_user_v1" "filed" {\n  name        = "filed"\n  instance_id = "00000000-0000-0000-0000-000000000001"\n  password    = var.file_password\n}',
    ]);
    writeFileSync(join(root, "terraform.tfvars"), 'file_password = "not-a-real-password-in-a-file"\n');
    const configurations = await readConfigurations([root], [], {
      given: [{ option: "var", value: "admin_password=not-a-real-password-on-the-line" }],
      environment: { TF_VAR_db_password: "not-a-real-password-in-the-env", TF_VAR_api_token: "not-a-real-token-in-the-env" },
    });
    const literal = runPolicies(configurations, { policies: [noLiteralSecretArguments], settings: fixtureSettings })
      .outcomes.filter((o) => o.status === "violation")
      .map((o) => `${o.address}: ${o.message}`);
    // The variable not declared sensitive is read as given: the check cannot tell its value for a secret supplied apart.
    expect(literal).toEqual([
      "openstack_db_user_v1.api: password is a literal credential (var.api_token, set by TF_VAR_api_token)",
      `openstack_db_user_v1.filed: password is a literal credential (var.file_password, set in ${join(root, "terraform.tfvars")})`,
    ]);
  });

  it("name a value not known here as it is written where the finding stands whatever the value is", async () => {
    const root = rootModule("eds-unknown-shown-", [
      'variable "project_id" {\n  type = string\n}',
      'variable "operator" {\n  type = string\n}',
      'resource "openstack_networking_rbac_policy_v2" "share" {\n  object_type = "network"\n  object_id = "net"\n  action = "access_as_shared"\n  target_tenant = var.project_id\n}',
      // A project the configuration creates is named by its name: its id is known only at apply.
      'resource "openstack_identity_project_v3" "research" {\n  name = "research"\n}',
      'resource "openstack_networking_rbac_policy_v2" "to_a_project_created_here" {\n  object_type = "network"\n  object_id = "net"\n  action = "access_as_shared"\n  target_tenant = openstack_identity_project_v3.research.id\n}',
      'resource "kubernetes_cluster_role_binding_v1" "admin" {\n  metadata {\n    name = "admin"\n  }\n  role_ref {\n    api_group = "rbac.authorization.k8s.io"\n    kind = "ClusterRole"\n    name = "cluster-admin"\n  }\n  subject {\n    kind = "ServiceAccount"\n    name = var.operator\n    namespace = "ops"\n  }\n}',
    ]);
    const run = runPolicies(await readConfigurations([root], [], { environment: {} }), {
      policies: [networkNotShared, k8sNoClusterAdminBinding],
      settings: fixtureSettings,
    });
    // A variable given no value is known at plan once given: neither message says "known at apply".
    expect([...messagesOf(run, "network-not-shared"), ...messagesOf(run, "k8s-no-cluster-admin-binding")]).toEqual([
      "openstack_networking_rbac_policy_v2.share: the RBAC policy lets project ${var.project_id} create ports on the network",
      "openstack_networking_rbac_policy_v2.to_a_project_created_here: the RBAC policy lets project research (openstack_identity_project_v3.research) create ports on the network",
      "kubernetes_cluster_role_binding_v1.admin: cluster-admin is granted to the ServiceAccount ${var.operator}, whatever its name",
    ]);
    expect(run.outcomes.filter((o) => o.address !== "terraform" && o.status === "violation").length).toBe(3);
  });

  it("name no origin for a variable with no value or a null one, and a module's argument written otherwise as where it is given", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-origins-"));
    mkdirSync(join(root, "db"));
    writeFileSync(
      join(root, "main.tf"),
      [
        'variable "admin_password" {\n  type = string\n}',
        'variable "no_token" {\n  type    = bool\n  default = null\n}',
        'resource "openstack_compute_instance_v2" "vm" {\n  name = "vm"\n  flavor_name = "s1.small"\n  admin_pass = var.admin_password\n}',
        'resource "kubernetes_pod_v1" "from_null" {\n  metadata {\n    name = "web"\n    namespace = "apps"\n  }\n  spec {\n    automount_service_account_token = var.no_token\n    container {\n      name = "web"\n      image = "registry.example.fr/web:1.0.0"\n    }\n  }\n}',
        'module "db" {\n  source = "./db"\n  source_range = "0.0.0.0/0"\n}',
      ].join("\n"),
    );
    writeFileSync(join(root, "db", "main.tf"), ['variable "source_range" {\n  type = string\n}', sshRule("ssh", "var.source_range")].join("\n"));
    const configurations = await readConfigurations([root], [], { environment: {} });
    const messages = runPolicies(configurations, { policies: [secgroupNoPublicSsh, instanceNoAdminPass, k8sNoServiceAccountToken], settings: fixtureSettings })
      .outcomes.filter((o) => o.status === "violation")
      .map((o) => `${o.address}: ${o.message}`);
    const main = join(root, "main.tf").replace(`${process.cwd()}/`, "");
    // A value known only at apply, or null (the argument unset), is set nowhere a message could point at.
    expect(messages.filter((message) => !message.startsWith("module.db."))).toEqual([
      "kubernetes_pod_v1.from_null: pod: automount_service_account_token is unset, must be false",
      "openstack_compute_instance_v2.vm: the instance sets admin_pass from ${var.admin_password}: an administrator password, kept in the state and served to the instance by Nova",
    ]);
    // At the line of the argument that gives it, not of the module call.
    expect(messages.filter((message) => message.startsWith("module.db."))).toEqual([
      `module.db.openstack_networking_secgroup_rule_v2.ssh: ingress from 0.0.0.0/0 opens SSH (22) to the Internet (module.db's var.source_range, given in ${main}:28)`,
    ]);
  });

  it("name the origin of a variable that gives the argument holding the value, or the one element of a list", async () => {
    const root = rootModule("eds-origins-", [
      'variable "meta" {\n  type = map(string)\n}',
      'variable "base_values" {\n  type = string\n}',
      'resource "openstack_compute_instance_v2" "vm" {\n  name = "vm"\n  flavor_name = "s1.small"\n  metadata = var.meta\n}',
      'resource "helm_release" "db" {\n  name = "db"\n  namespace = "db"\n  chart = "postgresql"\n  repository = "oci://registry.example.fr/charts"\n  version = "1.2.3"\n  values = [var.base_values]\n}',
    ]);
    writeFileSync(join(root, "terraform.tfvars"), 'meta = { admin_pass = "Hunter2-not-real" }\nbase_values = "auth:\\n  password: Hunter2-not-real\\n"\n');
    const configurations = await readConfigurations([root], [], { environment: {} });
    const messages = runPolicies(configurations, { policies: [instanceNoAdminPass, noLiteralSecretArguments], settings: fixtureSettings })
      .outcomes.filter((o) => o.status === "violation")
      .map((o) => `${o.address} ${o.path}: ${o.message}`);
    const tfvars = join(root, "terraform.tfvars").replace(`${process.cwd()}/`, "");
    expect(messages).toEqual([
      `helm_release.db values[0]: the chart value auth.password is a literal credential (var.base_values, set in ${tfvars})`,
      `openstack_compute_instance_v2.vm metadata.admin_pass: the instance sets a literal metadata.admin_pass (var.meta, set in ${tfvars})`,
    ]);
  });

  it("name no origin where the value is not the variable's: a list holding it and a literal, a finding made not evaluable", async () => {
    const root = rootModule("eds-origins-", [
      'variable "base_values" {\n  type = string\n}',
      'variable "class" {\n  default = "gold"\n}',
      'resource "helm_release" "db" {\n  name = "db"\n  namespace = "db"\n  chart = "postgresql"\n  repository = "oci://registry.example.fr/charts"\n  version = "1.2.3"\n  values = [var.base_values, yamlencode({ auth = { password = "Hunter2-not-real" } })]\n}',
      'resource "kubernetes_persistent_volume_claim_v1" "data" {\n  metadata {\n    name = "data"\n    namespace = "apps"\n  }\n  spec {\n    access_modes = ["ReadWriteOnce"]\n    storage_class_name = var.class\n    resources {\n      requests = { storage = "1Gi" }\n    }\n  }\n}',
    ]);
    writeFileSync(join(root, "terraform.tfvars"), 'base_values = "replicaCount: 1"\n');
    const run = checkConfigurations(await readInContext([root], fixtureSettings.today), { settings: fixtureSettings, strict: true });
    const messages = run.outcomes
      .filter((o) => ["no-literal-secret-arguments", "volume-claim-encrypted-class"].includes(o.policyId) && o.status === "violation")
      .map((o) => o.message);
    expect(messages).toEqual([
      "the chart value auth.password is a literal credential",
      "not evaluable, and --strict requires it: the claim: storage class gold is not declared in this configuration, so its volume type is not known",
    ]);
  });

  it("name an override file's default as where a variable's value is set, and stop at locals that name each other", async () => {
    const root = rootModule("eds-origins-", [
      'variable "source_range" {\n  type    = string\n  default = null\n}',
      'resource "openstack_networking_secgroup_rule_v2" "ssh" {\n  direction = "ingress"\n  ethertype = "IPv4"\n  protocol = "tcp"\n  port_range_min = 22\n  port_range_max = 22\n  remote_ip_prefix = var.source_range\n  security_group_id = "x"\n}',
      'resource "random_pet" "v" {}',
      'locals {\n  a = { host = random_pet.v.id, b = local.b }\n  b = { password = "Hunter2-not-real", a = local.a }\n}',
      'resource "helm_release" "app" {\n  name = "app"\n  namespace = "app"\n  chart = "app"\n  repository = "oci://registry.example.fr/charts"\n  version = "1.2.3"\n  values = [yamlencode(local.a)]\n}',
    ]);
    writeFileSync(join(root, "variables_override.tf"), 'variable "source_range" {\n  default = "0.0.0.0/0"\n}\n');
    const configurations = await readConfigurations([root], [], { environment: {} });
    const messages = runPolicies(configurations, { policies: [secgroupNoPublicSsh], settings: fixtureSettings }).outcomes.flatMap((o) =>
      o.status === "violation" ? [o.message] : [],
    );
    const override = join(root, "variables_override.tf").replace(`${process.cwd()}/`, "");
    expect(messages).toEqual([`ingress from 0.0.0.0/0 opens SSH (22) to the Internet (var.source_range, its default (${override}:1))`]);
    // The cycle is written once around, as far as it is known, and the rest stays as written.
    const values = configurations[0]!.resources.find((resource) => resource.address === "helm_release.app")!.values.values as string[];
    expect(values[0]!.length).toBeLessThan(400);
  });

  it("reports a variable's value that fails its validation block as an input problem, as terraform plan refuses it", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-validation-"));
    const variables = [
      'variable "ssh_source" {\n  type = string\n  validation {\n    condition     = var.ssh_source != "0.0.0.0/0" && can(cidrhost(var.ssh_source, 0))\n    error_message = "ssh_source must be an administrators\' network, never the Internet."\n  }\n}',
      'variable "unused_default" {\n  type    = number\n  default = 1\n  validation {\n    condition     = var.unused_default > 0\n    error_message = "positive"\n  }\n}',
      'variable "unused_given" {\n  type    = number\n  default = 1\n  validation {\n    condition     = var.unused_given > 0\n    error_message = "positive"\n  }\n}',
      'resource "terraform_data" "rule" {\n  input = var.ssh_source\n}',
    ].join("\n");
    writeFileSync(join(root, "main.tf"), variables);
    const problemsWith = async (value: string) => {
      const problems: InputProblem[] = [];
      await readConfigurations([root], problems, { given: [{ option: "var", value: `ssh_source=${value}` }], environment: {} });
      return problems.map((problem) => problem.message);
    };
    expect(await problemsWith("0.0.0.0/0")).toEqual([
      "var.ssh_source: its value fails a validation block, so Terraform refuses to plan: ssh_source must be an administrators' network, never the Internet.",
    ]);
    expect(await problemsWith("192.0.2.0/28")).toEqual([]);
    // A variable no expression reads is checked too, as Terraform checks every one.
    const unread: InputProblem[] = [];
    await readConfigurations([root], unread, { given: [{ option: "var", value: "unused_given=-1" }], environment: {} });
    expect(unread.map((problem) => problem.message)).toEqual(["var.unused_given: its value fails a validation block, so Terraform refuses to plan: positive"]);
    // Given no value, the variable is known only at apply here: its condition is not judged.
    const problems: InputProblem[] = [];
    await readConfigurations([root], problems, { environment: {} });
    expect(problems).toEqual([]);
    if (!terraform) return;
    const plan = (value: string) =>
      spawnSync("terraform", ["plan", "-input=false", "-var", `ssh_source=${value}`], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" },
      });
    expect(spawnSync("terraform", ["init", "-input=false"], { cwd: root, encoding: "utf8" }).status).toBe(0);
    expect(plan("0.0.0.0/0").stderr).toMatch(/Invalid value for variable/);
    expect(plan("192.0.2.0/28").status).toBe(0);
  });

  it("reports a variable's value its type cannot take as an input problem, as terraform plan refuses it", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-variable-type-"));
    const declarations = [
      'variable "port" {\n  type = number\n}',
      'variable "enabled" {\n  type    = bool\n  default = true\n}',
      'variable "ports" {\n  type = list(number)\n  default = [22]\n}',
      'variable "rule" {\n  type = object({ port = number, cidr = string, description = optional(string) })\n  default = { port = 22, cidr = "192.0.2.0/28" }\n}',
      // Terraform 0.11's bare list and map, which Terraform still reads as list(any) and map(any).
      'variable "cidrs" {\n  type    = list\n  default = ["192.0.2.0/28"]\n}',
      'variable "tags" {\n  type    = map\n  default = { role = "web" }\n}',
      'variable "backends" {\n  type    = map(object({ name = string, port = number }))\n  default = {}\n}',
      'resource "terraform_data" "rule" {\n  input = [var.port, var.ports, var.rule, var.enabled, var.cidrs, var.tags, var.backends]\n}',
    ].join("\n");
    writeFileSync(join(root, "main.tf"), declarations);
    const given = (values: readonly string[]) => values.map((value) => ({ option: "var", value }));
    const problemsWith = async (values: readonly string[]) => {
      const problems: InputProblem[] = [];
      await readConfigurations([root], problems, { given: given(values), environment: {} });
      return problems.map((problem) => problem.message);
    };
    const refused = ["port=ssh", 'ports=[22, "x"]', "rule={ port = 22 }", "enabled=yes", 'tags=["web"]', "backends={ backend = { port = 80 } }", 'cidrs="x"'];
    const reasons = [
      "a number is required",
      "element 1: a number is required",
      'attribute "cidr" is required',
      "a bool is required",
      "map of any single type required",
      'element "backend": attribute "name" is required',
      "list of any single type required",
    ];
    expect(await problemsWith(refused)).toEqual([
      `var.port: its value does not fit its type number (${reasons[0]}), so Terraform refuses to plan`,
      `var.ports: its value does not fit its type list(number) (${reasons[1]}), so Terraform refuses to plan`,
      // A long type is left to its declaration.
      `var.rule: its value does not fit its type (${reasons[2]}), so Terraform refuses to plan`,
      `var.enabled: its value does not fit its type bool (${reasons[3]}), so Terraform refuses to plan`,
      `var.cidrs: its value does not fit its type list (${reasons[6]}), so Terraform refuses to plan`,
      `var.tags: its value does not fit its type map (${reasons[4]}), so Terraform refuses to plan`,
      `var.backends: its value does not fit its type map(object({ name = string, port = number })) (${reasons[5]}), so Terraform refuses to plan`,
    ]);
    // go-cty reads "1" as true.
    const accepted = [
      "port=22",
      'ports=["22", 443]',
      'rule={ port = "22", cidr = "192.0.2.0/28" }',
      "enabled=1",
      'cidrs=["192.0.2.0/28", 22]',
      "tags={ port = 22 }",
    ];
    expect(await problemsWith(accepted)).toEqual([]);
    if (!terraform) return;
    expect(spawnSync("terraform", ["init", "-input=false"], { cwd: root, encoding: "utf8" }).status).toBe(0);
    const plan = (values: readonly string[]) =>
      spawnSync("terraform", ["plan", "-input=false", "-no-color", ...values.flatMap((value) => ["-var", value])], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" },
      });
    // Terraform gives the same reason, naming no list element.
    for (const [i, value] of refused.entries())
      expect(plan(["port=22", value]).stderr.replace(/\s+/g, " "), value).toContain(`: ${reasons[i]!.replace(/^element \d+: /, "")}.`);
    expect(plan(accepted).status).toBe(0);
  });

  it("places a module's variable whose value its type or its validation refuses at the call's argument that gives it, as terraform validate does", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-input-type-"));
    mkdirSync(join(root, "child"));
    writeFileSync(
      join(root, "child", "main.tf"),
      'variable "tolerations" {\n  type    = map(string)\n  default = {}\n}\nvariable "port" {\n  type = number\n  validation {\n    condition     = var.port > 1024\n    error_message = "high ports only"\n  }\n}\n',
    );
    writeFileSync(
      join(root, "main.tf"),
      'module "runner" {\n  source = "./child"\n\n  tolerations = [{ key = "dedicated", operator = "Exists" }]\n  port        = 22\n}\n',
    );
    expect(await problemsAtLines(root)).toEqual([
      "4: module.runner.var.tolerations: its value does not fit its type map(string) (map of string required), so Terraform refuses to plan",
      `5: module.runner.var.port: its value fails a validation block of its declaration (${join(root, "child", "main.tf")}:7), so Terraform refuses to plan: high ports only`,
    ]);
    if (!terraform) return;
    const validated = terraformValidate(root);
    expect(validated).toMatch(/Invalid value for input variable/);
    expect(validated).toMatch(/on main\.tf line 4, in module "runner"/);
    expect(validated).toMatch(/on main\.tf line 5, in module "runner"/);
  });

  it("takes for_each over a conditional of an empty tuple or a set and a set, which HCL unifies to a set, as terraform plan does", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-for-each-conditional-"));
    writeFileSync(
      join(root, "main.tf"),
      'variable "disabled" {\n  type    = bool\n  default = true\n}\nresource "terraform_data" "mount" {\n  for_each = var.disabled ? [] : toset(["b", "a"])\n  input    = each.key\n}\nresource "terraform_data" "pair" {\n  for_each = var.disabled ? toset([]) : toset(["b", 1])\n  input    = each.key\n}\n',
    );
    const addresses = async (values: string[]) => {
      const problems: InputProblem[] = [];
      const [configuration] = await readConfigurations([root], problems, { given: values.map((value) => ({ option: "var", value })), environment: {} });
      return { problems, addresses: configuration!.resources.map((resource) => resource.address) };
    };
    expect(await addresses([])).toEqual({ problems: [], addresses: [] });
    expect(await addresses(["disabled=false"])).toEqual({
      problems: [],
      addresses: ['terraform_data.mount["a"]', 'terraform_data.mount["b"]', 'terraform_data.pair["1"]', 'terraform_data.pair["b"]'],
    });
    if (!terraform) return;
    expect(spawnSync("terraform", ["init", "-input=false"], { cwd: root, encoding: "utf8" }).status).toBe(0);
    const plan = spawnSync("terraform", ["plan", "-input=false", "-no-color", "-var", "disabled=false"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" },
    });
    expect(plan.stdout).toContain('terraform_data.mount["a"] will be created');
    expect(plan.stdout).toContain('terraform_data.pair["1"] will be created');
    // A list beside a set makes a list (terraform console: type(true ? tolist(["a"]) : toset(["b"])) is list(string)),
    // which for_each refuses.
    const listed = mkdtempSync(join(tmpdir(), "eds-for-each-conditional-"));
    writeFileSync(join(listed, "main.tf"), 'resource "terraform_data" "mount" {\n  for_each = true ? tolist(["a"]) : toset(["b"])\n}\n');
    const problems: InputProblem[] = [];
    await readConfigurations([listed], problems);
    expect(problems.map((problem) => problem.message)).toEqual([expect.stringContaining("for_each is a list")]);
    const refused = terraformPlan(listed);
    expect(refused.stderr).toContain("Invalid for_each argument");
  });

  it("takes for_each over a conditional of two sets of different element types, which HCL unifies to a set of strings", async () => {
    // terraform console: type(true ? toset([1, 2]) : toset(["a"])) is set(string); a set of numbers, which for_each refuses, is not taken.
    const root = mkdtempSync(join(tmpdir(), "eds-for-each-conditional-"));
    writeFileSync(join(root, "main.tf"), 'resource "terraform_data" "n" {\n  for_each = true ? toset([1, 2]) : toset(["a"])\n  input    = each.key\n}\n');
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([root], problems);
    expect(problems).toEqual([]);
    expect(configuration!.resources.map((resource) => resource.address)).toEqual(['terraform_data.n["1"]', 'terraform_data.n["2"]']);
  });

  it("expands setproduct over a list holding a resource, whose other elements stay known, as terraform plan does", async () => {
    const root = rootModule("eds-setproduct-", [
      'variable "remotes" {\n  type    = list(object({ name = string, cidr = string }))\n  default = [{ name = "world", cidr = "0.0.0.0/0" }]\n}',
      'variable "none" {\n  type    = list(string)\n  default = []\n}',
      'resource "terraform_data" "w" {}',
      'resource "terraform_data" "ssh" {\n  for_each = { for p in setproduct([terraform_data.w], var.remotes) : p[1].name => { group = p[0], remote = p[1] } }\n  input    = each.value.remote.cidr\n}',
      'resource "terraform_data" "never" {\n  for_each = { for p in setproduct([terraform_data.w], var.none) : p[1] => p }\n}',
    ]);
    const [configuration] = await readConfigurations([root]);
    const ssh = configuration!.resources.filter(
      (resource) => resource.address.startsWith("terraform_data.ssh") || resource.address.startsWith("terraform_data.never"),
    );
    expect(ssh.map((resource) => [resource.address, resource.values.input])).toEqual([['terraform_data.ssh["world"]', "0.0.0.0/0"]]);
    if (!terraform) return;
    const plan = terraformPlan(root);
    expect(plan.stdout).toContain('terraform_data.ssh["world"] will be created');
    expect(plan.stdout).toContain("Plan: 2 to add");
  });

  it("judges each element of a for_each whose for expression gives keys not known here, since Terraform makes one instance of each or refuses the plan", async () => {
    const root = rootModule("eds-keys-not-known-", [
      'variable "name" {\n  type = string\n}',
      'locals {\n  rules = [{ port = 22, cidr = "0.0.0.0/0" }, { port = 443, cidr = "192.0.2.0/24" }]\n}',
      'resource "terraform_data" "group" {\n  input = "${var.name}-group"\n}',
      'resource "terraform_data" "rule" {\n  for_each = { for rule in local.rules : "${var.name}-${rule.port}" => rule }\n  input    = each.value.cidr\n}',
      'resource "terraform_data" "remote" {\n  for_each = { for group in [terraform_data.group] : group.input => group }\n  input    = each.value.id\n}',
      'locals {\n  by_name = { for rule in local.rules : "${var.name}-${rule.port}" => rule }\n  named   = local.by_name\n}',
      'resource "terraform_data" "named" {\n  for_each = local.named\n  input    = each.value.port\n}',
      // A resource's object: its attributes are not all known here, so neither is how many elements it has.
      'resource "terraform_data" "attributes" {\n  for_each = { for name, attribute in terraform_data.group : "${var.name}-${name}" => attribute }\n  input    = each.value\n}',
      // Grouped (`...`), how many instances there are depends on which keys are equal; a condition not known here, on which elements are kept.
      'resource "terraform_data" "grouped" {\n  for_each = { for rule in local.rules : var.name => rule... }\n  input    = each.value\n}',
      'resource "terraform_data" "kept" {\n  for_each = { for rule in local.rules : "${var.name}-${rule.port}" => rule if var.name != "" }\n  input    = each.value.cidr\n}',
      'module "opened" {\n  source   = "./opened"\n  for_each = { for rule in local.rules : "${var.name}-${rule.port}" => rule }\n  cidr     = each.value.cidr\n}',
      'output "rules" {\n  value = length(terraform_data.rule)\n}',
    ]);
    mkdirSync(join(root, "opened"));
    writeFileSync(join(root, "opened", "main.tf"), 'variable "cidr" {\n  type = string\n}\nresource "terraform_data" "opened" {\n  input = var.cidr\n}\n');
    const [configuration] = await readConfigurations([root]);
    const rules = configuration!.resources.filter((resource) => resource.address !== "terraform_data.group");
    expect(rules.map((resource) => [resource.address, resource.values.input])).toEqual([
      ['module.opened["(element 1 of 2: key not known here)"].terraform_data.opened', "0.0.0.0/0"],
      ['module.opened["(element 2 of 2: key not known here)"].terraform_data.opened', "192.0.2.0/24"],
      ["terraform_data.attributes", "${each.value}"],
      ["terraform_data.grouped", "${each.value}"],
      ["terraform_data.kept", "${each.value.cidr}"],
      ['terraform_data.named["(element 1 of 2: key not known here)"]', 22],
      ['terraform_data.named["(element 2 of 2: key not known here)"]', 443],
      ['terraform_data.remote["(element 1 of 1: key not known here)"]', "${terraform_data.group.id}"],
      ['terraform_data.rule["(element 1 of 2: key not known here)"]', "0.0.0.0/0"],
      ['terraform_data.rule["(element 2 of 2: key not known here)"]', "192.0.2.0/24"],
    ]);
    if (!terraform) return;
    // Given the variable, plan makes one instance of each element; given keys that meet, it refuses the configuration.
    const plan = terraformPlan(root, { name: "web" }).stdout;
    const made = [
      'terraform_data.rule["web-22"]',
      'terraform_data.rule["web-443"]',
      'terraform_data.remote["web-group"]',
      'terraform_data.named["web-443"]',
      'module.opened["web-22"].terraform_data.opened',
    ];
    for (const address of made) expect(plan).toContain(`${address} will be created`);
    writeFileSync(join(root, "main.tf"), readFileSync(join(root, "main.tf"), "utf8").replace('"${var.name}-${rule.port}" => rule }', "var.name => rule }"));
    expect(terraformPlan(root, { name: "web" }).stderr.replace(/\s+/g, " ")).toContain("Duplicate object key");
  });

  it("orders findings as terraform plan orders instances: an index and an element by their number, [2] before [10]", async () => {
    const root = rootModule("eds-instance-order-", [
      'variable "name" {\n  type = string\n}',
      sshRule("counted", '"0.0.0.0/0"', "count = 11"),
      sshRule("elements", "each.value", 'for_each = { for i in range(11) : "${var.name}-${i}" => "0.0.0.0/0" }'),
    ]);
    const configurations = await readInContext([root], fixtureSettings.today);
    const run = checkConfigurations(configurations, { settings: fixtureSettings, strict: false });
    const found = run.outcomes.filter((o) => o.policyId === "secgroup-no-public-ssh" && o.status === "violation").map((o) => o.address);
    const indexes = Array.from({ length: 11 }, (_, i) => i);
    expect(found).toEqual([
      ...indexes.map((i) => `openstack_networking_secgroup_rule_v2.counted[${i}]`),
      ...indexes.map((i) => `openstack_networking_secgroup_rule_v2.elements["(element ${i + 1} of 11: key not known here)"]`),
    ]);
    if (!terraform) return;
    const planOnly = mkdtempSync(join(tmpdir(), "eds-instance-order-plan-"));
    writeFileSync(join(planOnly, "main.tf"), 'resource "terraform_data" "counted" {\n  count = 11\n}\n');
    const planned = [...terraformPlan(planOnly).stdout.matchAll(/# (terraform_data\.counted\[\d+\]) will be created/g)].map((m) => m[1]);
    expect(planned).toEqual(indexes.map((i) => `terraform_data.counted[${i}]`));
  });

  it("makes one block of each element of a dynamic block's for expression whose keys are not known here", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-dynamic-keys-not-known-"));
    const pod = (name: string, forEach: string) =>
      `resource "kubernetes_pod_v1" "${name}" {\n  metadata {\n    name      = "${name}"\n    namespace = "apps"\n  }\n  spec {\n    dynamic "container" {\n      for_each = ${forEach}\n      content {\n        name  = container.value.name\n        image = "registry.example.fr/\${container.value.name}:1.0.0"\n        security_context {\n          privileged = container.value.privileged\n        }\n      }\n    }\n  }\n}`;
    writeFileSync(
      join(root, "main.tf"),
      [
        'variable "prefix" {\n  type = string\n}',
        'locals {\n  containers = [{ name = "web", privileged = false }, { name = "debug", privileged = true }]\n}',
        pod("named", '{ for c in local.containers : "${var.prefix}-${c.name}" => c }'),
        pod("grouped", "{ for c in local.containers : var.prefix => c... }"),
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([root]);
    const containers = (address: string) => {
      const resource = configuration!.resources.find((r) => r.address === address)!;
      return blocks(blocks(resource.values.spec)[0]!.container).map((container) => [container.name, blocks(container.security_context)[0]!.privileged]);
    };
    expect(containers("kubernetes_pod_v1.named")).toEqual([
      ["web", false],
      ["debug", true],
    ]);
    // Grouped, the elements are lists whose number depends on which keys meet: one block stands for them, and it may be absent.
    expect(containers("kubernetes_pod_v1.grouped")).toEqual([["${container.value.name}", "${container.value.privileged}"]]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    const privileged = run.outcomes.filter((o) => o.policyId === "k8s-no-privileged").map((o) => `${o.address} ${o.status} ${o.path}`);
    expect(privileged).toEqual([
      "kubernetes_pod_v1.grouped cannot-evaluate spec[0].container[0]",
      "kubernetes_pod_v1.named violation spec[0].container[1].security_context[0].privileged",
    ]);
  });

  it("reports a for expression that names what is not declared, in a for_each whose keys are not known here, as Terraform refuses it", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-keys-not-declared-"));
    writeFileSync(
      join(root, "main.tf"),
      'variable "name" {\n  type = string\n}\nresource "terraform_data" "rule" {\n  for_each = { for rule in local.missing : var.name => rule }\n  input    = each.value\n}\n',
    );
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([root], problems);
    expect(problems.map((problem) => problem.message)).toEqual([expect.stringContaining("local.missing is not declared")]);
    expect(configuration!.resources.map((resource) => resource.address)).toEqual(["terraform_data.rule"]);
  });

  it("follows a reference by each.key, where keys are not known here, to the element of the same for_each in the block it names", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-keys-not-known-pairs-"));
    const tiers = '{ for t in local.tiers : "${var.prefix}-${t}" => t }';
    writeFileSync(
      join(root, "main.tf"),
      [
        'variable "prefix" {\n  type = string\n}',
        'locals {\n  tiers = ["web", "db"]\n}',
        `resource "openstack_networking_secgroup_v2" "tier" {\n  for_each = ${tiers}\n  name     = each.value\n}`,
        `resource "openstack_networking_secgroup_rule_v2" "ssh" {\n  for_each          = ${tiers}\n  direction         = "ingress"\n  security_group_id = openstack_networking_secgroup_v2.tier[each.key].id\n}`,
        // Another for_each: which of its elements has the same key is not known here.
        'resource "openstack_networking_secgroup_rule_v2" "other" {\n  for_each          = { for t in reverse(local.tiers) : "${var.prefix}-${t}" => t }\n  direction         = "ingress"\n  security_group_id = openstack_networking_secgroup_v2.tier[each.key].id\n}',
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([root]);
    const graph = new ResourceGraph(configuration!);
    const groups = configuration!.resources
      .filter((resource) => resource.type === "openstack_networking_secgroup_rule_v2")
      .map((rule) => [rule.address, graph.targetOf(rule.values.security_group_id, rule)?.address]);
    const element = (block: string, i: number) => `${block}["(element ${i} of 2: key not known here)"]`;
    expect(groups).toEqual([
      [element("openstack_networking_secgroup_rule_v2.other", 1), undefined],
      [element("openstack_networking_secgroup_rule_v2.other", 2), undefined],
      [element("openstack_networking_secgroup_rule_v2.ssh", 1), element("openstack_networking_secgroup_v2.tier", 1)],
      [element("openstack_networking_secgroup_rule_v2.ssh", 2), element("openstack_networking_secgroup_v2.tier", 2)],
    ]);
  });

  it("makes one instance per instance of a block of keys not known here that a for_each names, as Terraform does with that block's keys", async () => {
    const root = rootModule("eds-keys-not-known-chained-", [
      'variable "prefix" {\n  type = string\n}',
      'resource "terraform_data" "tier" {\n  for_each = { for t in ["web", "db"] : "${var.prefix}-${t}" => t }\n  input    = each.value\n}',
      'resource "terraform_data" "copy" {\n  for_each = terraform_data.tier\n  input    = each.value.input\n}',
      'resource "terraform_data" "ref" {\n  for_each = terraform_data.tier\n  input    = terraform_data.tier[each.key].id\n}',
    ]);
    const [configuration] = await readConfigurations([root]);
    const element = (block: string, i: number) => `${block}["(element ${i} of 2: key not known here)"]`;
    expect(configuration!.resources.map((resource) => [resource.address, resource.values.input])).toEqual([
      [element("terraform_data.copy", 1), "web"],
      [element("terraform_data.copy", 2), "db"],
      [element("terraform_data.ref", 1), `\${${element("terraform_data.tier", 1)}.id}`],
      [element("terraform_data.ref", 2), `\${${element("terraform_data.tier", 2)}.id}`],
      [element("terraform_data.tier", 1), "web"],
      [element("terraform_data.tier", 2), "db"],
    ]);
    if (!terraform) return;
    const plan = terraformPlan(root, { prefix: "x" }).stdout;
    for (const address of ['terraform_data.copy["x-web"]', 'terraform_data.ref["x-db"]']) expect(plan).toContain(`${address} will be created`);
  });

  it("judges the rules a for_each of keys not known here makes, each as its element writes it", async () => {
    const root = rootModule("eds-keys-not-known-rules-", [
      'variable "name" {\n  type = string\n}',
      'locals {\n  rules = [{ port = 22, cidr = "0.0.0.0/0" }, { port = 443, cidr = "192.0.2.0/24" }]\n}',
      'resource "openstack_networking_secgroup_rule_v2" "open" {\n  for_each          = { for rule in local.rules : "${var.name}-${rule.port}" => rule }\n  direction         = "ingress"\n  ethertype         = "IPv4"\n  protocol          = "tcp"\n  port_range_min    = each.value.port\n  port_range_max    = each.value.port\n  remote_ip_prefix  = each.value.cidr\n  security_group_id = "x"\n}',
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    const ssh = run.outcomes.filter((o) => o.policyId === "secgroup-no-public-ssh").map((o) => `${o.address} ${o.status}`);
    expect(ssh).toEqual([
      'openstack_networking_secgroup_rule_v2.open["(element 1 of 2: key not known here)"] violation',
      'openstack_networking_secgroup_rule_v2.open["(element 2 of 2: key not known here)"] compliant',
    ]);
  });

  it("reports a backend Terraform removed and a reserved variable name as input problems, as terraform init refuses them", async () => {
    const problemsOf = (text: string) => refusedBy({ "main.tf": text });
    const swift = await problemsOf('terraform {\n  backend "swift" {\n    container = "tfstate"\n  }\n}\n');
    expect(swift.messages).toEqual(["terraform.backend.swift: the swift backend is not supported since Terraform 1.3, which refuses it"]);
    if (terraform) expect(swift.init).toContain('The "swift" backend is not supported');
    const count = await problemsOf('variable "count" {\n  default = 3\n}\nresource "terraform_data" "x" {}\n');
    expect(count.messages).toEqual(['variable "count": the name is reserved for its meaning in module blocks, and Terraform refuses it']);
    if (terraform) expect(count.init).toContain("Invalid variable name");
  });

  it("reports a block whose name Terraform does not take as an input problem, as terraform init refuses it", async () => {
    const names = await refusedBy({
      "main.tf":
        'variable "my var" {\n  default = 1\n}\noutput "Public IPs" {\n  value = 1\n}\nresource "terraform_data" "2nd" {}\nresource "terraform_data" "kept-name_2" {}\n',
    });
    const refused = "is not a name Terraform takes (a letter or an underscore, then letters, digits, underscores and dashes), and it refuses the block";
    expect(names.messages).toEqual([
      `variable "my var": its name ${refused}`,
      `resource "terraform_data" "2nd": its name ${refused}`,
      `output "Public IPs": its name ${refused}`,
    ]);
    if (terraform) for (const block of ["variable", "output", "resource"]) expect(names.init).toContain(`Invalid ${block} name`);
  });

  it("reports a required_version that admits no Terraform 1.x release as an input problem, as terraform init refuses it", async () => {
    const old = await refusedBy({ "main.tf": 'terraform {\n  required_version = "~> 0.11.0"\n}\nresource "terraform_data" "x" {}\n' });
    expect(old.messages).toEqual([
      'terraform.required_version "~> 0.11.0" admits no release of Terraform 1.x nor of OpenTofu, which refuse the module ("Unsupported Terraform Core version")',
    ]);
    expect(old.places).toEqual(["main.tf:1"]);
    if (terraform) expect(old.init).toContain("Unsupported Terraform Core version");
    const current = await refusedBy({ "main.tf": 'terraform {\n  required_version = ">= 0.12"\n}\nresource "terraform_data" "x" {}\n' });
    expect(current.messages).toEqual([]);
    if (terraform) expect(current.init).not.toContain("Error");
  });

  it("reads a quoted type named as an object's own property (toString) as any other legacy hint", async () => {
    const hint = await refusedBy({ "main.tf": 'variable "a" {\n  type = "toString"\n}\n' });
    expect(hint.messages).toEqual([
      'variable "a": type = "toString" is a type constraint in quotes, the form of Terraform 0.11, which Terraform refuses: write the type expression without quotes',
    ]);
    if (terraform) expect(hint.init).toContain("Invalid legacy variable type hint");
  });

  it("reports a type constraint in quotes, Terraform 0.11's form, as an input problem in the native syntax only, as terraform init does", async () => {
    const quoted = await refusedBy({ "main.tf": 'variable "zones" {\n  type = "list"\n}\nvariable "flavor" {\n  type = "strin"\n}\n' });
    expect(quoted.messages).toEqual([
      'variable "flavor": type = "strin" is a type constraint in quotes, the form of Terraform 0.11, which Terraform refuses: write the type expression without quotes',
      'variable "zones": type = "list" is a type constraint in quotes, the form of Terraform 0.11, which Terraform refuses: write type = list(string)',
    ]);
    if (terraform) expect(quoted.init).toContain("Invalid quoted type constraints");
    const json = await refusedBy({ "main.tf.json": JSON.stringify({ variable: { zones: { type: "list" } } }) });
    expect(json.messages).toEqual([]);
    if (terraform) expect(json.init).not.toContain("Error");
  });

  it("reports a block declared twice as an input problem, as terraform init refuses it, where the later won in silence", async () => {
    // The later block's line, where Terraform's error points ("on main.tf line 4"); a backend's, at its terraform block.
    const cases: [Record<string, string>, string, string, string][] = [
      [
        { "main.tf": 'variable "a" {\n  default = 1\n}\nvariable "a" {\n  default = 2\n}\n' },
        "var.a is declared twice: first at",
        "Duplicate variable declaration",
        "main.tf:4",
      ],
      [{ "main.tf": "locals {\n  b = 1\n}\nlocals {\n  b = 2\n}\n" }, "local.b is declared twice: first at", "Duplicate local value definition", "main.tf:5"],
      [
        { "main.tf": 'resource "terraform_data" "r" {}\nresource "terraform_data" "r" {}\n' },
        "terraform_data.r is declared twice: first at",
        'Duplicate resource "terraform_data" configuration',
        "main.tf:2",
      ],
      [
        { "main.tf": 'output "o" {\n  value = 1\n}\noutput "o" {\n  value = 2\n}\n' },
        "output.o is declared twice: first at",
        "Duplicate output definition",
        "main.tf:4",
      ],
      [
        {
          "a.tf": 'check "c" {\n  assert {\n    condition     = var.v != ""\n    error_message = "v"\n  }\n}\n',
          "b.tf": 'variable "v" {}\ncheck "c" {\n  assert {\n    condition     = var.v != "x"\n    error_message = "x"\n  }\n}\n',
        },
        "check.c is declared twice: first at",
        'Duplicate check "c" configuration',
        "b.tf:2",
      ],
      [
        { "main.tf": 'provider "terraform" {}\nprovider "terraform" {}\n' },
        "provider.terraform is declared twice: first at",
        "Duplicate provider configuration",
        "main.tf:2",
      ],
      [
        // A second configuration with an alias of its own is another configuration; one with the same alias is refused.
        { "main.tf": 'provider "terraform" {}\nprovider "terraform" {\n  alias = "a"\n}\nprovider "terraform" {\n  alias = "a"\n}\n' },
        "provider.terraform.a is declared twice: first at",
        "Duplicate provider configuration",
        "main.tf:5",
      ],
      [
        { "a.tf": 'terraform {\n  backend "local" {}\n}\n', "b.tf": '\nterraform {\n  backend "s3" {}\n}\n' },
        "the s3 backend beside the local backend (",
        "Duplicate backend configuration",
        "b.tf:2",
      ],
      [
        { "main.tf": 'terraform {\n  backend "local" {}\n  cloud {\n    organization = "example"\n    workspaces {\n      name = "x"\n    }\n  }\n}\n' },
        "a cloud block beside the local backend (",
        "Both a backend and cloud configuration are present",
        "main.tf:1",
      ],
    ];
    for (const [files, ours, theirs, place] of cases) {
      const { messages, places, init } = await refusedBy(files);
      expect(messages.join("; "), ours).toContain(ours);
      expect(places, ours).toEqual([place]);
      if (terraform) expect(init, theirs).toContain(theirs);
      const [file, line] = place.split(":");
      if (terraform && !theirs.includes("backend")) expect(init, theirs).toMatch(new RegExp(`on ${file} line ${line}\\b`));
    }
  });

  it("takes the arguments of a module call's escaping block `_` as its inputs, as terraform plan does", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-escaping-"));
    mkdirSync(join(root, "rules"));
    writeFileSync(
      join(root, "rules", "main.tf"),
      'variable "cidr" {\n  default = "10.0.0.0/8"\n}\nresource "terraform_data" "rule" {\n  input = var.cidr\n}\n',
    );
    writeFileSync(join(root, "main.tf"), 'module "rules" {\n  source = "./rules"\n  _ {\n    cidr = "0.0.0.0/0"\n  }\n}\n');
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([root], problems);
    expect(problems).toEqual([]);
    expect(configuration!.resources.map((resource) => [resource.address, resource.values.input])).toEqual([["module.rules.terraform_data.rule", "0.0.0.0/0"]]);
    if (!terraform) return;
    const plan = terraformPlan(root);
    expect(plan.stdout).toContain('input  = "0.0.0.0/0"');
  });

  it("reports a lifecycle setting written as an expression as an input problem, as terraform init refuses it", async () => {
    const { messages, init } = await refusedBy({
      "main.tf": 'variable "protect" {\n  default = true\n}\nresource "terraform_data" "x" {\n  lifecycle {\n    prevent_destroy = var.protect\n  }\n}\n',
    });
    expect(messages).toEqual(["terraform_data.x.lifecycle.prevent_destroy: Terraform takes only a literal true or false here, and refuses an expression"]);
    if (terraform) expect(init).toContain("Variables not allowed");
  });

  it("reads an action block (Terraform 1.14) as a block no policy judges, not as a stray one", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-action-"));
    writeFileSync(join(root, "main.tf"), 'action "local_command" "notify" {\n  config {\n    command = "true"\n  }\n}\nresource "terraform_data" "x" {}\n');
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([root], problems);
    expect(problems).toEqual([]);
    expect(configuration!.resources.map((resource) => resource.address)).toEqual(["terraform_data.x"]);
  });

  it("reports terraform.experiments as an input problem at its line, as a Terraform release refuses any experiment, and says which concluded", async () => {
    const { messages, init } = await refusedBy({
      "main.tf": 'terraform {\n  experiments = [module_variable_optional_attrs]\n}\nresource "terraform_data" "x" {}\n',
    });
    expect(messages).toEqual([
      "terraform.experiments: a Terraform release refuses experimental features (only its alpha builds take them); module_variable_optional_attrs concluded in Terraform 1.3, whose language has it: remove the argument",
    ]);
    if (terraform) expect(init).toContain("Module uses experimental features");
    // At the argument's line, not the block's; an experiment not concluded is only refused.
    const current = await refusedBy({ "main.tf": 'terraform {\n  required_version = ">= 1.0.0"\n\n  experiments = [ephemeral_values]\n}\n' });
    expect(current.places).toEqual(["main.tf:4"]);
    expect(current.messages).toEqual(["terraform.experiments: a Terraform release refuses experimental features (only its alpha builds take them)"]);
  });

  it("reports what a module's file holds once, however many calls and instances read it", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-module-file-problem-"));
    mkdirSync(join(root, "common"));
    writeFileSync(join(root, "common", "main.tf"), 'terraform {\n  experiments = [module_variable_optional_attrs]\n}\nresource "terraform_data" "x" {}\n');
    writeFileSync(join(root, "main.tf"), 'module "a" {\n  source = "./common"\n}\nmodule "b" {\n  source = "./common"\n  count  = 2\n}\n');
    const problems: InputProblem[] = [];
    await readConfigurations([root], problems);
    expect(problems.map((problem) => `${relative(root, problem.file)}:${problem.line} ${problem.message.split(":")[0]}`)).toEqual([
      "common/main.tf:2 terraform.experiments",
    ]);
  });

  it("reports a var or local the module does not declare as an input problem, as terraform validate refuses it", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-undeclared-reference-"));
    writeFileSync(
      join(root, "main.tf"),
      'variable "admin_cidr" {\n  type = string\n}\nlocals {\n  port = 22\n}\nresource "terraform_data" "rule" {\n  input = [var.admin_cidr, local.port, var.admin_cdir, local.ports, var.admin_cdir]\n}\n',
    );
    const problems: InputProblem[] = [];
    await readConfigurations([root], problems);
    // Each undeclared name once, however often it is read.
    expect(problems.map((problem) => problem.message)).toEqual([
      'terraform_data.rule.input[2]: var.admin_cdir is not declared (no variable "admin_cdir" block in this module), so Terraform refuses the configuration',
      "terraform_data.rule.input[3]: local.ports is not declared (no locals block names it in this module), so Terraform refuses the configuration",
    ]);
    // Once, whatever instance of a module reads it.
    const caller = mkdtempSync(join(tmpdir(), "eds-undeclared-reference-"));
    mkdirSync(join(caller, "child"));
    writeFileSync(join(caller, "child", "main.tf"), 'resource "terraform_data" "x" {\n  input = var.nope\n}\n');
    writeFileSync(join(caller, "main.tf"), 'module "child" {\n  source = "./child"\n  count  = 2\n}\n');
    const childProblems: InputProblem[] = [];
    await readConfigurations([caller], childProblems);
    expect(childProblems.map((problem) => problem.message)).toEqual([expect.stringContaining("var.nope is not declared")]);
    // In a block with no instance too, which is not evaluated.
    const disabled = mkdtempSync(join(tmpdir(), "eds-undeclared-reference-"));
    writeFileSync(join(disabled, "main.tf"), 'resource "terraform_data" "off" {\n  count = 0\n  input = var.typo_name\n}\n');
    const disabledProblems: InputProblem[] = [];
    await readConfigurations([disabled], disabledProblems);
    expect(disabledProblems.map((problem) => problem.message)).toEqual([expect.stringContaining("var.typo_name is not declared")]);
    // And in the blocks no policy evaluates: an import's id, an output.
    const unevaluated = mkdtempSync(join(tmpdir(), "eds-undeclared-reference-"));
    writeFileSync(
      join(unevaluated, "main.tf"),
      'resource "terraform_data" "x" {}\nimport {\n  to = terraform_data.x\n  id = var.undeclared_id\n}\noutput "o" {\n  value = local.nope\n}\n',
    );
    const unevaluatedProblems: InputProblem[] = [];
    await readConfigurations([unevaluated], unevaluatedProblems);
    expect(unevaluatedProblems.map((problem) => problem.message)).toEqual([
      expect.stringContaining("var.undeclared_id is not declared"),
      expect.stringContaining("local.nope is not declared"),
    ]);
    if (!terraform) return;
    const validated = terraformValidate(root);
    expect(validated).toMatch(
      /Reference to undeclared input variable[\s\S]*Reference to undeclared local value|Reference to undeclared local value[\s\S]*Reference to undeclared input variable/,
    );
  });

  it("reports a root module's output whose value is sensitive and that is not declared so, as terraform validate refuses it", async () => {
    const root = rootModule("eds-sensitive-outputs-", [
      'variable "password" {\n  type      = string\n  sensitive = true\n}',
      'locals {\n  wrapped = "user:${var.password}"\n}',
      'output "password" {\n  value = local.wrapped\n}',
      'output "length" {\n  value = nonsensitive(length(var.password))\n}',
      'output "hidden" {\n  value = sensitive("not-a-secret")\n}',
      'output "declared" {\n  value     = var.password\n  sensitive = true\n}',
    ]);
    const refused = "and the output is not declared sensitive (sensitive = true): Terraform refuses it in a root module";
    expect(await problemsAtLines(root)).toEqual([
      `14: output.hidden: its value is sensitive (sensitive(...)), ${refused} ("Output refers to sensitive values")`,
      `8: output.password: its value is sensitive (local.wrapped, from var.password, declared sensitive), ${refused} ("Output refers to sensitive values")`,
    ]);
    if (terraform)
      expect([...terraformValidate(root).matchAll(/Output refers to sensitive values\s+on main\.tf line (\d+)/g)].map(([, line]) => line)).toEqual(["8", "14"]);
    // A file named alone is a root module, and so is a stack of cdktf's output.
    expect(await problemsAtLines(join(root, "main.tf"))).toEqual(await problemsAtLines(root));
    const out = mkdtempSync(join(tmpdir(), "eds-sensitive-cdktf-"));
    mkdirSync(join(out, "stacks", "one"), { recursive: true });
    writeFileSync(join(out, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: { one: { synthesizedStackPath: "stacks/one/cdk.tf.json" } } }));
    writeFileSync(
      join(out, "stacks", "one", "cdk.tf.json"),
      JSON.stringify({ variable: { password: { type: "string", sensitive: true } }, output: { password: { value: "${var.password}" } } }, null, 2),
    );
    expect(await problemsAtLines(out)).toEqual([
      `9: output.password: its value is sensitive (var.password, declared sensitive), ${refused} ("Output refers to sensitive values")`,
    ]);
    // An attribute the OpenStack provider's schema marks sensitive is one too; a module judged alone says nothing.
    const keypair = rootModule("eds-sensitive-attribute-", [
      'resource "openstack_compute_keypair_v2" "admin" {\n  name = "admin"\n}',
      'output "private_key" {\n  value = openstack_compute_keypair_v2.admin.private_key\n}',
      'output "public_key" {\n  value = openstack_compute_keypair_v2.admin.public_key\n}',
    ]);
    expect(await problemsAtLines(keypair)).toEqual([
      `4: output.private_key: its value is sensitive (openstack_compute_keypair_v2.admin.private_key, which the schema of the OpenStack provider 3.4.0 marks sensitive), ${refused} ("Output refers to sensitive values")`,
    ]);
    mkdirSync(join(keypair, "examples"));
    writeFileSync(join(keypair, "examples", "main.tf"), 'module "keys" {\n  source = "../"\n}\n');
    expect(await problemsAtLines(keypair)).toEqual([]);
  });

  it("reports a data source, a module call or a module output that is not declared, as terraform validate refuses them", async () => {
    const child = 'output "admin_cidr" {\n  value = "192.0.2.0/24"\n}\n';
    const declared = [
      'data "terraform_remote_state" "net" {\n  backend = "local"\n}',
      'module "net" {\n  source = "./child"\n}',
      'module "many" {\n  source = "./child"\n  count  = 2\n}',
      // A check block's data source is read in that block only (Terraform's "Reference to scoped resource").
      'check "health" {\n  data "terraform_remote_state" "probe" {\n    backend = "local"\n  }\n  assert {\n    condition     = data.terraform_remote_state.probe.backend == "local"\n    error_message = "the probe reads the local backend"\n  }\n}',
    ];
    const folderOf = (blocks: readonly string[]) => {
      const root = rootModule("eds-undeclared-blocks-", [...declared, ...blocks]);
      mkdirSync(join(root, "child"));
      writeFileSync(join(root, "child", "main.tf"), child);
      return root;
    };
    const problemsIn = async (root: string) => {
      const problems: InputProblem[] = [];
      const [configuration] = await readConfigurations([root], problems);
      return { messages: problems.map((problem) => `${problem.line}: ${problem.message}`), configuration: configuration! };
    };
    const references = folderOf([
      'resource "terraform_data" "r" {',
      "  input = [",
      "    data.terraform_remote_state.net.outputs, module.net.admin_cidr, module.many[0].admin_cidr,",
      "    data.terraform_remote_state.nett.outputs,", // 23
      "    module.nett.admin_cidr,", // 24
      "    data.terraform_remote_state.probe.backend,", // 23
      "    data.terraform_remot_state.net.outputs,", // 26
      "  ]",
      "}",
    ]);
    expect((await problemsIn(references)).messages.sort()).toEqual([
      '23: terraform_data.r.input[3]: data.terraform_remote_state.nett is not declared (no data "terraform_remote_state" "nett" block in this module; did you mean data.terraform_remote_state.net?), so Terraform refuses the configuration',
      '24: terraform_data.r.input[4]: module.nett is not declared (no module "nett" block in this module; did you mean module.net?), so Terraform refuses the configuration',
      '25: terraform_data.r.input[5]: data.terraform_remote_state.probe is declared in check "health", and only that block may read it, so Terraform refuses the configuration',
      '26: terraform_data.r.input[6]: data.terraform_remot_state.net is not declared (no data "terraform_remot_state" "net" block in this module; did you mean data.terraform_remote_state.net?), so Terraform refuses the configuration',
    ]);
    // An output, which no policy evaluates, and a resource: a module's outputs are what its source declares.
    const outputs = folderOf([
      'output "o" {\n  value = module.net.admin_cidrr\n}', // 21
      'resource "terraform_data" "r" {\n  input = module.many[1].nope\n}', // 23
    ]);
    const { messages, configuration } = await problemsIn(outputs);
    expect(messages.sort()).toEqual([
      '21: output.o.value: module.net has no output "admin_cidrr" (./child declares no output "admin_cidrr"; did you mean module.net.admin_cidr?), so Terraform refuses the configuration',
      '24: terraform_data.r.input: module.many has no output "nope" (./child declares no output "nope"), so Terraform refuses the configuration',
    ]);
    // The input problem says why: it is not listed again among the values that fail with the values given.
    expect(configuration.evaluationFailures ?? []).toEqual([]);
    if (!terraform) return;
    const refused = terraformValidate(references);
    for (const summary of ["Reference to undeclared resource", "Reference to undeclared module", "Reference to scoped resource"])
      expect(refused).toContain(summary);
    expect(refused.match(/Error: /g)).toHaveLength(4);
    expect(terraformValidate(outputs).match(/Error: Unsupported attribute/g)).toHaveLength(2);
  });

  it("reports a resource of a type the module declares no block of, but not a for expression's name written like one, as terraform validate does", async () => {
    const root = rootModule("eds-undeclared-types-", [
      'variable "items" {\n  type    = list(object({ id = string }))\n  default = []\n}',
      'resource "terraform_data" "known" {}',
      'resource "terraform_data" "r" {',
      "  input = [",
      "    terraform_dta.known.id,", // 8
      "    null_resource.gone.id,", // 9
      "    [for an_item in var.items : an_item.id],",
      '    "%{for the_item in var.items}${the_item.id}%{endfor}",',
      "  ]",
      // A module's output there stands for the call, which terraform validate takes whatever outputs it declares.
      "  depends_on = [terraform_data.known, time_sleep.wait, module.child.id]", // 13
      "}",
      'module "child" {\n  source = "./child"\n}',
    ]);
    mkdirSync(join(root, "child"));
    writeFileSync(join(root, "child", "main.tf"), 'output "ids" {\n  value = []\n}\n');
    const problems: InputProblem[] = [];
    await readConfigurations([root], problems);
    expect(problems.map((problem) => `${problem.line}: ${problem.message}`).sort()).toEqual([
      '13: terraform_data.r.depends_on[1]: time_sleep.wait is not declared (no resource "time_sleep" "wait" block in this module), so Terraform refuses the configuration',
      '8: terraform_data.r.input[0]: terraform_dta.known is not declared (no resource "terraform_dta" "known" block in this module; did you mean terraform_data.known?), so Terraform refuses the configuration',
      '9: terraform_data.r.input[1]: null_resource.gone is not declared (no resource "null_resource" "gone" block in this module), so Terraform refuses the configuration',
    ]);
    if (!terraform) return;
    expect(terraformValidate(root).match(/Reference to undeclared resource/g)).toHaveLength(3);
  });

  it("says nothing of a block a file of the module that cannot be read may declare: that file is the problem", async () => {
    const root = rootModule("eds-declared-in-unreadable-", ['resource "terraform_data" "r" {\n  input = terraform_data.port.id\n}']);
    // Terraform 0.11's quoted argument names, which Terraform 1.x cannot read.
    writeFileSync(join(root, "port.tf"), 'resource "terraform_data" "port" {\n  input {\n    "name" = "port"\n  }\n}\n');
    const problems: InputProblem[] = [];
    await readConfigurations([root], problems);
    expect(problems.map((problem) => `${problem.file.split("/").pop()}:${problem.line}: ${problem.message.split(":")[0]}`)).toEqual([
      "port.tf:3: not valid HCL",
    ]);
  });

  it("reports a reference to a block with count or for_each that gives no key, and one that gives a key to a block without, as terraform validate refuses them", async () => {
    const root = rootModule("eds-instance-keys-", [
      'resource "terraform_data" "many" {\n  count = 2\n}',
      'resource "terraform_data" "keyed" {\n  for_each = toset(["a"])\n}',
      'resource "terraform_data" "one" {}',
      'data "terraform_remote_state" "states" {\n  count   = 2\n  backend = "local"\n}',
      'module "child" {\n  source = "./child"\n}',
      'import {\n  to = module.child.terraform_data.x\n  id = "x"\n}',
      'resource "terraform_data" "fine" {',
      "  count = 2",
      '  input = [terraform_data.many[count.index].id, terraform_data.many[0].id, terraform_data.keyed["a"].id, length(terraform_data.many), terraform_data.many[*].id, terraform_data.one.id, terraform_data.many.*.id, data.terraform_remote_state.states[1].outputs]',
      "}",
      'resource "terraform_data" "written" {', // 23
      "  input = terraform_data.many.id", // 24
      "}",
      'resource "terraform_data" "evaluated" {', // 26
      "  count = 1",
      '  input = [terraform_data.keyed.a.id, terraform_data.one[0].id, data.terraform_remote_state.states.outputs, "${terraform_data.one["x"].id}"]', // 28
      "}",
    ]);
    mkdirSync(join(root, "child"));
    writeFileSync(join(root, "child", "main.tf"), 'resource "terraform_data" "x" {}\n');
    const problems: InputProblem[] = [];
    await readConfigurations([root], problems);
    expect(problems.map((problem) => `${problem.line}: ${problem.message}`).sort()).toEqual([
      "24: terraform_data.written.input: terraform_data.many has count set: its attributes are read from one instance (terraform_data.many[count.index]), so Terraform refuses the configuration",
      "28: terraform_data.evaluated.input[0]: terraform_data.keyed has for_each set: its attributes are read from one instance (terraform_data.keyed[each.key]), so Terraform refuses the configuration",
      "28: terraform_data.evaluated.input[1]: terraform_data.one has neither count nor for_each set: it has one instance, read without a key (terraform_data.one), so Terraform refuses the configuration",
      "28: terraform_data.evaluated.input[2]: data.terraform_remote_state.states has count set: its attributes are read from one instance (data.terraform_remote_state.states[count.index]), so Terraform refuses the configuration",
    ]);
    if (!terraform) return;
    const validated = terraformValidate(root);
    // Terraform says each place once, and the unexpected key twice on one line: once for [0], once for ["x"].
    expect(validated.match(/Error: Missing resource instance key/g)).toHaveLength(3);
    expect(validated.match(/Error: Unexpected resource instance key/g)).toHaveLength(2);
    // And the schema's: terraform_data has no attribute "a" (keyed.a.id read as if it were keyed["a"].id).
    expect(validated.match(/Error: Unsupported attribute/g)).toHaveLength(1);
    expect(validated.match(/Error: /g)).toHaveLength(6);
  });

  it("reports an attribute a block's schema does not have, count read as an attribute, and a key where only attributes are read, as terraform validate refuses them", async () => {
    const root = rootModule("eds-schema-steps-", [
      'resource "terraform_data" "one" {}', // 1
      'resource "terraform_data" "many" {\n  count = 2\n}', // 2-4
      'data "terraform_remote_state" "state" {\n  backend = "local"\n}', // 5-7
      'resource "terraform_data" "fine" {', // 8
      "  input = [terraform_data.one.output, terraform_data.one.input.any, terraform_data.many[0].id, data.terraform_remote_state.state.outputs.net, length(terraform_data.many)]",
      "}",
      'resource "terraform_data" "written" {', // 11
      "  input = terraform_data.one.outputt", // 12
      "}",
      'resource "terraform_data" "evaluated" {', // 14
      "  count = 1",
      '  input = [terraform_data.many[0].outputs.x, terraform_data.one.count, terraform_data.many[1]["input"], data.terraform_remote_state.state.output, terraform_data.many[count.index].idd, terraform_data.one.id[0], data.terraform_remote_state.state.backend.type, data.terraform_remote_state.state.outputs.any[0].thing]', // 16
      "}",
      'output "o" {\n  value = "${terraform_data.many[0].triggers_replaced}"\n}', // 18-20
    ]);
    const problems: InputProblem[] = [];
    await readConfigurations([root], problems);
    expect(problems.map((problem) => `${problem.line}: ${problem.message}`).sort()).toEqual(
      [
        `12: terraform_data.written.input: terraform_data.one has no argument, nested block or attribute "outputt" in the schema of Terraform's built-in provider (did you mean terraform_data.one.output?), so Terraform refuses the configuration`,
        `16: terraform_data.evaluated.input[0]: terraform_data.many[0] has no argument, nested block or attribute "outputs" in the schema of Terraform's built-in provider (did you mean terraform_data.many[0].output?), so Terraform refuses the configuration`,
        "16: terraform_data.evaluated.input[1]: terraform_data.one.count is no attribute: since Terraform 0.12, length(terraform_data.one) gives the number of its instances, so Terraform refuses the configuration",
        '16: terraform_data.evaluated.input[2]: terraform_data.many[1]["input"] reads an attribute by a key, where Terraform reads one only with a dot (terraform_data.many[1].input), so Terraform refuses the configuration',
        `16: terraform_data.evaluated.input[3]: data.terraform_remote_state.state has no argument, nested block or attribute "output" in the schema of Terraform's built-in provider (did you mean data.terraform_remote_state.state.outputs?), so Terraform refuses the configuration`,
        "16: terraform_data.evaluated.input[5]: terraform_data.one.id is a string, which has no elements, so Terraform refuses the configuration",
        '16: terraform_data.evaluated.input[6]: data.terraform_remote_state.state.backend is a string, which has no attributes ("type"), so Terraform refuses the configuration',
        `19: output.o.value: terraform_data.many[0] has no argument, nested block or attribute "triggers_replaced" in the schema of Terraform's built-in provider (did you mean terraform_data.many[0].triggers_replace?), so Terraform refuses the configuration`,
      ].sort(),
    );
    if (!terraform) return;
    const validated = terraformValidate(root);
    // A key computed ends what Terraform judges: terraform_data.many[count.index].idd waits for plan, as here.
    expect(validated.match(/Error: Unsupported attribute/g)).toHaveLength(5);
    expect(validated).toMatch(/Error: Invalid resource count attribute/);
    expect(validated.match(/Error: Invalid index operation/g)).toHaveLength(1);
    expect(validated.match(/Error: Invalid index\n/g)).toHaveLength(1);
    const lines = [...validated.matchAll(/on main\.tf line (\d+)/g)].map(([, line]) => Number(line));
    expect(lines.sort((a, b) => a - b)).toEqual(problems.map((problem) => problem.line).sort((a, b) => a! - b!));
  });

  it("reads a reference to an OpenStack block against the provider's schema, nested blocks too, where the provider installed is the one the schema describes", async () => {
    const instance = [
      'resource "openstack_compute_instance_v2" "vm" {\n  name = "vm"\n}', // 1-3
      'resource "openstack_networking_port_v2" "port" {', // 4
      "  network_id = openstack_compute_instance_v2.vm.network[0].uuid", // 5
      "  fixed_ip {\n    subnet_id  = openstack_compute_instance_v2.vm.network.uuid\n    ip_address = openstack_compute_instance_v2.vm.network[0].fixed_ip\n  }", // 6-9
      "  description = openstack_compute_instance_v2.vm.scheduler_hints[0].group", // 10
      "  name = openstack_compute_instance_v2.vm.access_ip_v4", // 11
      "  tags = [openstack_compute_instance_v2.vm.security_groups[0], openstack_compute_instance_v2.vm.all_metadata.role, openstack_compute_instance_v2.vm.network[0].fixed_ip_v4.address]", // 12
      "}",
    ];
    expect(await problemsAtLines(rootModule("eds-openstack-steps-", instance))).toEqual([
      "10: openstack_networking_port_v2.port.description: openstack_compute_instance_v2.vm.scheduler_hints is a set of nested blocks, whose elements have no key: a for expression reads them, so Terraform refuses the configuration",
      "12: openstack_networking_port_v2.port.tags[0]: openstack_compute_instance_v2.vm.security_groups is a set, whose elements have no key: a for expression reads them, so Terraform refuses the configuration",
      '12: openstack_networking_port_v2.port.tags[2]: openstack_compute_instance_v2.vm.network[0].fixed_ip_v4 is a string, which has no attributes ("address"), so Terraform refuses the configuration',
      "7: openstack_networking_port_v2.port.fixed_ip[0].subnet_id: openstack_compute_instance_v2.vm.network is a list of nested blocks: one is read by its index (openstack_compute_instance_v2.vm.network[0].uuid), so Terraform refuses the configuration",
      `8: openstack_networking_port_v2.port.fixed_ip[0].ip_address: openstack_compute_instance_v2.vm.network[0] has no argument, nested block or attribute "fixed_ip" in the schema of the OpenStack provider 3.4.0, so Terraform refuses the configuration`,
    ]);
    // Another provider's build, or a version the schema does not describe, is not judged; nor a block of another provider's configuration.
    const required = (requirement: string) => `terraform {\n  required_providers {\n    openstack = ${requirement}\n  }\n}`;
    expect(await problemsAtLines(rootModule("eds-openstack-steps-", [...instance, required('{ source = "example/openstack" }')]))).toEqual([]);
    expect(
      await problemsAtLines(
        rootModule("eds-openstack-steps-", [...instance, required('{ source = "terraform-provider-openstack/openstack", version = "~> 1.54" }')]),
      ),
    ).toEqual([]);
    expect(
      await problemsAtLines(
        rootModule("eds-openstack-steps-", [...instance, required('{ source = "terraform-provider-openstack/openstack", version = ">= 3.0" }')]),
      ),
    ).toHaveLength(5);
    const other = rootModule("eds-openstack-steps-", [
      'resource "openstack_compute_instance_v2" "vm" {\n  provider = fork\n  name     = "vm"\n}',
      'resource "terraform_data" "d" {\n  input = openstack_compute_instance_v2.vm.network.uuid\n}',
    ]);
    expect(await problemsAtLines(other)).toEqual([]);
  });

  it("reads self where Terraform gives it, in a resource's provisioners, connection and postconditions, against the block's schema, refuses it elsewhere, and what these blocks name, as terraform validate does", async () => {
    const root = rootModule("eds-self-", [
      'resource "terraform_data" "d" {\n  input = "x"', // 1-2
      '  provisioner "local-exec" {\n    command = "echo ${self.outputt}"\n  }', // 3-5
      "  connection {\n    host = self.input\n    user = self.id.name\n  }", // 6-9
      "  lifecycle {",
      '    precondition {\n      condition     = self.id != ""\n      error_message = "x"\n    }', // 11-14
      '    postcondition {\n      condition     = self.output != "" && var.other == ""\n      error_message = "x"\n    }', // 15-18
      "  }\n}",
      // Read as written (nothing in it needs evaluating), then the same.
      'resource "terraform_data" "plain" {\n  provisioner "local-exec" {\n    command = "echo ${self.idd}"\n  }\n}', // 21-25
      'output "o" {\n  value = self.id\n}', // 26-28
      // A provisioner of a block read as written, placed at its argument's line as an evaluated one's is; it names a block
      // with no error, since terraform validate does not judge a block that depends on one with an error.
      'resource "terraform_data" "clean" {}\nresource "terraform_data" "written" {\n  provisioner "local-exec" {\n    command = terraform_data.clean.idd\n  }\n}', // 29-34
    ]);
    const problems: InputProblem[] = [];
    await readConfigurations([root], problems);
    expect(problems.map((problem) => `${problem.line}: ${problem.message}`).sort()).toEqual(
      [
        `4: terraform_data.d.provisioner.local-exec[0].command: self has no argument, nested block or attribute "outputt" in the schema of Terraform's built-in provider (did you mean self.output?), so Terraform refuses the configuration`,
        '8: terraform_data.d.connection[0].user: self.id is a string, which has no attributes ("name"), so Terraform refuses the configuration',
        "12: terraform_data.d.lifecycle[0].precondition[0].condition: self is read in terraform_data.d, where Terraform gives it no value (only a resource's provisioners and connection, and a postcondition, read it), so Terraform refuses the configuration",
        '16: terraform_data.d.lifecycle[0].postcondition[0].condition: var.other is not declared (no variable "other" block in this module), so Terraform refuses the configuration',
        `23: terraform_data.plain.provisioner.local-exec[0].command: self has no argument, nested block or attribute "idd" in the schema of Terraform's built-in provider (did you mean self.id?), so Terraform refuses the configuration`,
        "27: output.o.value: self is read in output.o, where Terraform gives it no value (only a resource's provisioners and connection, and a postcondition, read it), so Terraform refuses the configuration",
        `32: terraform_data.written.provisioner.local-exec[0].command: terraform_data.clean has no argument, nested block or attribute "idd" in the schema of Terraform's built-in provider (did you mean terraform_data.clean.id?), so Terraform refuses the configuration`,
      ].sort(),
    );
    if (!terraform) return;
    const validated = terraformValidate(root);
    expect(validated.match(/Error: Invalid "self" reference/g)).toHaveLength(2);
    const lines = new Set([...validated.matchAll(/on main\.tf line (\d+)/g)].map(([, line]) => Number(line)));
    expect([...lines].sort((a, b) => a - b)).toEqual(problems.map((problem) => problem.line).sort((a, b) => a! - b!));
  });

  it("reports a block named in its own arguments or conditions, as terraform plan and validate refuse it, and not in its provisioners", async () => {
    const itself = (address: string) =>
      `${address} is read in its own configuration (self reads it in a provisioner, a connection or a postcondition), so Terraform refuses the configuration`;
    // Read as written, evaluated (count), and in a provisioner, where Terraform 0.11 wrote self so.
    const inArguments = rootModule("eds-itself-", [
      'resource "terraform_data" "d" {\n  input = terraform_data.d.id\n}', // 1-3
      'resource "terraform_data" "g" {\n  count = 1\n  input = ["${terraform_data.g[0].id}-x"]', // 4-6
      '  provisioner "local-exec" {\n    command = "echo ${terraform_data.g[0].input}"\n  }\n}', // 7-10
    ]);
    expect(await problemsAtLines(inArguments)).toEqual([
      `2: terraform_data.d.input: ${itself("terraform_data.d")}`,
      `6: terraform_data.g.input[0]: ${itself("terraform_data.g")}`,
    ]);
    // terraform init refuses the condition as it reads the configuration.
    const inConditions = await refusedBy({
      "main.tf":
        'resource "terraform_data" "e" {\n  lifecycle {\n    postcondition {\n      condition     = terraform_data.e.id != ""\n      error_message = "x"\n    }\n  }\n}\n',
    });
    expect(inConditions.messages).toEqual([`terraform_data.e.lifecycle[0].postcondition[0].condition: ${itself("terraform_data.e")}`]);
    expect(inConditions.places).toEqual(["main.tf:4"]);
    if (!terraform) return;
    expect(inConditions.init).toContain("Error: Invalid reference in postcondition on main.tf line 4");
    // terraform validate takes the arguments; plan refuses them.
    const planned = terraformPlan(inArguments).stderr;
    expect(new Set([...planned.matchAll(/Error: Self-referential block\s+on main\.tf line (\d+)/g)].map(([, line]) => Number(line)))).toEqual(new Set([2, 6]));
  });

  it("reads every module's references against the provider all the modules' requirements give, as Terraform installs one for them all", async () => {
    const pin = 'terraform {\n  required_providers {\n    openstack = { source = "terraform-provider-openstack/openstack", version = "~> 1.54" }\n  }\n}';
    const references =
      'resource "openstack_networking_network_v2" "net" {}\nresource "terraform_data" "d" {}\nresource "terraform_data" "e" {\n  input = [openstack_networking_network_v2.net.idd, terraform_data.d.idd]\n}\n';
    const refused = `terraform_data.e.input[1]: terraform_data.d has no argument, nested block or attribute "idd" in the schema of Terraform's built-in provider (did you mean terraform_data.d.id?), so Terraform refuses the configuration`;
    const messages = async (root: string) => {
      const problems: InputProblem[] = [];
      await readConfigurations([root], problems);
      return problems.map((problem) => problem.message);
    };
    // The caller takes the 1.x releases: in the module it calls, only the built-in provider's schema is known to hold.
    const pinnedByCaller = rootModule("eds-module-steps-", [pin, 'module "child" {\n  source = "./child"\n}']);
    mkdirSync(join(pinnedByCaller, "child"));
    writeFileSync(join(pinnedByCaller, "child", "main.tf"), references);
    expect(await messages(pinnedByCaller)).toEqual([refused]);
    // A module the root calls (no instance of it made) takes them, and a module it calls in turn: so does the root.
    const pinnedByChild = rootModule("eds-module-steps-", [references, 'module "child" {\n  source = "./child"\n  count  = 0\n}']);
    mkdirSync(join(pinnedByChild, "child", "grandchild"), { recursive: true });
    writeFileSync(join(pinnedByChild, "child", "main.tf"), 'module "grandchild" {\n  source = "./grandchild"\n}\n');
    writeFileSync(join(pinnedByChild, "child", "grandchild", "main.tf"), `${pin}\n`);
    expect(await messages(pinnedByChild)).toEqual([refused]);
    // Where none excludes the schema's version, the root's OpenStack reference is judged.
    writeFileSync(join(pinnedByChild, "child", "grandchild", "main.tf"), `${pin.replace("~> 1.54", ">= 1.54")}\n`);
    expect(await messages(pinnedByChild)).toEqual([
      `terraform_data.e.input[0]: openstack_networking_network_v2.net has no argument, nested block or attribute "idd" in the schema of the OpenStack provider 3.4.0 (did you mean openstack_networking_network_v2.net.id?), so Terraform refuses the configuration`,
      refused,
    ]);
    // A module from a registry is read where terraform init installed it, by its key from the root (.terraform/modules/modules.json).
    writeFileSync(
      join(pinnedByChild, "child", "main.tf"),
      'module "grandchild" {\n  source  = "registry.example.fr/eds/pin/openstack"\n  version = "1.0.0"\n}\n',
    );
    mkdirSync(join(pinnedByChild, ".terraform", "modules", "child.grandchild"), { recursive: true });
    writeFileSync(join(pinnedByChild, ".terraform", "modules", "child.grandchild", "main.tf"), `${pin}\n`);
    const manifest = [
      { Key: "child.grandchild", Source: "registry.example.fr/eds/pin/openstack", Version: "1.0.0", Dir: ".terraform/modules/child.grandchild" },
    ];
    writeFileSync(join(pinnedByChild, ".terraform", "modules", "modules.json"), JSON.stringify({ Modules: manifest }));
    expect(await messages(pinnedByChild)).toEqual([refused]);
  });

  it("reports count.index read where no count is set, and each where no for_each is, as terraform validate refuses them", async () => {
    const root = rootModule("eds-repetition-", [
      'variable "cidrs" {\n  default = ["192.0.2.0/24", "198.51.100.0/24"]\n}', // 1-3
      'resource "terraform_data" "single" {\n  input = [var.cidrs[count.index], each.key]\n}', // 4-6
      'resource "terraform_data" "counted" {\n  count = 1\n  input = [each.value, count.index]\n}', // 7-10
      'resource "terraform_data" "keyed" {\n  for_each = toset(["a"])\n  input    = [each.value, count.index]\n}', // 11-14
      "locals {\n  first = count.index\n}", // 15-17
      'output "o" {\n  value = each.key\n}', // 18-20
      'data "terraform_remote_state" "s" {\n  backend = "local"\n  config  = { path = each.key }\n}', // 21-24
      // Where Terraform gives them: a block with count (none made too), with for_each, a dynamic block's content in it, a module call with count.
      'resource "terraform_data" "none" {\n  count = 0\n  input = count.index\n}',
      'resource "terraform_data" "each" {\n  for_each = { a = "x" }\n  input    = "${each.key}=${each.value}"\n}',
      'module "child" {\n  source = "./child"\n  count  = 2\n  index  = count.index\n}',
    ]);
    mkdirSync(join(root, "child"));
    writeFileSync(join(root, "child", "main.tf"), 'variable "index" {}\n');
    const problems: InputProblem[] = [];
    await readConfigurations([root], problems);
    expect(problems.map((problem) => `${problem.line}: ${problem.message}`).sort()).toEqual(
      [
        "16: local.first: count.index is read where no count is set (local.first sets none), so Terraform refuses the configuration",
        "19: output.o.value: each.key is read where no for_each is set (output.o sets none), so Terraform refuses the configuration",
        "23: data.terraform_remote_state.s.config.path: each.key is read where no for_each is set (data.terraform_remote_state.s sets none), so Terraform refuses the configuration",
        "5: terraform_data.single.input[0]: count.index is read where no count is set (terraform_data.single sets none), so Terraform refuses the configuration",
        "5: terraform_data.single.input[1]: each.key is read where no for_each is set (terraform_data.single sets none), so Terraform refuses the configuration",
        "9: terraform_data.counted.input[0]: each.value is read where no for_each is set (terraform_data.counted sets none), so Terraform refuses the configuration",
        "13: terraform_data.keyed.input[1]: count.index is read where no count is set (terraform_data.keyed sets none), so Terraform refuses the configuration",
      ].sort(),
    );
    if (!terraform) return;
    const validated = terraformValidate(root);
    const lines = [...validated.matchAll(/on main\.tf line (\d+)/g)].map(([, line]) => Number(line));
    // The same places: an output's problem at its argument's line, as Terraform gives it.
    expect(lines.sort((a, b) => a - b)).toEqual(problems.map((problem) => problem.line).sort((a, b) => a! - b!));
  });

  it("looks a key up whatever its default is: an unknown default is used only for a key that is absent", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-lookup-"));
    writeFileSync(
      join(root, "main.tf"),
      'variable "subject" {\n  default = { name = "system:authenticated" }\n}\nresource "terraform_data" "role" {}\nresource "terraform_data" "present" {\n  input = lookup(var.subject, "name", terraform_data.role.id)\n}\nresource "terraform_data" "absent" {\n  input = lookup(var.subject, "kind", terraform_data.role.id)\n}\nresource "terraform_data" "mixed" {\n  input = lookup({ name = "system:authenticated", id = terraform_data.role.id }, "name", "x")\n}\n',
    );
    const [configuration] = await readConfigurations([root]);
    const input = (name: string) => configuration!.resources.find((resource) => resource.address === `terraform_data.${name}`)?.values.input;
    expect(input("present")).toBe("system:authenticated");
    // A map written in the call holds the key: its other values, known only at apply, are not read.
    expect(input("mixed")).toBe("system:authenticated");
    // The key is absent: the value is the default, a reference the graph follows (an id, known only at apply).
    expect(input("absent")).toBe("${terraform_data.role.id}");
    if (!terraform) return;
    const plan = terraformPlan(root).stdout.replace(/\s+/g, " ");
    expect(plan).toContain(
      '# terraform_data.present will be created + resource "terraform_data" "present" { + id = (known after apply) + input = "system:authenticated"',
    );
    expect(plan).toContain(
      '# terraform_data.absent will be created + resource "terraform_data" "absent" { + id = (known after apply) + input = (known after apply)',
    );
    expect(plan).toContain(
      '# terraform_data.mixed will be created + resource "terraform_data" "mixed" { + id = (known after apply) + input = "system:authenticated"',
    );
  });

  it("takes a call of a function that does not exist inside can() or try() for the error they catch, as terraform validate does", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-caught-function-"));
    writeFileSync(join(root, "main.tf"), 'resource "terraform_data" "r" {\n  input = [can(ipv6("x")), try(nosuch(1), "fallback"), can(var.missing)]\n}\n');
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([root], problems);
    // A reference to an undeclared variable is refused wherever it is.
    expect(problems.map((problem) => problem.message)).toEqual([
      'terraform_data.r.input[2]: var.missing is not declared (no variable "missing" block in this module), so Terraform refuses the configuration',
    ]);
    expect(configuration!.resources[0]!.values.input).toEqual([false, "fallback", false]);
  });

  it("reports a call of a function neither Terraform nor OpenTofu has as an input problem, as terraform validate refuses it, and takes what OpenTofu takes", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-unknown-function-"));
    writeFileSync(
      join(root, "main.tf"),
      'locals {\n  unused = jsonencodee({})\n  opentofu = urldecode("a%20b")\n}\nresource "terraform_data" "rule" {\n  input = [nosuchfn("0.0.0.0/0"), timestamp(), core::upper("a"), provider::terraform::encode_expr(1), templatestring("a $${b}", { b = 1 })]\n}\n',
    );
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([root], problems);
    // OpenTofu renders a literal template (internal/lang/functions_test.go).
    expect((configuration!.resources[0]!.values.input as unknown[])[4]).toBe("a 1");
    expect(problems.map((problem) => `${problem.line}: ${problem.message}`)).toEqual([
      "2: local.unused: jsonencodee is a function neither Terraform nor OpenTofu has (did you mean jsonencode?), so both refuse the configuration",
      "6: terraform_data.rule.input[0]: nosuchfn is a function neither Terraform nor OpenTofu has, so both refuse the configuration",
      '6: terraform_data.rule.input[3]: provider::terraform::encode_expr is a function of the provider "terraform", which the module\'s required_providers does not name, so Terraform and OpenTofu refuse the configuration',
    ]);
    if (!terraform) return;
    const validated = terraformValidate(root);
    // Terraform refuses OpenTofu's urldecode too, and a literal template, which OpenTofu takes: a module written for
    // OpenTofu is taken as OpenTofu takes it.
    expect(validated.match(/Call to unknown function/g)).toHaveLength(3);
    expect(validated).toMatch(/There is no function named "nosuchfn"/);
    expect(validated.replace(/\s+/g, " ")).toContain("does not support providing a literal template");
    expect(validated).toContain("Unknown provider function");
  });

  it("reports an object type that names an attribute twice, as terraform validate refuses it, in the native and the JSON syntax", async () => {
    const root = rootModule("eds-type-twice-", [
      'variable "acl" {\n  type = list(object({\n    port       = number\n    targetport = number\n    targetport = string\n  }))\n  default = []\n}',
      'variable "fine" {\n  type    = object({ port = number, target = object({ port = number }) })\n  default = null\n}',
    ]);
    const refused =
      'its type names the attribute targetport twice in one object type, which Terraform refuses ("Invalid type specification": object attribute names must be unique)';
    expect(await problemsAtLines(root)).toEqual([`2: variable "acl": ${refused}`]);
    if (terraform) expect(terraformRefusals(root)).toMatch(/Invalid type specification[\s\S]*Object constructor map keys must be unique/);
    const json = mkdtempSync(join(tmpdir(), "eds-type-twice-json-"));
    writeFileSync(join(json, "main.tf.json"), JSON.stringify({ variable: { acl: { type: "object({ targetport = number, targetport = string })" } } }, null, 2));
    expect(await problemsAtLines(json)).toEqual([`4: variable "acl": ${refused}`]);
  });

  it("names a chart a helm_template data source renders among the sources of other tools: no policy judges what it renders", async () => {
    const root = rootModule("eds-helm-template-", [
      'data "helm_template" "cilium" {\n  name       = "cilium"\n  repository = "oci://registry.example.fr/charts"\n  chart      = "cilium"\n  version    = "1.16.1"\n}',
      'resource "terraform_data" "machine" {\n  input = data.helm_template.cilium.manifest\n}',
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(run.configurations[0]!.leftToTheirTools).toEqual([
      {
        file: `${join(root, "main.tf")}:1`,
        message:
          "data.helm_template.cilium renders the chart cilium for Terraform to pass on: check what it renders (helm template <release> <chart> | eds check -)",
      },
    ]);
    // Said as the reading found it, which --strict takes for input not checked.
    const [read] = await readConfigurations([root]);
    expect(read!.leftToTheirTools).toEqual(run.configurations[0]!.leftToTheirTools);
  });

  it("names among what a value not known here depends on neither a variable nor a local it reads that is known", async () => {
    // Read from a data source, the text stays as written, the known variable's name in it.
    const root = rootModule("eds-known-beside-", [
      'variable "bits" {\n  type    = string\n  default = "28"\n}',
      'variable "zone" {\n  type = string\n}',
      'data "openstack_networking_subnet_v2" "admin" {\n  name = "admin-${var.zone}"\n}',
      sshRule("ssh", '"${data.openstack_networking_subnet_v2.admin.gateway_ip}/${var.bits}"'),
    ]);
    const run = checkConfigurations(await readInContext([root], fixtureSettings.today), { settings: fixtureSettings });
    expect(saidBy(run, "secgroup-no-public-ssh")).toEqual([
      "openstack_networking_secgroup_rule_v2.ssh: remote_ip_prefix is not known here: it depends on ${data.openstack_networking_subnet_v2.admin.gateway_ip}, which reads data sources: Terraform reads them at plan (when their arguments are known), and this check does not",
    ]);
  });

  it("takes a kubectl_manifest body with a line wholly known only at apply for a body not known here, not for one whose lines after it are gone", async () => {
    const root = rootModule("eds-cut-interpolation-", [
      'variable "services" {\n  type = list(object({ name = string, port = number }))\n}',
      [
        'resource "kubectl_manifest" "route" {',
        "  yaml_body = <<YAML",
        "apiVersion: traefik.io/v1alpha1",
        "kind: IngressRoute",
        "metadata: {name: web, namespace: web}",
        "spec:",
        "  entryPoints: [websecure]",
        "  routes:",
        "  - match: Host(`web.example.fr`)",
        "    kind: Rule",
        "    services:",
        '${join("\\n", [for svc in var.services : "    - name: ${svc.name}\\n      port: ${svc.port}"])}',
        "  tls:",
        "    secretName: web-tls",
        "YAML",
        "}",
      ].join("\n"),
    ]);
    const run = checkConfigurations(await readInContext([root], fixtureSettings.today), { settings: fixtureSettings });
    // Its tls section is there: what is not known is the line above it, and the check says so, not that tls is missing.
    expect(saidBy(run, "k8s-ingress-tls")).toEqual([
      expect.stringMatching(/^kubectl_manifest\.route: yaml_body is not known here: .*which reads var\.services, given no value$/),
    ]);
  });

  it("says that defaults() was an experiment Terraform 1.3 took back, and what to write instead", async () => {
    const root = rootModule("eds-defaults-function-", [
      'variable "settings" {\n  type    = any\n  default = {}\n}',
      "locals {\n  settings = defaults(var.settings, { port = 443 })\n}",
    ]);
    expect(await problemsAtLines(root)).toEqual([
      "6: local.settings: defaults is the experimental function of Terraform 0.15 to 1.2 (the module_variable_optional_attrs experiment), which Terraform 1.3 removed: write each default in the type, optional(<type>, <default>), so Terraform and OpenTofu refuse the configuration",
    ]);
    if (terraform) expect(terraformValidate(root)).toMatch(/There is no function named "defaults"/);
  });

  it("takes a provider's function where the module's required_providers names the provider, or inside try(), as terraform validate does", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-provider-function-"));
    writeFileSync(
      join(root, "main.tf"),
      'terraform {\n  required_providers {\n    terraform = {\n      source = "terraform.io/builtin/terraform"\n    }\n  }\n}\nresource "terraform_data" "r" {\n  input = [provider::terraform::encode_expr({ a = 1 }), try(provider::foo::bar(1), "caught")]\n}\n',
    );
    const problems: InputProblem[] = [];
    await readConfigurations([root], problems);
    expect(problems).toEqual([]);
    if (terraform) expect(terraformValidate(root)).toBe("");
  });

  it("reports a --var that no root module read declares as an input problem, as terraform plan refuses it", async () => {
    const repository = mkdtempSync(join(tmpdir(), "eds-undeclared-var-"));
    for (const [root, variable] of [
      ["servers", "ssh_source"],
      ["network", "cidr"],
    ] as const) {
      mkdirSync(join(repository, root));
      writeFileSync(join(repository, root, "main.tf"), `provider "openstack" {}\nvariable "${variable}" {\n  type = string\n}\n`);
    }
    const problemsWith = async (values: readonly string[]) => {
      const problems: InputProblem[] = [];
      await readConfigurations([repository], problems, { given: values.map((value) => ({ option: "var", value })), environment: {} });
      return problems.map((problem) => `${problem.file}: ${problem.message}`);
    };
    // One root module's variable is undeclared in the other: each root module takes the values it declares.
    expect(await problemsWith(["ssh_source=192.0.2.0/28", "cidr=10.0.0.0/16"])).toEqual([]);
    expect(await problemsWith(["ssh_sources=192.0.2.0/28"])).toEqual([
      "--var ssh_sources: no root module read declares a variable of that name: Terraform refuses a value for an undeclared variable",
    ]);
    if (!terraform) return;
    const root = join(repository, "network");
    writeFileSync(join(root, "main.tf"), 'variable "cidr" {\n  type = string\n}\nresource "terraform_data" "net" {\n  input = var.cidr\n}\n');
    expect(spawnSync("terraform", ["init", "-input=false"], { cwd: root, encoding: "utf8" }).status).toBe(0);
    const plan = spawnSync("terraform", ["plan", "-input=false", "-var", "cidr=10.0.0.0/16", "-var", "ssh_sources=192.0.2.0/28"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" },
    });
    expect(plan.stderr).toMatch(/Value for undeclared variable/);
  });

  it("refuses a list given to for_each, as terraform plan does, and takes the sets toset and fileset make", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-for-each-list-"));
    const problemsWith = async (forEach: string) => {
      writeFileSync(join(root, "main.tf"), `resource "terraform_data" "rule" {\n  for_each = ${forEach}\n  input    = each.key\n}\n`);
      const problems: InputProblem[] = [];
      const [configuration] = await readConfigurations([root], problems, { environment: {} });
      return { problems: problems.map((problem) => problem.message), addresses: configuration!.resources.map((resource) => resource.address) };
    };
    expect(await problemsWith('["ssh", "https"]')).toEqual({
      problems: ["terraform_data.rule: for_each is a list: Terraform takes a map or a set of strings (toset makes one of a list)"],
      addresses: [],
    });
    expect(await problemsWith('toset(["ssh", "https"])')).toEqual({
      problems: [],
      addresses: ['terraform_data.rule["https"]', 'terraform_data.rule["ssh"]'],
    });
    expect((await problemsWith('fileset(path.module, "*.tf")')).addresses).toEqual(['terraform_data.rule["main.tf"]']);
    if (!terraform) return;
    writeFileSync(join(root, "main.tf"), 'resource "terraform_data" "rule" {\n  for_each = ["ssh", "https"]\n  input    = each.key\n}\n');
    const plan = terraformPlan(root);
    expect(plan.stderr.replace(/[\s│]+/g, " ")).toMatch(/must be a map, or set of strings, and you have provided a value of type tuple/);
  });

  it("reports a template Terraform cannot read (a shell ${#x} left unescaped) as an input problem", async () => {
    const problems: InputProblem[] = [];
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "eds-template-")), "main.tf.json");
    const script = '#!/bin/sh\nif [ "${#reason}" -lt 15 ]; then exit 1; fi\n';
    writeFileSync(file, JSON.stringify({ resource: { openstack_compute_instance_v2: { host: { name: "host", user_data: script } } } }));
    await readConfigurations([file], problems);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(
      /openstack_compute_instance_v2\.host\.user_data: Terraform cannot read this template: .*\(line 2 of the value\), near ".*\$\{#reason/,
    );
    writeFileSync(file, JSON.stringify({ resource: { openstack_compute_instance_v2: { host: { name: "host", user_data: script.split("${").join("$${") } } } }));
    problems.length = 0;
    const [configuration] = await readConfigurations([file], problems);
    expect(problems).toEqual([]);
    expect(configuration!.resources[0]!.values.user_data).toContain("$${#reason}");
  });
});

describe("kubernetes_manifest, and the raw chart", () => {
  it("is judged as the typed resource of its kind, inline or read from a YAML file", async () => {
    expect(await findings("manifests", "k8s-no-privileged")).toEqual([
      "helm_release.bad_raw.resources[0] violation",
      "helm_release.bad_raw_templates.templates[0][1] violation",
      'kubernetes_manifest.bad_applied["applied/privileged-job.yaml"] violation',
      'kubernetes_manifest.bad_bundle["DaemonSet/log-agent"] violation',
      "kubernetes_manifest.bad_privileged_deployment violation",
    ]);
    expect(await findings("manifests", "k8s-no-host-path")).toEqual(["kubernetes_manifest.bad_host_path violation"]);
    expect(await findings("manifests", "k8s-no-host-namespaces")).toEqual([
      "helm_release.bad_raw.resources[0] violation",
      "kubernetes_manifest.bad_host_path violation",
    ]);
    expect(await findings("manifests", "k8s-no-cluster-admin-binding")).toEqual([
      "helm_release.bad_raw.resources[1] violation",
      "kubernetes_manifest.bad_cluster_admin_binding violation",
    ]);
  });

  it("names the field of a finding as the manifest writes it, or as the raw chart's values do", async () => {
    const configurations = await readInContext([join(folder, "manifests")], fixtureSettings.today);
    const run = checkConfigurations(configurations, { settings: fixtureSettings, strict: false });
    const paths = run.outcomes.filter((o) => o.policyId === "k8s-no-privileged" && o.status === "violation").map((o) => `${o.address} ${o.path}`);
    expect(paths).toContain("kubernetes_manifest.bad_privileged_deployment manifest.spec.template.spec.containers[0].securityContext.privileged");
    expect(paths).toContain("helm_release.bad_raw.resources[0] spec.template.spec.containers[0].securityContext.privileged");
  });

  it("is judged on the known text of a template file rendered with variables given no value, what they write not evaluable", async () => {
    const root = rootModule("eds-manifest-in-part-", [
      'variable "context" {\n  type = object({ privileged = bool, user = number })\n}',
      'variable "image_tag" {\n  type = string\n}',
      'resource "kubernetes_manifest" "pod" {\n  manifest = yamldecode(templatefile("${path.module}/pod.yaml.tftpl", { sec_ctx = merge(var.context, {}), ctx = var.context, tag = var.image_tag }))\n}',
      // Decoded in a local, read whole.
      'locals {\n  pod = yamldecode(templatefile("${path.module}/pod.yaml.tftpl", { sec_ctx = merge(var.context, {}), ctx = var.context, tag = var.image_tag }))\n}',
      'resource "kubernetes_manifest" "from_local" {\n  manifest = local.pod\n}',
      // The same text, as kubectl's provider reads it.
      'resource "kubectl_manifest" "pod" {\n  yaml_body = templatefile("${path.module}/pod.yaml.tftpl", { sec_ctx = merge(var.context, {}), ctx = var.context, tag = var.image_tag })\n}',
    ]);
    writeFileSync(
      join(root, "pod.yaml.tftpl"),
      [
        "apiVersion: v1",
        "kind: Pod",
        "metadata:",
        "  name: app",
        "  annotations:",
        '    note: "literal $${text} and %%{ directive }"',
        "spec:",
        "  hostNetwork: true",
        "  containers:",
        "    - name: app",
        "      image: registry.example.fr/app:${tag}",
        "      securityContext:",
        "        privileged: ${sec_ctx.privileged}",
        '        runAsUser: ${ctx["user"]}',
        "",
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([root], [], { environment: {} });
    // Read as the typed resource of its kind (asTypedResource).
    const pod = configuration!.resources.find((resource) => resource.address === "kubernetes_manifest.pod")!.values;
    expect(block(pod.metadata)?.annotations).toEqual({ note: "literal $${text} and %%{ directive }" });
    const container = block(block(pod.spec)?.container)!;
    // A template's variable given the module's variable is written as it: what it waits on is said.
    expect(container.image).toBe("registry.example.fr/app:${var.image_tag}");
    // One named like a resource type is no reference to one.
    expect(block(container.security_context)?.privileged).toBe("${(sec_ctx.privileged)}");
    expect(block(container.security_context)?.run_as_user).toBe('${var.context["user"]}');
    const run = await checkPaths([root], { settings: fixtureSettings });
    const statuses = (policyId: string) => run.outcomes.filter((outcome) => outcome.policyId === policyId).map((o) => `${o.address} ${o.status}`);
    expect(statuses("k8s-no-host-namespaces")).toEqual([
      "kubectl_manifest.pod violation",
      "kubernetes_manifest.from_local violation",
      "kubernetes_manifest.pod violation",
    ]);
    expect(statuses("k8s-no-privileged")).toEqual([
      "kubectl_manifest.pod cannot-evaluate",
      "kubernetes_manifest.from_local cannot-evaluate",
      "kubernetes_manifest.pod cannot-evaluate",
    ]);
    expect(messagesOf(run, "k8s-image-pinned-digest")).toEqual([
      "kubectl_manifest.pod: yaml_body.spec.containers[0].image is not known here: it depends on ${var.image_tag}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it",
      "kubernetes_manifest.from_local: manifest.spec.containers[0].image is not known here: it depends on ${var.image_tag}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it",
      "kubernetes_manifest.pod: manifest.spec.containers[0].image is not known here: it depends on ${var.image_tag}, given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for it; give the values a deployment uses to judge it",
    ]);
  });

  it("names as known only at apply a kubernetes_manifest whose kind is, or a custom kind whose apiVersion alone is", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-kinds-"));
    const manifest = (name: string, apiVersion: string, kind: string) =>
      `resource "kubernetes_manifest" "${name}" {\n  manifest = {\n    apiVersion = ${apiVersion}\n    kind = ${kind}\n    metadata = { name = "${name}", namespace = "apps" }\n  }\n}`;
    writeFileSync(
      join(root, "main.tf"),
      [
        'variable "api" {\n  type = string\n}',
        manifest("kind_unknown", '"v1"', "var.api"),
        manifest("api_unknown", "var.api", '"Schedule"'),
        manifest("known", '"v1"', '"ConfigMap"'),
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([root], [], { environment: {} });
    const run = runPolicies([configuration!], { policies: [], settings: fixtureSettings });
    expect(run.configurations[0]!.objectsKnownAtApply).toEqual(["kubernetes_manifest.api_unknown", "kubernetes_manifest.kind_unknown"]);
  });

  it("names the resources and module calls a count, for_each or lifecycle.enabled of nothing leaves out, not one refused or unknown", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-left-out-"));
    mkdirSync(join(root, "child"));
    writeFileSync(
      join(root, "child", "main.tf"),
      'variable "n" {\n  type = number\n}\nresource "openstack_networking_network_v2" "inner" {\n  count = var.n\n  name  = "inner"\n}\n',
    );
    const network = (name: string, meta: string) => `resource "openstack_networking_network_v2" "${name}" {\n  ${meta}\n  name = "${name}"\n}`;
    writeFileSync(
      join(root, "main.tf"),
      [
        'variable "backups" {\n  type    = bool\n  default = false\n}',
        'variable "later" {\n  type = number\n}',
        network("off", "count = var.backups ? 1 : 0"),
        network("none", "for_each = toset([])"),
        network("disabled", "lifecycle {\n    enabled = false\n  }"),
        network("on", "count = 1"),
        network("unknown", "count = var.later"),
        'data "openstack_networking_network_v2" "unread" {\n  count = 0\n  name  = "unread"\n}',
        'module "absent" {\n  source = "./child"\n  count  = 0\n  n      = 1\n}',
        'module "present" {\n  source = "./child"\n  n      = 0\n}',
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([root], [], { environment: {} });
    const run = runPolicies([configuration!], { policies: [], settings: fixtureSettings });
    expect([...run.configurations[0]!.leftOutByCount!].sort()).toEqual([
      "module.absent",
      "module.present.openstack_networking_network_v2.inner",
      "openstack_networking_network_v2.disabled",
      "openstack_networking_network_v2.none",
      "openstack_networking_network_v2.off",
    ]);
    // A count Terraform refuses is a problem of the input, not a block left out.
    writeFileSync(join(root, "main.tf"), network("refused", "count = -1"));
    const problems: InputProblem[] = [];
    const [refused] = await readConfigurations([root], problems, { environment: {} });
    expect(problems.map((problem) => problem.message)).toEqual([expect.stringContaining("count is -1")]);
    expect(runPolicies([refused!], { policies: [], settings: fixtureSettings }).configurations[0]!.leftOutByCount).toBeUndefined();
  });

  it("names as known only at apply the objects of a raw chart's release whose values, resources or an entry of them are", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-raw-"));
    const release = (name: string, values: string) =>
      `resource "helm_release" "${name}" {\n  name = "${name}"\n  chart = "raw"\n  namespace = "apps"\n  values = [${values}]\n}`;
    const daemonSet = '{ apiVersion = "apps/v1", kind = "DaemonSet", metadata = { name = "agent" } }';
    writeFileSync(
      join(root, "main.tf"),
      [
        'variable "values" {\n  type = string\n}\nvariable "extra" {\n  type = any\n}',
        release("values_unknown", "var.values"),
        release("resources_unknown", "yamlencode({ resources = var.extra })"),
        release("entry_unknown", `yamlencode({ resources = [${daemonSet}, var.extra] })`),
        release("known", `yamlencode({ resources = [${daemonSet}] })`),
        release("in_part", '"resources:\\n  - kind: ConfigMap\\n    apiVersion: v1\\n    data:\\n      region: ${var.values}\\n"'),
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([root], [], { environment: {} });
    const run = runPolicies([configuration!], { policies: [], settings: fixtureSettings });
    expect(run.configurations[0]!.objectsKnownAtApply).toEqual([
      "helm_release.entry_unknown.values.resources[1]",
      "helm_release.resources_unknown.values.resources",
      "helm_release.values_unknown.values",
    ]);
    // The object a document known in part writes is read, its value known only at apply unknown.
    expect(configuration!.resources.map((resource) => resource.address)).toContain("helm_release.in_part.resources[0]");
  });

  it("and so is the object a kubectl_manifest applies, in its override_namespace, else its own, else default", async () => {
    const [configuration] = await readConfigurations([join(folder, "kubectl-manifests")]);
    const namespaceOf = (resource: { values: Record<string, unknown> }) =>
      ((resource.values.metadata ?? [(resource.values.manifest as { metadata?: unknown })?.metadata]) as { namespace?: string }[])[0]?.namespace;
    expect(configuration!.resources.map((resource) => [resource.address, resource.type, namespaceOf(resource)])).toEqual([
      // yamlencode of an object that holds an unknown value is unknown whole, as Terraform makes it; its known part is
      // read all the same. Of a kind known only at apply, it is no object a policy knows.
      ["kubectl_manifest.encoded", "kubernetes_manifest", "tools"],
      ["kubectl_manifest.encoded_pod", "kubernetes_pod_v1", "tools"],
      ["kubectl_manifest.from_documents", "kubernetes_manifest", undefined],
      ["kubectl_manifest.in_default", "kubernetes_pod_v1", "default"],
      ["kubectl_manifest.overridden", "kubernetes_role_binding_v1", "tools"],
      // A custom resource stays as written, for the policies that read it (backups read Velero's schedules).
      ["kubectl_manifest.schedule", "kubernetes_manifest", "velero"],
    ]);
    const run = checkConfigurations(await readInContext([join(folder, "kubectl-manifests")], fixtureSettings.today), {
      settings: fixtureSettings,
      strict: false,
    });
    const at = (policyId: string) =>
      run.outcomes.filter((o) => o.policyId === policyId && o.status !== "compliant").map((o) => `${o.address} ${o.status} ${o.path}`);
    expect(at("k8s-no-host-namespaces")).toEqual([
      "kubectl_manifest.encoded_pod violation yaml_body.spec.hostNetwork",
      "kubectl_manifest.in_default violation yaml_body.spec.hostNetwork",
    ]);
    expect(at("k8s-no-binding-to-everyone")).toEqual(["kubectl_manifest.overridden violation yaml_body.subjects[0].name"]);
    // The reports name the objects no Kubernetes policy could judge.
    expect(run.configurations[0]!.objectsKnownAtApply).toEqual(["kubectl_manifest.encoded", "kubectl_manifest.from_documents"]);
    expect(notJudged(run).find((note) => note.id === "objects-known-at-apply")?.entries).toEqual([
      { stack: "kubectl-manifests", names: ["kubectl_manifest.encoded", "kubectl_manifest.from_documents"] },
    ]);
    // What reads the whole object cannot, and says where it is written: the body, or the kind in it.
    const unevaluable = (address: string) => run.outcomes.filter((o) => o.address === address && o.status === "cannot-evaluate").map((o) => o.path);
    expect(unevaluable("kubectl_manifest.from_documents")).toContain("yaml_body");
    expect(unevaluable("kubectl_manifest.encoded")).toContain("yaml_body.kind");
  });

  it("and so is each document of a kubectl_file_documents data source, which the provider reads at plan", async () => {
    const [configuration] = await readConfigurations([join(folder, "kubectl-documents")]);
    // Keyed by the provider's self links: its plural is the kind with an s (networkpolicys), as buildSelfLink writes it.
    expect(configuration!.resources.filter((resource) => resource.mode === "managed").map((resource) => [resource.address, resource.type])).toEqual([
      ['kubectl_manifest.applied["/api/v1/namespaces/tools"]', "kubernetes_namespace_v1"],
      ['kubectl_manifest.applied["/api/v1/namespaces/tools/pods/shell"]', "kubernetes_pod_v1"],
      ['kubectl_manifest.applied["/apis/networking.k8s.io/v1/namespaces/tools/networkpolicys/deny"]', "kubernetes_network_policy_v1"],
      ["kubectl_manifest.by_index[0]", "kubernetes_namespace_v1"],
      ["kubectl_manifest.by_index[1]", "kubernetes_pod_v1"],
      ["kubectl_manifest.by_index[2]", "kubernetes_network_policy_v1"],
    ]);
    const run = checkConfigurations(await readInContext([join(folder, "kubectl-documents")], fixtureSettings.today), {
      settings: fixtureSettings,
      strict: false,
    });
    expect(run.outcomes.filter((o) => o.policyId === "k8s-no-host-namespaces" && o.status === "violation").map((o) => o.address)).toEqual([
      'kubectl_manifest.applied["/api/v1/namespaces/tools/pods/shell"]',
      "kubectl_manifest.by_index[1]",
    ]);
  });

  it("reports a manifest the provider refuses at plan as an input problem, once per block: a kind its group does not serve, a version no longer served, a body with no object, a written body the API server refuses", async () => {
    const root = rootModule("eds-refused-manifests-", [
      'resource "kubernetes_manifest" "wrong_group" {',
      '  manifest = { apiVersion = "v1", kind = "Deployment", metadata = { name = "a", namespace = "apps" }, spec = {} }',
      "}",
      'resource "kubectl_manifest" "list" {',
      "  count     = 2",
      '  yaml_body = "- a list\\n- not an object\\n"',
      "}",
      'resource "kubectl_manifest" "fine" {',
      '  yaml_body = "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: c\\n"',
      "}",
      'resource "kubernetes_manifest" "removed" {',
      '  manifest = { apiVersion = "batch/v1beta1", kind = "CronJob", metadata = { name = "b", namespace = "apps" }, spec = {} }',
      "}",
      // A body wholly written is sent as written: a port in words is refused; one interpolated is the API server's to judge.
      'resource "kubectl_manifest" "worded_port" {',
      '  yaml_body = "apiVersion: v1\\nkind: Service\\nmetadata:\\n  name: web\\nspec:\\n  ports:\\n    - port: eighty\\n"',
      "}",
      'resource "kubectl_manifest" "interpolated_port" {',
      '  yaml_body = "apiVersion: v1\\nkind: Service\\nmetadata:\\n  name: api\\nspec:\\n  ports:\\n    - port: ${terraform_data.port.output}\\n"',
      "}",
      'resource "terraform_data" "port" {',
      "  input = 8080",
      "}",
      "",
    ]);
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([root], problems);
    expect(problems.map((problem) => `${problem.line}: ${problem.message}`)).toEqual([
      "4: kubectl_manifest.list: yaml_body holds no Kubernetes object the kubectl provider can read, so it refuses it at plan",
      "14: kubectl_manifest.worded_port: yaml_body: spec.ports[0].port is a text where an integer is expected, which the API server refuses",
      "11: kubernetes_manifest.removed: batch/v1beta1 CronJob is no longer served since Kubernetes 1.25, which the API server refuses: write batch/v1 (the object is judged as one)",
      "1: kubernetes_manifest.wrong_group: v1 serves no Deployment (apps/v1 does), which the API server refuses",
    ]);
    // A version no longer served has its later version's shape: the CronJob is judged as one.
    expect(configuration!.resources.find((resource) => resource.address === "kubernetes_manifest.removed")?.type).toBe("kubernetes_cron_job_v1");
  });

  it("and so is each document of the files a kubectl_path_documents pattern matches, rendered with its variables", async () => {
    const [configuration] = await readConfigurations([join(folder, "kubectl-path-documents")]);
    expect(configuration!.resources.filter((resource) => resource.mode === "managed").map((resource) => [resource.address, resource.type])).toEqual([
      ['kubectl_manifest.applied["/api/v1/namespaces/tools"]', "kubernetes_namespace_v1"],
      ['kubectl_manifest.applied["/api/v1/namespaces/tools/pods/shell"]', "kubernetes_pod_v1"],
    ]);
    expect(await findings("kubectl-path-documents", "k8s-no-host-namespaces")).toEqual([
      'kubectl_manifest.applied["/api/v1/namespaces/tools/pods/shell"] violation',
    ]);
  });

  it("and so is each object a release of the raw chart applies, in the release's namespace when it names none", async () => {
    expect(await findings("manifests", "k8s-no-binding-to-everyone")).toEqual(["helm_release.bad_raw.resources[1] violation"]);
    const [configuration] = await readConfigurations([join(folder, "manifests")]);
    const applied = configuration!.resources.filter((resource) => /^helm_release\.bad_raw($|\.)/.test(resource.address));
    // The Certificate is not a kind the Kubernetes policies judge: it stays in the release, for the readers of custom resources.
    expect(applied.map((resource) => [resource.address, resource.type])).toEqual([
      ["helm_release.bad_raw", "helm_release"],
      ["helm_release.bad_raw.resources[0]", "kubernetes_daemon_set_v1"],
      ["helm_release.bad_raw.resources[1]", "kubernetes_cluster_role_binding_v1"],
    ]);
    // Each document of a plain `templates` string too; a template with an action renders to what only Helm knows.
    const fromTemplates = configuration!.resources.filter((resource) => resource.address.startsWith("helm_release.bad_raw_templates."));
    expect(fromTemplates.map((resource) => [resource.address, resource.type])).toEqual([
      ["helm_release.bad_raw_templates.templates[0][0]", "kubernetes_config_map_v1"],
      ["helm_release.bad_raw_templates.templates[0][1]", "kubernetes_pod_v1"],
    ]);
    expect((applied[1]!.values.metadata as { namespace?: string }[])[0]!.namespace).toBe("tools");
    expect((applied[2]!.values.metadata as { namespace?: string }[])[0]!.namespace).toBeUndefined();
  });
});

describe("reports of unknown values", () => {
  it("name what a value depends on, never the literal text around it", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { jsonReporter } = await import("../../policies/reporters/json");
    const file = join(mkdtempSync(join(tmpdir(), "eds-unknown-")), "main.tf.json");
    const rule = { direction: "ingress", ethertype: "IPv4", protocol: "tcp", port_range_min: 22, port_range_max: 22, remote_ip_prefix: "${var.source}" };
    const secret = { data: { token: "hunter2-${var.suffix}" }, metadata: { name: "token", namespace: "apps" } };
    writeFileSync(file, JSON.stringify({ resource: { openstack_networking_secgroup_rule_v2: { ssh: rule }, kubernetes_secret_v1: { token: secret } } }));
    const run = checkConfigurations(await readInContext([file], fixtureSettings.today), { settings: fixtureSettings });
    const report = [...jsonReporter(run, { subject: "test" })].join("");
    // var.source is not declared: Terraform refuses it, which an input problem says, not listed again as a value that fails.
    expect(report).toContain("remote_ip_prefix is not known here: it depends on ${var.source}, which names what Terraform refuses");
    expect(report).not.toContain("evaluationFailures");
    expect(report).not.toContain("hunter2");
  });

  it("say that a value names what Terraform refuses in an instance of unknown index too, whose index leaves the collection unread", async () => {
    const root = rootModule("eds-refused-unknown-index-", [
      'variable "names" {\n  type = list(string)\n}',
      sshRule("by_index", "var.sources[count.index]", "count = length(var.names)"),
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(saidBy(run, "secgroup-no-public-ssh")).toEqual([
      "openstack_networking_secgroup_rule_v2.by_index: remote_ip_prefix is not known here: it depends on ${var.sources[count.index]}, which names what Terraform refuses (an input problem says what): Terraform stops on it, whatever the values given",
    ]);
  });

  it("say that variables given no value may decide a value beside what only apply tells", async () => {
    const root = rootModule("eds-given-none-beside-apply-", [
      'variable "rule" {\n  type = any\n}',
      'resource "openstack_networking_secgroup_v2" "admin" {\n  name = "admin"\n}',
      sshRule("mixed", "can(var.rule.source) ? var.rule.source : openstack_networking_secgroup_v2.admin.description"),
    ]);
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(saidBy(run, "secgroup-no-public-ssh")).toEqual([
      "openstack_networking_secgroup_rule_v2.mixed: remote_ip_prefix is not known here: it depends on ${can(var.rule.source) ? var.rule.source : openstack_networking_secgroup_v2.admin.description}, which reads var.rule, given no value",
    ]);
    expect(messagesOf(run, "secgroup-no-public-ssh")[0]).toContain("beside what is known only at apply; give the values a deployment uses to judge it");
  });

  it("quote the expression as written where the message names a manifest's fields as the manifest writes them", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "eds-unknown-")), "main.tf.json");
    const spec = { hostNetwork: "${var.host_network}", containers: [{ name: "web", image: "registry.example.fr/web:1.0" }] };
    const manifest = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "apps" }, spec: { template: { spec } } };
    writeFileSync(file, JSON.stringify({ resource: { kubernetes_manifest: { web: { manifest } } } }));
    const run = checkConfigurations(await readInContext([file], fixtureSettings.today), { settings: fixtureSettings });
    const finding = run.outcomes.find((o) => o.policyId === "k8s-no-host-namespaces");
    expect(finding?.message).toBe("manifest.spec.template.spec.hostNetwork is not known before apply: it depends on ${var.host_network}");
  });
});

describe("blocks a dynamic block may not make", () => {
  it("make what a policy concludes from them not evaluable, naming the collection known only at apply, unless it concludes it whether they exist or not", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "eds-dynamic-")), "main.tf");
    writeFileSync(
      file,
      [
        'variable "hardened" {\n  type = bool\n}',
        'resource "kubernetes_pod_v1" "app" {\n  metadata {\n    name      = "app"\n    namespace = "app"\n  }\n  spec {\n    container {\n      name  = "app"\n      image = "registry.example.fr/app/app:1.0.0"\n      dynamic "security_context" {\n        for_each = var.hardened ? [1] : []\n        content {\n          read_only_root_filesystem = true\n        }\n      }\n      dynamic "liveness_probe" {\n        for_each = var.hardened ? [1] : []\n        content {\n          http_get {\n            port = 8080\n          }\n        }\n      }\n    }\n  }\n}',
      ].join("\n\n"),
    );
    const judged = async (policyId = "k8s-read-only-root-filesystem") =>
      checkConfigurations(await readInContext([file], fixtureSettings.today), { settings: fixtureSettings, strict: false }).outcomes.find(
        (o) => o.policyId === policyId,
      );
    // Its collection reads a variable given no value: Terraform knows it at plan once given.
    expect(await judged()).toMatchObject({
      status: "cannot-evaluate",
      path: "spec[0].container[0].security_context[0]",
      message:
        "spec[0].container[0].security_context[0] is made by a dynamic block whose for_each, ${var.hardened ? [1] : []}, is not known here, and may not exist: it reads variables given no value (no default, tfvars file, --var, --var-file or TF_VAR_): terraform plan asks for them; give the values a deployment uses to judge it",
    });
    // Without its block, the root filesystem is writable; with its probe or without, the kubelet reaches the pod itself.
    expect((await judged("k8s-no-probe-host"))?.status).toBe("compliant");
    // Read from a resource, it is known at apply only.
    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replace('variable "hardened" {\n  type = bool\n}', 'resource "openstack_networking_network_v2" "net" {\n  name = "net"\n}')
        .replace("var.hardened ?", 'openstack_networking_network_v2.net.id != "" ?'),
    );
    expect((await judged())?.message).toBe(
      'spec[0].container[0].security_context[0] is made by a dynamic block whose for_each, ${openstack_networking_network_v2.net.id != "" ? [1] : []}, is known only at apply: it may not exist',
    );
  });
});

describe("a dynamic block's iterator", () => {
  it("takes its block's name, `local` too, which then names the iterator in the content, not the module's locals", async () => {
    const hostPath =
      '      dynamic "host_path" {\n        for_each = [1]\n        iterator = it\n        content {\n          path = local.value\n        }\n      }\n';
    const volume = (name: string, count: number, more = "") =>
      `resource "kubernetes_persistent_volume_v1" "${name}" {\n  count = ${count}\n  metadata {\n    name = "${name}"\n  }\n  spec {\n    capacity     = { storage = "1Gi" }\n    access_modes = ["ReadWriteOnce"]\n    persistent_volume_source {\n      dynamic "local" {\n        for_each = [{ path = "/mnt/data" }]\n        content {\n          path = local.value.path\n        }\n      }\n${more}    }\n  }\n}`;
    const read = async (...volumes: string[]) => {
      const folder = mkdtempSync(join(tmpdir(), "eds-dynamic-local-"));
      writeFileSync(join(folder, "main.tf"), volumes.join("\n\n"));
      const problems: InputProblem[] = [];
      const [configuration] = await readConfigurations([folder], problems, { environment: {} });
      return { configuration: configuration!, problems: problems.map((problem) => problem.message) };
    };
    // Evaluated, and only read for the names it uses (a count of nothing): no reference to an undeclared local.
    const { configuration, problems } = await read(volume("data", 1), volume("unused", 0));
    expect(problems).toEqual([]);
    const data = configuration.resources.find((resource) => resource.address === "kubernetes_persistent_volume_v1.data[0]")!;
    expect(block(block(data.values.spec)?.persistent_volume_source)?.local).toEqual([{ path: "/mnt/data" }]);
    // Outside the block named local, local.value names the module's locals, which declare none: refused, evaluated or not.
    for (const count of [1, 0])
      expect((await read(volume("data", count, hostPath))).problems, String(count)).toEqual([
        expect.stringMatching(/host_path.*path: local\.value is not declared/),
      ]);
  });

  it("named like a resource type (security_context) and read where its element is not known, gives a value not known, not a reference", async () => {
    const deployment = (iterator: string) =>
      rootModule("eds-dynamic-underscore-", [
        'variable "sc" {\n  type = object({ privileged = bool })\n}',
        `resource "kubernetes_pod_v1" "app" {\n  metadata {\n    name = "app"\n  }\n  spec {\n    container {\n      name  = "app"\n      image = "registry.example.fr/app:1.0"\n      dynamic "security_context" {\n        for_each = [var.sc]\n        iterator = ${iterator}\n        content {\n          privileged = ${iterator}.value.privileged\n        }\n      }\n    }\n  }\n}`,
      ]);
    for (const iterator of ["security_context", "sc"]) {
      const [configuration] = await readConfigurations([deployment(iterator)], [], { environment: {} });
      const pod = configuration!.resources[0]!;
      const privileged = block(block(block(pod.values.spec)?.container)?.security_context)?.privileged;
      expect(isUnknownValue(privileged), iterator).toBe(true);
      const run = checkConfigurations([{ configuration: configuration! }], { settings: fixtureSettings, strict: false });
      expect(run.outcomes.find((outcome) => outcome.policyId === "k8s-no-privileged")?.status, iterator).toBe("cannot-evaluate");
    }
  });
});

describe("a module's input known in part", () => {
  it("is what its caller writes of it: a cloud-config rendered by the root module is judged in the instance a module makes", async () => {
    expect(await findings("module-input-in-part", "instance-user-data-no-secrets")).toEqual(["module.bad_vm.openstack_compute_instance_v2.vm violation"]);
    const [configuration] = await readConfigurations([join(folder, "module-input-in-part")]);
    expect(configuration!.resources.find(({ type }) => type === "openstack_compute_instance_v2")!.values.user_data).toContain(
      "content: ${random_password.join.result}\n",
    );
  });
});

describe("files in the home folder of whoever runs Terraform", () => {
  it("are unknown values, each where it is read, and `~user` is refused as Terraform refuses it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eds-home-files-"));
    writeFileSync(join(dir, "id.pub"), "ssh-ed25519 AAAA beside the configuration\n");
    writeFileSync(
      join(dir, "main.tf"),
      [
        "locals {",
        '  keys = [for key in ["~/.ssh/id.pub", "./id.pub"] : file(key)]',
        "}",
        'resource "kubernetes_config_map_v1" "keys" {',
        '  metadata { name = "keys" }',
        "  data = {",
        "    count   = length(local.keys)",
        "    beside  = local.keys[1]",
        "    home    = local.keys[0]",
        '    exists  = fileexists("~/.ssh/id.pub")',
        '    refused = can(file("~operator/.ssh/id.pub"))',
        '    template = can(templatefile("~/.config/cloud-init.tftpl", {}))',
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([dir]);
    const data = configuration!.resources[0]!.values.data as Record<string, unknown>;
    expect(data).toMatchObject({ count: 2, beside: "ssh-ed25519 AAAA beside the configuration\n", refused: false });
    expect(isUnknownValue(data.home)).toBe(true);
    expect(isUnknownValue(data.exists)).toBe(true);
    // can() of a value known only at apply is known only then (Terraform's can returns an unknown bool for it).
    expect(isUnknownValue(data.template)).toBe(true);
  });
});

describe("what counts as unknown", () => {
  it("is what a policy cannot compare; a reference to a resource, splat or indexed, is a relation", async () => {
    const { isUnknownValue } = await import("../../policies/lib/values");
    expect(isUnknownValue("${openstack_networking_floatingip_v2.fip.*.address[count.index]}")).toBe(false);
    expect(isUnknownValue("${data.openstack_networking_port_v2.port[0].id}")).toBe(false);
    expect(isUnknownValue("$${not.an.interpolation}")).toBe(false);
    expect(isUnknownValue("${var.source}")).toBe(true);
    expect(isUnknownValue("${module.network.group_id}")).toBe(true);
    // What a module's output stands for, as the evaluator writes it: a relation into the module, down to an attribute.
    expect(isUnknownValue('${module.net["a"].openstack_networking_secgroup_v2.g.id}')).toBe(false);
    expect(isUnknownValue("${module.db.connection_info.host}")).toBe(true);
    expect(isUnknownValue("prefix-${openstack_networking_network_v2.net.id}")).toBe(true);
  });
});

describe("YAML read as Terraform and Kubernetes read it", () => {
  it("takes YAML 1.1's yes for true: a privileged container written `privileged: yes` in a manifest file is flagged", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-yaml11-"));
    const pod = (name: string, privileged: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: apps\nspec:\n  containers:\n    - name: app\n      image: registry.example.fr/app:1.0.0\n      securityContext:\n        privileged: ${privileged}\n`;
    writeFileSync(join(root, "bad.yaml"), pod("bad", "yes"));
    writeFileSync(join(root, "calm.yaml"), pod("calm", '"yes"'));
    writeFileSync(
      join(root, "main.tf"),
      'resource "kubernetes_manifest" "bad_yes" {\n  manifest = yamldecode(file("bad.yaml"))\n}\n\nresource "kubernetes_manifest" "calm" {\n  manifest = provider::kubernetes::manifest_decode(file("calm.yaml"))\n}\n',
    );
    const run = checkConfigurations(await readInContext([root], fixtureSettings.today), { settings: fixtureSettings });
    const outcomes = run.outcomes.filter((o) => o.policyId === "k8s-no-privileged").map((o) => `${o.address} ${o.status}`);
    // Quoted, "yes" stays a string, which the API server would refuse; it is not a privileged flag.
    expect(outcomes).toEqual(["kubernetes_manifest.bad_yes violation", "kubernetes_manifest.calm compliant"]);
  });
});

describe("names read for messages only", () => {
  it("do not make a check not evaluable: a container named by a variable is still judged", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "eds-names-")), "main.tf.json");
    const container = (privileged: boolean) => ({ name: "${var.name}", image: "registry.example.fr/app:1.0.0", security_context: [{ privileged }] });
    const pod = (privileged: boolean) => ({ metadata: [{ name: "app", namespace: "apps" }], spec: [{ container: [container(privileged)] }] });
    writeFileSync(file, JSON.stringify({ resource: { kubernetes_pod_v1: { calm: pod(false), bad_privileged: pod(true) } } }));
    const run = checkConfigurations(await readInContext([file], fixtureSettings.today), { settings: fixtureSettings });
    const outcomes = run.outcomes.filter((o) => o.policyId === "k8s-no-privileged").map((o) => `${o.address} ${o.status}`);
    expect(outcomes).toEqual(["kubernetes_pod_v1.bad_privileged violation", "kubernetes_pod_v1.calm compliant"]);
  });
});

describe("type constraints", () => {
  it("give the attributes an object type marks optional their default, or null, as Terraform does", async () => {
    expect(await findings("optional-attributes", "instance-boot-volume-encrypted")).toEqual(['openstack_compute_instance_v2.node["bad_workers"] violation']);
    const [configuration] = await readConfigurations([join(folder, "optional-attributes")]);
    const [device] = configuration!.resources[0]!.values.block_device as Record<string, unknown>[];
    expect(device).toMatchObject({ volume_size: 40, volume_type: null });
  });

  // Variables whose defaults need converting; what terraform console (1.11) prints for them.
  const variables = [
    ["list(string)", '[22, true, "x"]', ["22", "true", "x"]],
    [
      "object({ name = string, port = optional(number, 80), tags = optional(map(string), {}) })",
      '{ name = "web", extra = 1, port = "8080" }',
      { name: "web", port: 8080, tags: {} },
    ],
    ["set(string)", '["b", "a", "b"]', ["a", "b"]],
    ["map(number)", '{ x = "1", y = 2 }', { x: 1, y: 2 }],
    [
      "list(object({ cidr = string, ports = optional(list(number), [22]) }))",
      '[{ cidr = "10.0.0.0/8" }, { cidr = "192.0.2.0/24", ports = ["443"] }]',
      [
        { cidr: "10.0.0.0/8", ports: [22] },
        { cidr: "192.0.2.0/24", ports: [443] },
      ],
    ],
    ["tuple([string, number])", '[1, "2"]', ["1", 2]],
    ["bool", '"true"', true],
    ["any", '{ a = [1, "x"] }', { a: [1, "x"] }],
  ] as const;
  const declarations = variables.map(([type, value], i) => `variable "v${i}" {\n  type    = ${type}\n  default = ${value}\n}\n`).join("\n");
  const all = `[${variables.map((_, i) => `var.v${i}`).join(", ")}]`;

  it("convert a value to its type as Terraform does: primitives, objects' attributes, sets deduplicated and ordered", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-types-"));
    writeFileSync(join(root, "main.tf"), `${declarations}\nresource "terraform_data" "all" {\n  input = ${all}\n}\n`);
    const [configuration] = await readConfigurations([root]);
    expect(configuration!.resources[0]!.values.input).toEqual(variables.map(([, , converted]) => converted));
  });

  it("keep what a converted value stands for, make one instance per element of a set, and count with a number in a string", async () => {
    const [configuration] = await readConfigurations([join(folder, "typed-inputs")]);
    const rules = configuration!.resources.filter((r) => r.type === "openstack_networking_secgroup_rule_v2");
    expect(rules.map((r) => [r.values.security_group_id, r.values.port_range_min])).toEqual([
      ["${openstack_networking_secgroup_v2.web.id}", 443],
      ["${openstack_networking_secgroup_v2.db.id}", 5432],
    ]);
    const named = configuration!.resources.filter((r) => r.address.startsWith("openstack_networking_secgroup_v2.named"));
    expect(named.map((r) => r.address)).toEqual(['openstack_networking_secgroup_v2.named["db"]', 'openstack_networking_secgroup_v2.named["web"]']);
    const nodes = configuration!.resources.filter((r) => r.type === "openstack_compute_instance_v2");
    expect(nodes.map((r) => r.address)).toEqual(["openstack_compute_instance_v2.node[0]", "openstack_compute_instance_v2.node[1]"]);
  });

  it.skipIf(!terraform)("convert as terraform console does (runs when terraform is on the PATH)", () => {
    expect(terraformConsole({ "main.tf": declarations }, all)).toEqual(variables.map(([, , converted]) => converted));
  });
});

describe("a module whose source holds no Terraform", () => {
  it("is an input problem: terraform init would stop there, and nothing it declares could be checked", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const root = mkdtempSync(join(tmpdir(), "eds-missing-module-"));
    writeFileSync(join(root, "main.tf.json"), JSON.stringify({ module: { network: { source: "./modules/network" } } }));
    const problems: InputProblem[] = [];
    await readConfigurations([root], problems);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^module\.network: no \.tf, \.tf\.json, \.tofu or \.tofu\.json file in \.\/modules\/network/),
    ]);
  });
});

describe("a module source", () => {
  it("is read as OpenTofu's ParseModuleSource reads it: a local path, a registry address, a remote source, or refused", () => {
    const kinds = {
      "./modules/network": "local",
      "../common/network": "local",
      "terraform-openstack-modules/network/openstack": "registry",
      "registry.example.fr/eds/network/openstack//modules/subnet": "registry",
      "localhost:8080/eds/network/openstack": "registry",
      "git::https://git.example.fr/eds/network.git?ref=v1.0.0": "remote",
      "git@git.example.fr:eds/network.git": "remote",
      "github.com/example/terraform-openstack-network": "remote",
      "https://artifacts.example.fr/network.zip": "remote",
      "s3::https://s3-eu-west-1.amazonaws.com/bucket/network.zip": "remote",
      "bucket.s3-eu-west-1.amazonaws.com/network.zip": "remote",
      "/opt/modules/network": "remote",
      "modules/network": "refused",
      network: "refused",
      "example/network/Openstack": "refused",
    };
    expect(Object.fromEntries(Object.keys(kinds).map((source) => [source, moduleSourceKind(source)]))).toEqual(kinds);
  });

  it("that terraform init refuses (a relative path without ./) is an input problem, with the fix when the folder is there", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-refused-source-"));
    mkdirSync(join(root, "modules", "node"), { recursive: true });
    writeFileSync(join(root, "modules", "node", "main.tf"), 'resource "openstack_networking_secgroup_v2" "node" {\n  name = "node"\n}\n');
    writeFileSync(join(root, "main.tf"), 'module "node" {\n  source = "modules/node"\n}\n\nmodule "other" {\n  source = "modules/other"\n}\n');
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([root], problems);
    expect(problems.map((p) => p.message)).toEqual([
      'module.node: source "modules/node" is not a local path (one starts with ./ or ../), a registry address or a remote source: terraform init refuses it; for the module in folder modules/node, write "./modules/node"',
      'module.other: source "modules/other" is not a local path (one starts with ./ or ../), a registry address or a remote source: terraform init refuses it',
    ]);
    // Not read, and not reported as a module left uninstalled either.
    expect(configuration!.resources).toEqual([]);
    expect(configuration!.externalModules ?? []).toEqual([]);
  });
});

describe("references beside known values", () => {
  it("are dropped only where Terraform does not read them: a branch not taken, a condition known at plan, the arguments after coalesce's value", async () => {
    const root = rootModule("eds-unused-references-", [
      'variable "public" {\n  default = true\n}',
      'resource "openstack_blockstorage_volume_v3" "data" {\n  name = "warehouse-data"\n  size = 10\n}',
      'resource "terraform_data" "probe" {',
      "  input = {",
      '    taken     = var.public ? "0.0.0.0/0" : openstack_blockstorage_volume_v3.data.name',
      '    coalesced = coalesce("0.0.0.0/0", openstack_blockstorage_volume_v3.data.name)',
      '    used      = var.public ? openstack_blockstorage_volume_v3.data.name : "x"',
      '    templated = "nightly-${openstack_blockstorage_volume_v3.data.name}"',
      "    listed    = distinct(concat([openstack_blockstorage_volume_v3.data.name], []))",
      '    set       = toset(["warehouse-data", "a", openstack_blockstorage_volume_v3.data.name])',
      '    flattened = flatten([["a"], [openstack_blockstorage_volume_v3.data.name]])',
      '    condition = openstack_blockstorage_volume_v3.data.size == 10 ? "0.0.0.0/0" : "x"',
      "  }",
      "}",
    ]);
    const [configuration] = await readConfigurations([root]);
    const input = configuration!.resources.find((resource) => resource.address === "terraform_data.probe")!.values.input as Record<string, unknown>;
    expect(input.taken).toBe("0.0.0.0/0");
    expect(input.coalesced).toBe("0.0.0.0/0");
    // Where the reference is read, the graph keeps following it (a backup job naming the volume it backs up).
    expect(input.used).toBe("${openstack_blockstorage_volume_v3.data.name}");
    expect(input.templated).toBe("nightly-${openstack_blockstorage_volume_v3.data.name}");
    expect(input.condition).toBe("0.0.0.0/0");
    // toset, distinct and flatten keep each element's reference, toset in the order of the values it compares: the
    // element equal to a reference and to a literal stands for the reference.
    expect(input.listed).toEqual(["${openstack_blockstorage_volume_v3.data.name}"]);
    expect(input.set).toEqual(["a", "${openstack_blockstorage_volume_v3.data.name}"]);
    expect(input.flattened).toEqual(["a", "${openstack_blockstorage_volume_v3.data.name}"]);
  });
});

describe("a resource's whole object", () => {
  it("is not iterated, counted or converted as its configured arguments alone: the provider's attributes are in it too", async () => {
    const root = rootModule("eds-resource-object-", [
      'resource "terraform_data" "u" {\n  input = "x"\n}',
      "locals {\n  r = terraform_data.u\n}",
      'resource "terraform_data" "probe" {',
      "  input = {",
      "    iterated  = { for k, v in local.r : k => v }",
      "    counted   = length(local.r)",
      '    converted = lookup(tomap(local.r), "id", "none")',
      "    read      = local.r.input",
      "  }",
      "}",
    ]);
    const [configuration] = await readConfigurations([root]);
    const input = configuration!.resources.find((resource) => resource.address === "terraform_data.probe")!.values.input as Record<string, unknown>;
    expect(input.iterated).toBe("${{ for k, v in local.r : k => v }}");
    expect(input.counted).toBe("${length(local.r)}");
    expect(input.converted).toMatch(/^\$\{/);
    expect(input.read).toBe("x");
  });

  it("is one element of a flatten, which Terraform keeps whole: a for_each over such elements makes one instance of each, reading each one's attributes", async () => {
    const group = (name: string) => `resource "openstack_networking_secgroup_v2" "${name}" {\n  name = var.${name}_name\n}`;
    const rule = (name: string, groups: string) =>
      `resource "openstack_networking_secgroup_rule_v2" "${name}" {\n  for_each = { for g in ${groups} : g.name => g }\n  direction = "ingress"\n  ethertype = "IPv4"\n  remote_group_id = each.value.id\n  security_group_id = "x"\n}`;
    const root = rootModule("eds-flattened-objects-", [
      'variable "a_name" {}\nvariable "b_name" {}\nvariable "more" {\n  default = []\n}\nvariable "unknown" {}',
      group("a"),
      group("b"),
      "locals {\n  flat = flatten([openstack_networking_secgroup_v2.a, [openstack_networking_secgroup_v2.b], var.more])\n  maybe = flatten([openstack_networking_secgroup_v2.a, var.unknown])\n}",
      rule("flat", "local.flat"),
      // An element not known here may be a list of any length: how many the for_each makes is not known.
      rule("maybe", "local.maybe"),
    ]);
    const [configuration] = await readConfigurations([root], [], { environment: {} });
    const rules = configuration!.resources.filter((resource) => resource.type === "openstack_networking_secgroup_rule_v2");
    expect(rules.map((resource) => [resource.address, resource.values.remote_group_id])).toEqual([
      ['openstack_networking_secgroup_rule_v2.flat["(element 1 of 2: key not known here)"]', "${openstack_networking_secgroup_v2.a.id}"],
      ['openstack_networking_secgroup_rule_v2.flat["(element 2 of 2: key not known here)"]', "${openstack_networking_secgroup_v2.b.id}"],
      ["openstack_networking_secgroup_rule_v2.maybe", "${each.value.id}"],
    ]);
  });
});

describe("override files", () => {
  it("are merged into the blocks they name, never read as blocks of their own", async () => {
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([join(folder, "overrides")], problems);
    expect(problems).toEqual([]);
    expect(configuration!.resources.map((r) => r.address).sort()).toEqual([
      "ephemeral.random_password.database",
      "openstack_blockstorage_volume_v3.good_data",
      "openstack_networking_secgroup_rule_v2.bad_ssh",
      "openstack_networking_secgroup_v2.admin",
    ]);
    const rule = configuration!.resources.find((r) => r.address.endsWith("bad_ssh"))!;
    // lifecycle is merged argument by argument; every other argument is replaced.
    expect(rule.values.lifecycle).toEqual([{ ignore_changes: ["${description}"], create_before_destroy: true }]);
    expect(rule.values.remote_ip_prefix).toBe("0.0.0.0/0");
    expect(rule.file).toMatch(/main\.tf$/);
  });

  it("change the verdict as they change the configuration", async () => {
    expect(await findings("overrides", "secgroup-no-public-ssh")).toEqual(["openstack_networking_secgroup_rule_v2.bad_ssh violation"]);
    expect(await findings("overrides", "volume-encrypted-type")).toEqual([]);
  });

  it("replace a nested block type whichever way each side writes it, written or dynamic, and keep the other types", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-override-blocks-"));
    const rule = (cidr: string) => `{\n    from_port = 22\n    to_port = 22\n    ip_protocol = "tcp"\n    cidr = ${cidr}\n  }`;
    writeFileSync(
      join(root, "main.tf"),
      [
        'resource "openstack_compute_secgroup_v2" "ssh" {',
        '  name = "ssh"',
        '  description = "SSH"',
        `  dynamic "rule" {\n    for_each = ["0.0.0.0/0"]\n    content ${rule("rule.value")}\n  }`,
        "}",
        'resource "openstack_networking_port_v2" "gateway" {',
        '  network_id = "network"',
        `  dynamic "allowed_address_pairs" {\n    for_each = ["0.0.0.0/0"]\n    content {\n      ip_address = allowed_address_pairs.value\n    }\n  }`,
        '  fixed_ip {\n    subnet_id = "first"\n  }',
        "}",
      ].join("\n"),
    );
    writeFileSync(
      join(root, "override.tf"),
      [
        'resource "openstack_compute_secgroup_v2" "ssh" {',
        `  rule ${rule('"192.0.2.0/28"')}`,
        "}",
        'resource "openstack_networking_port_v2" "gateway" {',
        `  dynamic "fixed_ip" {\n    for_each = ["second"]\n    content {\n      subnet_id = fixed_ip.value\n    }\n  }`,
        '  fixed_ip {\n    subnet_id = "third"\n  }',
        "}",
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([root]);
    const values = (address: string) => configuration!.resources.find((resource) => resource.address === address)!.values;
    // The override's written rule hides the dynamic rules; its fixed_ip blocks, written and dynamic, hide the written
    // one and are all kept, the pairs untouched.
    expect(values("openstack_compute_secgroup_v2.ssh").rule).toEqual([{ from_port: 22, to_port: 22, ip_protocol: "tcp", cidr: "192.0.2.0/28" }]);
    expect(values("openstack_networking_port_v2.gateway")).toMatchObject({
      allowed_address_pairs: [{ ip_address: "0.0.0.0/0" }],
      fixed_ip: [{ subnet_id: "third" }, { subnet_id: "second" }],
    });
  });

  it("report what Terraform refuses: an override of nothing, depends_on in an override", async () => {
    const { cpSync, mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const root = mkdtempSync(join(tmpdir(), "eds-overrides-"));
    cpSync(join(folder, "overrides"), root, { recursive: true });
    writeFileSync(
      join(root, "z_override.tf.json"),
      JSON.stringify({
        resource: { openstack_networking_secgroup_v2: { missing: { name: "x" }, admin: { depends_on: ["openstack_blockstorage_volume_v3.good_data"] } } },
        locals: { nowhere: 1 },
      }),
    );
    const problems: InputProblem[] = [];
    await readConfigurations([root], problems);
    expect(problems.map((p) => `${p.file.replace(/.*\//, "")}: ${p.message}`)).toEqual([
      "z_override.tf.json: resource openstack_networking_secgroup_v2.missing overrides nothing: an override file can only change a block of the module's other files",
      "z_override.tf.json: resource openstack_networking_secgroup_v2.admin: depends_on may not be set in an override file",
      "z_override.tf.json: local.nowhere overrides nothing: an override file can only change a value the module's other files define",
    ]);
  });
});

describe("override files of providers and terraform settings", () => {
  it("merge a provider by name and alias, required_providers provider by provider, and replace the backend", async () => {
    const { mergeOverrideFiles } = await import("../../policies/inputs/override");
    const main = {
      file: "main.tf.json",
      document: {
        provider: { openstack: [{ region: "RegionOne" }, { alias: "backup", region: "RegionTwo" }] },
        terraform: [
          {
            backend: [{ s3: [{ bucket: "state" }] }],
            required_providers: [{ openstack: { version: "~> 3.0" }, random: { version: "~> 3.6" } }],
            required_version: ">= 1.6",
          },
        ],
      },
    };
    const override = {
      file: "override.tf.json",
      document: {
        provider: { openstack: { alias: "backup", region: "RegionThree" } },
        terraform: { cloud: [{ organization: "example" }], required_providers: [{ random: { version: "~> 3.7" } }] },
      },
    };
    const problems: InputProblem[] = [];
    const merged = mergeOverrideFiles([main, override], problems);
    expect(problems).toEqual([]);
    expect(merged.map((file) => file.file)).toEqual(["main.tf.json"]);
    expect(main.document.provider.openstack).toEqual([{ region: "RegionOne" }, { alias: "backup", region: "RegionThree" }]);
    expect(main.document.terraform).toEqual([
      {
        cloud: [{ organization: "example" }],
        required_providers: [{ openstack: { version: "~> 3.0" }, random: { version: "~> 3.7" } }],
        required_version: ">= 1.6",
      },
    ]);
  });

  it("take a default provider configuration no other file writes, and refuse an aliased one (internal/configs/module.go, mergeFile)", async () => {
    const { mergeOverrideFiles } = await import("../../policies/inputs/override");
    const main = { file: "main.tf.json", document: { resource: { terraform_data: { x: {} } } } };
    const problems: InputProblem[] = [];
    const merged = mergeOverrideFiles(
      [
        main,
        { file: "override.tf.json", document: { provider: { openstack: { region: "RegionOne" } } } },
        { file: "z_override.tf.json", document: { provider: { openstack: [{ region: "RegionTwo" }, { alias: "backup", region: "RegionThree" }] } } },
      ],
      problems,
    );
    expect(merged.map((file) => [file.file, file.document.provider])).toEqual([
      ["main.tf.json", undefined],
      ["override.tf.json", { openstack: { region: "RegionTwo" } }],
    ]);
    expect(problems.map((problem) => `${problem.file}: ${problem.message}`)).toEqual([
      "z_override.tf.json: provider openstack.backup overrides nothing: an override file can only change a block of the module's other files",
    ]);
  });

  it("are recognised by name: override.tf, *_override.tf, and their JSON and OpenTofu forms only", async () => {
    const { isOverrideFile } = await import("../../policies/inputs/override");
    expect(
      ["override.tf", "override.tf.json", "a_override.tf", "dir/x_override.tf.json", "b_override.tofu", "override.tofu.json"].filter(isOverrideFile),
    ).toHaveLength(6);
    expect(["myoverride.tf", "override_a.tf", "override.tfvars", "main.tf"].filter(isOverrideFile)).toEqual([]);
  });
});

describe("OpenTofu's own files", () => {
  it("are read, .tofu and .tofu.json, and a .tofu file hides the .tf file of the same name as OpenTofu does", async () => {
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([join(folder, "opentofu")], problems);
    expect(problems).toEqual([]);
    expect(configuration!.files.map((file) => file.replace(/.*\//, ""))).toEqual(["main.tofu", "volumes.tofu.json"]);
    expect(await findings("opentofu", "secgroup-no-public-ssh")).toEqual(["openstack_networking_secgroup_rule_v2.ssh violation"]);
    expect(await findings("opentofu", "volume-encrypted-type")).toEqual(["openstack_blockstorage_volume_v3.data violation"]);
  });

  it("follow a module whose source is built from locals (OpenTofu 1.8+)", async () => {
    expect(await findings("module-source", "secgroup-no-public-ssh")).toEqual(["module.network.openstack_networking_secgroup_rule_v2.ssh violation"]);
    expect(await findings("module-source", "module-sources-checked")).toEqual([]);
  });

  it("leave out a resource whose lifecycle.enabled is false (OpenTofu 1.11), and judge it once enabled", async () => {
    expect(await findings("opentofu", "secgroup-no-public-ssh", { vars: ["debug_access=true"] })).toEqual([
      "openstack_networking_secgroup_rule_v2.debug_ssh violation",
      "openstack_networking_secgroup_rule_v2.ssh violation",
    ]);
  });
});

describe("template directives in a configuration", () => {
  it("are evaluated, in templatefile() and in heredocs, so a value they write is judged", async () => {
    expect(await findings("directives", "instance-user-data-no-secrets")).toEqual(["openstack_compute_instance_v2.bad_rendered_password violation"]);
    const [configuration] = await readConfigurations([join(folder, "directives")]);
    const good = configuration!.resources.find((r) => r.address.endsWith("good_no_password"))!;
    // The names are written; the whitespace is hcl2json's (it re-writes a heredoc's directives without strip markers).
    expect(good.values.user_data).toMatch(/#cloud-config\s+users:\s+- name: operator\s+- name: legacy\s*$/);
  });
});

describe("a module's output known in part", () => {
  it("is written as the module writes it, whole or by the element read, its references read from the caller", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-output-in-part-"));
    mkdirSync(join(root, "user-data"));
    writeFileSync(join(root, "user-data", "host.tftpl"), "#cloud-config\nssh_keys:\n  ed25519_private: |\n    ${indent(4, key)}\nhostname: ${name}\n");
    writeFileSync(
      join(root, "user-data", "main.tf"),
      [
        'variable "names" {\n  type = set(string)\n}',
        'resource "tls_private_key" "host" {\n  algorithm = "ED25519"\n}',
        'locals {\n  user_data = { for name in var.names : name => templatefile("${path.module}/host.tftpl", { name = name, key = tls_private_key.host.private_key_openssh }) }\n}',
        'output "user_data" {\n  value = local.user_data\n}',
        'output "first" {\n  value = templatefile("${path.module}/host.tftpl", { name = "first", key = tls_private_key.host.private_key_openssh })\n}',
      ].join("\n\n"),
    );
    writeFileSync(
      join(root, "main.tf"),
      [
        'module "cfg" {\n  source = "./user-data"\n  names  = ["login", "node"]\n}',
        'resource "openstack_compute_instance_v2" "login" {\n  name      = "login"\n  user_data = module.cfg.user_data["login"]\n}',
        'resource "openstack_compute_instance_v2" "first" {\n  name      = "first"\n  user_data = module.cfg.first\n}',
      ].join("\n\n"),
    );
    const [configuration] = await readConfigurations([root]);
    const userData = (name: string) => configuration!.resources.find((r) => r.address === `openstack_compute_instance_v2.${name}`)!.values.user_data;
    expect(userData("login")).toContain("hostname: login\n");
    for (const name of ["login", "first"]) expect(userData(name)).toContain("${indent(4, module.cfg.tls_private_key.host.private_key_openssh)}");
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(messagesOf(run, "instance-user-data-no-secrets").map((message) => message.split(":")[0])).toEqual([
      "openstack_compute_instance_v2.first",
      "openstack_compute_instance_v2.login",
    ]);
  });

  it("is the text a data source of the module renders, written as that data source read in its own module is; a local holding one alike", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-rendered-output-"));
    mkdirSync(join(root, "cfg"));
    writeFileSync(
      join(root, "cfg", "main.tf"),
      [
        'variable "key" {\n  type      = string\n  sensitive = true\n}',
        'data "cloudinit_config" "this" {\n  gzip          = false\n  base64_encode = false\n  part {\n    content_type = "text/cloud-config"\n    content      = yamlencode({ write_files = [{ path = "/etc/ssh/ssh_host_ed25519_key", content = var.key }] })\n  }\n}',
        'output "user_data" {\n  value = data.cloudinit_config.this.rendered\n}',
      ].join("\n\n"),
    );
    writeFileSync(
      join(root, "main.tf"),
      [
        'resource "tls_private_key" "host" {\n  algorithm = "ED25519"\n}',
        'module "cfg" {\n  source = "./cfg"\n  key    = tls_private_key.host.private_key_openssh\n}',
        'data "cloudinit_config" "here" {\n  gzip          = false\n  base64_encode = false\n  part {\n    content_type = "text/x-shellscript"\n    content      = "#!/bin/sh\\necho \'${tls_private_key.host.private_key_pem}\' > /root/key\\n"\n  }\n}',
        "locals {\n  user_data = data.cloudinit_config.here.rendered\n}",
        'resource "openstack_compute_instance_v2" "through_module" {\n  name      = "through-module"\n  user_data = module.cfg.user_data\n}',
        'resource "openstack_compute_instance_v2" "through_local" {\n  name      = "through-local"\n  user_data = local.user_data\n}',
      ].join("\n\n"),
    );
    const [configuration] = await readConfigurations([root]);
    const userData = (name: string) => configuration!.resources.find((r) => r.address === `openstack_compute_instance_v2.${name}`)!.values.user_data;
    expect(userData("through_module")).toContain("Content-Type: text/cloud-config");
    expect(userData("through_module")).toContain("${tls_private_key.host.private_key_openssh}");
    expect(userData("through_local")).toContain("${tls_private_key.host.private_key_pem}");
    const run = await checkPaths([root], { settings: fixtureSettings });
    expect(messagesOf(run, "instance-user-data-no-secrets").map((message) => message.split(":")[0])).toEqual([
      "openstack_compute_instance_v2.through_local",
      "openstack_compute_instance_v2.through_module",
    ]);
  });
});

describe("a data source this check computes, read whole", () => {
  it("reads the instances of a data source with for_each as Terraform does, refusing none of its each.value", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-each-in-data-"));
    writeFileSync(join(folder, "a.txt"), "hello\n");
    writeFileSync(
      join(folder, "main.tf"),
      [
        'data "local_file" "f" {\n  for_each = toset(["a.txt"])\n  filename = "${path.module}/${each.value}"\n}',
        'data "cloudinit_config" "ci" {\n  part {\n    content_type = "text/cloud-config"\n    content      = jsonencode(data.local_file.f)\n  }\n}',
        'resource "openstack_compute_instance_v2" "vm" {\n  name      = "vm"\n  user_data = data.cloudinit_config.ci.rendered\n}',
      ].join("\n"),
    );
    const problems: InputProblem[] = [];
    await readConfigurations([folder], problems);
    expect(problems.map((problem) => problem.message)).toEqual([]);
  });
});

describe("a count or for_each known only at apply", () => {
  const written = [
    'variable "n" {\n  type = number\n}',
    'resource "terraform_data" "a" {}',
    'resource "terraform_data" "named" {\n  input = "x"\n}',
    // Refused: what the provider computes as it creates a, its id.
    'resource "terraform_data" "by_id" {\n  count = length(terraform_data.a.id) > 0 ? 1 : 0\n}',
    'resource "terraform_data" "set_of_ids" {\n  for_each = toset([terraform_data.a.id])\n}',
    // Its output too, though its input is written; and either read through locals.
    'resource "terraform_data" "by_output" {\n  count = terraform_data.named.output == "x" ? 1 : 0\n}',
    'locals {\n  a_id   = terraform_data.a.id\n  has_id = local.a_id != ""\n  given  = var.n > 0\n}',
    'resource "terraform_data" "by_local" {\n  count = local.has_id ? 1 : 0\n}',
    'resource "terraform_data" "by_local_and_variable" {\n  count = local.given ? 1 : 0\n}',
    // A module's output that reads them, itself or through a local of the module; not one that reads its variable.
    'module "m" {\n  source = "./m"\n  given  = "x"\n}',
    'resource "terraform_data" "by_module_output" {\n  count = module.m.id != "" ? 1 : 0\n}',
    'resource "terraform_data" "by_module_local" {\n  count = module.m.through_local == "" ? 0 : 1\n}',
    'resource "terraform_data" "by_module_variable" {\n  count = module.m.given == "" ? 0 : 1\n}',
    // Planned: a map's keys known, a variable given, what the configuration writes.
    'resource "terraform_data" "keys_known" {\n  for_each = { a = terraform_data.a.id }\n}',
    'resource "terraform_data" "by_variable" {\n  count = var.n\n}',
    'resource "terraform_data" "by_input" {\n  count = terraform_data.named.input == "x" ? 1 : 0\n}',
  ].join("\n\n");

  it("is refused where it reads only attributes a provider computes, as terraform plan refuses it", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-count-at-apply-"));
    writeFileSync(join(folder, "main.tf"), `${written}\n`);
    mkdirSync(join(folder, "m"));
    writeFileSync(
      join(folder, "m", "main.tf"),
      [
        'variable "given" {\n  type = string\n}',
        'resource "terraform_data" "a" {}',
        "locals {\n  id = terraform_data.a.id\n}",
        'output "id" {\n  value = terraform_data.a.id\n}',
        'output "through_local" {\n  value = local.id\n}',
        'output "given" {\n  value = var.given\n}',
      ].join("\n\n"),
    );
    const problems: InputProblem[] = [];
    await readConfigurations([folder], problems);
    const refusedLines = (lines: Iterable<string | undefined>) => [...lines].map(Number).sort((a, b) => a - b);
    const ours = problems.filter((problem) => /Invalid (?:count|for_each) argument/.test(problem.message));
    expect(ours.map((problem) => problem.message.split(":")[0])).toEqual([
      "terraform_data.by_id",
      "terraform_data.by_local",
      "terraform_data.by_module_local",
      "terraform_data.by_module_output",
      "terraform_data.by_output",
      "terraform_data.set_of_ids",
    ]);
    expect(ours[0]!.message).toBe(
      "terraform_data.by_id: count reads terraform_data.a.id, which the provider computes as it creates it: on a first apply (a new region, an empty state) Terraform cannot tell how many instances to make and refuses the plan (Invalid count argument); derive count from variables or from what the configuration writes",
    );
    if (!terraform) return;
    const planned = terraformPlan(folder, { n: "1" }).stderr;
    const theirs = [...planned.matchAll(/Error: Invalid (?:count|for_each) argument\s+on main\.tf line (\d+)/g)].map((match) => match[1]);
    expect(refusedLines(ours.map((problem) => String(problem.line)))).toEqual(refusedLines(theirs));
  });
});

describe("ephemeral resources", () => {
  // developer.hashicorp.com/terraform/language/ephemeral: `ephemeral "type" "name"`, read as ephemeral.type.name.
  const child = [
    'ephemeral "random_password" "db" {\n  length  = 32\n  special = false\n}', // 1-4
    'resource "kubernetes_secret_v1" "db" {\n  metadata {\n    name = "db"\n  }\n  data_wo = {\n    password = ephemeral.random_password.db.result\n    length   = ephemeral.random_password.db.length\n  }\n}', // 5-12
  ].join("\n");
  const asJson = JSON.stringify(
    {
      ephemeral: { random_password: { db: { length: 32, special: false } } },
      resource: {
        kubernetes_secret_v1: {
          db: { metadata: { name: "db" }, data_wo: { password: "${ephemeral.random_password.db.result}", length: "${ephemeral.random_password.db.length}" } },
        },
      },
    },
    null,
    2,
  );

  it("are read as blocks of their own mode, at their lines, and what reads them is linked to them in HCL, in JSON and in a called module", async () => {
    const root = mkdtempSync(join(tmpdir(), "eds-ephemeral-blocks-"));
    mkdirSync(join(root, "hcl"));
    mkdirSync(join(root, "json"));
    mkdirSync(join(root, "caller"));
    writeFileSync(join(root, "hcl", "main.tf"), child);
    writeFileSync(join(root, "json", "main.tf.json"), asJson);
    writeFileSync(join(root, "caller", "main.tf"), 'module "app" {\n  source = "../hcl"\n  count  = 2\n}');
    const problems: InputProblem[] = [];
    const configurations = await readConfigurations(
      ["hcl", "json", "caller"].map((name) => join(root, name)),
      problems,
    );
    expect(problems.map((problem) => problem.message)).toEqual([]);
    const seen = configurations.map((configuration) => {
      const graph = new ResourceGraph(configuration);
      const ephemeral = configuration.resources.filter((resource) => resource.mode === "ephemeral");
      const secrets = graph.ofType(["kubernetes_secret_v1"]);
      return {
        ephemeral: ephemeral.map(({ address, line }) => `${address}:${line}`),
        // An argument as written is known at plan (readValue); the password, the provider's to make, is a relation.
        length: secrets.map((secret) => graph.readValue((secret.values.data_wo as { length: unknown }).length, secret)),
        reads: secrets.map((secret) => graph.targetsOf((secret.values.data_wo as { password: unknown }).password, secret).map((target) => target.address)),
      };
    });
    expect(seen).toEqual([
      { ephemeral: ["ephemeral.random_password.db:1"], length: [32], reads: [["ephemeral.random_password.db"]] },
      { ephemeral: ["ephemeral.random_password.db:4"], length: [32], reads: [["ephemeral.random_password.db"]] },
      {
        ephemeral: ["module.app[0].ephemeral.random_password.db:1", "module.app[1].ephemeral.random_password.db:1"],
        length: [32, 32],
        reads: [["module.app[0].ephemeral.random_password.db"], ["module.app[1].ephemeral.random_password.db"]],
      },
    ]);
  });
});
