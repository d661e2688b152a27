import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { environmentArgument, loadWithPeers } from "../../config/load";
import { publicViewOf } from "../../config/public-fields";
import { evaluate, noNames } from "../../policies/inputs/hcl-evaluate";
import { parseTemplate } from "../../policies/inputs/hcl-expression";
import { readConfigurations } from "../../policies/inputs/read";
import { synthesizeRegions } from "../../stacks/synthesize";
import { published } from "../../transparency/published";
import { buildSite } from "../../transparency/site";
import { runEds } from "../helpers/cli";
import { testToday } from "../helpers/environments";

type Json = { resource: Record<string, Record<string, Record<string, unknown>>> };

/** The transparency site's container: the region's one public container, and the only one the exception covers. */
describe("the public site's container", () => {
  let stack: string;
  let json: Json;

  beforeAll(() => {
    const outdir = join(mkdtempSync(join(tmpdir(), "eds-public-site-")), "out");
    synthesizeRegions({ envFiles: [], outdir, today: testToday });
    stack = join(outdir, "stacks", "nouvelle-aquitaine-foundation");
    json = JSON.parse(readFileSync(join(stack, "cdk.tf.json"), "utf8")) as Json;
  }, 120_000);

  const containers = () => Object.entries(json.resource.openstack_objectstorage_container_v1!);

  it("is readable by anyone but never listed nor writable, served as a static site, and protected like every container", () => {
    const open = containers().filter(([, body]) => body.container_read !== undefined || body.container_write !== undefined);
    expect(open.map(([, body]) => body.name)).toEqual(["nouvelle-aquitaine-transparency"]);
    expect(open[0]![1]).toMatchObject({
      container_read: ".r:*",
      metadata: { "web-index": "index.html" },
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(open[0]![1].container_write).toBeUndefined();
  });

  it("publishes the region's site as the container's objects, each as eds transparency writes it once Terraform renders it", async () => {
    const [address] = containers().find(([, body]) => body.container_read === ".r:*")!;
    const objects = Object.values(json.resource.openstack_objectstorage_object_v1!);
    const site = buildSite(
      published(
        loadWithPeers([environmentArgument("nouvelle-aquitaine")], { today: testToday }).regions.map((r) => publicViewOf(r.config)),
        testToday,
      ),
    );
    expect(objects.map((object) => object.name).sort()).toEqual([...site.keys()].sort());
    for (const object of objects) expect(object.container_name).toBe(`\${openstack_objectstorage_container_v1.${address}.name}`);
    expect(objects.find((object) => object.name === "catalogue.jsonld")?.content_type).toBe("application/ld+json");
    // Terraform renders each content as a template: the scripts' `${` must come out as written.
    const [configuration] = await readConfigurations([stack]);
    for (const object of configuration!.resources.filter((resource) => resource.type === "openstack_objectstorage_object_v1")) {
      const rendered = evaluate(parseTemplate(String(object.values.content)), noNames);
      expect(rendered, String(object.values.name)).toBe(site.get(String(object.values.name)));
    }
  });

  it("passes the check through the region's approved exception, while any other public container still fails it", async () => {
    expect((await runEds("check", stack)).code).toBe(0);
    const [address, site] = containers().find(([, body]) => body.container_read === ".r:*")!;
    json.resource.openstack_objectstorage_container_v1!.Leaked = { ...site, name: "nouvelle-aquitaine-extracts-copy" };
    writeFileSync(join(stack, "cdk.tf.json"), JSON.stringify(json));
    const run = await runEds("check", stack);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^FAIL\s+container-private\s+\S+ openstack_objectstorage_container_v1\.Leaked /m);
    expect(run.out).toMatch(new RegExp(`^SUPPRESSED\\s+container-private\\s+\\S+ openstack_objectstorage_container_v1\\.${address} `, "m"));
  });
});
