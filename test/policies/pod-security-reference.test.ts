import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Outcome } from "../../policies/engine/run";
import { allPolicies } from "../../policies/rules/index";
import { laterChecks } from "../../policies/rules/kubernetes/k8s-namespace-restricted-pss";
import { type PodSecurityCheck, type PodSecurityVerdicts, podSecurityReference, podSecurityReferenceMissing } from "../../scripts/pod-security-reference/run";
import { findingsOf } from "./fixture-runner";

type Pod = {
  readonly metadata: { readonly name: string; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec: Readonly<Record<string, unknown>>;
};
type Case = PodSecurityVerdicts & { readonly name: string; readonly pod: Pod };

/**
 * The checks of Kubernetes' Pod Security admission (k8s.io/pod-security-admission/policy), and pods with those that
 * forbid each at the levels baseline and restricted; scripts/refresh-pod-security-corpus.ts writes them.
 */
const corpus = JSON.parse(readFileSync(join(import.meta.dirname, "pod-security-corpus.json"), "utf8")) as {
  reference: string;
  checks: PodSecurityCheck[];
  pods: Case[];
};

/**
 * Each check of the restricted level, with the project's policies whose violations make it, where `on` tells which of a
 * policy's findings are the check's (by the field they point at). Restricted's checks override three of baseline's,
 * which the project judges as restricted does: capabilities_restricted (k8s-drop-all-capabilities and
 * k8s-capabilities-restricted), seccompProfile_restricted, procMount_restricted (baseline's procMount leaves a pod in a
 * user namespace free since policy version 1.35, restricted's does not, nor does k8s-proc-mount-default). Baseline's
 * hostPathVolumes, which restricted's restrictedVolumes overrides, is k8s-no-host-path's; restrictedVolumes is
 * k8s-restricted-volume-types' and, for host paths, k8s-no-host-path's.
 */
const checks: readonly { readonly id: string; readonly level: "baseline" | "restricted"; readonly policies: readonly string[]; readonly on?: RegExp }[] = [
  { id: "privileged", level: "restricted", policies: ["k8s-no-privileged"] },
  { id: "hostNamespaces", level: "restricted", policies: ["k8s-no-host-namespaces"] },
  { id: "hostPathVolumes", level: "baseline", policies: ["k8s-no-host-path"] },
  { id: "restrictedVolumes", level: "restricted", policies: ["k8s-restricted-volume-types", "k8s-no-host-path"] },
  { id: "hostPorts", level: "restricted", policies: ["k8s-no-host-ports"] },
  { id: "windowsHostProcess", level: "restricted", policies: ["k8s-no-host-process"] },
  { id: "capabilities_restricted", level: "restricted", policies: ["k8s-drop-all-capabilities", "k8s-capabilities-restricted"] },
  { id: "procMount_restricted", level: "restricted", policies: ["k8s-proc-mount-default"] },
  { id: "seccompProfile_restricted", level: "restricted", policies: ["k8s-seccomp-profile"] },
  { id: "sysctls", level: "restricted", policies: ["k8s-no-unsafe-sysctls"] },
  { id: "runAsNonRoot", level: "restricted", policies: ["k8s-run-as-non-root"], on: /\.runAsNonRoot$/ },
  { id: "runAsUser", level: "restricted", policies: ["k8s-run-as-non-root"], on: /\.runAsUser$/ },
  { id: "allowPrivilegeEscalation", level: "restricted", policies: ["k8s-no-privilege-escalation"] },
  { id: "seLinuxOptions", level: "restricted", policies: ["k8s-lsm-confinement-kept"], on: /\.seLinuxOptions\./ },
  { id: "appArmorProfile", level: "restricted", policies: ["k8s-lsm-confinement-kept"], on: /\.appArmorProfile\.|\.annotations\b/ },
  { id: "hostProbesAndHostLifecycle", level: "restricted", policies: ["k8s-no-probe-host"] },
];

/** The checks that judge each container (policy/visitor.go, visitContainers: ephemeral containers included). */
const containerChecks = [
  "privileged",
  "hostPorts",
  "windowsHostProcess",
  "capabilities_restricted",
  "procMount_restricted",
  "seccompProfile_restricted",
  "runAsNonRoot",
  "runAsUser",
  "allowPrivilegeEscalation",
  "seLinuxOptions",
  "appArmorProfile",
  "hostProbesAndHostLifecycle",
];

const listed = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value : []);
const sysctls = (pod: Pod) => listed((pod.spec.securityContext as { sysctls?: unknown } | null | undefined)?.sysctls);

