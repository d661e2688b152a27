import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CronDialect, cronFrequency, type Frequency, goDurationHours, runsPerDay } from "../../policies/lib/schedules";
import { type CronReading, cronReference, cronReferenceAvailable, type DurationReading } from "../../scripts/cron-reference/run";

/** Schedules and durations, with how robfig/cron v3 and Go read each (scripts/refresh-cron-corpus.ts writes them). */
const corpus = JSON.parse(readFileSync(join(import.meta.dirname, "cron-corpus.json"), "utf8")) as {
  reference: string;
  crons: { spec: string; dialect: CronDialect; robfig: CronReading }[];
  durations: { text: string; go: DurationReading }[];
};

/**
 * How often a schedule runs, from its runs over two fortnights: hourly when no wait is longer than an hour, daily when it
 * runs every day and no wait is longer than a day; other when robfig refuses it (it never runs) or else.
 */
function frequencyOf(reading: CronReading): Frequency {
  if ("error" in reading) return "other";
  if (reading.longestWaitSeconds <= 3600) return "hourly";
  return reading.longestWaitSeconds <= 86400 && reading.runsPerDay.every((runs) => runs > 0) ? "daily" : "other";
}

describe(`schedules and durations as ${corpus.reference} read them`, () => {
  it("give each schedule the frequency its runs have, in its dialect, and never runs to one robfig refuses", () => {
    expect(corpus.crons.length).toBeGreaterThan(100);
    for (const { spec, dialect, robfig } of corpus.crons) expect(cronFrequency(spec, dialect), `${spec} (${dialect})`).toBe(frequencyOf(robfig));
  });

  it("count the runs of a day of each five-field schedule that runs every day", () => {
    for (const { spec, robfig } of corpus.crons.filter(({ dialect }) => dialect === "standard")) {
      const perDay = frequencyOf(robfig) !== "other" && "runsPerDay" in robfig && new Set(robfig.runsPerDay).size === 1 ? robfig.runsPerDay[0] : undefined;
      expect(runsPerDay(spec), spec).toBe(perDay);
    }
  });

  it("read each duration as time.ParseDuration does, or refuse it", () => {
    for (const { text, go } of corpus.durations) {
      if ("error" in go) expect(goDurationHours(text), text).toBeUndefined();
      else expect(goDurationHours(text), text).toBeCloseTo(go.hours, 9);
    }
  });

  it.skipIf(!cronReferenceAvailable())("holds what the reference gives today (runs where Go and Debian's robfig/cron are installed)", () => {
    const readings = cronReference(
      corpus.crons.map(({ spec, dialect }) => ({ spec, dialect })),
      corpus.durations.map(({ text }) => text),
    );
    expect(readings).toEqual({ crons: corpus.crons.map(({ robfig }) => robfig), durations: corpus.durations.map(({ go }) => go) });
  });
});
