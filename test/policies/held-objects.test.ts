import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findSuppression } from "../../policies/engine/suppressions";
import { readConfigurations } from "../../policies/inputs/read";

/** The configuration read from a folder of one file, `main.tf` or `objects.yaml` as its name says. */
async function configurationOf(name: string, text: string) {
  const folder = mkdtempSync(join(tmpdir(), "eds-held-objects-"));
  writeFileSync(join(folder, name), text);
  const [configuration] = await readConfigurations([folder], []);
  return configuration!;
}

/** The resources read from a folder of one file (configurationOf). */
const resourcesOf = async (name: string, text: string) => (await configurationOf(name, text)).resources;

/** A ClusterResourceSet of namespace `clusters` naming `resources`, as a kubernetes_manifest block. */
const setNaming = (...resources: string[]) => `
resource "kubernetes_manifest" "set" {
  manifest = {
    apiVersion = "addons.cluster.x-k8s.io/v1beta1"
    kind       = "ClusterResourceSet"
    metadata   = { name = "addons", namespace = "clusters" }
    spec = {
      clusterSelector = { matchLabels = { region = "fr-test-1" } }
      resources       = [${resources.join(", ")}]
    }
  }
}
`;

const pod = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  containers: [{name: app, image: registry.example.fr/app:1.0}]\n`;

/** The addresses, types and lines of what the holders' data gives. */
const held = (resources: readonly { address: string; type: string; line?: number }[]) =>
  resources.filter(({ address }) => address.includes(".data[")).map(({ address, type, line }) => ({ address, type, line }));

describe("the objects a ClusterResourceSet applies, read from the ConfigMaps and Secrets it names", () => {
  it("reads every document of every key of a ConfigMap it names in its namespace, keys in sorted order, placed at the key's line", async () => {
    const resources = await resourcesOf(
      "main.tf",
      `${setNaming(`{ kind = "ConfigMap", name = "apps" }`)}
resource "kubernetes_config_map_v1" "apps" {
  metadata {
    name      = "apps"
    namespace = "clusters"
  }
  data = {
    "b.yaml" = ${JSON.stringify(pod("b"))}
    "a.yaml" = ${JSON.stringify(`${pod("a1")}---\n${pod("a2")}`)}
  }
}

resource "kubernetes_config_map_v1" "same_name_elsewhere" {
  metadata {
    name      = "apps"
    namespace = "apps"
  }
  data = { "c.yaml" = ${JSON.stringify(pod("c"))} }
}
`,
    );
    expect(held(resources)).toEqual([
      { address: 'kubernetes_config_map_v1.apps.data["a.yaml"][0]', type: "kubernetes_pod_v1", line: 21 },
      { address: 'kubernetes_config_map_v1.apps.data["a.yaml"][1]', type: "kubernetes_pod_v1", line: 21 },
      { address: 'kubernetes_config_map_v1.apps.data["b.yaml"][0]', type: "kubernetes_pod_v1", line: 20 },
    ]);
  });

  it("reads a Secret's data only where its type is the one the controller takes, a manifest's data base64-decoded and its stringData winning", async () => {
    const encoded = (text: string) => Buffer.from(text).toString("base64");
    const resources = await resourcesOf(
      "objects.yaml",
      [
        "apiVersion: addons.cluster.x-k8s.io/v1beta2",
        "kind: ClusterResourceSet",
        "metadata: {name: addons, namespace: clusters}",
        "spec:",
        "  clusterSelector: {matchLabels: {region: fr-test-1}}",
        "  resources: [{kind: Secret, name: taken}, {kind: Secret, name: opaque}]",
        "---",
        "apiVersion: v1",
        "kind: Secret",
        "metadata: {name: taken, namespace: clusters}",
        "type: addons.cluster.x-k8s.io/resource-set",
        `data: {a.yaml: ${encoded(pod("from-data"))}, b.yaml: ${encoded(pod("replaced"))}}`,
        "stringData:",
        "  b.yaml: |",
        ...pod("from-string-data")
          .trimEnd()
          .split("\n")
          .map((line) => `    ${line}`),
        "---",
        "apiVersion: v1",
        "kind: Secret",
        "metadata: {name: opaque, namespace: clusters}",
        "type: Opaque",
        `data: {a.yaml: ${encoded(pod("opaque"))}}`,
      ].join("\n"),
    );
    const names = resources
      .filter(({ address }) => address.includes(".data["))
      .map(({ address, values }) => [address, (values.metadata as { name: string }[])[0]!.name]);
    expect(names).toEqual([
      ['Secret/clusters/taken.data["a.yaml"][0]', "from-data"],
      ['Secret/clusters/taken.data["b.yaml"][0]', "from-string-data"],
    ]);
  });

  it("reads the typed Secret's data as text, and nothing of a ConfigMap no set names; a value known only at apply stays one object not known", async () => {
    const resources = await resourcesOf(
      "main.tf",
      `variable "addons" {
  type = string
}
${setNaming(`{ kind = "Secret", name = "typed" }`, `{ kind = "ConfigMap", name = "rendered" }`)}
resource "kubernetes_secret_v1" "typed" {
  metadata {
    name      = "typed"
    namespace = "clusters"
  }
  type = "addons.cluster.x-k8s.io/resource-set"
  data = { "pod.yaml" = ${JSON.stringify(pod("typed"))} }
}