/**
 * Where the project judges a check otherwise than Pod Security admission on purpose: the pods it applies to, the
 * project's verdict there (Pod Security admission's is the other), and why.
 */
const deliberate: readonly {
  readonly because: string;
  readonly checks: readonly string[];
  readonly project: boolean;
  readonly applies: (pod: Pod) => boolean;
}[] = [
  {
    because:
      "the API server refuses a pod written with ephemeral containers (pkg/apis/core/validation, ValidatePodCreate: cannot be set on create), and a workload's template with them (ValidatePodTemplateSpec): they come through the pod's ephemeralcontainers subresource alone, which no manifest writes, so the policies judge containers and init containers",
    checks: containerChecks,
    project: false,
    applies: (pod) => pod.spec.ephemeralContainers !== undefined,
  },
  {
    because:
      "k8s-run-as-non-root judges a pod in a user namespace of its own (hostUsers false) all the same, which Pod Security admission leaves free from policy version 1.35 (relaxPolicyForUserNamespacePod): an API server without user namespace support drops the field",
    checks: ["runAsNonRoot", "runAsUser"],
    project: true,
    applies: (pod) => pod.spec.hostUsers === false,
  },
  {
    because:
      "the reference judges the pod as written, the API server as defaulted: on the host's network each container port of a pod with no host port, or host port 0, gets a host port of its number (core/v1 SetDefaults_Pod), which k8s-no-host-ports judges, in a workload's template too, since the pods it makes get it",
    checks: ["hostPorts"],
    project: true,
    applies: (pod) => pod.spec.hostNetwork === true && listed(pod.spec.containers).some(({ ports }) => listed(ports).some(({ hostPort }) => !hostPort)),
  },
  {
    because:
      "the reference judges the pod as written, the API server as defaulted: a volume with no source is an empty dir (core/v1 SetDefaults_Volume), which the Restricted profile allows",
    checks: ["restrictedVolumes"],
    project: false,
    applies: (pod) => listed(pod.spec.volumes).some((volume) => Object.keys(volume).join() === "name"),
  },
  {
    because:
      "the API server refuses a volume of more than one source (pkg/apis/core/validation, validateVolumeSource: may not specify more than 1 volume type), which Pod Security admission's restrictedVolumes passes on its first allowed source: the policies judge each source",
    checks: ["restrictedVolumes"],
    project: true,
    applies: (pod) => listed(pod.spec.volumes).some((volume) => Object.keys(volume).length > 2),
  },
  {
    because:
      "k8s-no-unsafe-sysctls also flags a value holding + or =, with which CRI-O before 1.23.2 set any sysctl of the node (CVE-2022-0811): the API server does not check values",
    checks: ["sysctls"],
    project: true,
    applies: (pod) => sysctls(pod).some(({ value }) => /[+=]/.test(String(value))),
  },
  {
    because:
      "Pod Security admission allows net.ipv4.tcp_slow_start_after_idle and net.ipv4.tcp_notsent_lowat from policy version 1.37 (check_sysctls.go), a release past the newest the project knows (policies/lib/kubernetes-releases.ts): every released API server refuses them",
    checks: ["sysctls"],
    project: true,
    applies: (pod) => sysctls(pod).some(({ name }) => name === "net.ipv4.tcp_slow_start_after_idle" || name === "net.ipv4.tcp_notsent_lowat"),
  },
];

/** One pod and one check where the project's verdict (whether it finds a violation) is not Pod Security admission's. */
interface Disagreement {
  /** The case's name, with the kind it is written as. */
  readonly name: string;
  readonly check: string;
  readonly project: boolean;
  readonly podSecurity: string | undefined;
}

/** A pod template of the pod's metadata (its annotations, with a label to select it) and spec. */
const template = ({ metadata, spec }: Pod) => ({
  metadata: { labels: { app: metadata.name }, ...(metadata.annotations ? { annotations: metadata.annotations } : {}) },
  spec,
});

/**
 * The pod as a Pod, and as the template of a Deployment and of a CronJob: Pod Security admission judges a workload's
 * template, metadata and spec, as it judges a pod (pod-security-admission, admission/admission.go,
 * DefaultPodSpecExtractor), and the pods the workload makes are judged as the pod is.
 */
const written = {
  Pod: (pod: Pod) => pod,
  Deployment: (pod: Pod) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: pod.metadata.name, namespace: "apps" },
    spec: { selector: { matchLabels: { app: pod.metadata.name } }, template: template(pod) },
  }),
  CronJob: (pod: Pod) => ({
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: pod.metadata.name, namespace: "apps" },
    spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: template(pod) } } },
  }),
};

