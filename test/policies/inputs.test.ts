import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, S3Backend, TerraformStack } from "cdktf";
import { encryptState } from "../../constructs/state/state-encryption";
import type { InputProblem } from "../../policies/engine/model";
import { describe, expect, it } from "vitest";
import { BlockstorageVolumeV3 } from "../../.gen/providers/openstack/blockstorage-volume-v3/index";
import { ComputeInstanceV2 } from "../../.gen/providers/openstack/compute-instance-v2/index";
import { NetworkingFloatingipV2 } from "../../.gen/providers/openstack/networking-floatingip-v2/index";
import { NetworkingNetworkV2 } from "../../.gen/providers/openstack/networking-network-v2/index";
import { NetworkingPortV2 } from "../../.gen/providers/openstack/networking-port-v2/index";
import { NetworkingSecgroupRuleV2 } from "../../.gen/providers/openstack/networking-secgroup-rule-v2/index";
import { NetworkingSecgroupV2 } from "../../.gen/providers/openstack/networking-secgroup-v2/index";
import { OpenstackProvider } from "../../.gen/providers/openstack/provider/index";
import { checkPaths } from "../../policies/check";
import { InputError } from "../../lib/errors";
import { readConfigurations } from "../../policies/inputs/read";
import { knownAfterApply } from "../../policies/lib/values";
import { ResourceGraph } from "../../policies/engine/graph";
import { isUnknownValue } from "../../policies/lib/values";
import { terraform } from "./terraform-console";
import { fixtureSettings } from "./fixture-runner";

const folder = join(import.meta.dirname, "equivalence");

/** The equivalence configuration built with cdktf, with the same addresses as main.tf. */
function cdktfOut(): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "eds-equivalence-")), "cdktf.out");
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "equivalence");
  new OpenstackProvider(stack, "openstack", { authUrl: "https://identity.cloud.example.fr/v3", region: "fr-test-1" });
  new S3Backend(stack, {
    bucket: "example-terraform-state",
    key: "equivalence.tfstate",
    endpoints: { s3: "https://s3.fr-test-1.cloud.example.fr" },
    region: "fr-test-1",
    encrypt: true,
  }).addOverride("use_lockfile", true);
  encryptState(stack, { kind: "pbkdf2" });
  const named = <T extends { overrideLogicalId(id: string): void }>(resource: T, name: string): T => {
    resource.overrideLogicalId(name);
    return resource;
  };
  const net = named(new NetworkingNetworkV2(stack, "net", { name: "example-network" }), "net");
  const group = named(new NetworkingSecgroupV2(stack, "group", { name: "app", description: "Application servers" }), "app");
  named(
    new NetworkingSecgroupRuleV2(stack, "ssh", {
      securityGroupId: group.id,
      direction: "ingress",
      ethertype: "IPv4",
      protocol: "tcp",
      portRangeMin: 22,
      portRangeMax: 22,
      remoteIpPrefix: "0.0.0.0/0",
      description: "Support access",
    }),
    "ssh",
  );
  const port = named(new NetworkingPortV2(stack, "port", { name: "app", networkId: net.id, securityGroupIds: [group.id] }), "app");
  named(
    new ComputeInstanceV2(stack, "instance", {
      name: "app",
      flavorName: "s1.small",
      metadata: { role: "application" },
      blockDevice: [
        {
          sourceType: "image",
          uuid: "00000000-0000-0000-0000-000000000001",
          destinationType: "volume",
          bootIndex: 0,
          volumeSize: 20,
          volumeType: "encrypted-ssd",
          deleteOnTermination: true,
        },
      ],
      network: [{ port: port.id }],
    }),
    "app",
  );
  named(new NetworkingFloatingipV2(stack, "fip", { pool: "ext-net", portId: port.id }), "app");
  named(new BlockstorageVolumeV3(stack, "volume", { name: "data", size: 100, volumeType: "standard", metadata: { backup_policy: "daily" } }), "data");
  app.synth();
  return outdir;
}

const findingsOf = async (path: string) =>
  (await checkPaths([path], { settings: fixtureSettings })).outcomes
    .filter((o) => o.status !== "compliant")
    .map((o) => `${o.status} ${o.policyId} ${o.address} ${o.path ?? ""}`)
    .sort();

