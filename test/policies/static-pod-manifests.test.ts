import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readConfigurations } from "../../policies/inputs/read";
import { staticPodManifest } from "../../policies/inputs/static-pod-manifests";

const pod = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: ${name}\n      image: registry.example.fr/${name}:1.0`;

describe("the Pod a kubelet runs from a file of its static pod folder", () => {
  it("is the first document, a v1 Pod, in no list; a file known only at apply is kept as written", () => {
    expect(staticPodManifest(`${pod("a")}\n---\n${pod("b")}`)?.manifest).toMatchObject({ metadata: { name: "a" } });
    for (const content of [`apiVersion: v1\nkind: List\nitems:\n  - kind: Pod`, "apiVersion: apps/v1\nkind: Deployment", "apiVersion: v2\nkind: Pod", "{"])
      expect(staticPodManifest(content), content).toBeUndefined();
    expect(staticPodManifest("${var.pod}")?.manifest).toBe("${var.pod}");
    // A placeholder Terraform's grammar refuses cut a text Terraform renders; elsewhere (clusterctl's) it is a value.
    const placeholder = `${pod("vip")}\n      env:\n        - name: vip_interface\n          value: \${VIP_NETWORK_INTERFACE:=""}`;
    expect(typeof staticPodManifest(placeholder)?.manifest).toBe("string");
    expect(staticPodManifest(placeholder, false)?.manifest).toMatchObject({ spec: { containers: [{ env: [{ value: '${VIP_NETWORK_INTERFACE:=""}' }] }] } });
  });
});

describe("the static pods a Cluster API kubeadm configuration's files have its machines run", () => {
  it("are the Pods of the files it writes directly into /etc/kubernetes/manifests, at the entry that writes each last", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-kubeadm-pods-"));
    const indented = (text: string, spaces: number) => text.replace(/^/gm, " ".repeat(spaces));
    writeFileSync(
      join(folder, "workers.yaml"),
      [
        "apiVersion: bootstrap.cluster.x-k8s.io/v1beta2",
        "kind: KubeadmConfigTemplate",
        "metadata: { name: workers, namespace: c }",
        "spec:",
        "  template:",
        "    spec:",
        "      files:",
        "        - path: /etc/kubernetes/manifests/proxy.yaml",
        "          content: |",
        indented(pod("old"), 12),
        "        - path: /etc/kubernetes/manifests/.hidden.yaml",
        "          content: |",
        indented(pod("hidden"), 12),
        "        - path: /etc/kubernetes/manifests/extra/below.yaml",
        "          content: |",
        indented(pod("below"), 12),
        "        - path: /etc/kubernetes/manifests/from-secret.yaml",
        "          contentFrom: { secret: { name: pods, key: pod.yaml } }",
        "        - path: /etc/kubernetes/manifests/encoded.yaml",
        "          encoding: base64",
        `          content: ${Buffer.from(pod("encoded")).toString("base64")}`,
        "        - path: /etc/kubernetes/manifests/proxy.yaml",
        "          content: |",
        indented(pod("proxy"), 12),
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([folder]);
    const pods = configuration!.resources.filter((resource) => resource.address.includes(".files["));
    const named = (index: number) => pods.find(({ address }) => address.endsWith(`files[${index}]`));
    expect(pods.map(({ address, values }) => `${address} ${JSON.stringify(values.metadata)}`).sort()).toEqual([
      'KubeadmConfigTemplate/c/workers.spec.template.spec.files[4] [{"name":"encoded","namespace":"default"}]',
      'KubeadmConfigTemplate/c/workers.spec.template.spec.files[5] [{"name":"proxy","namespace":"default"}]',
    ]);
    // A field's line in a literal block; the content's line for another style.
    const [encoded, proxy] = [named(4), named(5)];
    expect(proxy!.written?.("spec[0].container[0].image")).toMatchObject({ path: "spec.containers[0].image", line: 52 });
    expect(encoded!.written?.("spec[0].container[0].image")).toMatchObject({ path: "spec.containers[0].image", line: 42 });
  });

  it("are those of what a ClusterClass makes of a control plane template, a pod its patch adds pointing at the patch", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-kubeadm-class-pods-"));
    writeFileSync(
      join(folder, "class.yaml"),
      [
        "apiVersion: controlplane.cluster.x-k8s.io/v1beta2",
        "kind: KubeadmControlPlaneTemplate",
        "metadata: { name: cp, namespace: c }",
        "spec:",
        "  template:",
        "    spec:",
        "      kubeadmConfigSpec:",
        "        files:",
        "          - path: /etc/kubernetes/manifests/written.yaml",
        "            content: |",
        pod("written").replace(/^/gm, "              "),
        "---",
        "apiVersion: cluster.x-k8s.io/v1beta2",
        "kind: ClusterClass",
        "metadata: { name: k, namespace: c }",
        "spec:",
        "  controlPlane: { templateRef: { apiVersion: controlplane.cluster.x-k8s.io/v1beta2, kind: KubeadmControlPlaneTemplate, name: cp } }",
        "  patches:",
        "    - name: kube-vip",
        "      definitions:",
        "        - selector: { apiVersion: controlplane.cluster.x-k8s.io/v1beta2, kind: KubeadmControlPlaneTemplate, matchResources: { controlPlane: true } }",
        "          jsonPatches:",
        "            - op: add",
        "              path: /spec/template/spec/kubeadmConfigSpec/files/-",
        "              value:",
        "                path: /etc/kubernetes/manifests/kube-vip.yaml",
        "                content: |",
        pod("kube-vip").replace(/^/gm, "                  "),
      ].join("\n"),
    );
    const [configuration] = await readConfigurations([folder]);
    const pods = configuration!.resources.filter((resource) => resource.address.includes(".files["));
    const made = "KubeadmControlPlaneTemplate/c/cp (as ClusterClass c/k makes it).spec.template.spec.kubeadmConfigSpec.files";
    expect(pods.map(({ address }) => address).sort()).toEqual([`${made}[0]`, `${made}[1]`]);
    // The pod the patch adds is at the patch's line, its image at its line in the patch's literal block.
    const added = pods.find(({ address }) => address.endsWith("[1]"));
    expect(added?.written?.("spec[0].container[0].image")).toMatchObject({ line: 42 });
  });
});
