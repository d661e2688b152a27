import { describe, expect, it } from "vitest";
import { ResourceGraph } from "../../policies/engine/graph";
import type { TfResource } from "../../policies/engine/model";
import { documentPatchedAt, generatedAdmissionControl, mergedAsTalos, mergedByName, patchedAt, replacedAsTalos, talosMachines } from "../../policies/lib/talos";
import { apiServerArgs, flagsAt } from "../../policies/lib/talos-settings";
import { knownAfterApply } from "../../policies/lib/values";

const cni = ["cluster", "network", "cni"];

describe("patchedAt reads what Talos's config patches leave at a path of the v1alpha1 configuration", () => {
  it("leaves the generated value where no patch writes the path, and merges strategic patches in order, key by key", () => {
    expect(patchedAt([], cni)).toEqual({ value: undefined });
    expect(patchedAt(["machine:\n  network:\n    hostname: cp-0\n"], cni)).toEqual({ value: undefined });
    const patches = [
      "cluster:\n  network:\n    cni:\n      name: none\n",
      "cluster:\n  network:\n    cni:\n      flannel:\n        kubeNetworkPoliciesEnabled: true\n",
      // Talos's merge leaves a field its patch gives the empty string alone.
      'cluster:\n  network:\n    cni:\n      name: ""\n',
    ];
    expect(patchedAt(patches, cni)).toEqual({ value: { name: "none", flannel: { kubeNetworkPoliciesEnabled: true } } });
    // A document of another kind, or of the v1alpha1 configuration after it in the same patch.
    expect(patchedAt(["apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: cp-0\n---\ncluster:\n  network:\n    cni:\n      name: custom\n"], cni)).toEqual({
      value: { name: "custom" },
    });
  });

  it("applies a JSON patch's add, replace and remove at the path, above it or below it", () => {
    const add = (path: string, value: unknown) => JSON.stringify([{ op: "add", path, value }]);
    expect(patchedAt([add("/cluster/network", { cni: { name: "none" } })], cni)).toEqual({ value: { name: "none" } });
    expect(patchedAt([add("/cluster/network/cni", { name: "none" }), add("/cluster/network/cni/name", "flannel")], cni)).toEqual({
      value: { name: "flannel" },
    });
    expect(patchedAt(["cluster:\n  network:\n    cni:\n      name: none\n", "- op: remove\n  path: /cluster/network/cni\n"], cni)).toEqual({
      value: undefined,
    });
    expect(patchedAt([add("/cluster/network/cni", { name: "none", urls: [] }), "- op: remove\n  path: /cluster/network/cni/urls\n"], cni)).toEqual({
      value: { name: "none" },
    });
    expect(patchedAt([add("/machine/network/hostname", "cp-0"), '[{"op": "test", "path": "/cluster/network/cni/name", "value": "none"}]'], cni)).toEqual({
      value: undefined,
    });
  });

  it("cannot tell where a patch or the part of it at the path is known only at apply, or moves, copies or deletes there", () => {
    expect(patchedAt(["${var.patch}"], cni)).toEqual({ notKnown: "config patch 1 is known only at apply", written: "${var.patch}" });
    expect(patchedAt(["cluster:\n  network:\n    cni:\n      name: ${var.cni}\n"], cni)).toEqual({ notKnown: "cluster.network.cni is known only at apply" });
    expect(patchedAt(["cluster:\n  network: ${jsonencode(var.network)}\n"], cni)).toMatchObject({
      notKnown: expect.stringContaining("cluster.network known only at apply"),
    });
    expect(patchedAt(["cluster:\n  network:\n    cni:\n      $patch: delete\n"], cni)).toMatchObject({ notKnown: expect.stringContaining("$patch") });
    expect(patchedAt(['[{"op": "move", "from": "/cluster/network/cni", "path": "/cluster/cni"}]'], cni)).toMatchObject({
      notKnown: expect.stringContaining("moves"),
    });
    expect(patchedAt(["cluster: [unclosed"], cni)).toEqual({ notKnown: "config patch 1 is not YAML Talos reads" });
    // The same parts elsewhere in the configuration are not read.
    expect(patchedAt(["machine:\n  install:\n    image: ${var.installer}\n"], cni)).toEqual({ value: undefined });
  });
});

