// Refreshes what kubectl sends for each text of the YAML corpus the Kubernetes reader is held to
// (test/policies/go-yaml-corpus.json): add a case as {"yaml": "..."}, then run this where the reference builds
// (scripts/go-yaml-reference/run.ts: Go and Debian's sources of sigs.k8s.io/yaml and go-yaml v2).
// Usage: npm run go-yaml-corpus
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { goYamlReference, goYamlReferenceAvailable, goYamlReferenceVersions } from "./go-yaml-reference/run";

const corpusFile = join(import.meta.dirname, "..", "test", "policies", "go-yaml-corpus.json");
if (!goYamlReferenceAvailable()) {
  console.error(
    "go-yaml-corpus: needs Go and the sources of sigs.k8s.io/yaml and go-yaml v2: apt-get install golang-go golang-k8s-sigs-yaml-dev golang-gopkg-yaml.v2-dev",
  );
  process.exit(2);
}
const corpus = JSON.parse(readFileSync(corpusFile, "utf8")) as { cases: { yaml: string }[] };
const readings = goYamlReference(corpus.cases.map(({ yaml }) => yaml));
const refreshed = {
  reference: `sigs.k8s.io/yaml YAMLToJSON over gopkg.in/yaml.v2, as kubectl converts a manifest (${goYamlReferenceVersions()})`,
  cases: corpus.cases.map(({ yaml }, i) => ({ yaml, kubectl: readings[i] })),
};
// One case per line, so that a refresh reads as a diff of cases.
writeFileSync(
  corpusFile,
  `{\n  "reference": ${JSON.stringify(refreshed.reference)},\n  "cases": [\n${refreshed.cases.map((entry) => `    ${JSON.stringify(entry)}`).join(",\n")}\n  ]\n}\n`,
);
console.log(`go-yaml-corpus: ${refreshed.cases.length} cases written to ${corpusFile}`);
