import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Outcome } from "../../policies/engine/run";
import { refusedBySchema } from "../../policies/inputs/kubernetes-openapi";
import { allPolicies } from "../../policies/rules/index";
import { laterChecks } from "../../policies/rules/kubernetes/k8s-namespace-restricted-pss";
import { podSecurityReference, podSecurityReferenceMissing } from "../../scripts/pod-security-reference/run";
import { findingsOf } from "./fixture-runner";
import { checkedPolicies, checks, corpus, deliberate, disagreements, explained, findingsByAddress, type Pod } from "./pod-security-cases";

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

/**
 * The pods of the corpus the API server takes: it validates an object against its schema before the validating
 * admission plugins see it (Pod Security admission among them), so a pod it refuses (a hostPath with no path, a
 * seccomp profile with no type) is never judged by admission, and is an input problem of the check (refusedBySchema).
 */
const admitted = corpus.pods.filter(({ pod }) => kinds.every((kind) => refusedBySchema(written[kind](pod)) === undefined));

/** The violations the project's policies find in each object, by its address (`Kind/namespace/name`). */
let findings: Map<string, Outcome[]>;

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), "eds-pod-security-")), "pods.yaml");
  writeFileSync(file, admitted.flatMap(({ pod }) => kinds.map((kind) => stringify(written[kind](pod)))).join("---\n"));
  findings = findingsByAddress(await findingsOf({ policyId: "pod-security-reference", kind: "fail", name: "corpus", file }, checkedPolicies(allPolicies)));
});

const found = () => disagreements(admitted, kinds, ({ pod }, kind) => findings.get(`${kind}/apps/${pod.metadata.name}`));

describe(`the pod security policies held to ${corpus.reference}`, () => {
  it("have a corpus where each check forbids some pods and allows others", () => {
    expect(corpus.pods.length).toBeGreaterThan(200);
    // Pods the API server refuses: a volume source or a profile without its required field, an enum's unknown value.
    expect(corpus.pods.length - admitted.length).toBe(10);
    expect(new Set(corpus.pods.map(({ pod }) => pod.metadata.name)).size).toBe(corpus.pods.length);
    for (const check of checks) {
      const forbidden = corpus.pods.filter((entry) => entry[check.level][check.id] !== undefined).length;
      expect(forbidden, check.id).toBeGreaterThan(0);
      expect(forbidden, check.id).toBeLessThan(corpus.pods.length);
    }
  });

  it("find a violation of a check in a pod where Pod Security admission forbids it, and only there, but for the deliberate differences", () => {
    const unexplained = found().filter((disagreement) => !deliberate.some((difference) => explained(disagreement, difference)));
    expect(unexplained).toEqual([]);
  });

  it("still differ from Pod Security admission where a deliberate difference says they do", () => {
    const differences = found();
    for (const difference of deliberate)
      expect(
        differences.some((disagreement) => explained(disagreement, difference)),
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
