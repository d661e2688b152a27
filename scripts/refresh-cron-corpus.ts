// Refreshes the readings of the schedule and duration corpus the backup checks are held to
// (test/policies/cron-corpus.json): for each schedule, how robfig/cron v3 reads it in its dialect, and for each
// duration, how Go's time.ParseDuration reads it. Add a case as {"spec": "...", "dialect": "standard"} or
// {"text": "..."}, then run this where the reference builds (scripts/cron-reference/run.ts: Go and Debian's
// golang-github-robfig-cron-dev).
// Usage: npm run cron-corpus
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CronDialect } from "../policies/lib/schedules";
import { cronReference, cronReferenceAvailable, cronReferenceVersions } from "./cron-reference/run";

const corpusFile = join(import.meta.dirname, "..", "test", "policies", "cron-corpus.json");
if (!cronReferenceAvailable()) {
  console.error("cron-corpus: the reference needs apt-get install golang-go golang-github-robfig-cron-dev");
  process.exit(2);
}
const corpus = JSON.parse(readFileSync(corpusFile, "utf8")) as { crons: { spec: string; dialect: CronDialect }[]; durations: { text: string }[] };
const readings = cronReference(
  corpus.crons.map(({ spec, dialect }) => ({ spec, dialect })),
  corpus.durations.map(({ text }) => text),
);
const lines = (entries: readonly object[]) => entries.map((entry) => `    ${JSON.stringify(entry)}`).join(",\n");
const crons = corpus.crons.map(({ spec, dialect }, i) => ({ spec, dialect, robfig: readings.crons[i] }));
const durations = corpus.durations.map(({ text }, i) => ({ text, go: readings.durations[i] }));
const reference = `robfig/cron v3 and Go's time.ParseDuration (${cronReferenceVersions()})`;
// One case per line, so that a refresh reads as a diff of cases.
writeFileSync(
  corpusFile,
  `{\n  "reference": ${JSON.stringify(reference)},\n  "crons": [\n${lines(crons)}\n  ],\n  "durations": [\n${lines(durations)}\n  ]\n}\n`,
);
console.log(`cron-corpus: ${crons.length} schedules and ${durations.length} durations written to ${corpusFile}`);
