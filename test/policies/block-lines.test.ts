import { join } from "node:path";
import { checkPaths } from "../../policies/check";
import { fixtureSettings } from "./fixture-runner";
import { describe, expect, it } from "vitest";
import { hclBlockLines, jsonBlockLines } from "../../policies/inputs/block-lines";

describe("the lines of the blocks", () => {
  it("are found in HCL, resources, data sources, providers and the terraform block alike, whatever the spacing", () => {
    const text = [
      "terraform {}",
      "",
      'resource "openstack_networking_secgroup_v2" "web" {',
      '  name = "web"',
      "}",
      '  data  "openstack_images_image_v2"   "debian" {',
      "}",
      'provider "openstack" {}',
      'provider "openstack" { alias = "second" }',
    ].join("\n");
    expect(Object.fromEntries(hclBlockLines(text))).toEqual({
      terraform: 1,
      "openstack_networking_secgroup_v2.web": 3,
      "data.openstack_images_image_v2.debian": 6,
      "provider.openstack": 8,
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
    expect(mtu).toMatchObject({ line: 2, path: "mtu" });
    expect(mtu?.file).toMatch(/values-terraform-cannot-convert\.tf$/);
  });
});
