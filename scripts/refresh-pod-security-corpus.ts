// Refreshes the verdicts of the Pod Security corpus the pod security policies are held to
// (test/policies/pod-security-corpus.json): the checks of k8s.io/pod-security-admission, and for each pod those that
// forbid it at the levels baseline and restricted of version "latest". Add a case as {"name": "...", "pod": {...}} (a Pod in the
// namespace apps, named pod-<number> after the last), then run this where the reference builds
// (scripts/pod-security-reference/run.ts: Debian's Go packages, and a GOPATH that gopath.sh lays out, named by
// EDS_POD_SECURITY_GOPATH).
// Usage: EDS_POD_SECURITY_GOPATH=/path/to/gopath npm run pod-security-corpus
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { podSecurityReference, podSecurityReferenceMissing, podSecurityReferenceVersions } from "./pod-security-reference/run";

const corpusFile = join(import.meta.dirname, "..", "test", "policies", "pod-security-corpus.json");
const missing = podSecurityReferenceMissing();
if (missing !== undefined) {
  console.error(`pod-security-corpus: ${missing}`);
  process.exit(2);
}
const corpus = JSON.parse(readFileSync(corpusFile, "utf8")) as { pods: { name: string; pod: { metadata: { name: string } } }[] };
const written = (key: (entry: (typeof corpus.pods)[number]) => string) => corpus.pods.map(key).filter((value, i, all) => all.indexOf(value) !== i);
const duplicates = [...written(({ name }) => name), ...written(({ pod }) => pod.metadata.name)];
if (duplicates.length > 0) {
  console.error(`pod-security-corpus: cases or pods written twice: ${duplicates.join(", ")}`);
  process.exit(1);
}
const reading = podSecurityReference(corpus.pods.map(({ pod }) => pod));
const pods = corpus.pods.map(({ name, pod }, i) => ({ name, pod, ...reading.pods[i]! }));
const reference = `k8s.io/pod-security-admission's policy package, levels baseline and restricted of version latest (${podSecurityReferenceVersions()})`;
// One check and one case per line, so that a refresh reads as a diff of them.
const lines = (entries: readonly unknown[]) => entries.map((entry) => `    ${JSON.stringify(entry)}`).join(",\n");
writeFileSync(
  corpusFile,
  `{\n  "reference": ${JSON.stringify(reference)},\n  "checks": [\n${lines(reading.checks)}\n  ],\n  "pods": [\n${lines(pods)}\n  ]\n}\n`,
);
console.log(
  `pod-security-corpus: ${pods.length} pods written to ${corpusFile}, ${pods.filter(({ restricted }) => Object.keys(restricted).length === 0).length} that the restricted level admits`,
);
