import { describe, expect, it } from "vitest";
import { hclBlockLines, jsonBlockLines } from "../../policies/inputs/block-lines";

describe("the lines of the blocks", () => {
  it("are found in HCL, resources and data sources alike, whatever the spacing", () => {
    const text = [
      "terraform {}",
      "",
      'resource "openstack_networking_secgroup_v2" "web" {',
      '  name = "web"',
      "}",
      '  data  "openstack_images_image_v2"   "debian" {',
      "}",
    ].join("\n");
    expect(Object.fromEntries(hclBlockLines(text))).toEqual({ "openstack_networking_secgroup_v2.web": 3, "data.openstack_images_image_v2.debian": 6 });
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