describe("Talos's merge of its configuration", () => {
  it("merges maps key by key, appends lists, and leaves what is there for a zero value, but not for false", () => {
    expect(mergedAsTalos({ a: [1], b: { c: "x", d: true } }, { a: [2], b: { c: "", d: false }, e: 0 })).toEqual({ a: [1, 2], b: { c: "x", d: false } });
  });

  it("reads extra arguments flag by flag, each flag a patch names taking its value whole, a list not appended", () => {
    const patches = [
      "cluster:\n  apiServer:\n    extraArgs:\n      authorization-mode: [AlwaysAllow]\n      audit-log-maxage: '30'\n",
      "cluster:\n  apiServer:\n    extraArgs:\n      authorization-mode: [Webhook]\n",
      "cluster:\n  apiServer:\n    extraArgs: {}\n",
      // A flag known only at apply (a node's provider-id from its instance) takes nothing from the others.
      "cluster:\n  apiServer:\n    extraArgs:\n      provider-id: ${openstack_compute_instance_v2.cp.id}\n",
    ];
    const about: TfResource = {
      address: "data.talos_machine_configuration.cp",
      mode: "data",
      type: "talos_machine_configuration",
      name: "cp",
      values: {},
      provider: "talos",
      stack: "talos",
      file: "main.tf",
    };
    const machine = { about, patches, machineType: "controlplane", contract: "v1alpha1" as const };
    expect(flagsAt(machine, apiServerArgs, ["authorization-mode", "audit-log-maxage", "anonymous-auth"])).toEqual({
      value: { "authorization-mode": ["Webhook"], "audit-log-maxage": "30" },
    });
    expect(flagsAt(machine, apiServerArgs, ["provider-id"])).toEqual({ notKnown: "cluster.apiServer.extraArgs.provider-id is known only at apply" });
  });

  it('replaces a field merged with merge:"replace" whole, unless the patch gives nothing or an empty map', () => {
    const policy = { rules: [{ level: "Metadata" }] };
    expect(
      patchedAt(
        ["cluster:\n  apiServer:\n    auditPolicy:\n      rules:\n        - level: None\n"],
        ["cluster", "apiServer", "auditPolicy"],
        policy,
        replacedAsTalos,
      ),
    ).toEqual({
      value: { rules: [{ level: "None" }] },
    });
    expect(replacedAsTalos(policy, {})).toBe(policy);
    expect(replacedAsTalos(policy, "${var.policy}")).toBe("${var.policy}");
  });

  it("merges admission plugins by name over those Talos generates, a JSON patch's index and `-` read into the list", () => {
    const path = ["cluster", "apiServer", "admissionControl"];
    const merged = patchedAt(
      [
        "cluster:\n  apiServer:\n    admissionControl:\n      - name: PodSecurity\n        configuration:\n          exemptions:\n            namespaces: [workspaces]\n      - name: EventRateLimit\n",
      ],
      path,
      generatedAdmissionControl,
      mergedByName,
    );
    expect(merged).toMatchObject({
      value: [{ name: "PodSecurity", configuration: { exemptions: { namespaces: ["kube-system", "workspaces"], usernames: [] } } }, { name: "EventRateLimit" }],
    });
    const added = patchedAt(
      [JSON.stringify([{ op: "add", path: "/cluster/apiServer/admissionControl/0/configuration/exemptions/namespaces/-", value: "research" }])],
      path,
      generatedAdmissionControl,
      mergedByName,
    );
    expect(added).toMatchObject({ value: [{ configuration: { exemptions: { namespaces: ["kube-system", "research"] } } }] });
    const removed = patchedAt(
      [JSON.stringify([{ op: "remove", path: "/cluster/apiServer/admissionControl/0" }])],
      path,
      generatedAdmissionControl,
      mergedByName,
    );
    expect(removed).toEqual({ value: [] });
    expect(
      patchedAt([JSON.stringify([{ op: "add", path: "/cluster/apiServer/admissionControl/7", value: {} }])], path, generatedAdmissionControl),
    ).toMatchObject({
      notKnown: expect.stringContaining("not read here"),
    });
  });
});