const kinds = Object.keys(written) as (keyof typeof written)[];

/** The violations the project's policies find in each object, by its address (`Kind/namespace/name`). */
let findings: Map<string, Outcome[]>;

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), "eds-pod-security-")), "pods.yaml");
  writeFileSync(file, corpus.pods.flatMap(({ pod }) => kinds.map((kind) => stringify(written[kind](pod)))).join("---\n"));
  const policies = allPolicies.filter((policy) => checks.some((check) => check.policies.includes(policy.metadata.id)));
  const outcomes = await findingsOf({ policyId: "pod-security-reference", kind: "fail", name: "corpus", file }, policies);
  findings = new Map();
  for (const outcome of outcomes.filter(({ status }) => status === "violation"))
    findings.set(outcome.address, [...(findings.get(outcome.address) ?? []), outcome]);
});

/** Whether the project's policies find a violation of a check in a pod, written as a Pod or as a workload's template. */
const projectFinds = (pod: Pod, kind: keyof typeof written, check: (typeof checks)[number]): boolean =>
  (findings.get(`${kind}/apps/${pod.metadata.name}`) ?? []).some(
    (found) => check.policies.includes(found.policyId) && (check.on?.test(found.path ?? "") ?? true),
  );

const disagreements = (): Disagreement[] =>
  corpus.pods.flatMap(({ name, pod, ...verdicts }) =>
    kinds.flatMap((kind) =>
      checks.flatMap((check): Disagreement[] => {
        const podSecurity = verdicts[check.level][check.id];
        const project = projectFinds(pod, kind, check);
        return project === (podSecurity !== undefined) ? [] : [{ name: `${name} as a ${kind}`, check: check.id, project, podSecurity }];
      }),
    ),
  );

const explained = (disagreement: Disagreement, difference: (typeof deliberate)[number]): boolean => {
  const { pod } = corpus.pods.find(({ name }) => kinds.some((kind) => disagreement.name === `${name} as a ${kind}`))!;
  return difference.checks.includes(disagreement.check) && difference.project === disagreement.project && difference.applies(pod);
};

describe(`the pod security policies held to ${corpus.reference}`, () => {
  it("have a corpus where each check forbids some pods and allows others", () => {
    expect(corpus.pods.length).toBeGreaterThan(200);
    expect(new Set(corpus.pods.map(({ pod }) => pod.metadata.name)).size).toBe(corpus.pods.length);
    for (const check of checks) {
      const forbidden = corpus.pods.filter((entry) => entry[check.level][check.id] !== undefined).length;
      expect(forbidden, check.id).toBeGreaterThan(0);
      expect(forbidden, check.id).toBeLessThan(corpus.pods.length);
    }
  });

  it("find a violation of a check in a pod where Pod Security admission forbids it, and only there, but for the deliberate differences", () => {
    const unexplained = disagreements().filter((disagreement) => !deliberate.some((difference) => explained(disagreement, difference)));
    expect(unexplained).toEqual([]);
  });

  it("still differ from Pod Security admission where a deliberate difference says they do", () => {
    const found = disagreements();
    for (const difference of deliberate)
      expect(
        found.some((disagreement) => explained(disagreement, difference)),
        difference.because,
      ).toBe(true);
  });

  it("k8s-namespace-restricted-pss: name each check of the restricted level that a profile pinned to an older version does not make", () => {
    // procMount_restricted (v1.35) makes what baseline's procMount, which it overrides, made since v1.0 (procMount_1_0):
    // it only keeps the restricted level from the user namespace exemption baseline's got at v1.35.
    const made = corpus.checks.filter(({ since, id }) => since !== "1.0" && id !== "procMount_restricted").map(({ id, since }) => `${id} v${since}`);
    expect(laterChecks.map(({ check, since: [major, minor] }) => `${check} v${major}.${minor}`).sort()).toEqual(made.sort());
  });

  const missing = podSecurityReferenceMissing();
  it.skipIf(missing !== undefined)(
    `give the checks and verdicts Pod Security admission gives today (runs where the reference builds${missing === undefined ? "" : `; here ${missing}`})`,
    () => {
      expect(podSecurityReference(corpus.pods.map(({ pod }) => pod))).toEqual({
        checks: corpus.checks,
        pods: corpus.pods.map(({ baseline, restricted }) => ({ baseline, restricted })),
      });
    },
    300_000,
  );
});
