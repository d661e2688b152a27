import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPaths } from "../../policies/check";
import type { TfResource } from "../../policies/engine/model";
import { asClassesMakeThem, classPatchSaid } from "../../policies/lib/cluster-class";
import type { AppliedManifest } from "../../policies/lib/helm";
import { type LooseObject, pathSegments, segmentsPath } from "../../policies/lib/values";
import { fixtureSettings } from "./fixture-runner";

const infra = "infrastructure.cluster.x-k8s.io/v1beta2";

const applied = (manifest: LooseObject): AppliedManifest => ({ manifest, resource: {} as TfResource, path: "manifest" });

const machineTemplate = (name: string, spec: LooseObject = {}) =>
  applied({ apiVersion: infra, kind: "OpenStackMachineTemplate", metadata: { name, namespace: "c" }, spec: { template: { spec } } });

/** A v1beta2 ClusterClass using a control plane's and a worker class's machine templates, with the patches and variables given. */
const clusterClass = (patches: unknown[], variables: unknown[] = []) =>
  applied({
    apiVersion: "cluster.x-k8s.io/v1beta2",
    kind: "ClusterClass",
    metadata: { name: "k", namespace: "c" },
    spec: {
      controlPlane: { machineInfrastructure: { templateRef: { apiVersion: infra, kind: "OpenStackMachineTemplate", name: "cp" } } },
      workers: {
        machineDeployments: [{ class: "md-small", infrastructure: { templateRef: { apiVersion: infra, kind: "OpenStackMachineTemplate", name: "md" } } }],
      },
      variables,
      patches,
    },
  });

const cluster = (variables: unknown[], name = "one") =>
  applied({
    apiVersion: "cluster.x-k8s.io/v1beta2",
    kind: "Cluster",
    metadata: { name, namespace: "c" },
    spec: { topology: { classRef: { name: "k" }, version: "v1.33.1", variables } },
  });

/** One patch of operations on the templates a selector picks. */
const patch = (name: string, matchResources: LooseObject, jsonPatches: unknown[], enabledIf?: string) => ({
  name,
  ...(enabledIf === undefined ? {} : { enabledIf }),
  definitions: [{ selector: { apiVersion: infra, kind: "OpenStackMachineTemplate", matchResources }, jsonPatches }],
});

/** The machine specifications made of the templates, by template name, with what makes each. */
const made = (objects: AppliedManifest[]) =>
  asClassesMakeThem(objects)
    .filter(({ manifest }) => manifest.kind === "OpenStackMachineTemplate")
    .map(({ manifest, madeBy }) => ({ name: manifest.metadata.name, spec: manifest.spec.template.spec, madeBy }));

