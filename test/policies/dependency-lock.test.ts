import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPaths } from "../../policies/check";
import type { InputProblem } from "../../policies/engine/model";
import { locksRequirementsExclude, providerLocks } from "../../policies/inputs/dependency-lock";
import { parseHclFile } from "../../policies/inputs/hcl-file";
import { bundledProviderSchema } from "../../policies/schema/source";
import { readConfigurations } from "../../policies/inputs/read";
import { fixtureSettings } from "./fixture-runner";

/** A lock file as terraform init writes it (hashes shortened to fake ones), selecting `version` under `address`. */
const lockFile = (address: string, version: string): string =>
  `# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n\nprovider "${address}" {\n  version     = "${version}"\n  constraints = ">= 1.40.0"\n  hashes = [\n    "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",\n  ]\n}\n`;

const openstackAddress = "registry.terraform.io/terraform-provider-openstack/openstack";

/** A root module requiring the OpenStack provider under `constraint`, whose block reads the volume type the 3.0 release removed, and an attribute no release has. */
const rootModule = (constraint: string, lock?: string): string => {
  const root = mkdtempSync(join(tmpdir(), "eds-lock-"));
  writeFileSync(
    join(root, "main.tf"),
    [
      `terraform {\n  required_providers {\n    openstack = {\n      source  = "terraform-provider-openstack/openstack"\n      version = "${constraint}"\n    }\n  }\n}`,
      'provider "openstack" {}',
      'resource "openstack_blockstorage_volume_v2" "data" {\n  name = "data"\n  size = 1\n}',
      'resource "openstack_networking_network_v2" "net" {}',
      'resource "terraform_data" "read" {\n  input = openstack_networking_network_v2.net.idd\n}',
    ].join("\n"),
  );
  if (lock !== undefined) writeFileSync(join(root, ".terraform.lock.hcl"), lock);
  return root;
};

async function conformance(root: string): Promise<string[]> {
  const run = await checkPaths([root], { settings: fixtureSettings });
  return run.outcomes
    .filter((o) => o.policyId === "provider-schema-conformance" && o.status !== "compliant")
    .map((o) => `${o.status} ${o.address}: ${o.message}`);
}

async function problems(root: string): Promise<string[]> {
  const found: InputProblem[] = [];
  await readConfigurations([root], found);
  return found.map((problem) => `${problem.file.slice(root.length + 1)}:${problem.line}: ${problem.message}`);
}

const refusedReference =
  'main.tf:16: terraform_data.read.input: openstack_networking_network_v2.net has no argument, nested block or attribute "idd" in the schema of the OpenStack provider 3.4.0 (did you mean openstack_networking_network_v2.net.id?), so Terraform refuses the configuration';

