import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Outcome } from "../../policies/engine/run";
import type { PodSecurityCheck, PodSecurityVerdicts } from "../../scripts/pod-security-reference/run";

export type Pod = {
  readonly metadata: { readonly name: string; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec: Readonly<Record<string, unknown>>;
};
export type Case = PodSecurityVerdicts & { readonly name: string; readonly pod: Pod };

/**
 * The checks of Kubernetes' Pod Security admission (k8s.io/pod-security-admission/policy), and pods with those that
 * forbid each at the levels baseline and restricted; scripts/refresh-pod-security-corpus.ts writes them.
 */
export const corpus = JSON.parse(readFileSync(join(import.meta.dirname, "pod-security-corpus.json"), "utf8")) as {
  reference: string;
  checks: PodSecurityCheck[];
  pods: Case[];
};

export type Check = { readonly id: string; readonly level: "baseline" | "restricted"; readonly policies: readonly string[]; readonly on?: RegExp };

/**
 * Each check of the restricted level, with the project's policies whose violations make it, where `on` tells which of a
 * policy's findings are the check's (by the field they point at, written as a manifest or as a typed resource).
 * Restricted's checks override three of baseline's, which the project judges as restricted does:
 * capabilities_restricted (k8s-drop-all-capabilities and k8s-capabilities-restricted), seccompProfile_restricted,
 * procMount_restricted (baseline's procMount leaves a pod in a user namespace free since policy version 1.35,
 * restricted's does not, nor does k8s-proc-mount-default). Baseline's hostPathVolumes, which restricted's
 * restrictedVolumes overrides, is k8s-no-host-path's; restrictedVolumes is k8s-restricted-volume-types' and, for host
 * paths, k8s-no-host-path's.
 */
export const checks: readonly Check[] = [
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
  { id: "runAsNonRoot", level: "restricted", policies: ["k8s-run-as-non-root"], on: /\.(runAsNonRoot|run_as_non_root)$/ },
  { id: "runAsUser", level: "restricted", policies: ["k8s-run-as-non-root"], on: /\.(runAsUser|run_as_user)$/ },
  { id: "allowPrivilegeEscalation", level: "restricted", policies: ["k8s-no-privilege-escalation"] },
  { id: "seLinuxOptions", level: "restricted", policies: ["k8s-lsm-confinement-kept"], on: /\.seLinuxOptions\.|\.se_linux_options\[/ },
  { id: "appArmorProfile", level: "restricted", policies: ["k8s-lsm-confinement-kept"], on: /\.appArmorProfile\.|\.annotations\b/ },
  { id: "hostProbesAndHostLifecycle", level: "restricted", policies: ["k8s-no-probe-host"] },
];

/** The checks that judge each container (policy/visitor.go, visitContainers: ephemeral containers included). */
export const containerChecks = [
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

export const listed = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value : []);
const sysctls = (pod: Pod) => listed((pod.spec.securityContext as { sysctls?: unknown } | null | undefined)?.sysctls);

/**
 * Where the project judges a check otherwise than Pod Security admission on purpose: the pods it applies to, the
 * project's verdict there (Pod Security admission's is the other), and why.
 */
export interface DeliberateDifference {
  readonly because: string;
  readonly checks: readonly string[];
  readonly project: boolean;
  readonly applies: (pod: Pod) => boolean;
  /** What each of the project's findings of the checks says there, where it says why. */
  readonly says?: RegExp;
}

/** The deliberate differences of a pod however it is written: a manifest or a typed resource. */
export const deliberate: readonly DeliberateDifference[] = [
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
export interface Disagreement {
  /** The case's name, with the kind it is written as. */
  readonly name: string;
  readonly pod: Pod;
  readonly check: string;
  readonly project: boolean;
  readonly podSecurity: string | undefined;
  /** The project's findings of the check. */
  readonly findings: readonly Outcome[];
}

/** The violations the project's policies find in each object, by its address. */
export const findingsByAddress = (outcomes: readonly Outcome[]): Map<string, Outcome[]> => {
  const findings = new Map<string, Outcome[]>();
  for (const outcome of outcomes.filter(({ status }) => status === "violation"))
    findings.set(outcome.address, [...(findings.get(outcome.address) ?? []), outcome]);
  return findings;
};

/** The project's policies among all, those that make some check. */
export const checkedPolicies = <Policy extends { readonly metadata: { readonly id: string } }>(all: readonly Policy[]): Policy[] =>
  all.filter((policy) => checks.some((check) => check.policies.includes(policy.metadata.id)));

/** The violations of a check among the findings on one object. */
const findingsOfCheck = (found: readonly Outcome[] | undefined, check: Check): Outcome[] =>
  (found ?? []).filter((finding) => check.policies.includes(finding.policyId) && (check.on?.test(finding.path ?? "") ?? true));

/** Where the project's verdicts on the cases, each written as each kind (its findings at `address`), are not Pod Security admission's. */
export const disagreements = <Kind extends string>(
  cases: readonly Case[],
  kinds: readonly Kind[],
  findingsAt: (entry: Case, kind: Kind) => readonly Outcome[] | undefined,
): Disagreement[] =>
  cases.flatMap((entry) =>
    kinds.flatMap((kind) =>
      checks.flatMap((check): Disagreement[] => {
        const podSecurity = entry[check.level][check.id];
        const findings = findingsOfCheck(findingsAt(entry, kind), check);
        const project = findings.length > 0;
        return project === (podSecurity !== undefined)
          ? []
          : [{ name: `${entry.name} as a ${kind}`, pod: entry.pod, check: check.id, project, podSecurity, findings }];
      }),
    ),
  );

export const explained = (disagreement: Disagreement, difference: DeliberateDifference): boolean =>
  difference.checks.includes(disagreement.check) &&
  difference.project === disagreement.project &&
  difference.applies(disagreement.pod) &&
  disagreement.findings.every(({ message }) => difference.says?.test(message ?? "") ?? true);
