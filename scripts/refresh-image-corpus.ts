// Refreshes the readings of the image corpus the image reader is held to (test/policies/image-corpus.json): for each
// text, how github.com/distribution/reference's ParseNormalizedNamed reads it (the kubelet's and containerd's reading,
// "runtime"), and how github.com/docker/distribution/reference's does where that differs ("legacy", the kubelet up to
// Kubernetes 1.28). Add a case as {"text": "..."}, then run this where both references build
// (scripts/image-reference/run.ts: Go and Debian's golang-github-distribution-reference-dev and
// golang-github-docker-distribution-dev).
// Usage: npm run image-corpus
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type ImageLibrary,
  imageLibraryPackage,
  imageReference,
  imageReferenceAvailable,
  imageReferenceVersions,
  sameImageReading,
} from "./image-reference/run";

const corpusFile = join(import.meta.dirname, "..", "test", "policies", "image-corpus.json");
const missing = (["runtime", "legacy"] as const satisfies readonly ImageLibrary[]).filter((library) => !imageReferenceAvailable(library));
if (missing.length > 0) {
  console.error(`image-corpus: the reference needs apt-get install golang-go ${missing.map(imageLibraryPackage).join(" ")}`);
  process.exit(2);
}
const corpus = JSON.parse(readFileSync(corpusFile, "utf8")) as { images: { text: string }[] };
const texts = corpus.images.map(({ text }) => text);
const duplicates = texts.filter((text, i) => texts.indexOf(text) !== i);
if (duplicates.length > 0) {
  console.error(`image-corpus: cases written twice: ${duplicates.map((text) => JSON.stringify(text)).join(", ")}`);
  process.exit(1);
}
const runtime = imageReference(texts, "runtime");
const legacy = imageReference(texts, "legacy");
// The legacy reading is written only where it differs from the runtime's (not where both refuse, in other words).
const images = runtime.map((reading, i) => ({ text: texts[i], runtime: reading, ...(sameImageReading(legacy[i]!, reading) ? {} : { legacy: legacy[i] }) }));
const reference = `ParseNormalizedNamed of github.com/distribution/reference (runtime) and github.com/docker/distribution/reference (legacy, where it differs), with Go (${imageReferenceVersions()})`;
// One case per line, so that a refresh reads as a diff of cases.
writeFileSync(
  corpusFile,
  `{\n  "reference": ${JSON.stringify(reference)},\n  "images": [\n${images.map((entry) => `    ${JSON.stringify(entry)}`).join(",\n")}\n  ]\n}\n`,
);
console.log(
  `image-corpus: ${images.length} images written to ${corpusFile}, ${images.filter((image) => "legacy" in image).length} read otherwise by the legacy library`,
);