resource "kubernetes_config_map_v1" "rendered" {
  metadata {
    name      = "rendered"
    namespace = "clusters"
  }
  data = { "addons.yaml" = var.addons }
}

resource "kubernetes_config_map_v1" "named_by_none" {
  metadata {
    name      = "named-by-none"
    namespace = "clusters"
  }
  data = { "pod.yaml" = ${JSON.stringify(pod("none"))} }
}
`,
    );
    expect(held(resources).map(({ address, type }) => [address, type])).toEqual([
      ['kubernetes_secret_v1.typed.data["pod.yaml"][0]', "kubernetes_pod_v1"],
      ['kubernetes_config_map_v1.rendered.data["addons.yaml"]', "kubernetes_manifest"],
    ]);
  });

  it("reads the keys of an RKE2 control plane's manifestsConfigMapReference its servers' deploy controller applies, none where their data-dir is elsewhere", async () => {
    const controlPlane = (name: string, spec: string[]) => [
      "apiVersion: controlplane.cluster.x-k8s.io/v1beta1",
      "kind: RKE2ControlPlane",
      `metadata: {name: ${name}, namespace: clusters}`,
      "spec:",
      ...spec.map((line) => `  ${line}`),
      "---",
    ];
    const resources = await resourcesOf(
      "objects.yaml",
      [
        ...controlPlane("cp", ["manifestsConfigMapReference: {name: addons, namespace: clusters}"]),
        ...controlPlane("moved", ["agentConfig: {dataDir: /srv/rke2}", "manifestsConfigMapReference: {name: moved, namespace: clusters}"]),
        ...controlPlane("no-namespace", ["manifestsConfigMapReference: {name: unplaced}"]),
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata: {name: addons, namespace: clusters}",
        "data:",
        ...[
          ["cni.yaml", pod("cni")],
          ["notes.txt", pod("notes")],
          ["skipped.yaml", pod("skipped")],
          ["skipped.yaml.skip", ""],
          ["Upper.yaml", pod("upper")],
        ].flatMap(([key, text]) => [`  ${key}: |-`, ...(text ? text.trimEnd().split("\n") : [""]).map((line) => `    ${line}`)]),
        ...["moved", "unplaced"].flatMap((name) => [
          "---",
          "apiVersion: v1",
          "kind: ConfigMap",
          `metadata: {name: ${name}, namespace: clusters}`,
          "data:",
          `  pod.yaml: ${JSON.stringify(pod(name))}`,
        ]),
      ].join("\n"),
    );
    expect(held(resources).map(({ address, type }) => [address, type])).toEqual([['ConfigMap/clusters/addons.data["cni.yaml"][0]', "kubernetes_pod_v1"]]);
  });

  it("matches a name a placeholder fills by its text, the same on both sides, holds data wholly known only at apply as one object (clusterctl's templates), and names a holder not checked", async () => {
    const configuration = await configurationOf(
      "objects.yaml",
      [
        "apiVersion: addons.cluster.x-k8s.io/v1beta2",
        "kind: ClusterResourceSet",
        "metadata: {name: '${CLUSTER_NAME}-crs-0'}",
        "spec:",
        "  clusterSelector: {matchLabels: {cni: '${CLUSTER_NAME}-crs-0'}}",
        "  resources: [{kind: ConfigMap, name: 'cni-${CLUSTER_NAME}-crs-0'}, {kind: ConfigMap, name: ccm}, {kind: Secret, name: elsewhere}]",
        "---",
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata: {name: 'cni-${CLUSTER_NAME}-crs-0'}",
        `data: {cni.yaml: ${JSON.stringify(pod("cni"))}}`,
        "---",
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata: {name: ccm}",
        "data: ${CCM_RESOURCES}",
      ].join("\n"),
    );
    expect(held(configuration.resources).map(({ address, type }) => [address, type])).toEqual([
      ['ConfigMap/default/cni-${CLUSTER_NAME}-crs-0.data["cni.yaml"][0]', "kubernetes_pod_v1"],
      ["ConfigMap/default/ccm.data[*]", "kubernetes_manifest"],
    ]);
    expect(configuration.leftToTheirTools?.map(({ message }) => message)).toEqual([
      "ClusterResourceSet/default/${CLUSTER_NAME}-crs-0 applies the objects of the Secret default/elsewhere, which is not among what was checked: they were not judged",
    ]);
  });

  it("reads what a Sveltos profile's policyRefs deploy: a ClusterProfile's in the namespace each names, a Profile's in its own, a Secret of Sveltos's type only; a template is named, not read", async () => {
    const holder = (kind: string, name: string, more: string[] = []) => [
      "---",
      "apiVersion: v1",
      `kind: ${kind}`,
      `metadata: {name: ${name}, namespace: addons${more.length > 0 ? `, ${more.join(", ")}` : ""}}`,
      ...(kind === "Secret" ? ["type: addons.projectsveltos.io/cluster-profile", `stringData: {pod.yaml: ${JSON.stringify(pod(name))}}`] : []),
      ...(kind === "ConfigMap" ? [`data: {pod.yaml: ${JSON.stringify(pod(name))}}`] : []),
    ];
    const configuration = await configurationOf(
      "objects.yaml",
      [
        "apiVersion: config.projectsveltos.io/v1beta1",
        "kind: ClusterProfile",
        "metadata: {name: fleet}",
        "spec:",
        "  clusterSelector: {matchLabels: {env: production}}",
        "  policyRefs:",
        "    - {kind: ConfigMap, namespace: addons, name: cm}",
        "    - {kind: Secret, namespace: addons, name: typed}",
        "    - {kind: Secret, namespace: addons, name: opaque}",
        "    - {kind: ConfigMap, name: per-cluster-namespace}",
        "    - {kind: ConfigMap, namespace: addons, name: templated}",
        "---",
        "apiVersion: config.projectsveltos.io/v1beta1",
        "kind: Profile",
        "metadata: {name: tenant, namespace: addons}",
        "spec:",
        "  clusterSelector: {matchLabels: {tenant: research}}",
        "  policyRefs: [{kind: ConfigMap, name: tenant-cm}]",
        ...holder("ConfigMap", "cm"),
        ...holder("Secret", "typed"),
        "---",
        "apiVersion: v1",
        "kind: Secret",
        "metadata: {name: opaque, namespace: addons}",
        "type: Opaque",
        `stringData: {pod.yaml: ${JSON.stringify(pod("opaque"))}}`,
        ...holder("ConfigMap", "per-cluster-namespace"),
        ...holder("ConfigMap", "templated", ["annotations: {projectsveltos.io/template: ok}"]),
        ...holder("ConfigMap", "tenant-cm"),
      ].join("\n"),
    );
    expect(held(configuration.resources).map(({ address }) => address)).toEqual([
      'ConfigMap/addons/cm.data["pod.yaml"][0]',
      'Secret/addons/typed.data["pod.yaml"][0]',
      'ConfigMap/addons/tenant-cm.data["pod.yaml"][0]',
    ]);
    expect(configuration.leftToTheirTools?.map(({ message }) => message)).toEqual([
      "ConfigMap/addons/templated holds a template Sveltos renders for each cluster it deploys to (projectsveltos.io/template), whose objects are not read here",
    ]);
  });

  it("reads a List's items where the controller applies them (RKE2's deploy controller), not where it sends the List whole (Cluster API)", async () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n  - ${pod("item").trimEnd().replaceAll("\n", "\n    ")}\n---\n${pod("alone")}`;
    const holder = (name: string) => [
      "---",
      "apiVersion: v1",
      "kind: ConfigMap",
      `metadata: {name: ${name}, namespace: clusters}`,
      `data: {objects.yaml: ${JSON.stringify(list)}}`,
    ];
    const resources = await resourcesOf(
      "objects.yaml",
      [
        "apiVersion: addons.cluster.x-k8s.io/v1beta2",
        "kind: ClusterResourceSet",
        "metadata: {name: set, namespace: clusters}",
        "spec:",
        "  clusterSelector: {matchLabels: {region: fr-test-1}}",
        "  resources: [{kind: ConfigMap, name: for-the-set}]",
        "---",
        "apiVersion: controlplane.cluster.x-k8s.io/v1beta1",
        "kind: RKE2ControlPlane",
        "metadata: {name: cp, namespace: clusters}",
        "spec:",
        "  manifestsConfigMapReference: {name: for-rke2, namespace: clusters}",
        ...holder("for-the-set"),
        ...holder("for-rke2"),
      ].join("\n"),
    );
    expect(held(resources).map(({ address }) => address)).toEqual([
      'ConfigMap/clusters/for-the-set.data["objects.yaml"][1]',
      'ConfigMap/clusters/for-rke2.data["objects.yaml"][0]',
      'ConfigMap/clusters/for-rke2.data["objects.yaml"][1]',
    ]);
  });

  it("has a suppression written for the ConfigMap or Secret cover the objects it holds", () => {
    const suppression = {
      policy: "k8s-no-privileged",
      resource: "kubernetes_config_map_v1.apps",
      reason: "reviewed",
      approver: "rssi@example.fr",
      expires: "2099-01-01",
    };
    expect(findSuppression([suppression], "k8s-no-privileged", 'kubernetes_config_map_v1.apps.data["a.yaml"][0]', "2026-11-28")).toBe(suppression);
    expect(findSuppression([suppression], "k8s-no-privileged", "kubernetes_config_map_v1.apps.data[*]", "2026-11-28")).toBe(suppression);
    expect(findSuppression([suppression], "k8s-no-privileged", 'kubernetes_config_map_v1.other.data["a.yaml"][0]', "2026-11-28")).toBeUndefined();
  });
});
