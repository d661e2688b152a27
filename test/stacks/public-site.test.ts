import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { synthesizeRegions } from "../../stacks/synthesize";
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
