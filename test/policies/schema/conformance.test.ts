import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ProviderSchemaValidator } from "../../../policies/schema/conformance";
import type { ProviderSchemaDocument } from "../../../policies/schema/provider-schema";
import { removedInVersion2, removedInVersion3 } from "../../../policies/schema/removed";
import { bundledProviderSchema, providerSchemaDir, providerSchemaPath, readProviderSchema } from "../../../policies/schema/source";
import { synthesizeRegions } from "../../../stacks/synthesize";
import { testToday } from "../../helpers/environments";

/** A small provider schema exercising every construct of the format. */
const schema: ProviderSchemaDocument = {
  format_version: "1.0",
  provider_schemas: {
    "registry.terraform.io/example/demo": {
      provider: { block: { attributes: { auth_url: { type: "string", optional: true } } } },
      resource_schemas: {
        demo_thing: {
          block: {
            attributes: {
              id: { type: "string", optional: true, computed: true },
              name: { type: "string", required: true },
              size: { type: "number", optional: true },
              enabled: { type: "bool", optional: true },
              tags: { type: ["set", "string"], optional: true },
              labels: { type: ["map", "string"], optional: true },
              address: { type: "string", computed: true },
            },
            block_types: {
              disk: { nesting_mode: "list", min_items: 1, max_items: 2, block: { attributes: { size: { type: "number", required: true } } } },
              timeouts: { nesting_mode: "single", block: { attributes: { create: { type: "string", optional: true } } } },
            },
          },
        },
      },
      data_source_schemas: { demo_lookup: { block: { attributes: { name: { type: "string", optional: true } } } } },
    },
  },
};

const validator = new ProviderSchemaValidator(schema);
const check = (body: Record<string, unknown>) =>
  validator.validateBody("resource", "demo_thing", body, "demo_thing.x").map((issue) => `${issue.path}: ${issue.message}`);
const valid = { name: "x", disk: [{ size: 1 }] };

describe("provider schema conformance", () => {
  it("accepts a body that follows the schema, with meta-arguments and comments", () => {
    expect(check({ ...valid, size: 3, enabled: true, tags: ["a"], labels: { a: "b" }, count: 2, depends_on: ["demo_thing.y"], "//": { note: "x" } })).toEqual(
      [],
    );
  });

  it("accepts an interpolation in place of any value", () => {
    expect(check({ name: "${var.name}", size: "${var.size}", enabled: "${var.on}", tags: "${var.tags}", disk: [{ size: "${var.disk}" }] })).toEqual([]);
  });

  it("accepts a nested block written as an object or as an array", () => {
    expect(check({ name: "x", disk: { size: 1 }, timeouts: { create: "5m" } })).toEqual([]);
    expect(check({ name: "x", disk: [{ size: 1 }], timeouts: [{ create: "5m" }] })).toEqual([]);
  });

  it("fails on a missing required attribute or block", () => {
    expect(check({ disk: [{ size: 1 }] })).toEqual([': missing required argument "name"']);
    expect(check({ name: "x" })).toEqual([': missing required argument "disk"']);
    expect(check({ name: "x", disk: [] })).toEqual(["disk: expected at least 1 block(s), got 0"]);
  });

  it("fails on a misspelt attribute", () => {
    expect(check({ ...valid, nmae: "y" })).toEqual(['nmae: unsupported argument "nmae": the provider schema has no such attribute or block']);
  });

  it("fails on a read-only attribute", () => {
    expect(check({ ...valid, address: "192.0.2.1" })).toEqual(["address: read-only attribute: the provider computes it, a configuration cannot set it"]);
  });

  it("fails on wrong types, inside blocks too", () => {
    expect(check({ ...valid, size: "three", enabled: "yes", tags: "a", labels: { a: [1] }, disk: [{ size: "big" }] })).toEqual([
      'size: expected number, got string "three"',
      'enabled: expected bool, got string "yes"',
      "tags: expected set(string), got string",
      "labels.a: expected string, got array",
      'disk[0].size: expected number, got string "big"',
    ]);
  });

  it('accepts what Terraform converts: a numeric string for a number, "true" for a bool, a number or bool for a string', () => {
    expect(check({ ...valid, size: "3", enabled: "true", tags: ["a", 2, false], labels: { a: 1, b: true } })).toEqual([]);
  });

  it("reads null as an argument left out, as the provider's SDK does: an optional or read-only one is unset, a required one missing", () => {
    expect(check({ ...valid, size: null, address: null, labels: { a: null }, disk: [{ size: 1, extra: null }] })).toEqual([]);
    expect(check({ ...valid, name: null })).toEqual([': missing required argument "name"']);
  });

  it("says that a map written as a block, the form of Terraform 0.11, is refused, and how to write it", () => {
    expect(check({ ...valid, labels: [{ role: "es" }] })).toEqual([
      "labels: expected map(string), got array (a block labels { ... }, the form of Terraform 0.11, or a list of objects): Terraform 0.12 and later take the argument labels = { ... }",
    ]);
    expect(check({ ...valid, labels: ["es"] })).toEqual(["labels: expected map(string), got array"]);
  });

  it("says that a list written as the one element of a list, which Terraform 0.11 flattened, is refused, and how to write it", () => {
    expect(check({ ...valid, tags: [["web", "ssh"]] })).toEqual([
      'tags[0]: expected string, got array (a list inside the list, as tags = ["${var.<a list>}"] writes, which Terraform 0.11 flattened and 0.12 and later do not): write the list without brackets, tags = var.<a list>',
    ]);
    expect(check({ ...valid, tags: [[{ name: "web" }]] })).toEqual(["tags[0]: expected string, got array"]);
  });

  it("says once that a value is of the wrong type, not also that it is none of the values the type takes", () => {
    expect(check({ ...valid, enabled: [{ type: "versions" }] })).toEqual(["enabled: expected bool, got array"]);
  });

  it("fails on too many blocks and on a repeated single block", () => {
    expect(check({ name: "x", disk: [{ size: 1 }, { size: 2 }, { size: 3 }] })).toEqual(["disk: expected at most 2 block(s), got 3"]);
    expect(check({ ...valid, timeouts: [{}, {}] })).toEqual(["timeouts: expected at most 1 block(s), got 2"]);
  });

  it("checks data sources, provider blocks and unknown types of a whole document", () => {
    const issues = validator.validateConfig({
      provider: { demo: [{ auth_url: "https://identity.example.fr", password: "x" }] },
      data: { demo_lookup: { a: { name: [1] } } },
      resource: { demo_thing: { ok: valid }, demo_other: { b: {} }, other_thing: { c: {} } },
    });
    expect(issues.map((issue) => `${issue.address} ${issue.path}: ${issue.message}`)).toEqual([
      "demo_other.b : unknown resource type demo_other in provider demo",
      "data.demo_lookup.a name: expected string, got array",
      'provider.demo password: unsupported argument "password": the provider schema has no such attribute or block',
    ]);
  });
});

