// The reference the schedule and duration readers are held to (policies/lib/schedules.ts): the program beside this file
// (main.go), robfig/cron v3 and Go's time.ParseDuration, built with Go and Debian's golang-github-robfig-cron-dev.
import { join } from "node:path";
import type { CronDialect } from "../../policies/lib/schedules";
import { debianVersions, goReferenceAvailable, runGoReference } from "../go-reference";

/** A schedule as robfig/cron reads it: the error it stops with, or how it runs over a fortnight. */
export type CronReading = { readonly error: string } | { readonly runsPerDay: readonly number[]; readonly longestWaitSeconds: number };

/** A duration as time.ParseDuration reads it. */
export type DurationReading = { readonly error: string } | { readonly hours: number };

export const cronReferenceAvailable = (): boolean => goReferenceAvailable(["github.com/robfig/cron"]);

export const cronReferenceVersions = (): string => debianVersions(["golang-github-robfig-cron-dev", "golang-go"]);

/** Each schedule and each duration as the reference reads it. */
export function cronReference(
  crons: readonly { spec: string; dialect: CronDialect }[],
  durations: readonly string[],
): { crons: CronReading[]; durations: DurationReading[] } {
  return JSON.parse(runGoReference(join(import.meta.dirname, "main.go"), JSON.stringify({ crons, durations })));
}
