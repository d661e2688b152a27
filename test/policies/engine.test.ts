import { describe, expect, it } from "vitest";
import { ResourceGraph } from "../../policies/engine/graph";
import { autoDeployedAddress, earlierCopyAddress, type TfConfiguration, type TfResource } from "../../policies/engine/model";
import { cite, configurationPolicy, resourcePolicy, settingsPolicy } from "../../policies/engine/policy";
import { failsRun, findingsListed, runPolicies } from "../../policies/engine/run";
import { matchesGlob } from "../../policies/engine/suppressions";
import { namespaceOf } from "../../policies/lib/kubernetes";
import { allPolicies } from "../../policies/rules/index";
import suppressionNotExpired from "../../policies/rules/governance/suppression-not-expired";
import k8sNoDefaultNamespace from "../../policies/rules/kubernetes/k8s-no-default-namespace";
import stateBackendOnProvider from "../../policies/rules/storage/state-backend-on-provider";
import type { Suppression } from "../../policies/settings";
import { fixtureSettings } from "./fixture-runner";

const resource = (address: string, values: Record<string, unknown>): TfResource => {
  const [type, name] = address.replace(/^module\.[^.]+\./, "").split(".") as [string, string];
  return { address, mode: "managed", type, name, values, provider: type.split("_")[0]!, stack: "test", file: "test.tf.json" };
};
const configuration = (...resources: TfResource[]): TfConfiguration => ({
  stack: "test",
  files: ["test.tf.json"],
  resources,
  providers: [],
  backend: { type: "s3", values: { encrypt: true }, file: "test.tf.json" },
});

const metadata = {
  title: "A test policy",
  description: "Flags resources named bad.",
  rationale: "Exercises the engine.",
  remediation: "Rename the resource.",
  severity: "low" as const,
  references: [cite("anssi", "PA-022 R16")],
  enforcementLevel: "mandatory" as const,
  onUnknown: "pass" as const,
};
const flagsBad = resourcePolicy({ ...metadata, id: "test-flags-bad" }, ["demo_thing"], (r) =>
  r.name.startsWith("bad") ? [{ message: "bad name", path: "name" }] : [],
);
const throws = resourcePolicy({ ...metadata, id: "test-throws" }, ["demo_thing"], () => {
  throw new Error("boom");
});