describe("every environment against the OpenStack provider schema", () => {
  it("is the schema the repository carries, not one found outside it", () => {
    expect(providerSchemaPath()).toBe(bundledProviderSchema()?.path);
    expect(bundledProviderSchema()?.path.startsWith(providerSchemaDir)).toBe(true);
  });

  it("synthesizes only openstack_* blocks the provider accepts", () => {
    const openstack = new ProviderSchemaValidator(readProviderSchema(providerSchemaPath()!));
    const result = synthesizeRegions({ all: true, outdir: join(mkdtempSync(join(tmpdir(), "eds-conf-")), "out"), today: testToday });
    const foundations = Object.entries(result.stacks).filter(([stack]) => stack.endsWith("-foundation"));
    expect(foundations).toHaveLength(2);
    for (const [, file] of foundations) {
      const document = JSON.parse(readFileSync(file, "utf8"));
      expect(Object.keys(document.resource).filter((type) => openstack.covers(type)).length).toBeGreaterThan(5);
      expect(openstack.validateConfig(document)).toEqual([]);
    }
  });
});

/** The OpenStack provider's schema the project carries. */
const carriedSchema = () => Object.values(readProviderSchema(providerSchemaPath()!).provider_schemas)[0]!;

describe("required arguments the OpenStack provider reads from the environment", () => {
  it("are not evaluable where missing, the variable named; any other required argument missing is refused", () => {
    const openstack = new ProviderSchemaValidator(readProviderSchema(providerSchemaPath()!));
    const issues = openstack.validateConfig({
      resource: {
        openstack_networking_floatingip_v2: { ip: {} },
        openstack_networking_secgroup_rule_v2: { rule: { direction: "ingress", ethertype: "IPv4" } },
      },
    });
    expect(issues.map((issue) => `${issue.address} ${issue.outcome ?? "violation"}: ${issue.message}`)).toEqual([
      'openstack_networking_floatingip_v2.ip cannot-evaluate: missing required argument "pool", unless OS_POOL_NAME is set where Terraform runs: the provider then takes the argument from it, which the configuration does not say',
      'openstack_networking_secgroup_rule_v2.rule violation: missing required argument "security_group_id"',
    ]);
  });
});

