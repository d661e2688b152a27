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

/** A field's values, and whether it was written `*` or `?` (robfig's starBit: dayMatches reads it). */
interface CronField {
  readonly values: ReadonlySet<number>;
  readonly star: boolean;
}

/** The fields of a schedule as robfig/cron parses them (parser.go), the seconds left out. */
interface CronSpec {
  readonly minute: CronField;
  readonly hour: CronField;
  readonly dayOfMonth: CronField;
  readonly month: CronField;
  readonly dayOfWeek: CronField;
}

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

// parser.go: seconds, minutes, hours, dom, months and dow, with the names months and weekdays take in any case.
const bounds = {
  second: { min: 0, max: 59 },
  minute: { min: 0, max: 59 },
  hour: { min: 0, max: 23 },
  dayOfMonth: { min: 1, max: 31 },
  month: { min: 1, max: 12, names: ["", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] },
  dayOfWeek: { min: 0, max: 6, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
} as const satisfies Record<string, Bounds>;

const everyOf = ({ min, max }: Bounds): CronField => ({ values: new Set(Array.from({ length: max - min + 1 }, (_, i) => min + i)), star: true });
const only = (value: number): CronField => ({ values: new Set([value]), star: false });

/** The descriptors robfig/cron takes (parseDescriptor), as the fields they stand for; `@every` is read apart. */
const descriptors: Readonly<Record<string, CronSpec>> = {
  "@yearly": { minute: only(0), hour: only(0), dayOfMonth: only(1), month: only(1), dayOfWeek: everyOf(bounds.dayOfWeek) },
  "@monthly": { minute: only(0), hour: only(0), dayOfMonth: only(1), month: everyOf(bounds.month), dayOfWeek: everyOf(bounds.dayOfWeek) },
  "@weekly": { minute: only(0), hour: only(0), dayOfMonth: everyOf(bounds.dayOfMonth), month: everyOf(bounds.month), dayOfWeek: only(0) },
  "@daily": { minute: only(0), hour: only(0), dayOfMonth: everyOf(bounds.dayOfMonth), month: everyOf(bounds.month), dayOfWeek: everyOf(bounds.dayOfWeek) },
  "@hourly": {
    minute: only(0),
    hour: everyOf(bounds.hour),
    dayOfMonth: everyOf(bounds.dayOfMonth),
    month: everyOf(bounds.month),
    dayOfWeek: everyOf(bounds.dayOfWeek),
  },
};

/** strconv.Atoi of a number robfig takes, which it refuses negative (mustParseInt). */
const cronInteger = (text: string): number | undefined => (/^[+]?[0-9]+$/.test(text) ? Number(text) : undefined);

/** A field's number (cronInteger), or a month or weekday by its name. */
function cronNumber(text: string, { names }: Bounds): number | undefined {
  const named = names?.indexOf(text.toLowerCase()) ?? -1;
  if (named > 0 || (named === 0 && text !== "")) return named;
  return cronInteger(text);
}

/** A field as getField reads it: ranges between commas (empty ones skipped), each `*`, `?`, a value or a range, stepped. */
function cronField(text: string, field: Bounds): CronField | undefined {
  const values = new Set<number>();
  let star = false;
  for (const expression of text.split(",").filter((item) => item !== "")) {
    const [range, ...steps] = expression.split("/");
    const ends = range!.split("-");
    if (steps.length > 1 || ends.length > 2) return undefined;
    const whole = ends[0] === "*" || ends[0] === "?";
    const start = whole ? field.min : cronNumber(ends[0]!, field);
    let end = whole ? field.max : ends.length === 2 ? cronNumber(ends[1]!, field) : start;
    const step = steps.length === 0 ? 1 : cronInteger(steps[0]!);
    if (start === undefined || end === undefined || step === undefined) return undefined;
    // "N/step" runs from N to the field's end.
    if (steps.length === 1 && ends.length === 1) end = field.max;
    if (start < field.min || end > field.max || start > end || step === 0) return undefined;
    for (let value = start; value <= end; value += step) values.add(value);
    if (whole && step === 1) star = true;
  }
  return { values, star };
}

/**
 * A schedule's fields as its dialect reads them, or the seconds of an `@every` (at least one: robfig's Every); undefined
 * when robfig/cron refuses it, so that it never runs.
 */
function parsedCron(cron: string, dialect: CronDialect): CronSpec | { everySeconds: number } | undefined {
  if (refusedTimeZone(cron) !== undefined) return undefined;
  const text = withoutTimeZone(cron);
  if (text.startsWith("@")) {
    const every = /^@every (.*)$/.exec(text);
    if (!every) return descriptors[text === "@annually" ? "@yearly" : text === "@midnight" ? "@daily" : text];
    const hours = goDurationHours(every[1]!);
    return hours === undefined ? undefined : { everySeconds: Math.max(1, Math.floor(hours * 3600)) };
  }
  const written = text.split(/\s+/).filter((field) => field !== "");
  // Seconds first, the weekday optional (normalizeFields appends `*`); the seconds name a time of every minute it runs.
  const fields =
    dialect === "standard"
      ? written.length === 5
        ? written
        : undefined
      : written.length === 6
        ? written.slice(1)
        : written.length === 5
          ? [...written.slice(1), "*"]
          : undefined;
  if (fields === undefined || (dialect === "seconds first" && !cronField(written[0]!, bounds.second)?.values.size)) return undefined;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = (["minute", "hour", "dayOfMonth", "month", "dayOfWeek"] as const).map((name, i) =>
    cronField(fields[i]!, bounds[name]),
  );
  if (!minute || !hour || !dayOfMonth || !month || !dayOfWeek) return undefined;
  return { minute, hour, dayOfMonth, month, dayOfWeek };
}

/**
 * Whether a schedule runs on every day of the year: every month, and every day as robfig's dayMatches reads the day of
 * the month and the weekday (spec.go: both must match when either is `*` or `?`, either one otherwise).
 */
function runsEveryDay({ minute, hour, dayOfMonth, month, dayOfWeek }: CronSpec): boolean {
  if (minute.values.size === 0 || hour.values.size === 0 || month.values.size < 12) return false;
  const allDays = dayOfMonth.values.size === 31;
  const allWeekdays = dayOfWeek.values.size === 7;
  return dayOfMonth.star || dayOfWeek.star ? allDays && allWeekdays : allDays || allWeekdays;
}

/**
 * How often a cron schedule runs, as robfig/cron parses it in its dialect (parser.go), with the descriptors both
 * dialects take (`@hourly`, `@daily`, `@midnight`, `@every 30m`, an `@every` under a second being every second):
 * "hourly" when it runs every hour of every day, "daily" every day; "other" for a schedule that never runs, as one
 * robfig refuses (too many fields, a value out of its field's bounds, a range backwards, a step of 0) or naming a
 * time zone Go does not know (refusedTimeZone). Held to robfig/cron itself on test/policies/cron-corpus.json.
 */
export function cronFrequency(cron: string, dialect: CronDialect = "standard"): Frequency {
  const parsed = parsedCron(cron, dialect);
  if (parsed === undefined) return "other";
  if ("everySeconds" in parsed) return parsed.everySeconds <= 3600 ? "hourly" : parsed.everySeconds <= 86400 ? "daily" : "other";
  if (!runsEveryDay(parsed)) return "other";
  return parsed.hour.values.size === 24 ? "hourly" : "daily";
}

/**
 * How many times a day a five-field cron schedule runs when it runs every day (`0 2 * * *` once, `0 0,6,12,18 * * *`
 * four times, `@hourly` 24), or undefined when it does not.
 */
export function runsPerDay(cron: string): number | undefined {
  const parsed = parsedCron(cron, "standard");
  if (parsed === undefined) return undefined;
  if ("everySeconds" in parsed) return parsed.everySeconds <= 86400 ? 86400 / parsed.everySeconds : undefined;
  return runsEveryDay(parsed) ? parsed.minute.values.size * parsed.hour.values.size : undefined;
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

/**
 * The days of the week a five-field cron schedule runs on, at least once each, when it runs every month; undefined
 * otherwise. A day of the month and a weekday both restricted are ORed (spec.go, dayMatches), so `0 1 1 * 1-6` runs
 * every Monday to Saturday, and every day when its days of the month are all of them.
 */
function weekdaysOf(cron: string): Set<number> | undefined {
  const parsed = parsedCron(cron, "standard");
  if (parsed === undefined || "everySeconds" in parsed || parsed.month.values.size < 12 || parsed.minute.values.size === 0 || parsed.hour.values.size === 0)
    return undefined;
  const { dayOfMonth, dayOfWeek } = parsed;
  const allDays = dayOfMonth.values.size === 31;
  if (dayOfMonth.star || dayOfWeek.star) return allDays ? new Set(dayOfWeek.values) : undefined;
  return allDays ? new Set([0, 1, 2, 3, 4, 5, 6]) : new Set(dayOfWeek.values);
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
  // A duration is an int64 of nanoseconds: beyond about 2,562,047 hours, ParseDuration fails ("invalid duration").
  if (hours * 3.6e12 > 2 ** 63) return undefined;
  return sign * hours;
}