describe("the templates a ClusterClass patches, as Cluster API makes them for a Cluster", () => {
  it("are patched where the selector picks them: the control plane's, a worker class by name, by `*`, by a prefix or a suffix", () => {
    const port = [{ op: "add", path: "/spec/template/spec/ports", value: [{ disablePortSecurity: true }] }];
    for (const match of [
      { controlPlane: true },
      { machineDeploymentClass: { names: ["md-small"] } },
      { machineDeploymentClass: { names: ["*"] } },
      { machineDeploymentClass: { names: ["md-*"] } },
      { machineDeploymentClass: { names: ["*-small"] } },
    ]) {
      const specs = made([machineTemplate("cp"), machineTemplate("md"), clusterClass([patch("p", match, port)]), cluster([])]);
      const patched = specs.filter(({ spec }) => spec.ports !== undefined).map(({ name }) => name);
      expect(patched, JSON.stringify(match)).toEqual("controlPlane" in match ? ["cp"] : ["md"]);
    }
    // Another class name, an infrastructure cluster's selector, another kind or version pick none: the templates stay as written.
    for (const match of [{ machineDeploymentClass: { names: ["md-large"] } }, { infrastructureCluster: true }]) {
      const objects = [machineTemplate("cp"), machineTemplate("md"), clusterClass([patch("p", match, port)]), cluster([])];
      expect(asClassesMakeThem(objects)).toEqual(objects);
    }
  });

  it("take the Cluster's variables, else the class's defaults, and the builtins, in valueFrom and in Go templates", () => {
    const patches = [
      patch("image", { controlPlane: true }, [
        { op: "add", path: "/spec/template/spec/flavor", valueFrom: { variable: "flavor" } },
        { op: "add", path: "/spec/template/spec/image", valueFrom: { template: "filter:\n  name: {{ .imageName }}-{{ .builtin.controlPlane.version }}" } },
        { op: "add", path: "/spec/template/spec/serverGroup", valueFrom: { variable: "group.name" } },
        { op: "add", path: "/spec/template/spec/identityRef", valueFrom: { variable: "identity" } },
      ]),
    ];
    const variables = [
      { name: "flavor", schema: { openAPIV3Schema: { type: "string", default: "m1.medium" } } },
      { name: "imageName", schema: { openAPIV3Schema: { type: "string" } } },
      { name: "group", schema: { openAPIV3Schema: { type: "object" } } },
      // Defaults of an object's properties apply where the object is given.
      {
        name: "identity",
        schema: { openAPIV3Schema: { type: "object", properties: { name: { type: "string", default: "cloud-config" }, cloudName: { type: "string" } } } },
      },
    ];
    const [spec] = made([
      machineTemplate("cp"),
      clusterClass(patches, variables),
      cluster([
        { name: "imageName", value: "ubuntu" },
        { name: "group", value: { name: "cp-group" } },
        { name: "identity", value: { cloudName: "openstack" } },
      ]),
    ]);
    expect(spec).toEqual({
      name: "cp",
      spec: {
        flavor: "m1.medium",
        image: { filter: { name: "ubuntu-v1.33.1" } },
        serverGroup: "cp-group",
        identityRef: { cloudName: "openstack", name: "cloud-config" },
      },
      madeBy: "as ClusterClass c/k makes it for Cluster c/one",
    });
  });

  it("apply a patch whose enabledIf renders true, skip one that renders anything else, and leave a value not known where it cannot be rendered", () => {
    const open = (enabledIf: string) =>
      clusterClass([
        patch("open", { controlPlane: true }, [{ op: "add", path: "/spec/template/spec/ports", value: [{ disablePortSecurity: true }] }], enabledIf),
      ]);
    const ports = (enabledIf: string, value: unknown) => made([machineTemplate("cp"), open(enabledIf), cluster([{ name: "open", value }])])[0]?.spec.ports;
    expect(ports("{{ .open }}", true)).toEqual([{ disablePortSecurity: true }]);
    expect(ports("{{ .open }}", false)).toBeUndefined();
    // Read as sigs.k8s.io/yaml reads it: YAML 1.1's `yes` is true, `1` a number.
    expect(ports("{{ .open }}", "yes")).toEqual([{ disablePortSecurity: true }]);
    expect(ports("{{ .open }}", 1)).toBeUndefined();
    // CAPO's own pattern: `if` over a field, and a field under it.
    expect(ports("{{ if .open }}{{ .open.enabled }}{{ end }}", { enabled: true })).toEqual([{ disablePortSecurity: true }]);
    expect(ports("{{ if .open }}{{ .open.enabled }}{{ end }}", {})).toBeUndefined();
    // Cluster API's quick-start class: the builtins not and ne, a variable the Cluster leaves out being the zero value.
    expect(ports('{{ ne .open "" }}', "flat")).toEqual([{ disablePortSecurity: true }]);
    expect(ports('{{ ne .open "" }}', "")).toBeUndefined();
    expect(ports("{{ not .open }}", false)).toEqual([{ disablePortSecurity: true }]);
    expect(ports('{{ if and .open (eq .open.mode "flat") }}true{{ end }}', { mode: "flat" })).toEqual([{ disablePortSecurity: true }]);
    // A placeholder another tool fills, a function this check does not render: the patch may apply.
    for (const [enabledIf, value] of [
      ["{{ .open }}", "${OPEN_PORTS}"],
      ["{{ if .open }}true{{ end }}", "${OPEN_PORTS}"],
      ['{{ semverCompare ">= 1.0" .open }}', "1.2.0"],
    ] as const) {
      const said = classPatchSaid(String(ports(enabledIf, value)));
      expect(said, enabledIf).toBe("written by ClusterClass k's patch open, applied where its enabledIf holds, which is not known here");
    }
  });

  it("render a template that ranges over a variable's list, as CAPI's own classes build lists", () => {
    const template = "{{- range .networks }}\n- network: { filter: { name: {{ .name }} } }\n  enablePortSecurity: {{ not .flat }}\n{{- end }}";
    const [made] = asClassesMakeThem([
      machineTemplate("cp"),
      clusterClass([patch("ports", { controlPlane: true }, [{ op: "add", path: "/spec/template/spec/ports", valueFrom: { template } }])]),
      cluster([{ name: "networks", value: [{ name: "private" }, { name: "flat-net", flat: true }] }]),
    ]);
    expect(made?.manifest.spec.template.spec.ports).toEqual([
      { network: { filter: { name: "private" } }, enablePortSecurity: true },
      { network: { filter: { name: "flat-net" } }, enablePortSecurity: false },
    ]);
  });

  it("make one object per Cluster using the class, and one whose variables are not known where none does", () => {
    const patches = [patch("flavor", { controlPlane: true }, [{ op: "replace", path: "/spec/template/spec/flavor", valueFrom: { variable: "flavor" } }])];
    const two = made([
      machineTemplate("cp", { flavor: "m1.small" }),
      clusterClass(patches),
      cluster([{ name: "flavor", value: "a" }]),
      cluster([{ name: "flavor", value: "b" }], "two"),
    ]);
    expect(two.map(({ spec, madeBy }) => [spec.flavor, madeBy])).toEqual([
      ["a", "as ClusterClass c/k makes it for Cluster c/one"],
      ["b", "as ClusterClass c/k makes it for Cluster c/two"],
    ]);
    const [alone] = made([machineTemplate("cp", { flavor: "m1.small" }), clusterClass(patches)]);
    expect(alone?.madeBy).toBe("as ClusterClass c/k makes it");
    expect(classPatchSaid(alone?.spec.flavor)).toBe(
      "written by ClusterClass k's patch flavor, from the variables of a Cluster that uses it, which no Cluster here gives",
    );
  });

  it("make one object per MachineDeployment of a worker class, with its variable overrides, and the control plane's with its own", () => {
    const flavor = (match: LooseObject) =>
      patch("flavor", match, [
        { op: "add", path: "/spec/template/spec/flavor", valueFrom: { variable: "flavor" } },
        {
          op: "add",
          path: "/spec/template/spec/serverGroup",
          valueFrom: { template: "{{ .builtin.cluster.name }}-{{ .builtin.machineDeployment.topologyName }}" },
        },
      ]);
    const withWorkers = applied({
      ...cluster([{ name: "flavor", value: "m1.small" }]).manifest,
      spec: {
        topology: {
          classRef: { name: "k" },
          version: "v1.33.1",
          variables: [{ name: "flavor", value: "m1.small" }],
          controlPlane: { variables: { overrides: [{ name: "flavor", value: "m1.large" }] } },
          workers: {
            machineDeployments: [
              { class: "md-small", name: "md-0" },
              { class: "md-small", name: "md-1", variables: { overrides: [{ name: "flavor", value: "m1.xlarge" }] } },
              { class: "md-other", name: "md-2" },
            ],
          },
        },
      },
    });
    const specs = made([machineTemplate("cp"), machineTemplate("md"), clusterClass([flavor({ machineDeploymentClass: { names: ["*"] } })]), withWorkers]);
    expect(specs.filter(({ name }) => name === "md").map(({ spec, madeBy }) => [spec.flavor, spec.serverGroup, madeBy])).toEqual([
      ["m1.small", "one-md-0", "as ClusterClass c/k makes it for MachineDeployment md-0 of Cluster c/one"],
      ["m1.xlarge", "one-md-1", "as ClusterClass c/k makes it for MachineDeployment md-1 of Cluster c/one"],
    ]);
    // The control plane's template has the control plane's overrides; a template no patch selects stays as written.
    const controlPlane = made([
      machineTemplate("cp"),
      clusterClass([patch("flavor", { controlPlane: true }, [{ op: "add", path: "/spec/template/spec/flavor", valueFrom: { variable: "flavor" } }])]),
      withWorkers,
    ]);
    expect(controlPlane.map(({ spec }) => spec.flavor)).toEqual(["m1.large"]);
  });

  it("say where a runtime extension's patches, not read here, may change a template the class uses, patched inline or not", () => {
    const external = { name: "lb", external: { generatePatchesExtension: "generate-patches.lb-extension" } };
    const specs = made([machineTemplate("cp"), clusterClass([external]), cluster([])]);
    expect(specs.map(({ madeBy }) => madeBy)).toEqual([
      "as ClusterClass c/k makes it for Cluster c/one, with the patches of its runtime extension generate-patches.lb-extension, not read here",
    ]);
  });

  it("apply JSON patch operations as RFC 6902 does, an operation that fails changing nothing", () => {
    const apply = (jsonPatches: unknown[]) =>
      made([
        machineTemplate("cp", { ports: [{ name: "a" }, { name: "b" }], flavor: "m1.small" }),
        clusterClass([patch("p", { controlPlane: true }, jsonPatches)]),
        cluster([]),
      ])[0]?.spec;
    expect(apply([{ op: "add", path: "/spec/template/spec/ports/-", value: { name: "c" } }])?.ports).toEqual([{ name: "a" }, { name: "b" }, { name: "c" }]);
    expect(apply([{ op: "add", path: "/spec/template/spec/ports/0", value: { name: "z" } }])?.ports).toEqual([{ name: "z" }, { name: "a" }, { name: "b" }]);
    expect(apply([{ op: "remove", path: "/spec/template/spec/ports/1" }])?.ports).toEqual([{ name: "a" }]);
    expect(apply([{ op: "replace", path: "/spec/template/spec/ports/1/name", value: "y" }])?.ports).toEqual([{ name: "a" }, { name: "y" }]);
    expect(apply([{ op: "remove", path: "/spec/template/spec/flavor" }])).toEqual({ ports: [{ name: "a" }, { name: "b" }] });
    // A missing parent, an index past the end, a key to replace that is not there: json-patch refuses them.
    for (const refused of [
      { op: "add", path: "/spec/template/spec/rootVolume/type", value: "plain" },
      { op: "add", path: "/spec/template/spec/ports/5", value: {} },
      { op: "replace", path: "/spec/template/spec/serverGroup", value: "g" },
    ])
      expect(apply([refused]), JSON.stringify(refused)).toEqual({ ports: [{ name: "a" }, { name: "b" }], flavor: "m1.small" });
    expect(apply([{ op: "add", path: "/spec/template/spec/a~1b~0c", value: 1 }])?.["a/b~c"]).toBe(1);
  });

  it("read a v1beta1 class's refs and topology class, and leave a template of another namespace as written", () => {
    const v1beta1Class = applied({
      apiVersion: "cluster.x-k8s.io/v1beta1",
      kind: "ClusterClass",
      metadata: { name: "k", namespace: "c" },
      spec: {
        workers: {
          machineDeployments: [{ class: "md", template: { infrastructure: { ref: { apiVersion: infra, kind: "OpenStackMachineTemplate", name: "md" } } } }],
        },
        patches: [
          patch("p", { machineDeploymentClass: { names: ["md"] } }, [{ op: "add", path: "/spec/template/spec/flavor", valueFrom: { variable: "flavor" } }]),
        ],
      },
    });
    const v1beta1Cluster = applied({
      apiVersion: "cluster.x-k8s.io/v1beta1",
      kind: "Cluster",
      metadata: { name: "one", namespace: "c" },
      spec: { topology: { class: "k", version: "v1.33.1", variables: [{ name: "flavor", value: "m1.large" }] } },
    });
    expect(made([machineTemplate("md"), v1beta1Class, v1beta1Cluster])[0]?.spec).toEqual({ flavor: "m1.large" });
    const elsewhere = applied({ ...machineTemplate("md").manifest, metadata: { name: "md", namespace: "other" } });
    expect(made([elsewhere, v1beta1Class, v1beta1Cluster])[0]?.spec).toEqual({});
    // A Cluster whose namespace another tool fills may be the class's.
    const placed = applied({ ...v1beta1Cluster.manifest, metadata: { name: "one", namespace: "${NAMESPACE}" } });
    expect(made([machineTemplate("md"), v1beta1Class, placed])[0]?.spec).toEqual({ flavor: "m1.large" });
  });

  it("say where a field a patch writes is written: the operation's value, the Cluster's variable or override, the class's default, else the operation", () => {
    const template = machineTemplate("md", { flavor: "m1.small", image: "plain", rootVolume: { sizeGiB: 50 } });
    const ops = "spec.patches[0].definitions[0].jsonPatches";
    const theClass = clusterClass(
      [
        patch("workers", { machineDeploymentClass: { names: ["md-small"] } }, [
          { op: "add", path: "/spec/template/spec/ports", value: [{ enablePortSecurity: false, network: "n" }] },
          { op: "replace", path: "/spec/template/spec/flavor", valueFrom: { variable: "flavor" } },
          { op: "add", path: "/spec/template/spec/serverGroup", valueFrom: { variable: "group.name" } },
          { op: "add", path: "/spec/template/spec/identityRef", valueFrom: { template: "name: {{ .builtin.cluster.name }}" } },
          { op: "remove", path: "/spec/template/spec/image" },
          { op: "add", path: "/spec/template/spec/tags", valueFrom: { variable: "tags" } },
        ]),
        // A later operation on a field under an earlier one's is where that field is written.
        patch("secure", { machineDeploymentClass: { names: ["*"] } }, [{ op: "replace", path: "/spec/template/spec/ports/0/enablePortSecurity", value: true }]),
      ],
      [
        { name: "flavor", schema: { openAPIV3Schema: { type: "string" } } },
        { name: "group", schema: { openAPIV3Schema: { type: "object" } } },
        { name: "tags", schema: { openAPIV3Schema: { type: "array", default: ["eds"] } } },
      ],
    );
    const theCluster = applied({
      ...cluster([]).manifest,
      spec: {
        topology: {
          classRef: { name: "k" },
          version: "v1.33.1",
          variables: [{ name: "group", value: { name: "g" } }],
          workers: { machineDeployments: [{ class: "md-small", name: "md-0", variables: { overrides: [{ name: "flavor", value: "m1.large" }] } }] },
        },
      },
    });
    const writtenAt = (objects: AppliedManifest[]) => {
      const [made] = asClassesMakeThem(objects).filter(({ manifest }) => manifest.kind === "OpenStackMachineTemplate");
      const holder = (object: AppliedManifest) => (object === theClass ? "class" : object === theCluster ? "Cluster" : "another");
      return (field: string) => {
        const written = made?.writtenBy?.(pathSegments(`spec.template.spec.${field}`));
        return written && `${holder(written.applied)} ${segmentsPath(written.field)}`;
      };
    };
    const at = writtenAt([template, theClass, theCluster]);
    expect(at("ports[0].network")).toBe(`class ${ops}[0].value[0].network`);
    expect(at("ports[0].enablePortSecurity")).toBe("class spec.patches[1].definitions[0].jsonPatches[0].value");
    expect(at("flavor")).toBe("Cluster spec.topology.workers.machineDeployments[0].variables.overrides[0].value");
    expect(at("serverGroup")).toBe("Cluster spec.topology.variables[0].value.name");
    expect(at("identityRef.name")).toBe(`class ${ops}[3].valueFrom.template`);
    expect(at("image")).toBe(`class ${ops}[4]`);
    expect(at("tags[0]")).toBe("class spec.variables[2].schema.openAPIV3Schema.default[0]");
    // What the patches leave is where the template writes it, as is a field holding what they write.
    expect([at("rootVolume.sizeGiB"), at("")]).toEqual([undefined, undefined]);
    // With no Cluster, a variable's value is not known: the finding is on the operation that reads it; an enabledIf
    // not known is where the patch may apply.
    const alone = writtenAt([template, theClass]);
    expect(alone("flavor")).toBe(`class ${ops}[1].valueFrom`);
    const optional = clusterClass([
      patch("open", { machineDeploymentClass: { names: ["*"] } }, [{ op: "add", path: "/spec/template/spec/ports", value: [] }], "{{ .open }}"),
    ]);
    const [made] = asClassesMakeThem([template, optional]).filter(({ manifest }) => manifest.kind === "OpenStackMachineTemplate");
    expect(made?.writtenBy?.(pathSegments("spec.template.spec.ports"))?.field).toEqual(["spec", "patches", 0, "enabledIf"]);
  });

  it("put a finding on what a patch writes at the line where the class or the Cluster writes it", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-class-lines-"));
    writeFileSync(
      join(folder, "class.yaml"),
      [
        `apiVersion: ${infra}`,
        "kind: OpenStackMachineTemplate",
        "metadata: { name: md, namespace: c }",
        "spec:",
        "  template:",
        "    spec:",
        "      flavor: m1.medium",
        "      rootVolume: { sizeGiB: 50, type: encrypted }",
        "---",
        "apiVersion: cluster.x-k8s.io/v1beta2",
        "kind: ClusterClass",
        "metadata: { name: k, namespace: c }",
        "spec:",
        `  workers: { machineDeployments: [{ class: md, infrastructure: { templateRef: { apiVersion: ${infra}, kind: OpenStackMachineTemplate, name: md } } }] }`,
        "  patches:",
        "    - name: ports",
        "      definitions:",
        `        - selector: { apiVersion: ${infra}, kind: OpenStackMachineTemplate, matchResources: { machineDeploymentClass: { names: [md] } } }`,
        "          jsonPatches:",
        "            - op: add",
        "              path: /spec/template/spec/ports",
        "              valueFrom: { variable: ports }",
        "---",
        "apiVersion: cluster.x-k8s.io/v1beta2",
        "kind: Cluster",
        "metadata: { name: one, namespace: c }",
        "spec:",
        "  topology:",
        "    classRef: { name: k }",
        "    version: v1.33.1",
        "    variables:",
        "      - name: ports",
        "        value:",
        "          - network: { filter: { name: flat } }",
        "            enablePortSecurity: false",
      ].join("\n"),
    );
    const report = await checkPaths([folder], { settings: { ...fixtureSettings, encryptedVolumeTypes: ["encrypted"] } });
    const found = report.outcomes.filter((outcome) => outcome.policyId === "openstack-machine-port-security" && outcome.status !== "compliant");
    expect(found.map(({ address, path, line }) => [address, path, line])).toEqual([
      ["Cluster/c/one", "spec.topology.variables[0].value[0].enablePortSecurity", 35],
    ]);
  });
  it("put a resource policy's finding on what a patch writes, not known here, at the patch, with why", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-class-unknown-"));
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
        "        format: cloud-config",
        "---",
        "apiVersion: cluster.x-k8s.io/v1beta2",
        "kind: ClusterClass",
        "metadata: { name: k, namespace: c }",
        "spec:",
        "  controlPlane: { templateRef: { apiVersion: controlplane.cluster.x-k8s.io/v1beta2, kind: KubeadmControlPlaneTemplate, name: cp } }",
        "  variables:",
        "    - { name: bootstrap, required: true, schema: { openAPIV3Schema: { type: string } } }",
        "  patches:",
        "    - name: ignition",
        "      enabledIf: '{{ eq .bootstrap \"ignition\" }}'",
        "      definitions:",
        "        - selector: { apiVersion: controlplane.cluster.x-k8s.io/v1beta2, kind: KubeadmControlPlaneTemplate, matchResources: { controlPlane: true } }",
        "          jsonPatches:",
        "            - { op: add, path: /spec/template/spec/kubeadmConfigSpec, value: { format: ignition } }",
      ].join("\n"),
    );
    const report = await checkPaths([folder], { settings: fixtureSettings });
    const found = report.outcomes.filter((outcome) => outcome.policyId === "kubernetes-authorization-enforced" && outcome.status !== "compliant");
    expect(found.map(({ address, path, line }) => [address, path, line])).toEqual([["ClusterClass/c/k", "spec.patches[0].enabledIf", 19]]);
    expect(found[0]?.message).toMatch(/written by ClusterClass k's patch ignition, applied where its enabledIf holds/);
  });
});