describe("the dependency lock file", () => {
  it("decides the OpenStack provider version the configuration is judged against, as Terraform installs the version it records", async () => {
    // No lock: a constraint that allows 3.4.0 has the configuration judged against the schema carried.
    const unlocked = rootModule(">= 1.40");
    expect(await conformance(unlocked)).toEqual([
      "violation openstack_blockstorage_volume_v2.data: unknown resource type openstack_blockstorage_volume_v2 in provider openstack: the provider removed it in version 3.0.0: write openstack_blockstorage_volume_v3 instead",
    ]);
    expect(await problems(unlocked)).toEqual([refusedReference]);
    // The same constraint, with terraform init's lock on 1.54.1: the 1.x release has the volume type, and its schema is not carried.
    const locked = rootModule(">= 1.40", lockFile(openstackAddress, "1.54.1"));
    expect(await conformance(locked)).toEqual([
      `cannot-evaluate provider.openstack: the dependency lock file selects the OpenStack provider 1.54.1 (${locked}/.terraform.lock.hcl:4), and the schema this check carries is version 3.4.0: conformance to another version cannot be judged`,
    ]);
    expect(await problems(locked)).toEqual([]);
    // Locked on the version carried, OpenTofu's registry: judged as before.
    const lockedOnCarried = rootModule(">= 1.40", lockFile("registry.opentofu.org/terraform-provider-openstack/openstack", "3.4.0"));
    expect((await conformance(lockedOnCarried)).map((finding) => finding.split(":")[0])).toEqual(["violation openstack_blockstorage_volume_v2.data"]);
    expect(await problems(lockedOnCarried)).toEqual([refusedReference]);
  });

  it("is judged against the schema of the version it selects, given in OPENSTACK_PROVIDER_SCHEMA", () => {
    const locked = rootModule(">= 1.40", lockFile(openstackAddress, "1.54.1"));
    // The schema carried, named as another version's: the reference it lacks is refused under that version's name.
    const schema = join(mkdtempSync(join(tmpdir(), "eds-lock-schema-")), "schema-1.54.1.json");
    copyFileSync(bundledProviderSchema()!.path, schema);
    const check = spawnSync(process.execPath, [join(import.meta.dirname, "..", "..", "bin", "eds"), "check", locked, "--format", "text"], {
      encoding: "utf8",
      env: { ...process.env, OPENSTACK_PROVIDER_SCHEMA: schema },
    });
    expect(check.stdout).toContain('"idd" in the schema of the OpenStack provider 1.54.1');
    expect(check.stdout).not.toContain("conformance to another version cannot be judged");
  });

  it("is refused where the configuration's constraints exclude the version it selects, or where a lock gives no version", async () => {
    const stale = rootModule("~> 3.0", lockFile(openstackAddress, "1.54.1"));
    expect(await problems(stale)).toEqual([
      `.terraform.lock.hcl:4: provider "${openstackAddress}": the lock file selects version 1.54.1, which the constraint "~> 3.0" (${stale}/main.tf:1) excludes, so terraform init and plan refuse to run until terraform init -upgrade selects another`,
    ]);
    const noVersion = rootModule(">= 1.40", lockFile(openstackAddress, "1.54.1").replace(/ {2}version.*\n/, ""));
    expect(await problems(noVersion)).toEqual([
      `.terraform.lock.hcl:4: provider "${openstackAddress}": a provider lock block must give its version, and Terraform refuses the lock file`,
      refusedReference,
    ]);
    const notHcl = rootModule(">= 1.40", 'provider "x" {\n  version = \n}\n');
    expect((await problems(notHcl))[0]).toMatch(/^\.terraform\.lock\.hcl:2: not valid HCL/);
  });

  it("matches a lock to the requirements of the same provider, whichever registry's host either writes", () => {
    const { document, lines } = parseHclFile(
      `${lockFile("registry.opentofu.org/terraform-provider-openstack/openstack", "2.1.0")}\n${lockFile("registry.terraform.io/hashicorp/tls", "4.0.6")}`,
    );
    const { locks, problems } = providerLocks(document, "lock", lines);
    expect(problems).toEqual([]);
    expect(locks).toEqual([
      { name: "openstack", version: "2.1.0", source: "registry.opentofu.org/terraform-provider-openstack/openstack", file: "lock", line: 4, locked: true },
      { name: "tls", version: "4.0.6", source: "registry.terraform.io/hashicorp/tls", file: "lock", line: 15, locked: true },
    ]);
    const excluded = (requirement: { name: string; version: string; source?: string }) =>
      locksRequirementsExclude(locks, [{ ...requirement, file: "main.tf" }]).map((problem) => problem.message.split(":")[0]);
    expect(excluded({ name: "openstack", version: "~> 3.0", source: "Terraform-Provider-OpenStack/openstack" })).toEqual([
      'provider "registry.opentofu.org/terraform-provider-openstack/openstack"',
    ]);
    expect(excluded({ name: "openstack", version: "~> 2.1.0", source: "terraform-provider-openstack/openstack" })).toEqual([]);
    // With no source, the requirement is hashicorp/<name>'s: another provider than the lock's openstack.
    expect(excluded({ name: "openstack", version: "~> 3.0" })).toEqual([]);
    expect(excluded({ name: "tls", version: "~> 3.0" })).toEqual(['provider "registry.terraform.io/hashicorp/tls"']);
  });
});
