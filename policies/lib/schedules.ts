/** How often a backup runs, and how long it is kept, read as the programs that run it read them. */

export type Frequency = "hourly" | "daily" | "other";

/**
 * The cron dialects of the programs that run backups, both robfig/cron's:
 * - "standard", five fields (v3's ParseStandard): Velero (pkg/controller/schedule_controller.go), Kubernetes' CronJobs
 *   (their validation), the Percona operators; a sixth field makes a schedule that never runs;
 * - "seconds first", seconds then the five, the weekday optional (v1's Parse: NewParser(Second | Minute | Hour | Dom |
 *   Month | DowOptional | Descriptor)): CloudNativePG's ScheduledBackups (internal/controller/
 *   scheduledbackup_controller.go), so `0 0 1 * *` runs every day at 01:00:00.
 */
export type CronDialect = "standard" | "seconds first";

/** The minute, hour, day of the month, month and weekday fields of a schedule as its dialect reads them; undefined when it refuses it. */
function cronFields(text: string, dialect: CronDialect): string[] | undefined {
  const fields = text.split(/\s+/);
  if (dialect === "standard") return fields.length === 5 ? fields : undefined;
  if (fields.length === 6) return fields.slice(1);
  return fields.length === 5 ? [...fields.slice(1), "*"] : undefined;
}

/**
 * How often a cron schedule runs, as robfig/cron parses it in its dialect, with the descriptors both dialects take
 * (`@hourly`, `@daily`, `@midnight`, `@every 30m`); "other" for a schedule that never runs, as one of too many fields,
 * or naming a time zone Go does not know (refusedTimeZone).
 */
export function cronFrequency(cron: string, dialect: CronDialect = "standard"): Frequency {
  if (refusedTimeZone(cron) !== undefined) return "other";
  const text = withoutTimeZone(cron);
  if (text.startsWith("@")) {
    if (text === "@hourly") return "hourly";
    if (text === "@daily" || text === "@midnight") return "daily";
    const every = /^@every\s+(\S+)$/.exec(text);
    const hours = every ? goDurationHours(every[1]!) : undefined;
    if (hours === undefined || hours <= 0) return "other";
    return hours <= 1 ? "hourly" : hours <= 24 ? "daily" : "other";
  }
  const fields = cronFields(text, dialect);
  if (fields === undefined) return "other";
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  // Every day of the month, month and weekday: `*`, `?` (robfig/cron takes it for a day), or the whole range
  // (robfig's bounds: days 1-31, months 1-12, weekdays 0-6), stepped by 1 or not.
  const everyValue = (field: string | undefined, first: number, last: number) => new RegExp(`^(\\*|\\?|${first}-${last})(/1)?$`).test(field ?? "");
  if (!everyValue(dayOfMonth, 1, 31) || !everyValue(month, 1, 12) || !everyValue(dayOfWeek, 0, 6)) return "other";
  // Every day: every hour when the hour field is *, at least once a day for any hours it names (a list, a range, a step).
  if (!timeField.test(minute ?? "") || !timeField.test(hour ?? "")) return "other";
  return hour === "*" ? "hourly" : "daily";
}

/**
 * How many times a day a cron schedule runs when it runs every day (`0 2 * * *` once, `0 0,6,12,18 * * *` four times,
 * `@hourly` 24), or undefined when it does not. The minutes and hours it names are counted as robfig/cron expands
 * them (parser.go, getRange: a value with a step runs to the field's end).
 */
export function runsPerDay(cron: string): number | undefined {
  const text = withoutTimeZone(cron);
  if (cronFrequency(text) === "other") return undefined;
  if (text === "@hourly") return 24;
  if (text === "@daily" || text === "@midnight") return 1;
  const every = /^@every\s+(\S+)$/.exec(text);
  if (every) return 24 / goDurationHours(every[1]!)!;
  const [minute, hour] = cronFields(text, "standard")!;
  const times = timesIn(minute!, 59) * timesIn(hour!, 23);
  // A value beyond the field's end is a schedule robfig/cron refuses.
  return times > 0 ? times : undefined;
}

/** How many values of 0 to last a minute or hour field names. */
function timesIn(field: string, last: number): number {
  const values = new Set<number>();
  for (const item of field.split(",")) {
    const [range, step] = item.split("/");
    const [first, end] = range === "*" ? [0, last] : range!.split("-").map(Number);
    const to = end ?? (step === undefined ? first! : last);
    for (let value = first!; value <= Math.min(to, last); value += Number(step ?? 1)) values.add(value);
  }
  return values.size;
}

/**
 * A cron schedule without the time zone robfig/cron takes before it (`CRON_TZ=Europe/Paris 0 2 * * *`, or `TZ=`;
 * parser.go), which moves when it runs, not how often.
 */
export const withoutTimeZone = (cron: string): string => cron.trim().replace(/^(?:CRON_TZ|TZ)=\S+\s+/, "");

/**
 * The time zone a cron schedule names that robfig/cron refuses, if any: it loads the zone with Go's time.LoadLocation
 * and fails the whole schedule when that fails ("provided bad location", parser.go), so the schedule never runs. Go
 * knows "Local", "UTC" and the IANA database's names, spelt as its files are (case counts); the IANA names are read
 * through the engine's own copy of the database (Intl), which takes any case.
 */
