import { join } from "node:path";
import { checkPaths } from "../../policies/check";
import { fixtureSettings } from "./fixture-runner";
import { describe, expect, it } from "vitest";
import { jsonBlockLines } from "../../policies/inputs/block-lines";
import { parseHclFile } from "../../policies/inputs/hcl-file";

describe("the lines of the blocks", () => {
  it("are kept by the HCL reader for resources, data sources, providers, modules and the terraform block, whatever the spacing", () => {
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
    ].join("\n");
    expect(Object.fromEntries(parseHclFile(text).lines)).toEqual({
      terraform: 1,
      "openstack_networking_secgroup_v2.web": 3,
      "data.openstack_images_image_v2.debian": 9,
      "provider.openstack": 11,
      "openstack_compute_instance_v2.bare_labels": 13,
      "module.network": 14,
    });
  });

  it("are found in pretty-printed JSON under resource and data only, and not in a minified file", () => {
    const document = {
      variable: { web: { default: "x" } },
      resource: { openstack_networking_secgroup_v2: { web: { name: "web" }, db: { name: "db" } } },
      data: { openstack_images_image_v2: { debian: { name: "debian" } } },
    };
    const lines = jsonBlockLines(JSON.stringify(document, null, 2));
    expect(Object.fromEntries(lines)).toEqual({
      "openstack_networking_secgroup_v2.web": 9,
      "openstack_networking_secgroup_v2.db": 12,
      "data.openstack_images_image_v2.debian": 19,
    });
    expect(jsonBlockLines(JSON.stringify(document)).size).toBe(0);
  });
});

describe("configuration-level findings", () => {
  it("point at the file and line of the block they name", async () => {
    const file = join(import.meta.dirname, "fixtures", "provider-schema-conformance", "fail", "values-terraform-cannot-convert.tf");
    const run = await checkPaths([file], { settings: fixtureSettings });
    const mtu = run.outcomes.find((o) => o.policyId === "provider-schema-conformance" && o.address === "openstack_networking_network_v2.bad_mtu");
    expect(mtu).toMatchObject({ line: 12, path: "mtu" });
    expect(mtu?.file).toMatch(/values-terraform-cannot-convert\.tf$/);
  });
});