describe("documentPatchedAt reads a document of Talos 1.14's Kubernetes configuration after the patches", () => {
  const flannel = { kind: "KubeFlannelCNIConfig" };
  const generated = { backendType: "vxlan", kubeNetworkPoliciesEnabled: true };

  it("merges a patch's document of the same kind (and name) over the generated one, leaving the others", () => {
    const patches = [
      "apiVersion: v1alpha1\nkind: KubeFlannelCNIConfig\nbackendMTU: 1400\n---\napiVersion: v1alpha1\nkind: KubeletConfig\nimage: k\n",
      "apiVersion: v1alpha1\nkind: KubeFlannelCNIConfig\nkubeNetworkPoliciesEnabled: false\n",
    ];
    expect(documentPatchedAt(patches, flannel, [], generated)).toEqual({
      value: { apiVersion: "v1alpha1", kind: "KubeFlannelCNIConfig", backendType: "vxlan", backendMTU: 1400, kubeNetworkPoliciesEnabled: false },
    });
    const podSecurity = { kind: "KubeAdmissionControlConfig", name: "PodSecurity" };
    const named = ["apiVersion: v1alpha1\nkind: KubeAdmissionControlConfig\nname: EventRateLimit\nconfiguration: {a: 1}\n"];
    expect(documentPatchedAt(named, podSecurity, ["configuration"], { b: 2 })).toEqual({ value: { b: 2 } });
  });

  it("removes a document a patch deletes, and adds it again where a later patch gives it", () => {
    const deleted = "apiVersion: v1alpha1\nkind: KubeFlannelCNIConfig\n$patch: delete\n";
    expect(documentPatchedAt([deleted], flannel, [], generated)).toEqual({ value: undefined });
    expect(documentPatchedAt([deleted, "apiVersion: v1alpha1\nkind: KubeFlannelCNIConfig\nbackendType: host-gw\n"], flannel, [], generated)).toEqual({
      value: { apiVersion: "v1alpha1", kind: "KubeFlannelCNIConfig", backendType: "host-gw" },
    });
  });

  it("cannot tell for a JSON patch, which Talos refuses for a configuration of several documents, or a value known only at apply", () => {
    expect(documentPatchedAt(['[{"op": "remove", "path": "/cluster/network/cni"}]'], flannel, [], generated)).toMatchObject({
      notKnown: expect.stringContaining("JSON patch"),
    });
    expect(documentPatchedAt(["${var.patch}"], flannel, [], generated)).toEqual({ notKnown: "config patch 1 is known only at apply", written: "${var.patch}" });
    expect(documentPatchedAt(["apiVersion: v1alpha1\nkind: KubeFlannelCNIConfig\nkubeNetworkPoliciesEnabled: ${var.on}\n"], flannel, [], generated)).toEqual({
      notKnown: "KubeFlannelCNIConfig is known only at apply",
    });
  });
});

