// Refreshes the readings of the YAML corpus the readers are held to (test/policies/yaml-corpus.json): for each text,
// what kubectl sends (the manifest reader's reference) and what Terraform's yamldecode gives (the evaluator's). Add a
// case as {"yaml": "..."}, then run this where both references run (scripts/yaml-reference/run.ts: Go with Debian's
// sources of sigs.k8s.io/yaml and go-yaml v2, and terraform); a reference that cannot run here keeps its readings.
// Usage: npm run yaml-corpus
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  goYamlReference,
  goYamlReferenceAvailable,
  goYamlReferenceVersions,
  type KubectlReading,
  type TerraformReading,
  terraformAvailable,
  terraformVersion,
  terraformYamlReadings,
} from "./yaml-reference/run";

interface Corpus {
  references: { kubectl?: string; yamldecode?: string };
  cases: { yaml: string; kubectl?: KubectlReading; yamldecode?: TerraformReading }[];
}

const corpusFile = join(import.meta.dirname, "..", "test", "policies", "yaml-corpus.json");
const corpus = JSON.parse(readFileSync(corpusFile, "utf8")) as Corpus;
const texts = corpus.cases.map(({ yaml }) => yaml);
const kubectl = goYamlReferenceAvailable() ? goYamlReference(texts) : undefined;
const yamldecode = terraformAvailable() ? terraformYamlReadings(texts) : undefined;
if (!kubectl)
  console.error("yaml-corpus: kubectl's readings kept: its reference needs apt-get install golang-go golang-k8s-sigs-yaml-dev golang-gopkg-yaml.v2-dev");
if (!yamldecode) console.error("yaml-corpus: yamldecode's readings kept: terraform is not on the PATH");
const references = {
  kubectl: kubectl
    ? `sigs.k8s.io/yaml YAMLToJSON over gopkg.in/yaml.v2, as kubectl converts a manifest (${goYamlReferenceVersions()})`
    : corpus.references.kubectl,
  yamldecode: yamldecode ? `yamldecode in terraform console, through jsonencode (${terraformVersion()})` : corpus.references.yamldecode,
};
const cases = corpus.cases.map((entry, i) => ({ yaml: entry.yaml, kubectl: kubectl?.[i] ?? entry.kubectl, yamldecode: yamldecode?.[i] ?? entry.yamldecode }));
// One case per line, so that a refresh reads as a diff of cases.
writeFileSync(
  corpusFile,
  `{\n  "references": ${JSON.stringify(references)},\n  "cases": [\n${cases.map((entry) => `    ${JSON.stringify(entry)}`).join(",\n")}\n  ]\n}\n`,
);
console.log(`yaml-corpus: ${cases.length} cases written to ${corpusFile}`);