describe("types the OpenStack provider removed", () => {
  const openstack = new ProviderSchemaValidator(readProviderSchema(providerSchemaPath()!));

  it("say what takes their place, which the carried schema has, where the removed type it lacks", () => {
    const issues = openstack.validateConfig({
      data: { openstack_blockstorage_volume_v2: { old: { name: "data" } } },
      resource: {
        openstack_compute_floatingip_associate_v2: { old: { floating_ip: "192.0.2.10", instance_id: "x" } },
        openstack_compute_secgroup_v2: { old: { name: "ssh", description: "ssh" } },
        openstack_compute_typo_v2: { typo: {} },
      },
    });
    expect(issues.map((issue) => `${issue.address}: ${issue.message}`)).toEqual([
      "openstack_compute_floatingip_associate_v2.old: unknown resource type openstack_compute_floatingip_associate_v2 in provider openstack: the provider removed it in version 3.0.0: write openstack_networking_floatingip_associate_v2 instead",
      "openstack_compute_secgroup_v2.old: unknown resource type openstack_compute_secgroup_v2 in provider openstack: the provider removed it in version 3.0.0: write openstack_networking_secgroup_v2 and openstack_networking_secgroup_rule_v2 instead",
      "openstack_compute_typo_v2.typo: unknown resource type openstack_compute_typo_v2 in provider openstack",
      "data.openstack_blockstorage_volume_v2.old: unknown data source type openstack_blockstorage_volume_v2 in provider openstack: the provider removed it in version 3.0.0: write openstack_blockstorage_volume_v3 instead",
    ]);
  });

  it("are each absent from the carried schema, and each type named instead is in it", () => {
    const carried = carriedSchema();
    const types = { resource: carried.resource_schemas ?? {}, data: carried.data_source_schemas ?? {} };
    for (const section of ["resource", "data"] as const)
      for (const [removed, instead] of Object.entries(removedInVersion3[section])) {
        expect(types[section][removed], removed).toBeUndefined();
        for (const type of instead.split(" and ")) expect(types[section][type], type).toBeDefined();
      }
  });
});

describe("arguments the OpenStack provider removed", () => {
  const openstack = new ProviderSchemaValidator(readProviderSchema(providerSchemaPath()!));

  it("say what takes their place, where the block keeps one, or what to do; an argument nested in a block is not taken for one", () => {
    const issues = openstack.validateConfig({
      provider: { openstack: { use_octavia: true } },
      data: { openstack_networking_subnet_v2: { admin: { name: "admin", dhcp_disabled: false } } },
      resource: {
        openstack_networking_router_v2: { edge: { name: "edge", external_gateway: "ext-net-id", external_typo: "x" } },
        openstack_compute_instance_v2: { vm: { name: "vm", floating_ip: "192.0.2.10", network: [{ name: "admin", external_gateway: "x" }] } },
      },
    });
    expect(issues.map((issue) => `${issue.address} ${issue.path}: ${issue.message}`)).toEqual([
      'openstack_networking_router_v2.edge external_gateway: unsupported argument "external_gateway": the provider removed it in version 2.0.0: write external_network_id instead',
      'openstack_networking_router_v2.edge external_typo: unsupported argument "external_typo": the provider schema has no such attribute or block',
      'openstack_compute_instance_v2.vm floating_ip: unsupported argument "floating_ip": the provider removed it in version 2.0.0: remove it: it had no effect (openstack_networking_floatingip_associate_v2 binds a floating IP to a port)',
      'openstack_compute_instance_v2.vm network[0].external_gateway: unsupported argument "external_gateway": the provider schema has no such attribute or block',
      'data.openstack_networking_subnet_v2.admin dhcp_disabled: unsupported argument "dhcp_disabled": the provider removed it in version 2.0.0: write dhcp_enabled instead',
      'provider.openstack use_octavia: unsupported argument "use_octavia": the provider removed it in version 2.0.0: remove it: the provider always uses Octavia',
    ]);
  });

  it("are each absent from the carried schema's block, and each argument named instead is in it", () => {
    const carried = carriedSchema();
    const blocksOf = { resource: carried.resource_schemas ?? {}, data: carried.data_source_schemas ?? {}, provider: { openstack: carried.provider } };
    for (const section of ["resource", "data", "provider"] as const)
      for (const [type, removed] of Object.entries(removedInVersion2[section])) {
        const block = (blocksOf[section] as Record<string, { block: { attributes?: object; block_types?: object } }>)[type]?.block;
        expect(block, type).toBeDefined();
        const names = new Set([...Object.keys(block!.attributes ?? {}), ...Object.keys(block!.block_types ?? {})]);
        for (const [argument, replacement] of Object.entries(removed)) {
          expect(names.has(argument), `${type}.${argument}`).toBe(false);
          if ("instead" in replacement) expect(names.has(replacement.instead), `${type}.${replacement.instead}`).toBe(true);
        }
      }
  });
});