describe("the reference graph", () => {
  const namespace = resource("kubernetes_namespace_v1.ns", { metadata: [{ name: "ingestion" }] });
  const policy = resource("kubernetes_network_policy_v1.deny", { metadata: [{ namespace: "${kubernetes_namespace_v1.ns.metadata[0].name}" }] });
  const literal = resource("kubernetes_network_policy_v1.literal", { metadata: { namespace: "ingestion" } });
  const inModule = resource("module.net.openstack_networking_secgroup_rule_v2.r", { security_group_id: "${openstack_networking_secgroup_v2.g.id}" });
  const groupInModule = resource("module.net.openstack_networking_secgroup_v2.g", {});
  const graph = new ResourceGraph(configuration(namespace, policy, literal, inModule, groupInModule));

  it("follows interpolations, including attribute paths with indexes", () => {
    expect(graph.targetOf(policy.values.metadata, policy)).toBeUndefined();
    expect(graph.targetOf((policy.values.metadata as { namespace: string }[])[0]!.namespace, policy)).toBe(namespace);
    expect(graph.referrers(namespace).map((r) => r.address)).toEqual(["kubernetes_network_policy_v1.deny"]);
    expect(graph.referrers(namespace, { path: "metadata" })).toHaveLength(1);
    expect(graph.referrers(namespace, { path: "spec" })).toHaveLength(0);
  });

  it("takes an escaped interpolation ($${...}, text Terraform passes on) for no reference", () => {
    const script = resource("openstack_compute_instance_v2.vm", {
      user_data: "echo $${kubernetes_namespace_v1.ns.id}",
      metadata: { ns: "${kubernetes_namespace_v1.ns.id}" },
    });
    const withScript = new ResourceGraph(configuration(namespace, script));
    expect(withScript.referrers(namespace, { path: "metadata" })).toEqual([script]);
    expect(withScript.referrers(namespace, { path: "user_data" })).toEqual([]);
  });

  it("filters referrers by the attribute path the reference sits under, whole segments only", () => {
    const port = resource("openstack_networking_port_v2.p", {});
    const nested = resource("openstack_lb_loadbalancer_v2.lb", { vip: [{ port_id: "${openstack_networking_port_v2.p.id}" }], vip_port: "x" });
    const withPort = new ResourceGraph(configuration(port, nested));
    expect(withPort.referrers(port, { path: "vip" })).toEqual([nested]);
    expect(withPort.referrers(port, { path: "vip[0].port_id" })).toEqual([nested]);
    expect(withPort.referrers(port, { path: "vip[0]" })).toEqual([nested]);
    expect(withPort.referrers(port, { path: "vi" })).toEqual([]);
    expect(withPort.referrers(port, { path: "vip[1]" })).toEqual([]);
  });

  it("reads a text made of other resources' arguments as Terraform makes it at plan, and no other", () => {
    const project = resource("openstack_identity_project_v3.p", { name: "research", enabled: true });
    const user = resource("openstack_identity_user_v3.u", {
      password: "${openstack_identity_project_v3.p.name}-2026",
      description: "${openstack_identity_project_v3.p.name} enabled=${openstack_identity_project_v3.p.enabled}",
      // The provider computes the id; upper() is a function; an escaped interpolation is text; a directive is a template.
      default_project_id: "${openstack_identity_project_v3.p.id}-x",
      name: "${upper(openstack_identity_project_v3.p.name)}-x",
      region: "$${openstack_identity_project_v3.p.name}-x",
      domain_id: "%{if true}${openstack_identity_project_v3.p.name}%{endif}-x",
    });
    const read = new ResourceGraph(configuration(project, user)).resolved(user).values;
    expect(read.password).toBe("research-2026");
    expect(read.description).toBe("research enabled=true");
    for (const key of ["default_project_id", "name", "region", "domain_id"]) expect(read[key], key).toBe(user.values[key]);
  });

  it("resolves references inside a module to the module's resources", () => {
    expect(graph.targetOf(inModule.values.security_group_id, inModule)).toBe(groupInModule);
  });

  it("resolves a reference to an instance of a counted block by its key, and one without a key to every instance", () => {
    const instance = (address: string, values: Record<string, unknown>) => ({ ...resource(address, values), name: address.replace(/^.*\.|\[.*$/g, "") });
    const groups = ["[0]", "[1]", '["admin"]'].map((key) => instance(`module.net.openstack_networking_secgroup_v2.g${key}`, {}));
    const byKey = instance("module.net.openstack_networking_secgroup_rule_v2.r[1]", { security_group_id: "${openstack_networking_secgroup_v2.g[1].id}" });
    const byName = instance("module.net.openstack_networking_secgroup_rule_v2.admin", {
      security_group_id: '${openstack_networking_secgroup_v2.g["admin"].id}',
    });
    const splat = instance("module.net.openstack_networking_port_v2.p", { security_group_ids: "${openstack_networking_secgroup_v2.g[*].id}" });
    const counted = new ResourceGraph(configuration(...groups, byKey, byName, splat));
    expect(counted.targetsOf(byKey.values.security_group_id, byKey)).toEqual([groups[1]]);
    expect(counted.targetsOf(byName.values.security_group_id, byName)).toEqual([groups[2]]);
    expect(counted.targetsOf(splat.values.security_group_ids, splat)).toEqual(groups);
  });

  it("resolves a reference in a module to the module's own block first, and one into a counted module call", () => {
    const rootGroup = resource("openstack_networking_secgroup_v2.g", {});
    const moduleGroup = resource("module.a.openstack_networking_secgroup_v2.g", {});
    const counted = { ...resource("module.net[1].openstack_networking_secgroup_v2.g", {}), name: "g" };
    const inModule = resource("module.a.openstack_networking_secgroup_rule_v2.r", { security_group_id: "${openstack_networking_secgroup_v2.g.id}" });
    const fromRoot = resource("openstack_networking_secgroup_rule_v2.r", { security_group_id: "${module.net[1].openstack_networking_secgroup_v2.g.id}" });
    const withModules = new ResourceGraph(configuration(rootGroup, moduleGroup, counted, inModule, fromRoot));
    expect(withModules.targetsOf(inModule.values.security_group_id, inModule)).toEqual([moduleGroup]);
    expect(withModules.targetsOf(fromRoot.values.security_group_id, fromRoot)).toEqual([counted]);
  });

  it("knows the namespace of a resource written literally, by reference, or not at all", () => {
    expect(namespaceOf(policy, graph)).toBe("ingestion");
    expect(namespaceOf(literal, graph)).toBe("ingestion");
    expect(namespaceOf(resource("kubernetes_service_v1.s", {}), graph)).toBe("default");
    expect(namespaceOf(resource("kubernetes_service_v1.u", { metadata: { namespace: "${var.namespace}" } }), graph)).toBeUndefined();
  });
});

describe("running policies", () => {
  const good = resource("demo_thing.good", {});
  const bad = resource("demo_thing.bad_one", {});

  it("records a compliant outcome per applicable resource and a violation per finding", () => {
    const run = runPolicies([configuration(good, bad)], { policies: [flagsBad], settings: fixtureSettings });
    expect(run.outcomes.map((o) => `${o.status} ${o.address}`)).toEqual(["violation demo_thing.bad_one", "compliant demo_thing.good"]);
    expect(run.outcomes[0]).toMatchObject({ path: "name", message: "bad name", level: "mandatory", file: "test.tf.json" });
    expect(failsRun(run)).toBe(true);
  });

  it("runs a policy at the level the packs give it, and never when disabled", () => {
    const advisory = runPolicies([configuration(bad)], { policies: [flagsBad], levels: new Map([["test-flags-bad", "advisory"]]), settings: fixtureSettings });
    expect(advisory.outcomes[0]!.level).toBe("advisory");
    expect(failsRun(advisory)).toBe(false);
    const disabled = runPolicies([configuration(bad)], { policies: [flagsBad], levels: new Map([["test-flags-bad", "disabled"]]), settings: fixtureSettings });
    expect(disabled.outcomes).toEqual([]);
  });

  it("turns a policy that throws into an error outcome at the resource's line, which fails a mandatory run", () => {
    const run = runPolicies([configuration({ ...good, line: 7 })], { policies: [throws], settings: fixtureSettings });
    expect(run.outcomes).toEqual([expect.objectContaining({ status: "error", message: "the policy failed: boom", file: "test.tf.json", line: 7 })]);
    expect(failsRun(run)).toBe(true);
  });

  it("cuts a finding's message that quotes a huge value, in every format", () => {
    const quotesAll = resourcePolicy({ ...metadata, id: "test-quotes-all" }, ["demo_thing"], (r) => [
      { message: `value ${String(r.values.items)}`, path: "items" },
    ]);
    const items = Array.from({ length: 10_000 }, (_, i) => i);
    const [outcome] = runPolicies([configuration(resource("demo_thing.big", { items }))], { policies: [quotesAll], settings: fixtureSettings }).outcomes;
    const whole = `value ${String(items)}`;
    expect(outcome!.message).toBe(`${whole.slice(0, 2_000)}… (${whole.length - 2_000} more characters)`);
  });

  it("lists at most findingsListed findings of a policy at one place, in the order of their paths, and counts the rest in one", () => {
    const flagsEach = resourcePolicy({ ...metadata, id: "test-flags-each", onUnknown: "reported-by-policy" }, ["demo_thing"], (r) =>
      (r.values.items as number[]).map((item, i) => ({
        message: `item ${item}`,
        path: `items[${i}]`,
        ...(item < 0 ? { outcome: "cannot-evaluate" as const } : {}),
      })),
    );
    const [many, unknowns, few] = [
      resource("demo_thing.many", { items: Array.from({ length: 250 }, (_, i) => i) }),
      resource("demo_thing.unknowns", { items: Array.from({ length: 101 }, () => -1) }),
      resource("demo_thing.few", { items: [1, 2] }),
    ];
    const outcomes = runPolicies([configuration(many, unknowns, few)], { policies: [flagsEach], settings: fixtureSettings }).outcomes;
    const at = (address: string) => outcomes.filter((o) => o.address === address);
    expect(at("demo_thing.many")).toHaveLength(findingsListed + 1);
    expect(
      at("demo_thing.many")
        .map((o) => o.path)
        .slice(0, 12),
    ).toEqual([undefined, ...Array.from({ length: 11 }, (_, i) => `items[${i}]`)]);
    expect(at("demo_thing.many")[0]).toMatchObject({
      status: "violation",
      message: `and 150 more findings of this policy here, not listed (a report lists the first ${findingsListed} of a policy at one place)`,
    });
    // The count is as certain as what it counts: only findings not evaluable give one not evaluable.
    expect(at("demo_thing.unknowns").map((o) => o.status)).toEqual(Array.from({ length: findingsListed + 1 }, () => "cannot-evaluate"));
    expect(at("demo_thing.few").map((o) => o.message)).toEqual(["item 1", "item 2"]);
    // A configuration's policy is counted place by place: many findings on one resource leave another's listed.
    const flagsAll = configurationPolicy({ ...metadata, id: "test-flags-all" }, (c) =>
      c.resources.flatMap((r) => (r.values.items as number[]).map((item, i) => ({ message: `item ${item}`, path: `items[${i}]`, address: r.address }))),
    );
    const counted = runPolicies([configuration(many, few)], { policies: [flagsAll], settings: fixtureSettings }).outcomes;
    expect(counted.filter((o) => o.address === "demo_thing.many")).toHaveLength(findingsListed + 1);
    expect(counted.filter((o) => o.address === "demo_thing.few")).toHaveLength(2);
  });

  it("reports a configuration without backend as a state kept on the machine that applies", () => {
    const run = runPolicies([{ ...configuration(good), backend: undefined }], { policies: [stateBackendOnProvider], settings: fixtureSettings });
    expect(run.outcomes).toEqual([expect.objectContaining({ status: "violation", address: "terraform.backend" })]);
  });
});

describe("unknown values a policy reads", () => {
  // Reads settings.mode and flags what it lacks, or the settings as such, as a policy reading a block would.
  const readsSettings = resourcePolicy({ ...metadata, id: "test-reads-settings", onUnknown: "cannot-evaluate" }, ["demo_thing"], (r) => {
    const settings = r.values.settings as Record<string, unknown> | string | undefined;
    const mode = typeof settings === "object" ? settings.mode : undefined;
    if (r.name === "set_at_all") return [{ message: "settings are set", path: "settings" }];
    return mode === "strict" ? [] : [{ message: "mode is unset, must be strict", path: "settings.mode" }];
  });
  const outcomesOf = (...resources: TfResource[]) =>
    runPolicies([configuration(...resources)], { policies: [readsSettings], settings: fixtureSettings }).outcomes.map(
      (o) => `${o.address} ${o.status}: ${o.message ?? ""}`,
    );

  it("make a violation inside a value known only at apply not evaluable; one about the value itself stands", () => {
    expect(
      outcomesOf(
        resource("demo_thing.inside", { settings: "${var.settings}" }),
        resource("demo_thing.set_at_all", { settings: "${var.settings}" }),
        resource("demo_thing.known", { settings: { mode: "lax", other: "${var.other}" } }),
      ),
    ).toEqual([
      "demo_thing.inside cannot-evaluate: mode is unset, must be strict, unless settings, known only at apply, says otherwise: it depends on ${var.settings}",
      "demo_thing.known violation: mode is unset, must be strict",
      "demo_thing.set_at_all violation: settings are set",
    ]);
  });
});

describe("a policy that reads one kind's spec", () => {
  it("does not read another kind's spec known only at apply (k8s-no-default-namespace reads a HelmChart's alone)", () => {
    const manifest = (address: string, kind: string, group: string) =>
      resource(address, { manifest: { apiVersion: `${group}/v1`, kind, metadata: { name: "x", namespace: "ingress" }, spec: "${var.spec}" } });
    const outcomes = runPolicies(
      [configuration(manifest("kubernetes_manifest.option", "TLSOption", "traefik.io"), manifest("kubernetes_manifest.chart", "HelmChart", "helm.cattle.io"))],
      { policies: [k8sNoDefaultNamespace], settings: fixtureSettings },
    ).outcomes.map((o) => `${o.address} ${o.status}`);
    expect(outcomes).toEqual(["kubernetes_manifest.chart cannot-evaluate", "kubernetes_manifest.option compliant"]);
  });
});

describe("suppressions", () => {
  const bad = resource("demo_thing.bad_one", {});
  const suppression = (overrides: Partial<Suppression>): Suppression => ({
    policy: "test-flags-bad",
    resource: "demo_thing.bad_*",
    reason: "accepted for the test of suppressions",
    approver: "RSSI example",
    expires: "2099-12-31",
    location: "env.yaml:12",
    ...overrides,
  });

  it("match addresses by glob, with * and ? only", () => {
    expect(matchesGlob("demo_thing.bad_*", "demo_thing.bad_one")).toBe(true);
    expect(matchesGlob("demo_thing.bad_?ne", "demo_thing.bad_one")).toBe(true);
    expect(matchesGlob("demo_thing.bad", "demo_thing.bad_one")).toBe(false);
    expect(matchesGlob("demo_thing.bad_[a]", "demo_thing.bad_a")).toBe(false);
    expect(matchesGlob("demo.thing", "demoxthing")).toBe(false);
  });

  it("silence a matching violation, which stays in the outcomes with its suppression", () => {
    const run = runPolicies([configuration(bad)], { policies: [flagsBad], settings: { ...fixtureSettings, suppressions: [suppression({})] } });
    expect(run.outcomes).toEqual([expect.objectContaining({ status: "suppressed", suppression: expect.objectContaining({ approver: "RSSI example" }) })]);
    expect(failsRun(run)).toBe(false);
  });

  it("stop applying once expired, and the expired suppression is itself a mandatory violation", () => {
    const settings = { ...fixtureSettings, suppressions: [suppression({ expires: "2026-11-27" })] };
    const run = runPolicies([configuration(bad)], { policies: [flagsBad, suppressionNotExpired], settings });
    expect(run.outcomes.map((o) => `${o.policyId} ${o.status}`).sort()).toEqual(["suppression-not-expired violation", "test-flags-bad violation"]);
    expect(run.outcomes.find((o) => o.policyId === "suppression-not-expired")!.message).toMatch(/expired on 2026-11-27 \(env\.yaml:12\)/);
  });

  it("cover both copies of an object written twice, the earlier named apart", () => {
    // A file's name may hold parentheses.
    const copies = [resource(earlierCopyAddress("demo_thing.bad_one", "rendered (1).yaml", 1), {}), resource("demo_thing.bad_one", {})];
    const run = runPolicies([configuration(...copies)], {
      policies: [flagsBad],
      settings: { ...fixtureSettings, suppressions: [suppression({ resource: "demo_thing.bad_one" })] },
    });
    expect(run.outcomes.map((o) => `${o.address} ${o.status}`)).toEqual([
      "demo_thing.bad_one suppressed",
      "demo_thing.bad_one (first copy, rendered (1).yaml:1) suppressed",
    ]);
  });

  it("cover the objects a server's cloud-config or provisioners have K3s or RKE2 apply when written for the server, and no other server's", () => {
    const path = "/var/lib/rancher/rke2/server/manifests/app.yaml";
    const objects = [
      autoDeployedAddress("demo_thing.bad_one", "user_data", path, 0),
      autoDeployedAddress("demo_thing.bad_one", "provisioner", path, 1),
      autoDeployedAddress("demo_thing.bad_two", "user_data", path, 0),
    ].map((address) => resource(address, {}));
    const run = runPolicies([configuration(...objects)], {
      policies: [flagsBad],
      settings: { ...fixtureSettings, suppressions: [suppression({ resource: "demo_thing.bad_one" })] },
    });
    expect(run.outcomes.map((o) => `${o.address} ${o.status}`)).toEqual([
      `demo_thing.bad_one.provisioner["${path}"][1] suppressed`,
      `demo_thing.bad_one.user_data["${path}"][0] suppressed`,
      `demo_thing.bad_two.user_data["${path}"][0] violation`,
    ]);
  });

  it("do not silence other policies", () => {
    const run = runPolicies([configuration(bad)], {
      policies: [flagsBad],
      settings: { ...fixtureSettings, suppressions: [suppression({ policy: "another-policy" })] },
    });
    expect(run.outcomes[0]!.status).toBe("violation");
  });
});

describe("settings policies", () => {
  it("run once per run, whatever the number of configurations", () => {
    const once = settingsPolicy({ ...metadata, id: "test-once" }, () => [{ message: "seen", address: "settings" }]);
    const run = runPolicies([configuration(), configuration()], { policies: [once], settings: fixtureSettings });
    expect(run.outcomes).toHaveLength(1);
  });
});

describe("the catalogue", () => {
  it("has at least 45 policies", () => {
    expect(allPolicies.length).toBeGreaterThanOrEqual(45);
  });
});
