import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { InputProblem } from "../../policies/engine/model";
import { readConfigurations } from "../../policies/inputs/read";
import { parseKubernetesYaml } from "../../policies/lib/go-yaml";
import {
  goYamlReference,
  goYamlReferenceAvailable,
  type KubectlReading,
  type TerraformReading,
  terraformAvailable,
  terraformYamlReadings,
} from "../../scripts/yaml-reference/run";
import { terraformYamlDecode } from "../../policies/lib/terraform-yaml";

/** Texts, and what kubectl sends and Terraform's yamldecode gives for each (scripts/refresh-yaml-corpus.ts writes them). */
const corpus = JSON.parse(readFileSync(join(import.meta.dirname, "yaml-corpus.json"), "utf8")) as {
  references: { kubectl: string; yamldecode: string };
  cases: { yaml: string; kubectl: KubectlReading; yamldecode: TerraformReading }[];
};

/**
 * Where a reader still differs, each left for its reason: a block scalar ending the text with no line break keeps one
 * here (the yaml library adds it, libyaml keeps what is written); a value tagged !!merge, which no manifest writes; and
 * a number beyond 64-bit floats, which Terraform keeps exactly and jsonencode writes as null.
 */
const endingBlocks = ["a:\n  |\n  x", "a: !!str |\n  x", "a: |\n  ---\n  b"];
const knownDifferences = {
  kubectl: new Set([...endingBlocks, "v: !!merge x"]),
  yamldecode: new Set([...endingBlocks, "v: !!binary |\n  aGVs\n  bG8=", "v: 1e400", "v: -1e400", "a: 1e1000"]),
};

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

type Reading = { value: unknown } | { refused: true };

/** What a reader makes of a text: the value, or that it is refused (as jsonencode refuses an infinity, after yamldecode). */
function read(reader: (text: string) => unknown, yaml: string): Reading {
  try {
    const value = reader(yaml) ?? null;
    if (JSON.stringify(value, (_key, item) => (typeof item === "number" && !Number.isFinite(item) ? undefined : item)) !== JSON.stringify(value))
      return { refused: true };
    return { value: sorted(value) };
  } catch {
    return { refused: true };
  }
}

const held = (reading: KubectlReading | TerraformReading): Reading => ("json" in reading ? { value: sorted(JSON.parse(reading.json)) } : { refused: true });

describe.each([
  {
    reference: "kubectl" as const,
    reader: parseKubernetesYaml,
    live: goYamlReferenceAvailable,
    readings: goYamlReference,
    where: "Go and the Debian sources are installed",
  },
  {
    reference: "yamldecode" as const,
    reader: terraformYamlDecode,
    live: terraformAvailable,
    readings: terraformYamlReadings,
    where: "terraform is on the PATH",
  },
])("YAML as $reference reads it", ({ reference, reader, live, readings, where }) => {
  it(`reads each text of the corpus as ${corpus.references[reference]} does, or refuses it where it does`, () => {
    const cases = corpus.cases.filter(({ yaml }) => !knownDifferences[reference].has(yaml));
    expect(cases.length).toBeGreaterThan(300);
    for (const entry of cases) expect(read(reader, entry.yaml), entry.yaml).toEqual(held(entry[reference]));
  });

  it("still differs where it is known to, so that a change there is seen", () => {
    for (const yaml of knownDifferences[reference]) {
      const entry = corpus.cases.find((candidate) => candidate.yaml === yaml);
      expect(entry, yaml).toBeDefined();
      expect(read(reader, yaml), yaml).not.toEqual(held(entry![reference]));
    }
  });

  it.skipIf(!live())(`holds what the reference gives today (runs where ${where})`, () => {
    expect(readings(corpus.cases.map(({ yaml }) => yaml))).toEqual(corpus.cases.map((entry) => entry[reference]));
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
