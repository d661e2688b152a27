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

  it("compares the JSON a value holds (a Helm release's values) value by value, and list elements by what names them or as lines", async () => {
    const folder = twins((text) =>
      text
        .replace("    instances: 3\n", "    instances: 2\n")
        .replace(/ {4}- login: ops-dominique\n {6}sshPublicKeys:\n {8}- [^\n]*\n/, "")
        .replace(/ {4}- 192\.0\.2\.0\/28[^\n]*\n/, ""),
    );
    const diff = await diffRegions(join(folder, "nouvelle-aquitaine.yaml"), join(folder, "occitanie.yaml"), testToday);
    expect(diff.configuration).toEqual([
      {
        path: 'bastion.administrators["ops-dominique"]',
        a: { login: "ops-dominique", sshPublicKeys: [expect.stringMatching(/^ssh-ed25519 /)] },
      },
      // The first of two unnamed elements removed: one change, not one of each.
      { path: "network.adminCidrs[0]", a: "192.0.2.0/28" },
      { path: "platform.dataTier.instances", a: 3, b: 2 },
    ]);
    const resources = diff.changed.find((c) => c.address.startsWith("platform helm_release.Eds_Resources_Release_"))!;
    expect(resources.changes).toEqual([{ path: 'values[0].resources["Cluster data/warehouse"].spec.instances', a: 3, b: 2 }]);
    const markdown = renderDiff(diff);
    expect(markdown).toContain('- `values[0].resources["Cluster data/warehouse"].spec.instances`: 3 → 2');
    expect(markdown).toMatch(/- `bastion\.administrators\["ops-dominique"\]`: \{"login":"ops-dominique".*\} → \(absent\)\n/);
    expect(Math.max(...markdown.split("\n").map((line) => line.length))).toBeLessThan(400);
  });
});
