import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readConfigurations } from "../../policies/inputs/read";

/** The configuration read from a folder holding `objects.yaml`. */
async function configurationOf(text: string) {
  const folder = mkdtempSync(join(tmpdir(), "eds-control-plane-manifests-"));
  writeFileSync(join(folder, "objects.yaml"), text);
  const [configuration] = await readConfigurations([folder], []);
  return configuration!;
}

/** The addresses, types and names of the objects a spec's files hold, read from `objects.yaml`. */
const filesObjectsOf = async (text: string) =>
  (await configurationOf(text)).resources
    .filter(({ address }) => address.includes(".files["))
    .map(({ address, type, values }) => [address, type, (values.metadata as { name?: string }[] | undefined)?.[0]?.name]);

/** What the report names of the control planes read from `objects.yaml` (leftToTheirTools). */
const notesOf = async (text: string) => ((await configurationOf(text)).leftToTheirTools ?? []).map(({ message }) => message);

/** A file entry of a bootstrap spec writing a ConfigMap of that name, indented under `files:` at `indent`. */
const entry = (path: string, name: string, indent: string) =>
  [`- path: ${path}`, "  content: |", "    apiVersion: v1", "    kind: ConfigMap", `    metadata: {name: ${name}, namespace: apps}`, "    data: {mode: plain}"]
    .map((line) => `${indent}${line}`)
    .join("\n");

describe("the objects the servers of a Cluster API K3s or RKE2 control plane apply from its files", () => {
  it("reads every document of the files an RKE2 control plane writes into its manifests folder and below, but skipped, hidden or of another extension", async () => {
    const folder = "/var/lib/rancher/rke2/server/manifests";
    const objects = await filesObjectsOf(
      [
        "apiVersion: controlplane.cluster.x-k8s.io/v1beta1",
        "kind: RKE2ControlPlane",
        "metadata: {name: cp, namespace: clusters}",
        "spec:",
        "  serverConfig: {cni: calico}",
        "  files:",
        entry(`${folder}/apps.yaml`, "first", "    "),
        "        ---",
        "        apiVersion: v1",
        "        kind: ConfigMap",
        "        metadata: {name: second, namespace: apps}",
        entry(`${folder}/addons/nested.yml`, "nested", "    "),
        entry(`${folder}/skipped.yaml`, "skipped", "    "),
        "    - {path: /var/lib/rancher/rke2/server/manifests/skipped.yaml.skip, content: ''}",
        entry(`${folder}/.hidden.yaml`, "hidden", "    "),
        entry(`${folder}/notes.txt`, "text", "    "),
        entry("/etc/rancher/rke2/elsewhere.yaml", "elsewhere", "    "),
      ].join("\n"),
    );
    expect(objects).toEqual([
      ["RKE2ControlPlane/clusters/cp.spec.files[0][0]", "kubernetes_config_map_v1", "first"],
      ["RKE2ControlPlane/clusters/cp.spec.files[0][1]", "kubernetes_config_map_v1", "second"],
      ["RKE2ControlPlane/clusters/cp.spec.files[1][0]", "kubernetes_config_map_v1", "nested"],
    ]);
  });

  it("reads a K3s control plane's, in the folder of the data-dir its configuration sets; nothing of a worker's agent", async () => {
    const objects = await filesObjectsOf(
      [
        "apiVersion: controlplane.cluster.x-k8s.io/v1beta2",
        "kind: KThreesControlPlane",
        "metadata: {name: cp, namespace: clusters}",
        "spec:",
        "  kthreesConfigSpec:",
        "    files:",
        entry("/var/lib/rancher/k3s/server/manifests/default-folder.yaml", "default-folder", "      "),
        "---",
        "apiVersion: controlplane.cluster.x-k8s.io/v1beta2",
        "kind: KThreesControlPlane",
        "metadata: {name: moved, namespace: clusters}",
        "spec:",
        "  kthreesConfigSpec:",
        "    files:",
        "      - path: /etc/rancher/k3s/config.yaml.d/data.yaml",
        "        content: 'data-dir: /srv/k3s'",
        entry("/var/lib/rancher/k3s/server/manifests/not-read.yaml", "not-read", "      "),
        entry("/srv/k3s/server/manifests/moved-folder.yaml", "moved-folder", "      "),
        "---",
        "apiVersion: bootstrap.cluster.x-k8s.io/v1beta2",
        "kind: KThreesConfigTemplate",
        "metadata: {name: workers, namespace: clusters}",
        "spec:",
        "  template:",
        "    spec:",
        "      files:",
        entry("/var/lib/rancher/k3s/server/manifests/agent.yaml", "agent", "        "),
      ].join("\n"),
    );
    expect(objects).toEqual([
      ["KThreesControlPlane/clusters/cp.spec.kthreesConfigSpec.files[0][0]", "kubernetes_config_map_v1", "default-folder"],
      ["KThreesControlPlane/clusters/moved.spec.kthreesConfigSpec.files[2][0]", "kubernetes_config_map_v1", "moved-folder"],
    ]);
  });

  it("names a command of the spec that writes into the manifests folder, whose objects are not read, and not one that only makes it, and a file whose Addon name is refused", async () => {
    const notes = await notesOf(
      [
        "apiVersion: controlplane.cluster.x-k8s.io/v1beta1",
        "kind: RKE2ControlPlane",
        "metadata: {name: vip, namespace: clusters}",
        "spec:",
        "  preRKE2Commands:",
        "    - mkdir -p /var/lib/rancher/rke2/server/manifests/",
        "    - kube-vip manifest daemonset --arp --controlplane | tee /var/lib/rancher/rke2/server/manifests/kube-vip.yaml",
        "---",
        "apiVersion: controlplane.cluster.x-k8s.io/v1beta2",
        "kind: KThreesControlPlane",
        "metadata: {name: made-only, namespace: clusters}",
        "spec:",
        "  kthreesConfigSpec:",
        "    preK3sCommands: [mkdir -p /var/lib/rancher/k3s/server/manifests]",
        "    files:",
        entry("/var/lib/rancher/k3s/server/manifests/kube_vip.yaml", "refused", "      "),
      ].join("\n"),
    );
    expect(notes).toEqual([
      "RKE2ControlPlane/clusters/vip writes into the folder K3s or RKE2 applies by itself with a command of its preRKE2Commands (kube-vip manifest daemonset --arp --controlplane | tee /var/lib/rancher/rke2/server/manifests/kube-v), whose manifests are not read here: check them (eds check <file>)",
      'KThreesControlPlane/clusters/made-only writes /var/lib/rancher/k3s/server/manifests/kube_vip.yaml, which K3s and RKE2 never apply: their deploy controller names the file\'s Addon "kube_vip", after its name up to the first period, which the API server refuses (a lowercase RFC 1123 name is required)',
    ]);
  });
});