export function refusedTimeZone(cron: string): string | undefined {
  // robfig/cron reads the zone up to the first space, a tab included.
  const zone = /^(?:CRON_TZ|TZ)=([^ ]+) /.exec(cron.trim())?.[1];
  if (zone === undefined || zone === "Local") return undefined;
  if (/\s/.test(zone)) return zone;
  try {
    const known = new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
    // An alias resolves to another name (US/Eastern to America/New_York); the same name in another case is refused.
    return known !== zone && known.toLowerCase() === zone.toLowerCase() ? zone : undefined;
  } catch {
    return zone;
  }
}

/** Whether a cron schedule names its time zone before its fields (withoutTimeZone). */
export const namesTimeZone = (cron: string): boolean => withoutTimeZone(cron) !== cron.trim();

/** A minute or hour field that names at least one time: `*`, values, ranges and steps, in a list. */
const timeField = /^(\*|\d+(-\d+)?)(\/[1-9]\d*)?(,(\*|\d+(-\d+)?)(\/[1-9]\d*)?)*$/;

/**
 * How often several cron schedules run together: as often as the most frequent of them, or daily when on every day of
 * the week one of them runs (a weekly full backup and a differential one the other days).
 */
export function combinedFrequency(crons: readonly string[]): Frequency {
  const each = crons.map((cron) => cronFrequency(cron));
  if (each.includes("hourly")) return "hourly";
  if (each.includes("daily")) return "daily";
  const days = new Set(crons.flatMap((cron) => [...(weekdaysOf(cron) ?? [])]));
  return days.size === 7 ? "daily" : "other";
}

const weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/**
 * The days of the week a cron schedule runs on, at least once each, when it runs every month; undefined otherwise.
 * robfig/cron reads `@weekly` as Sunday at midnight (parser.go), weekdays as 0-6 or their names in lists, ranges and
 * steps, and a day of the month and a weekday both restricted as either of them (spec.go, dayMatches: ORed unless one
 * is `*` or `?`), so `0 1 1 * 1-6` runs every Monday to Saturday.
 */
function weekdaysOf(cron: string): Set<number> | undefined {
  if (refusedTimeZone(cron) !== undefined) return undefined;
  const text = withoutTimeZone(cron);
  if (text === "@weekly") return new Set([0]);
  const fields = cronFields(text, "standard");
  if (fields === undefined) return undefined;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  if (!timeField.test(minute!) || !timeField.test(hour!) || !/^([*?]|1-12)(\/1)?$/.test(month!)) return undefined;
  const star = (field: string) => /^[*?](\/1)?$/.test(field);
  const everyDayOfMonth = star(dayOfMonth!) || /^1-31(\/1)?$/.test(dayOfMonth!);
  if (star(dayOfWeek!)) return everyDayOfMonth ? new Set([0, 1, 2, 3, 4, 5, 6]) : undefined;
  const days = new Set<number>();
  const day = (name: string) => (/^\d$/.test(name) ? Number(name) : weekdayNames.indexOf(name.toLowerCase()));
  for (const item of dayOfWeek!.split(",")) {
    const [range, step] = item.split("/");
    const [first, last] = range === "*" || range === "?" ? ["0", "6"] : range!.split("-");
    const [from, to] = [day(first!), last === undefined ? (step === undefined ? day(first!) : 6) : day(last)];
    if (from < 0 || from > 6 || to < from || to > 6 || (step !== undefined && !/^[1-9]\d*$/.test(step))) return undefined;
    for (let d = from; d <= to; d += Number(step ?? 1)) days.add(d);
  }
  // A day of the month written as every day, not as `*`, is ORed with the weekdays: every day.
  return everyDayOfMonth && !star(dayOfMonth!) ? new Set([0, 1, 2, 3, 4, 5, 6]) : days;
}

// Go takes both micro signs: U+00B5 and U+03BC (src/time/format.go, unitMap).
const hoursPerUnit: Readonly<Record<string, number>> = {
  ns: 1e-9 / 3600,
  us: 1e-6 / 3600,
  "\u00b5s": 1e-6 / 3600,
  "\u03bcs": 1e-6 / 3600,
  ms: 1e-3 / 3600,
  s: 1 / 3600,
  m: 1 / 60,
  h: 1,
};
const durationPart = /(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/y;

/**
 * The hours of a Go duration as time.ParseDuration reads it (`720h`, `720h0m0s` as a metav1.Duration prints, `1.5h`,
 * `43800.h`, `90m`, `+720h`, `-1h`, `0`), or undefined when it is not one.
 */
export function goDurationHours(written: string): number | undefined {
  const sign = written.startsWith("-") ? -1 : 1;
  const text = /^[-+]/.test(written) ? written.slice(1) : written;
  if (text === "0") return 0;
  if (text === "") return undefined;
  durationPart.lastIndex = 0;
  let hours = 0;
  while (durationPart.lastIndex < text.length) {
    const part = durationPart.exec(text);
    if (!part) return undefined;
    hours += Number(part[1]) * hoursPerUnit[part[2]!]!;
  }
  return sign * hours;
}