describe("reading Terraform in every form", () => {
  it("gives the same findings for .tf, .tf.json, cdktf.out and a plan of the same configuration", async () => {
    const fromHcl = await findingsOf(join(folder, "main.tf"));
    expect(fromHcl).toEqual([
      "violation backups-cover-data openstack_blockstorage_volume_v3.data ",
      "violation data-resources-protected openstack_blockstorage_volume_v3.data lifecycle.prevent_destroy",
      "violation floating-ip-bastion-or-ingress-only openstack_networking_floatingip_v2.app port_id",
      "violation secgroup-delete-default-rules openstack_networking_secgroup_v2.app delete_default_rules",
      "violation secgroup-no-public-ssh openstack_networking_secgroup_rule_v2.ssh remote_ip_prefix",
      "violation volume-encrypted-type openstack_blockstorage_volume_v3.data volume_type",
    ]);
    expect(await findingsOf(join(folder, "main.tf.json"))).toEqual(fromHcl);
    expect(await findingsOf(cdktfOut())).toEqual(fromHcl);
    // A plan records neither the backend, the state encryption nor lifecycle arguments: those policies say they cannot judge.
    expect(await findingsOf(join(folder, "plan.json"))).toEqual(
      [
        ...fromHcl.filter((finding) => !finding.includes("data-resources-protected")),
        "cannot-evaluate data-resources-protected openstack_blockstorage_volume_v3.data ",
        // The provider plans a set with an unknown element as wholly unknown: the plan cannot say whether `default`
        // is in it beside the group it references.
        "cannot-evaluate default-secgroup-unused openstack_networking_port_v2.app security_group_ids[1]",
        "cannot-evaluate state-backend-on-provider terraform.backend ",
        "cannot-evaluate state-encrypted-client-side terraform.encryption ",
      ].sort(),
    );
  });

  it("gives a plan's instances of count, for_each and a module called with count the findings of their .tf", async () => {
    // The plan's configuration lists each block once (`type.name`, under its module call): unknown values of instances
    // were dropped, so a floating IP whose port was new passed, and ports and rules seemed to lack what they reference.
    const instances = join(import.meta.dirname, "equivalence-instances");
    const fromHcl = await findingsOf(instances);
    expect(fromHcl.filter((finding) => finding.startsWith("violation"))).toEqual([
      "violation floating-ip-bastion-or-ingress-only module.edge[0].openstack_networking_floatingip_v2.edge port_id",
      'violation floating-ip-bastion-or-ingress-only openstack_networking_floatingip_v2.app["first"] port_id',
      "violation secgroup-no-public-ssh module.edge[0].openstack_networking_secgroup_rule_v2.ssh remote_ip_prefix",
      "violation state-backend-on-provider terraform.backend ",
      "violation state-encrypted-client-side terraform.encryption ",
    ]);
    const withoutStateBlocks = (findings: string[]) => findings.filter((finding) => !finding.includes(" terraform."));
    expect(withoutStateBlocks(await findingsOf(join(instances, "plan.json")))).toEqual(
      [
        ...withoutStateBlocks(fromHcl),
        // The ports' security_group_ids: a set with an unknown element is planned wholly unknown (the OpenStack provider
        // is SDKv2), so the plan cannot say whether `default` is in it; and `app[count.index].id` is listed as
        // `openstack_networking_secgroup_v2.app` and `count.index`, not which instance. The policy cannot judge.
        "cannot-evaluate default-secgroup-unused module.edge[0].openstack_networking_port_v2.edge security_group_ids[1]",
        "cannot-evaluate default-secgroup-unused openstack_networking_port_v2.app[0] security_group_ids[0]",
        "cannot-evaluate default-secgroup-unused openstack_networking_port_v2.app[1] security_group_ids[0]",
      ].sort(),
    );
  });

  it("never passes from a plan what its .tf fails or cannot judge: dynamic blocks, maps planned wholly unknown, templates", async () => {
    // Each folder holds a configuration and a plan of it in the shape `terraform show -json` 1.11 writes: a network
    // written with `dynamic` (jsonconfig writes no expressions for it), Magnum labels with one unknown entry (the
    // OpenStack provider, SDKv2, plans the whole map unknown), a CIDR templated on an address.
    for (const shape of [
      "dynamic-network",
      // `for_each = compact([...id])`: a collection of unknown length, whose blocks the plan gives as wholly unknown.
      "dynamic-over-unknown-collection",
      "magnum-labels",
      "address-template",
      // `".r:*,${project.id}:*"` reads one identifier, and is a public read ACL.
      "container-acl-template",
      // A data source read while planning is in the prior state only, and the instance holds its id as a value.
      "data-source-read-while-planning",
      // User data templated on a new network's id: the plan holds none of its text, the secret in it included.
      "user-data-template",
      // A privileged pod written as a manifest, and a binding to cluster-admin in a release of the raw chart.
      "kubernetes-manifests",
      // Environment variables written with `dynamic` over a collection known at apply: a type with no schema here.
      "dynamic-env",
    ]) {
      const folder = join(import.meta.dirname, "plan-shapes", shape);
      const judged = async (path: string) =>
        new Map((await checkPaths([path], { settings: fixtureSettings })).outcomes.map((o) => [`${o.policyId} ${o.address}`, o.status]));
      const [fromHcl, fromPlan] = [await judged(folder), await judged(join(folder, "plan.json"))];
      const failedOrUnknown = [...fromHcl].filter(([key, status]) => status !== "compliant" && !key.includes(" terraform."));
      expect(failedOrUnknown.length, shape).toBeGreaterThan(0);
      for (const [key] of failedOrUnknown) expect(fromPlan.get(key), `${shape}: ${key}`).toMatch(/^(violation|cannot-evaluate)$/);
    }
  });

  it("reads a plan of an existing resource as its configuration: not what only the provider writes, not an empty block", async () => {
    // A plan of a network that exists lists the provider's own attributes (all_tags, mtu, region) and marks its known
    // collections `[]` in after_unknown: neither is the configuration's.
    const file = join(import.meta.dirname, "plan-shapes", "existing-network", "plan.json");
    const [configuration] = await readConfigurations([file]);
    expect(Object.keys(configuration!.resources[0]!.values)).not.toContain("all_tags");
    const findings = (await checkPaths([file], { settings: fixtureSettings })).outcomes.filter((o) => o.policyId === "provider-schema-conformance");
    expect(findings.filter((o) => o.status === "violation")).toEqual([]);
  });

  it("reads an instance's planned change, not the deletion of a deposed object at the same address", async () => {
    const plan = JSON.parse(readFileSync(join(import.meta.dirname, "equivalence-instances", "plan.json"), "utf8"));
    const change = plan.resource_changes.find((c: { address: string }) => c.address === 'openstack_networking_floatingip_v2.app["first"]');
    // terraform-json's ResourceChange: `deposed` is the key of the object a failed create_before_destroy left behind.
    plan.resource_changes.push({ ...change, deposed: "00000001", change: { actions: ["delete"], before: {}, after: null, after_unknown: {} } });
    const file = join(mkdtempSync(join(tmpdir(), "eds-deposed-")), "plan.json");
    writeFileSync(file, JSON.stringify(plan));
    const [configuration] = await readConfigurations([file]);
    const floatingIp = configuration!.resources.find((r) => r.address === 'openstack_networking_floatingip_v2.app["first"]')!;
    expect(floatingIp.values.port_id).toBe("${openstack_networking_port_v2.app[0].id}");
  });

  it.skipIf(!terraform)("reads the references of a real plan's instances and modules (runs when terraform is on the PATH)", async () => {
    // terraform_data is built into Terraform: a real plan, offline, with values unknown until apply.
    const folder = mkdtempSync(join(tmpdir(), "eds-plan-shape-"));
    mkdirSync(join(folder, "modules", "inner"), { recursive: true });
    writeFileSync(
      join(folder, "main.tf"),
      [
        'resource "terraform_data" "group" {\n  count = 2\n  input = "group"\n}',
        'resource "terraform_data" "rule" {\n  for_each = toset(["ssh"])\n  input    = { group_id = terraform_data.group[1].id, name = "ssh" }\n}',
        'resource "terraform_data" "whole" {\n  input = terraform_data.group[1].id\n}',
        'resource "terraform_data" "cidr" {\n  input = { prefix = "${terraform_data.group[0].output}/32" }\n}',
        'resource "terraform_data" "each_group" {\n  count = 2\n  input = { group_id = terraform_data.group[count.index].id }\n}',
        'resource "terraform_data" "stamp" {\n  input = uuid()\n}',
        'module "inner" {\n  source = "./modules/inner"\n  count  = 1\n}',
      ].join("\n"),
    );
    writeFileSync(
      join(folder, "modules", "inner", "main.tf"),
      'resource "terraform_data" "group" {\n  input = "inner"\n}\nresource "terraform_data" "rule" {\n  input = { group_id = terraform_data.group.id }\n}\n',
    );
    const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" };
    const step = (...args: string[]) => spawnSync("terraform", args, { cwd: folder, env, encoding: "utf8" });
    expect(step("init", "-input=false").status).toBe(0);
    expect(step("plan", "-input=false", "-out=plan.out").status).toBe(0);
    writeFileSync(join(folder, "plan.json"), step("show", "-json", "plan.out").stdout);

    const [plan] = await readConfigurations([join(folder, "plan.json")]);
    const graph = new ResourceGraph(plan!);
    const input = (address: string) => graph.resource(address)!.values.input;
    // An entry of a known object, the one reference being an identifier: that reference; the known entry stays.
    expect(input('terraform_data.rule["ssh"]')).toEqual({ group_id: "${terraform_data.group[1].id}", name: "ssh" });
    expect(graph.targetOf((input('terraform_data.rule["ssh"]') as { group_id: string }).group_id)?.address).toBe("terraform_data.group[1]");
    // A value wholly unknown, of a type the project has no schema of: its shape is not known, so neither is it.
    expect(input("terraform_data.whole")).toBe(knownAfterApply);
    // What a template makes of an attribute that is not an identifier is not that attribute.
    expect(input("terraform_data.cidr")).toEqual({ prefix: knownAfterApply });
    const inner = graph.resource("module.inner[0].terraform_data.rule")!;
    expect(graph.targetOf((inner.values.input as { group_id: string }).group_id, inner)?.address).toBe("module.inner[0].terraform_data.group");
    expect(input("terraform_data.each_group[0]")).toEqual({ group_id: knownAfterApply });
    expect(input("terraform_data.stamp")).toBe(knownAfterApply);
    expect(isUnknownValue(knownAfterApply)).toBe(true);
    expect(graph.targetsOf(knownAfterApply)).toEqual([]);
  });

  it("recovers the references of values unknown at plan time from the plan's configuration", async () => {
    const [plan] = await readConfigurations([join(folder, "plan.json")]);
    const rule = plan!.resources.find((r) => r.address === "openstack_networking_secgroup_rule_v2.ssh")!;
    expect(rule.values.security_group_id).toBe("${openstack_networking_secgroup_v2.app.id}");
    const instance = plan!.resources.find((r) => r.type === "openstack_compute_instance_v2")!;
    expect(instance.values.network).toEqual([{ access_network: false, port: "${openstack_networking_port_v2.app.id}" }]);
    expect(instance.values.admin_pass).toBeUndefined();
    expect(plan!.backend).toBe("unknown");
  });

  it("reads a folder of .tf and .tf.json files as one configuration", async () => {
    const configurations = await readConfigurations([folder]);
    expect(configurations).toHaveLength(1);
    expect(configurations[0]!.files.map((f) => f.split("/").pop())).toEqual(["main.tf", "main.tf.json"]);
  });

  it("lists a folder's Terraform files as Terraform does: not a folder named like one, not a hidden file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eds-listing-"));
    writeFileSync(join(dir, "main.tf"), 'resource "openstack_networking_network_v2" "net" {\n  name = "net"\n}\n');
    mkdirSync(join(dir, "site.tf"));
    writeFileSync(join(dir, ".#main.tf"), "an editor's lock, not HCL {");
    const problems: InputProblem[] = [];
    const configurations = await readConfigurations([dir], problems);
    expect(problems).toEqual([]);
    expect(configurations.map((c) => c.files.map((f) => f.split("/").pop()))).toEqual([["main.tf"]]);
  });

  it("reports a module call declared twice, as Terraform refuses it, and checks the rest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eds-twice-"));
    mkdirSync(join(dir, "network"));
    writeFileSync(join(dir, "network", "main.tf"), 'resource "openstack_networking_network_v2" "net" {\n  name = "net"\n}\n');
    writeFileSync(join(dir, "a.tf"), 'module "net" {\n  source = "./network"\n}\n');
    writeFileSync(join(dir, "b.tf"), 'module "net" {\n  source = "./network"\n}\n');
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([dir], problems);
    expect(problems).toEqual([
      {
        file: expect.stringMatching(/b\.tf$/),
        line: 1,
        message: expect.stringMatching(/^module\.net is declared twice: first at .*a\.tf:1; Terraform refuses the configuration$/),
      },
    ]);
    expect(configuration!.resources.map((r) => r.address)).toEqual(["module.net.openstack_networking_network_v2.net"]);
  });

  it("names the file and line of each problem a module's blocks raise, in the file that holds the block, at the argument it is about", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eds-problem-lines-"));
    writeFileSync(join(dir, "main.tf"), 'terraform {\n  experiments = [x]\n}\n\nmodule "gone" {\n  source = "./gone"\n}\n');
    writeFileSync(
      join(dir, "values.tf"),
      '# values\nlocals {\n  fine = 1\n  name = var.missing\n}\nresource "terraform_data" "r" {\n  count = -1\n}\nresource "terraform_data" "s" {\n  input = local.name\n}\n',
    );
    writeFileSync(join(dir, "main_override.tf"), '\nvariable "absent" {}\nlocals {\n  ghost = 2\n}\n');
    const problems: InputProblem[] = [];
    await readConfigurations([dir], problems);
    const placed = problems.map((problem) => `${problem.file.split("/").pop()}:${problem.line} ${problem.message.split(":")[0]}`).sort();
    expect(placed).toEqual([
      "main.tf:2 terraform.experiments",
      "main.tf:5 module.gone",
      "main_override.tf:2 variable absent overrides nothing",
      "main_override.tf:4 local.ghost overrides nothing",
      "values.tf:4 local.name",
      "values.tf:7 terraform_data.r",
    ]);
  });

  it("names a Terragrunt unit with the commands that give its plan: judged beside the modules, an input problem alone", async () => {
    const repository = mkdtempSync(join(tmpdir(), "eds-terragrunt-"));
    mkdirSync(join(repository, "modules", "sg"), { recursive: true });
    writeFileSync(join(repository, "modules", "sg", "main.tf"), 'variable "cidr" {\n  default = "10.0.0.0/8"\n}\n');
    mkdirSync(join(repository, "live", "prod", "sg"), { recursive: true });
    writeFileSync(
      join(repository, "live", "prod", "sg", "terragrunt.hcl"),
      'terraform {\n  source = "../../../modules/sg"\n}\ninputs = {\n  cidr = "0.0.0.0/0"\n}\n',
    );
    const problems: InputProblem[] = [];
    const configurations = await readConfigurations([repository], problems);
    expect(problems).toEqual([]);
    const unit = { file: join(repository, "live", "prod", "sg"), message: expect.stringMatching(/^a Terragrunt unit: .*terragrunt show -json/) };
    expect(configurations.flatMap((configuration) => configuration.leftToTheirTools ?? [])).toEqual([unit]);
    const alone: InputProblem[] = [];
    await readConfigurations([join(repository, "live")], alone);
    expect(alone).toEqual([unit]);
  });

  it("reports a modules manifest that is not terraform init's, and reads the rest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eds-manifest-"));
    writeFileSync(join(dir, "main.tf"), 'module "net" {\n  source = "registry.example.fr/eds/network/openstack"\n}\n');
    mkdirSync(join(dir, ".terraform", "modules"), { recursive: true });
    writeFileSync(join(dir, ".terraform", "modules", "modules.json"), "{ not json");
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([dir], problems);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^not the modules manifest terraform init writes \(.*\): installed modules are not read$/),
    ]);
    expect(configuration!.externalModules?.map((m) => m.address)).toEqual(["module.net"]);
  });

  it("refuses unreadable input with the file and the reason", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eds-bad-input-"));
    writeFileSync(join(dir, "broken.tf.json"), "{ not json");
    writeFileSync(join(dir, "broken.tf"), 'resource "x" {');
    await expect(readConfigurations([join(dir, "broken.tf.json")])).rejects.toThrow(/broken\.tf\.json: not valid JSON/);
    await expect(readConfigurations([join(dir, "broken.tf")])).rejects.toThrow(/broken\.tf:1: not valid HCL/);
    await expect(readConfigurations([join(dir, "missing.tf.json")])).rejects.toBeInstanceOf(InputError);
    // A file of another kind, named on the command line, is said to be one, not misread as JSON.
    writeFileSync(join(dir, "README.md"), "# Notes\n");
    await expect(readConfigurations([join(dir, "README.md")])).rejects.toThrow(/README\.md: not a file eds check reads: it reads Terraform \(\.tf/);
    // A plan written to a file with no extension is JSON all the same.
    writeFileSync(join(dir, "plan-out"), JSON.stringify({ resource: { terraform_data: { x: { input: "y" } } } }));
    expect((await readConfigurations([join(dir, "plan-out")]))[0]!.resources.map((resource) => resource.address)).toEqual(["terraform_data.x"]);
    await expect(readConfigurations([mkdtempSync(join(tmpdir(), "eds-empty-"))])).rejects.toThrow(
      /no manifest\.json \(cdktf output\), \.tf, \.tf\.json, \.tofu or \.tofu\.json file/,
    );
    // A cdktf output whose manifest lists no stack holds nothing to check: it does not pass.
    const noStacks = mkdtempSync(join(tmpdir(), "eds-no-stacks-"));
    writeFileSync(join(noStacks, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: {} }));
    await expect(readConfigurations([noStacks])).rejects.toThrow(/manifest\.json: the cdktf manifest lists no stack/);
    // A manifest shaped otherwise than cdktf writes it is bad input naming the field (it was an internal error).
    for (const [stacks, what] of [
      [[], "stacks is not an object of stacks"],
      [{ one: null }, "stacks.one is not a stack"],
      [{ one: { synthesizedStackPath: 0 } }, "stacks.one.synthesizedStackPath is not a path"],
    ] as const) {
      writeFileSync(join(noStacks, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks }));
      await expect(readConfigurations([noStacks])).rejects.toThrow(`manifest.json: not a manifest as cdktf synth writes it: ${what}`);
    }
  });

  it("reads a cdktf stack's variables as JSON ones: a default is a value as written, not a template", async () => {
    const out = mkdtempSync(join(tmpdir(), "eds-cdktf-variables-"));
    mkdirSync(join(out, "stacks", "one"), { recursive: true });
    writeFileSync(join(out, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: { one: { synthesizedStackPath: "stacks/one/cdk.tf.json" } } }));
    writeFileSync(
      join(out, "stacks", "one", "cdk.tf.json"),
      JSON.stringify({
        variable: { banner: { type: "string", default: "${literal}" } },
        resource: { terraform_data: { probe: { input: "${var.banner}" } } },
      }),
    );
    const [configuration] = await readConfigurations([out]);
    expect(configuration!.resources[0]!.values.input).toBe("$${literal}");
  });

  it("refuses what Terraform refuses instead of dropping it: an open comment, a resource without its name, a count or for_each it would not take", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eds-refused-"));
    const network = (name: string, meta: string) => `resource "openstack_networking_network_v2" "${name}" {\n  ${meta}\n  name = "x"\n}\n`;
    const cases: Record<string, [string, RegExp]> = {
      "open-comment.tf": [`${network("a", "")}/* left open\n${network("b", "")}`, /^5: not valid HCL: a \/\* comment is not closed \(column 1/],
      "no-name.tf": [
        'resource "openstack_networking_network_v2" {\n  name = "x"\n}\n',
        /^1: not valid HCL: a resource block takes a type and a name, not "openstack_networking_network_v2"/,
      ],
      "negative-count.tf": [
        `\n${network("a", "count = -1")}`,
        /^3: openstack_networking_network_v2\.a: count is -1: Terraform takes a whole number, 0 or more/,
      ],
      "fractional-count.tf": [network("a", "count = 1.5"), /^2: .*count is 1\.5: Terraform takes a whole number/],
      "number-for-each.tf": [network("a", "for_each = 3"), /^2: .*for_each is 3: Terraform takes a map or a set of strings/],
      "count-and-for-each.tf": [network("a", "count = 1\n  for_each = { a = 1 }"), /^3: .*count and for_each cannot be used together/],
      "huge-count.tf": [network("a", "count = 1e9"), /^2: .*count is 1000000000: more instances than the check expands \(1000000 in all\)/],
      "null-count.tf": [network("a", "count = null"), /^2: .*count is null: Terraform takes a whole number/],
    };
    for (const [name, [text, expected]] of Object.entries(cases)) {
      mkdirSync(join(dir, name.replace(".tf", "")));
      writeFileSync(join(dir, name.replace(".tf", ""), "main.tf"), text);
      const problems: InputProblem[] = [];
      await readConfigurations([join(dir, name.replace(".tf", ""))], problems);
      expect(problems.map((problem) => `${problem.line}: ${problem.message}`).join("\n"), name).toMatch(expected);
    }
  });

  it("refuses a module call's argument the module declares no variable for, and one it requires and is not given, once each, as Terraform does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eds-module-inputs-"));
    mkdirSync(join(dir, "network"));
    writeFileSync(
      join(dir, "network", "variables.tf"),
      'variable "name" {}\nvariable "enable_port_security" {}\nvariable "dns" {\n  default = null\n}\nvariable "cidr" {}\n' +
        'resource "openstack_networking_secgroup_rule_v2" "ssh" {\n  direction = "ingress"\n  ethertype = "IPv4"\n  remote_ip_prefix = var.cidr\n  security_group_id = var.name\n}\n',
    );
    writeFileSync(join(dir, "network", "more.tf.json"), JSON.stringify({ variable: [{ mtu: {} }] }));
    writeFileSync(
      join(dir, "main.tf"),
      [
        'module "network" {',
        '  source               = "./network"',
        "  count                = 2",
        "  depends_on           = [terraform_data.first]",
        '  name                 = "a"',
        "  mtu                  = 1450",
        "  enable_port_securty  = true",
        "}",
        'resource "terraform_data" "first" {}',
      ].join("\n"),
    );
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([dir], problems);
    expect(problems.map((problem) => `${problem.line}: ${problem.message}`)).toEqual([
      '1: module.network: the argument "cidr" is required (./network declares variable "cidr" without a default), and the call gives none, so Terraform refuses the configuration',
      '1: module.network: the argument "enable_port_security" is required (./network declares variable "enable_port_security" without a default), and the call gives none, so Terraform refuses the configuration',
      '7: module.network: an argument named "enable_port_securty" is not expected here: ./network declares no variable "enable_port_securty" (did you mean "enable_port_security"?), so Terraform refuses the configuration',
    ]);
    // What reads it is refused with the call, which the problem says once: terraform plan would not ask for it.
    expect((configuration!.givenNoValue ?? []).filter((name) => name.includes("var.cidr"))).toEqual([]);
    expect(configuration!.refusedHere?.filter((name) => name.includes("var.cidr"))).toEqual(["module.network[0].var.cidr", "module.network[1].var.cidr"]);
    expect(configuration!.evaluationFailures?.filter((failure) => failure.includes("var.cidr"))).toEqual([]);
  });

  it("refuses a reference to a resource the module does not declare, in a block read as written or evaluated, and not a moved block's old address", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eds-undeclared-resources-"));
    writeFileSync(
      join(dir, "main.tf"),
      [
        'variable "prefix" {\n  default = "eds"\n}',
        'resource "openstack_networking_secgroup_v2" "bastion" {\n  name = "bastion"\n}',
        'resource "openstack_networking_secgroup_rule_v2" "ssh" {',
        '  direction         = "ingress"',
        "  security_group_id = openstack_networking_secgroup_v2.bastoin.id", // 9
        "}",
        'resource "openstack_networking_secgroup_rule_v2" "named" {',
        '  description       = "${var.prefix}-${openstack_networking_secgroup_v2.bastion.name}"',
        "  security_group_id = openstack_networking_secgroup_v2.web.id", // 13
        "}",
        "moved {\n  from = openstack_networking_secgroup_v2.old\n  to   = openstack_networking_secgroup_v2.bastion\n}",
      ].join("\n"),
    );
    const problems: InputProblem[] = [];
    await readConfigurations([dir], problems);
    expect(problems.map((problem) => `${problem.line}: ${problem.message}`).sort()).toEqual([
      '13: openstack_networking_secgroup_rule_v2.named.security_group_id: openstack_networking_secgroup_v2.web is not declared (no resource "openstack_networking_secgroup_v2" "web" block in this module), so Terraform refuses the configuration',
      '9: openstack_networking_secgroup_rule_v2.ssh.security_group_id: openstack_networking_secgroup_v2.bastoin is not declared (no resource "openstack_networking_secgroup_v2" "bastoin" block in this module; did you mean openstack_networking_secgroup_v2.bastion?), so Terraform refuses the configuration',
    ]);
  });

  // Six hundred thousand instances take seconds to expand, more on a busy machine: past the default five.
  it("counts a block's instances once toward the million it expands, however often expressions read it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eds-budget-"));
    writeFileSync(
      join(dir, "main.tf"),
      'resource "terraform_data" "a" {\n  count = 600000\n}\nresource "terraform_data" "b" {\n  count = length(terraform_data.a) == 600000 ? 1 : 0\n}\n',
    );
    const problems: InputProblem[] = [];
    const [configuration] = await readConfigurations([dir], problems);
    expect(problems).toEqual([]);
    expect(configuration!.resources.filter((resource) => resource.address.startsWith("terraform_data.b"))).toHaveLength(1);
  }, 60_000);

  it("refuses values nested more deeply than the checks walk, in JSON as in HCL, as input and not as a crash", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eds-deep-input-"));
    const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    const resource = (tags: string) => `{"resource": {"openstack_networking_network_v2": {"net": {"name": "a \\"[{[{\\\\", "tags": ${tags}}}}}`;
    writeFileSync(join(dir, "deep.tf.json"), resource(nested(20_000)));
    writeFileSync(join(dir, "deep.tf"), `locals {\n  deep = ${nested(20_000)}\n}\n`);
    writeFileSync(join(dir, "deep-blocks.tf"), `${"a {\n".repeat(20_000)}${"}\n".repeat(20_000)}`);
    writeFileSync(join(dir, "deep-not.tf"), `locals {\n  deep = ${"!".repeat(10_000)}true\n}\n`);
    writeFileSync(join(dir, "deep-conditional.tf"), `locals {\n  deep = ${"true ? ".repeat(5_000)}1${" : 2".repeat(5_000)}\n}\n`);
    // The limit counts brackets, not those inside strings (escaped quotes and backslashes included).
    writeFileSync(join(dir, "at-the-limit.tf.json"), resource(nested(252)));
    await expect(readConfigurations([join(dir, "deep.tf.json")])).rejects.toThrow(/deep\.tf\.json: values nest more than 256 levels deep/);
    await expect(readConfigurations([join(dir, "deep.tf")])).rejects.toThrow(/deep\.tf:2: not valid HCL: values nest more than 256 levels deep/);
    await expect(readConfigurations([join(dir, "deep-blocks.tf")])).rejects.toThrow(
      /deep-blocks\.tf:257: not valid HCL: blocks nest more than 256 levels deep/,
    );
    for (const file of ["deep-not.tf", "deep-conditional.tf"])
      await expect(readConfigurations([join(dir, file)])).rejects.toThrow(/:2: not valid HCL: values nest more than 256 levels deep/);
    const [atTheLimit] = await readConfigurations([join(dir, "at-the-limit.tf.json")]);
    expect(atTheLimit!.resources.map((r) => r.address)).toEqual(["openstack_networking_network_v2.net"]);
  });
});
