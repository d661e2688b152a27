import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ImageReference, parseImage, partlyKnownRegistry, partlyKnownTagAndDigest } from "../../policies/lib/kubernetes";
import { type ImageReading, imageReference, imageReferenceAvailable, sameImageReading } from "../../scripts/image-reference/run";

/**
 * Image texts, with how github.com/distribution/reference reads each (runtime: the kubelet's and containerd's reading)
 * and how github.com/docker/distribution/reference does where it differs (legacy: the kubelet up to Kubernetes 1.28);
 * scripts/refresh-image-corpus.ts writes them.
 */
const corpus = JSON.parse(readFileSync(join(import.meta.dirname, "image-corpus.json"), "utf8")) as {
  reference: string;
  images: { text: string; runtime: ImageReading; legacy?: ImageReading }[];
};

/**
 * The image a reading names, as parseImage gives it: none where the library refuses the text (the kubelet fails the
 * container with InvalidImageName). The registry is the domain in lower case, or, for a name whose first component is
 * no valid domain but a valid path component (`registry_mirror.example.fr/eds/portal`, read with an empty domain), that
 * component, which containerd pulls from all the same (its resolver takes the name's text before the first slash as the
 * host: reference.Spec.Hostname). The registry is implicit where the library puts docker.io for a text that names none.
 */
function expected(text: string, reading: ImageReading): ImageReference | undefined {
  if ("error" in reading) return undefined;
  const [registry, repository] =
    reading.domain === ""
      ? [reading.path.slice(0, reading.path.indexOf("/")), reading.path.slice(reading.path.indexOf("/") + 1)]
      : [reading.domain.toLowerCase(), reading.path];
  return {
    registry,
    host: registry.replace(/:\d+$/, ""),
    implicitRegistry: reading.domain === "docker.io" && !/^(?:index\.)?docker\.io\//.test(text),
    repository,
    ...(reading.tag === undefined ? {} : { tag: reading.tag }),
    ...(reading.digest === undefined ? {} : { digest: reading.digest }),
  };
}

const accepted = corpus.images.filter(({ runtime }) => !("error" in runtime));

describe(`image references as ${corpus.reference} reads them`, () => {
  it("read each text as the kubelet and containerd do, and refuse each they refuse", () => {
    expect(corpus.images.length).toBeGreaterThan(150);
    expect(accepted.length).toBeGreaterThan(50);
    expect(corpus.images.length - accepted.length).toBeGreaterThan(50);
    for (const { text, runtime } of corpus.images) expect(parseImage(text), JSON.stringify(text)).toEqual(expected(text, runtime));
  });

  it("differ from the library the kubelet read with up to Kubernetes 1.28 only where that one refused", () => {
    const differing = corpus.images.filter(({ legacy }) => legacy !== undefined);
    expect(differing.length).toBeGreaterThan(0);
    for (const { text, runtime, legacy } of differing) {
      expect(legacy && "error" in legacy, JSON.stringify(text)).toBe(true);
      expect("error" in runtime, JSON.stringify(text)).toBe(false);
    }
  });

  it("give an image known in part the registry its whole text has, wherever its known text ends after the first slash", () => {
    let refusals = 0;
    for (const { text, runtime } of corpus.images.filter(({ text }) => text.includes("/"))) {
      for (let end = text.indexOf("/") + 1; end <= text.length; end++) {
        const written = `${text.slice(0, end)}\${var.rest}`;
        const registry = partlyKnownRegistry(written);
        if (registry === "refused") {
          refusals++;
          expect("error" in runtime, `${JSON.stringify(text)} refused from ${written}`).toBe(true);
        } else if (!("error" in runtime)) {
          const { registry: name, host, implicitRegistry } = expected(text, runtime)!;
          expect(registry, written).toEqual({ registry: name, host, implicitRegistry });
        }
      }
    }
    expect(refusals).toBeGreaterThan(0);
  });

  it("give an image known in part the tag and digest its whole text has, whatever comes before its last component", () => {
    for (const { text, runtime } of corpus.images.filter(({ text }) => text.includes("/"))) {
      const written = `\${var.head}${text.slice(text.lastIndexOf("/"))}`;
      const tagged = partlyKnownTagAndDigest(written);
      if (tagged === "refused") expect("error" in runtime, `${JSON.stringify(text)} refused from ${written}`).toBe(true);
      else if (!("error" in runtime)) {
        const { tag, digest } = expected(text, runtime)!;
        expect(tagged, written).toEqual({ ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) });
      }
    }
  });

  it.skipIf(!imageReferenceAvailable("runtime"))(
    "holds what the kubelet's library gives today (runs where Go and Debian's distribution/reference are installed)",
    () => {
      expect(
        imageReference(
          corpus.images.map(({ text }) => text),
          "runtime",
        ),
      ).toEqual(corpus.images.map(({ runtime }) => runtime));
    },
  );

  it.skipIf(!imageReferenceAvailable("legacy"))(
    "holds what the legacy library gives today (runs where Go and Debian's docker/distribution are installed)",
    () => {
      const readings = imageReference(
        corpus.images.map(({ text }) => text),
        "legacy",
      );
      corpus.images.forEach(({ text, runtime, legacy }, i) => {
        expect(sameImageReading(readings[i]!, legacy ?? runtime), JSON.stringify(text)).toBe(true);
      });
    },
  );
});
