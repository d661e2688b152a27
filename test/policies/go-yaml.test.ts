import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { InputProblem } from "../../policies/engine/model";
import { readConfigurations } from "../../policies/inputs/read";
import { parseKubernetesYaml } from "../../policies/lib/go-yaml";
import { goYamlReference, goYamlReferenceAvailable, type KubectlReading } from "../../scripts/go-yaml-reference/run";

/** Texts and what kubectl sends for each (scripts/refresh-go-yaml-corpus.ts writes it with the reference program). */
const corpus = JSON.parse(readFileSync(join(import.meta.dirname, "go-yaml-corpus.json"), "utf8")) as {
  reference: string;
  cases: { yaml: string; kubectl: KubectlReading }[];
};

/**
 * Where the reader still differs, each left for its reason: a block scalar ending the text with no line break keeps one
 * here (the yaml library adds it; go-yaml keeps what is written), and a value tagged !!merge, which no manifest writes.
 */
const knownDifferences = new Set(["a:\n  |\n  x", "a: !!str |\n  x", "a: |\n  ---\n  b", "v: !!merge x"]);

/** A value with its maps' keys in order, so that two readings compare whatever order each wrote the keys in. */
const sorted = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sorted)
    : value !== null && typeof value === "object"
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
        )
      : value;

/** What the reader makes of a text, as the reference writes it: the value, or that it is refused. */
function read(yaml: string): { value: unknown } | { refused: true } {
  try {
    return { value: sorted(parseKubernetesYaml(yaml) ?? null) };
  } catch {
    return { refused: true };
  }
}

const sent = (reading: KubectlReading): { value: unknown } | { refused: true } =>
  "error" in reading ? { refused: true } : { value: sorted(JSON.parse(reading.json)) };

describe(`YAML as kubectl reads it, held to ${corpus.reference}`, () => {
  it("reads each text of the corpus as kubectl sends it, or refuses it where kubectl does", () => {
    const cases = corpus.cases.filter(({ yaml }) => !knownDifferences.has(yaml));
    expect(cases.length).toBeGreaterThan(300);
    for (const { yaml, kubectl } of cases) expect(read(yaml), yaml).toEqual(sent(kubectl));
  });

  it("still differs where it is known to, so that a change there is seen", () => {
    for (const yaml of knownDifferences) {
      const held = corpus.cases.find((entry) => entry.yaml === yaml);
      expect(held, yaml).toBeDefined();
      expect(read(yaml), yaml).not.toEqual(sent(held!.kubectl));
    }
  });

  it.skipIf(!goYamlReferenceAvailable())("holds what the reference gives today (runs where Go and the Debian sources are installed)", () => {
    const readings = goYamlReference(corpus.cases.map(({ yaml }) => yaml));
    expect(readings).toEqual(corpus.cases.map(({ kubectl }) => kubectl));
  });
});

describe("what kubectl refuses to send", () => {
  it("is an input problem at the value's line and column, which never shows the value", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "eds-go-yaml-")), "objects.yaml");
    const configMap = (name: string, data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: team}\ndata:\n${data}`;
    writeFileSync(
      file,
      [
        configMap("a", "  ratio: .inf\n"),
        configMap("b", "  copy: *nowhere\n"),
        configMap("c", "  password: !!int not-a-real-secret\n"),
        configMap("d", "  x: ok\n"),
      ].join("---\n"),
    );
    const problems: InputProblem[] = [];
    const [read] = await readConfigurations([file], problems);
    expect(read!.resources.map((r) => r.address)).toEqual(["ConfigMap/team/d"]);
    expect(problems).toEqual([
      { file, line: 5, message: "column 10: document 1: a number JSON cannot hold, which kubectl refuses to send (json: unsupported value: +Inf)" },
      { file, line: 11, message: "column 9: document 2: unknown anchor 'nowhere' referenced" },
      { file, line: 17, message: "column 19: document 3: a !!str tagged !!int, which go-yaml cannot decode as one" },
    ]);
  });
});
