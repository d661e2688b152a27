import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPaths } from "../../policies/check";
import { readConfigurations } from "../../policies/inputs/read";
import { fixtureSettings } from "./fixture-runner";

/** A folder whose one instance boots with a cloud-config writing `files` (path and the YAML of its content, or none). */
function serverWriting(files: readonly { path: string; content?: string }[]): string {
  const folder = mkdtempSync(join(tmpdir(), "eds-auto-deploy-"));
  const entries = files.map(({ path, content }) =>
    content === undefined ? `  - path: ${path}` : `  - path: ${path}\n    content: |\n${content.replace(/^/gm, "      ")}`,
  );
  writeFileSync(
    join(folder, "main.tf"),
    [
      'variable "manifest" {\n  type = string\n}',
      'resource "openstack_compute_instance_v2" "server" {',
      '  name      = "k3s-server"',
      "  user_data = <<-EOT",
      "#cloud-config",
      "write_files:",
      ...entries,
      "runcmd:",
      "  - curl -sfL https://get.k3s.io | sh -",
      "EOT",
      "}",
    ].join("\n"),
  );
  return folder;
}

const privilegedPod = (name: string, namespace?: string) =>
  [
    "apiVersion: v1",
    "kind: Pod",
    "metadata:",
    `  name: ${name}`,
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    "spec:",
    "  containers:",
    "    - name: app",
    "      image: registry.example.fr/app:1.0",
    "      securityContext:",
    "        privileged: true",
  ].join("\n");

const adminBinding = [
  "apiVersion: rbac.authorization.k8s.io/v1",
  "kind: ClusterRoleBinding",
  "metadata:",
  "  name: everyone-admin",
  "roleRef:",
  "  apiGroup: rbac.authorization.k8s.io",
  "  kind: ClusterRole",
  "  name: cluster-admin",
  "subjects:",
  "  - kind: Group",
  "    name: system:authenticated",
  "    apiGroup: rbac.authorization.k8s.io",
].join("\n");

const k3s = "/var/lib/rancher/k3s/server/manifests";

/** Each violation of a policy, as `address path`. */
async function violations(folder: string, policyId: string): Promise<string[]> {
  const { outcomes } = await checkPaths([folder], { settings: fixtureSettings });
  return outcomes.filter((o) => o.policyId === policyId && o.status === "violation").map((o) => `${o.address} ${o.path}`);
}

describe("manifests a server's cloud-config has K3s or RKE2 apply", () => {
  it("judges every object of every document K3s and RKE2 apply from their manifests folders, at the instance and the file", async () => {
    const folder = serverWriting([
      { path: `${k3s}/apps.yaml`, content: `${privilegedPod("web")}\n---\n${adminBinding}` },
      { path: "/var/lib/rancher/rke2/server/manifests/team/tools.YML", content: privilegedPod("tools", "team") },
      {
        path: `${k3s}/list.json`,
        content: JSON.stringify({
          apiVersion: "v1",
          kind: "List",
          items: [{ kind: "Pod", metadata: { name: "listed" }, spec: { containers: [{ name: "app", image: "registry.example.fr/app:1.0" }] } }],
        }),
      },
    ]);
    expect(await violations(folder, "k8s-no-privileged")).toEqual([
      `openstack_compute_instance_v2.server.user_data["${k3s}/apps.yaml"][0] spec.containers[0].securityContext.privileged`,
      'openstack_compute_instance_v2.server.user_data["/var/lib/rancher/rke2/server/manifests/team/tools.YML"][0] spec.containers[0].securityContext.privileged',
    ]);
    expect(await violations(folder, "k8s-no-cluster-admin-binding")).toEqual([
      `openstack_compute_instance_v2.server.user_data["${k3s}/apps.yaml"][1] subjects[0].name`,
    ]);
    // A namespaced object that names none is created in default (wrangler's apply), and a list's items take its apiVersion.
    const [configuration] = await readConfigurations([folder]);
    const pods = configuration!.resources.filter((r) => r.type === "kubernetes_pod_v1");
    expect(pods.map((pod) => [pod.address, (pod.values.metadata as { namespace: string }[])[0]!.namespace])).toEqual([
      [`openstack_compute_instance_v2.server.user_data["${k3s}/apps.yaml"][0]`, "default"],
      ['openstack_compute_instance_v2.server.user_data["/var/lib/rancher/rke2/server/manifests/team/tools.YML"][0]', "team"],
      [`openstack_compute_instance_v2.server.user_data["${k3s}/list.json"][0]`, "default"],
    ]);
  });

  it("reads what the deploy controller applies: no hidden file, none with a .skip beside it, no other extension, a file's last write", async () => {
    const folder = serverWriting([
      { path: `${k3s}/.hidden.yaml`, content: privilegedPod("hidden") },
      { path: `${k3s}/skipped.yaml`, content: privilegedPod("skipped") },
      { path: `${k3s}/nested/skipped.yaml.skip` },
      { path: `${k3s}/notes.txt`, content: privilegedPod("notes") },
      { path: `${k3s}/rewritten.yaml`, content: privilegedPod("first") },
      { path: `${k3s}/rewritten.yaml`, content: privilegedPod("second").replace("privileged: true", "privileged: false") },
      { path: "/etc/rancher/k3s/app.yaml", content: privilegedPod("elsewhere") },
    ]);
    const [configuration] = await readConfigurations([folder]);
    expect(configuration!.resources.map((r) => r.address)).toEqual([
      "openstack_compute_instance_v2.server",
      `openstack_compute_instance_v2.server.user_data["${k3s}/rewritten.yaml"][0]`,
    ]);
    expect(await violations(folder, "k8s-no-privileged")).toEqual([]);
  });

  it("lists a manifest whose content is known only at apply, and judges none of it", async () => {
    const folder = serverWriting([{ path: `${k3s}/given.yaml`, content: "${var.manifest}" }]);
    const report = await checkPaths([folder], { settings: fixtureSettings });
    expect(report.configurations[0]!.objectsKnownAtApply).toEqual([`openstack_compute_instance_v2.server.user_data["${k3s}/given.yaml"]`]);
    expect(report.outcomes.filter((o) => o.address.includes("given.yaml") && o.status === "violation")).toEqual([]);
  });
});
