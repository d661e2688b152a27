import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Outcome } from "../../policies/engine/run";
import { allPolicies } from "../../policies/rules/index";
import { findingsOf } from "./fixture-runner";
import {
  type Case,
  checkedPolicies,
  corpus,
  type DeliberateDifference,
  deliberate,
  disagreements,
  explained,
  findingsByAddress,
  listed,
} from "./pod-security-cases";
import { outsideResourceSchema, synthesized, type TypedResource, typedResources } from "./typed-pod";

const types = Object.keys(typedResources) as TypedResource[];

/** The Terraform resource name of a case. */
const resourceName = (entry: Case): string => `pod_${corpus.pods.indexOf(entry)}`;

/**
 * What the provider's schema cannot write of a pod (the same for each typed resource: they share the pod spec's
 * schema), by the path the pod's spec would write it at, and why: a corpus pod that writes one is not converted. The
 * schema is the bindings' (@cdktf/provider-kubernetes, of provider 2.38.0); the Go files cited are the provider's.
 */
const unwritableFields: Readonly<Record<string, string>> = {
  "spec.ephemeral_container": "the provider has no ephemeral containers (schema_pod_spec.go podSpecFields)",
  "spec.host_users": "the provider's pod spec has no hostUsers (schema_pod_spec.go podSpecFields)",
  "spec.security_context.app_armor_profile": "the provider's pod security context has no appArmorProfile (schema_pod_spec.go)",
  "spec.container.security_context.app_armor_profile":
    "the provider's container security context has no appArmorProfile (schema_container.go securityContextSchema)",
  "spec.init_container.security_context.app_armor_profile":
    "the provider's container security context has no appArmorProfile (schema_container.go securityContextSchema)",
  "spec.container.security_context.proc_mount": "the provider's container security context has no procMount (schema_container.go securityContextSchema)",
  "spec.init_container.security_context.proc_mount": "the provider's container security context has no procMount (schema_container.go securityContextSchema)",
  "spec.container.security_context.windows_options":
    "the provider's container security context has no windowsOptions, only the pod's (schema_container.go securityContextSchema)",
  "spec.init_container.security_context.windows_options":
    "the provider's container security context has no windowsOptions, only the pod's (schema_container.go securityContextSchema)",
  "spec.init_container.restart_policy":
    "the provider the bindings are generated from (2.38.0) has no restartPolicy on containers, so no sidecar init containers; a later release adds it (schema_container.go containerFields, pull request 2786)",
  "spec.container.liveness_probe.tcp_socket.host": "the provider's tcp_socket has a port alone (schema_container.go lifecycleHandlerFields, probeSchema)",
  "spec.container.readiness_probe.tcp_socket.host": "the provider's tcp_socket has a port alone (schema_container.go lifecycleHandlerFields, probeSchema)",
  "spec.container.startup_probe.tcp_socket.host": "the provider's tcp_socket has a port alone (schema_container.go lifecycleHandlerFields, probeSchema)",
  "spec.container.lifecycle.post_start.tcp_socket.host": "the provider's tcp_socket has a port alone (schema_container.go lifecycleHandlerFields, probeSchema)",
  "spec.container.lifecycle.pre_stop.tcp_socket.host": "the provider's tcp_socket has a port alone (schema_container.go lifecycleHandlerFields, probeSchema)",
  "spec.container.lifecycle.pre_stop.sleep": "the provider's lifecycle handlers have no sleep action (schema_container.go lifecycleHandlerFields)",
  "spec.volume.fc.wwids": "the provider's fc volume names its targets by target_ww_ns and lun alone (schema_volume_source.go commonVolumeSources)",
  "spec.volume.image": "the provider has no image volume (schema_pod_spec.go volumeSchema, schema_volume_source.go commonVolumeSources)",
  "spec.volume.portworx_volume": "the provider has no portworxVolume volume (schema_pod_spec.go volumeSchema, schema_volume_source.go commonVolumeSources)",
  "spec.volume.scale_io": "the provider has no scaleIO volume (schema_pod_spec.go volumeSchema, schema_volume_source.go commonVolumeSources)",
  "spec.volume.storageos": "the provider has no storageos volume (schema_pod_spec.go volumeSchema, schema_volume_source.go commonVolumeSources)",
};

