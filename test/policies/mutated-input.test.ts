// The policies on input no one meant: the fixtures with values replaced at random (a fixed seed, so every run checks the
// same cases) by values of the wrong type, unknowns and odd expressions. A policy may find anything there, but never
// fail (an "error" outcome, which fails the run), and no message may quote a value whole past the engine's bound.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../lib/errors";
import { parseAllDocuments, stringify } from "yaml";
import type { InputProblem } from "../../policies/engine/model";
import { runPolicies } from "../../policies/engine/run";
import { readConfigurations } from "../../policies/inputs/read";
import { allPolicies } from "../../policies/rules/index";
import { fixtureSettings, fixturesDir } from "./fixture-runner";

/** A linear congruential generator: the same cases on every machine. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const oddValues: unknown[] = [null, [], {}, "", 0, -1, true, "${var.x}", [null], [{}], "x", 1e21, { "${var.k}": 1 }, ["${var.y}"], "0.0.0.0/0", "::/0"];

const oddExpressions = [
  "null",
  "[]",
  "{}",
  "var.x",
  '"${var.x}"',
  "count.index",
  "each.value",
  "try(var.a, 1)",
  "[for x in var.l : x]",
  "local.missing",
  "data.x.y.z",
  "module.m.out",
  '"a" + 1',
  "tolist(null)",
  "merge(null, {})",
  'lookup({}, "k")',
  "element([], 0)",
  'cidrsubnet("10.0.0.0/8", 30, 999999)',
  'jsondecode("{")',
  'base64decode("%%")',
  'templatefile("nope", {})',
  'yamldecode("a: [")',
  'format("%d", "x")',
  "-1",
  "1e400",
  "true ? null : 1",
  "[1, 2][5]",
  '{ a = 1 }["b"]',
  "var.x[0].y",
  "range(2000)",
];

/** The files under a folder whose name passes `test`, in name order. */
function filesUnder(folder: string, test: (name: string) => boolean): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return filesUnder(path, test);
      return test(name) ? [path] : [];
    });
}

/**
 * A copy of a JSON value with one to three of its values replaced, each at a depth drawn first: the few values near the
 * top (a list of resources, a module) are replaced as often as the many deep ones.
 */
function mutatedValue(value: unknown, next: () => number): unknown {
  const copy = structuredClone(value);
  const byDepth: [Record<string, unknown>, string][][] = [];
  const visit = (item: unknown, depth: number) => {
    if (item === null || typeof item !== "object") return;
    for (const key of Object.keys(item)) {
      const atDepth = byDepth[depth] ?? [];
      atDepth.push([item as Record<string, unknown>, key]);
      byDepth[depth] = atDepth;
      visit((item as Record<string, unknown>)[key], depth + 1);
    }
  };
  visit(copy, 0);
  for (let n = 1 + Math.floor(next() * 3); n > 0 && byDepth.length > 0; n--) {
    const places = byDepth[Math.floor(next() * byDepth.length)]!;
    const [holder, key] = places[Math.floor(next() * places.length)]!;
    holder[key] = structuredClone(oddValues[Math.floor(next() * oddValues.length)]);
  }
  return copy;
}

/** A fixture's text with one to three of its values replaced: native syntax by line, JSON and YAML by value. */
function mutatedText(file: string, next: () => number): string {
  const text = readFileSync(file, "utf8");
  if (file.endsWith(".json")) return JSON.stringify(mutatedValue(JSON.parse(text), next));
  if (!file.endsWith(".tf"))
    return parseAllDocuments(text)
      .map((document) => stringify(mutatedValue(document.toJS(), next)))
      .join("---\n");
  const lines = text.split("\n");
  const assignments = lines.flatMap((line, i) => (/^\s*[\w-]+\s*=\s*\S/.test(line) ? [i] : []));
  for (let n = 1 + Math.floor(next() * 3); n > 0 && assignments.length > 0; n--) {
    const at = assignments[Math.floor(next() * assignments.length)]!;
    lines[at] = lines[at]!.replace(/=.*$/, `= ${oddExpressions[Math.floor(next() * oddExpressions.length)]}`);
  }
  return lines.join("\n");
}

/** Reads and checks a mutated copy of each case; returns what went wrong: a policy that failed, a message past the bound. */
async function brokenOn(cases: readonly string[], next: () => number): Promise<string[]> {
  const broken: string[] = [];
  for (const [i, file] of cases.entries()) {
    const folder = mkdtempSync(join(tmpdir(), "eds-mutated-"));
    writeFileSync(join(folder, basename(file)), mutatedText(file, next));
    const problems: InputProblem[] = [];
    // A file that is no input at all (a YAML document made a list, a plan's module a string) is bad input, as the
    // command line says it.
    const configurations = await readConfigurations([folder], problems).catch((error: unknown) => {
      if (error instanceof InputError) return [];
      throw error;
    });
    const run = runPolicies(configurations, { policies: allPolicies, settings: fixtureSettings });
    for (const outcome of run.outcomes) {
      if (outcome.status === "error") broken.push(`case ${i}, ${file}: ${outcome.policyId} ${outcome.message}`);
      if ((outcome.message?.length ?? 0) > 2_100) broken.push(`case ${i}, ${file}: ${outcome.policyId} wrote ${outcome.message!.length} characters`);
    }
  }
  return broken;
}

describe("the policies on mutated input", () => {
  const next = random(20261204);
  const pick = (files: readonly string[], count: number) => Array.from({ length: count }, () => files[Math.floor(next() * files.length)]!);

  it("never fail on the fixtures, and quote no value whole past the bound of a message", async () => {
    const fixtures = filesUnder(fixturesDir, (name) => /\.(tf|tf\.json|ya?ml)$/.test(name) && !name.endsWith(".settings.yaml"));
    expect(await brokenOn(pick(fixtures, 300), next)).toEqual([]);
  }, 120_000);

  it("never fail on the plans the tests hold (terraform show -json), a plan shaped otherwise being bad input", async () => {
    const plans = filesUnder(join(fixturesDir, ".."), (name) => name.endsWith("plan.json"));
    expect(await brokenOn(pick(plans, 300), next)).toEqual([]);
  }, 120_000);
});