describe("talosMachines finds each machine's configuration, or says why it is not known here", () => {
  const resource = (type: string, name: string, values: Record<string, unknown>, mode: TfResource["mode"] = "managed"): TfResource => ({
    address: `${mode === "managed" ? "" : `${mode}.`}${type}.${name}`,
    mode,
    type,
    name,
    values,
    provider: "talos",
    stack: "talos",
    file: "main.tf",
  });
  const machinesOf = (...resources: TfResource[]) =>
    talosMachines(new ResourceGraph({ stack: "talos", files: ["main.tf"], resources, providers: [] })).map(({ about, machineType, notKnown }) => ({
      about: about.address,
      machineType,
      notKnown,
    }));

  it("tells the release a configuration is generated for from the provider's version where talos_version is not set", () => {
    const contractUnder = (version: string, values: Record<string, unknown> = {}, locked = false) => {
      const configuration = resource("talos_machine_configuration", "cp", { machine_type: "controlplane", ...values }, "data");
      const requirement = { name: "talos", version, file: locked ? ".terraform.lock.hcl" : "versions.tf", ...(locked ? { locked: true as const } : {}) };
      const graph = new ResourceGraph({ stack: "talos", files: ["main.tf"], resources: [configuration], providers: [], providerRequirements: [requirement] });
      return talosMachines(graph)[0]!.contract;
    };
    // Releases before v0.12.0-alpha.0 are built on Talos 1.13's machinery or older.
    expect(contractUnder("0.7.1", {}, true)).toBe("v1alpha1");
    expect(contractUnder("~> 0.11.0")).toBe("v1alpha1");
    expect(contractUnder("0.11.0", { talos_version: "${var.talos_version}" })).toBe("v1alpha1");
    expect(contractUnder("0.12.0-alpha.5", {}, true)).toBeUndefined();
    expect(contractUnder(">= 0.7")).toBeUndefined();
    expect(contractUnder("~> 0.11.0", { talos_version: "v1.14" })).toBe("multidoc");
  });

  it("reads an ephemeral configuration applied through the write-only argument as a data source's", () => {
    const configuration = resource("talos_machine_configuration", "cp", { machine_type: "controlplane", config_patches: [] }, "ephemeral");
    const apply = resource("talos_machine_configuration_apply", "cp", {
      machine_configuration_input_wo: "${ephemeral.talos_machine_configuration.cp.machine_configuration}",
    });
    expect(machinesOf(configuration, apply)).toEqual([{ about: "talos_machine_configuration_apply.cp", machineType: "controlplane", notKnown: undefined }]);
  });

  it("judges a configuration a talos_machine applies as it is made, and one it applies from elsewhere as not known", () => {
    const configuration = resource("talos_machine_configuration", "cp", { machine_type: "controlplane" }, "data");
    const node = (name: string, values: Record<string, unknown>) => resource("talos_machine", name, { node: "192.0.2.41", ...values });
    expect(
      machinesOf(
        configuration,
        node("made_here", { machine_configuration_wo: "${data.talos_machine_configuration.cp.machine_configuration}" }),
        node("given", { machine_configuration: "${var.machine_configuration}" }),
      ),
    ).toEqual([
      { about: "data.talos_machine_configuration.cp", machineType: "controlplane", notKnown: undefined },
      {
        about: "talos_machine.given",
        machineType: knownAfterApply,
        notKnown: { why: "the machine configuration it applies is not made by a Talos configuration read here", written: "${var.machine_configuration}" },
      },
    ]);
  });

  it("judges an apply of a configuration made elsewhere as one whose settings and machine type are not known", () => {
    const apply = (name: string, input: Record<string, unknown>) => resource("talos_machine_configuration_apply", name, { node: "192.0.2.31", ...input });
    expect(
      machinesOf(
        apply("given", { machine_configuration_input: "${var.machine_configuration}" }),
        apply("written", { machine_configuration_input: "version: v1alpha1\n" }),
        // As a plan gives it: a write-only argument is null there, and the ephemeral resource that gives it absent.
        apply("planned", { machine_configuration_input_wo: null }),
      ),
    ).toEqual([
      {
        about: "talos_machine_configuration_apply.given",
        machineType: knownAfterApply,
        notKnown: { why: "the machine configuration it applies is not made by a Talos configuration read here", written: "${var.machine_configuration}" },
      },
      {
        about: "talos_machine_configuration_apply.written",
        machineType: knownAfterApply,
        notKnown: { why: "the machine configuration it applies is written out, not made by a Talos configuration read here" },
      },
      {
        about: "talos_machine_configuration_apply.planned",
        machineType: knownAfterApply,
        notKnown: { why: "the machine configuration it applies is not given here (a plan holds no write-only argument)" },
      },
    ]);
  });
});