/** What the provider's schema cannot write of a pod, by path (see unwritableFields). */
const unwritable = (entry: Case): string[] => [
  ...new Set(
    types.flatMap((type) =>
      outsideResourceSchema(type, typedResources[type].body(entry.pod)).map((path) => path.replace(/^.*?\bspec\.(?!.*\bspec\.)/, "spec.")),
    ),
  ),
];

const convertible = corpus.pods.filter((entry) => unwritable(entry).length === 0);

/** Whether a security context is written, with run_as_non_root left out. */
const leavesRunAsNonRootOut = (context: unknown): boolean =>
  typeof context === "object" && context !== null && (context as { runAsNonRoot?: unknown }).runAsNonRoot == null;

/** Where the typed resources are judged otherwise than Pod Security admission on purpose, beyond what any pod is (deliberate). */
const typedDeliberate: readonly DeliberateDifference[] = [
  {
    because:
      "the reference judges the pod as written, the policies as the provider sends it: a security_context block written without run_as_non_root sends runAsNonRoot false (hashicorp/terraform-provider-kubernetes, structures_container.go expandContainerSecurityContext, structures_pod.go expandPodSecurityContext: the plugin SDK gives each unwritten field its zero value; issue 695), which on a container overrides the pod's true and on the pod is a false Pod Security admission forbids",
    checks: ["runAsNonRoot"],
    project: true,
    says: /leaves run_as_non_root out, so the provider sends false/,
    applies: (pod) =>
      leavesRunAsNonRootOut(pod.spec.securityContext) ||
      [...listed(pod.spec.containers), ...listed(pod.spec.initContainers)].some(({ securityContext }) => leavesRunAsNonRootOut(securityContext)),
  },
];

/**
 * Each typed resource written two ways: every block a list, as HCL and Terraform JSON write them, and as `cdktf synth`
 * writes the project's stacks, a block of at most one item an object.
 */
const forms = types.flatMap((type) => [
  { kind: type, type, name: resourceName, body: (entry: Case) => typedResources[type].body(entry.pod) },
  {
    kind: `${type} synthesized by CDKTF`,
    type,
    name: (entry: Case) => `${resourceName(entry)}_synthesized`,
    body: (entry: Case) => synthesized(type, typedResources[type].body(entry.pod)),
  },
]);
type Form = (typeof forms)[number];

/** The violations the project's policies find in each typed resource, by its address (`type.name`). */
let findings: Map<string, Outcome[]>;

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), "eds-pod-security-typed-")), "pods.tf.json");
  const resource = Object.fromEntries(
    types.map((type) => [
      type,
      Object.fromEntries(forms.filter((form) => form.type === type).flatMap((form) => convertible.map((entry) => [form.name(entry), form.body(entry)]))),
    ]),
  );
  writeFileSync(file, JSON.stringify({ resource }));
  findings = findingsByAddress(await findingsOf({ policyId: "pod-security-typed", kind: "fail", name: "corpus", file }, checkedPolicies(allPolicies)));
}, 120_000);

const found = () =>
  disagreements(
    convertible,
    forms.map(({ kind }) => kind),
    (entry, kind) => {
      const form = forms.find((each) => each.kind === kind) as Form;
      return findings.get(`${form.type}.${form.name(entry)}`);
    },
  );
const differences = [...deliberate, ...typedDeliberate].filter((difference) => convertible.some(({ pod }) => difference.applies(pod)));

describe(`the pod security policies on the provider's typed resources held to ${corpus.reference}`, () => {
  it("convert every corpus pod the provider's schema can write, and leave out the others for a field it cannot write", () => {
    const unwritten = corpus.pods.flatMap(unwritable);
    expect(unwritten.filter((path) => unwritableFields[path] === undefined)).toEqual([]);
    expect(Object.keys(unwritableFields).filter((path) => !unwritten.includes(path))).toEqual([]);
    expect(convertible.length).toBe(214);
  });

  it("find a violation of a check in a typed pod where Pod Security admission forbids it, and only there, but for the deliberate differences", () => {
    const unexplained = found().filter((disagreement) => !differences.some((difference) => explained(disagreement, difference)));
    expect(unexplained.map(({ name, check, project, podSecurity }) => ({ name, check, project, podSecurity }))).toEqual([]);
  });

  it("still differ from Pod Security admission where a deliberate difference says they do", () => {
    const disagreeing = found();
    for (const difference of differences)
      expect(
        disagreeing.some((disagreement) => explained(disagreement, difference)),
        difference.because,
      ).toBe(true);
  });
});
