import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffRegions, renderDiff } from "../../regions/diff";
import { environmentsDir } from "../../config/regions";
import { testToday } from "../helpers/environments";

/** A folder with nouvelle-aquitaine and its twin "occitanie": same choices, other name and address plan. */
function twins(edit: (text: string) => string = (text) => text): string {
  const folder = join(mkdtempSync(join(tmpdir(), "eds-diff-")), "environments");
  cpSync(environmentsDir, folder, { recursive: true });
  const source = readFileSync(join(folder, "nouvelle-aquitaine.yaml"), "utf8");
  const twin = source
    .replace(/nouvelle-aquitaine/g, "occitanie")
    .replace(/Nouvelle-Aquitaine/g, "Occitanie")
    .replace(/10\.40\./g, "10.42.");
  writeFileSync(join(folder, "occitanie.yaml"), edit(twin));
  return folder;
}

describe("eds diff", () => {
  it("finds no difference between two regions that differ only by name and address plan", async () => {
    const folder = twins();
    const diff = await diffRegions(join(folder, "nouvelle-aquitaine.yaml"), join(folder, "occitanie.yaml"), testToday);
    expect(diff).toMatchObject({ a: "nouvelle-aquitaine", b: "occitanie", configuration: [], added: [], removed: [], changed: [] });
    expect(renderDiff(diff)).toContain("### Configuration\n\nNo difference.");
  });

  it("shows a changed value, the resources it changes, and the resources added or removed", async () => {
    const folder = twins((text) => text.replace("nodeVolumeSizeGiB: 80", "nodeVolumeSizeGiB: 120").replace(/ {4}- name: workspaces\n {6}count: 2\n/, ""));
    const diff = await diffRegions(join(folder, "nouvelle-aquitaine.yaml"), join(folder, "occitanie.yaml"), testToday);
    expect(diff.configuration).toContainEqual({ path: "kubernetes.nodeVolumeSizeGiB", a: 80, b: 120 });
    expect(diff.removed).toEqual([expect.stringMatching(/^foundation openstack_containerinfra_nodegroup_v1\.Eds_Kubernetes_NodeGroup-workspaces_/)]);
    expect(diff.added).toEqual([]);
    const template = diff.changed.find((c) => c.address.includes("openstack_containerinfra_clustertemplate_v1"))!;
    expect(template.changes).toEqual([{ path: "labels.boot_volume_size", a: "80", b: "120" }]);
    const markdown = renderDiff(diff);
    expect(markdown).toContain("- `kubernetes.nodeVolumeSizeGiB`: 80 → 120");
    expect(markdown).toMatch(/- absent from occitanie: `foundation openstack_containerinfra_nodegroup_v1\./);
  });
});
