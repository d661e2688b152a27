import type { Violation } from "../engine/policy";
import { isUnknown, literalString } from "./values";

/**
 * End of upstream support of each Kubernetes minor (kubernetes.io/releases, "End of Life" of each release's page, read
 * 2026-11): after that day a minor gets no security fix. A minor newer than this table is not judged (cannot-evaluate)
 * until the table is updated.
 */
export const kubernetesEndOfLife: Readonly<Record<string, string>> = {
  "1.29": "2025-02-28",
  "1.30": "2025-06-28",
  "1.31": "2025-10-28",
  "1.32": "2026-02-28",
  "1.33": "2026-06-28",
  "1.34": "2026-10-27",
  "1.35": "2027-02-28",
  "1.36": "2027-06-28",
};

/** "v1.35.5", "v1.35.5+rke2r1", "v1.35" (an RKE2 channel) → "1.35". */
export const kubernetesMinor = (version: string): string | undefined => /^v?(\d+\.\d+)(?:\.\d+|$)/.exec(version)?.[1];

/**
 * When a minor's upstream support ends: its date in the table; for a minor older than the table, the oldest date, which
 * it ended before. Undefined for a minor newer than the table.
 */
export function endOfSupport(minor: string): { readonly date: string; readonly before: boolean } | undefined {
  const known = kubernetesEndOfLife[minor];
  if (known) return { date: known, before: false };
  const [oldest] = Object.keys(kubernetesEndOfLife).sort(byMinor);
  return oldest && byMinor(minor, oldest) < 0 ? { date: kubernetesEndOfLife[oldest]!, before: true } : undefined;
}

/** Orders "1.9" before "1.29". */
const byMinor = (a: string, b: string): number => {
  const [aMajor, aMinor] = a.split(".").map(Number);
  const [bMajor, bMinor] = b.split(".").map(Number);
  return aMajor! - bMajor! || aMinor! - bMinor!;
};

/**
 * The Kubernetes version a resource chooses, as written, at `path` (by `source`, where the path does not say it);
 * `defaulted` says why a driver's default runs, `unread` why it is not known here (with what is not known as written,
 * where it is a text).
 */
export interface ChosenVersion {
  readonly written: unknown;
  readonly path: string;
  readonly source?: string;
  readonly defaulted?: string;
  readonly unread?: string;
}

/** Whether the version a resource chooses left upstream support before `today`, or why that cannot be told. */
export function versionPastSupport({ written, path, source, defaulted, unread }: ChosenVersion, today: string): Violation[] {
  const asWritten = typeof written === "string" ? { notKnown: written } : {};
  if (unread) return [{ message: unread, path, outcome: "cannot-evaluate", ...asWritten }];
  if (isUnknown(written)) return [{ message: "the Kubernetes version is not known before apply", path, outcome: "cannot-evaluate", ...asWritten }];
  const version = literalString(written) ?? String(written);
  const minor = kubernetesMinor(version);
  const end = minor === undefined ? undefined : endOfSupport(minor);
  if (!end) return [{ message: `no end-of-support date is known for ${version}`, path, outcome: "cannot-evaluate" }];
  if (end.date >= today) return [];
  const running = defaulted ? `${defaulted}: the driver runs its default, Kubernetes ${minor} (${version}), which` : `Kubernetes ${minor} (${version})`;
  return [{ message: `${source ? `${source}: ` : ""}${running} left upstream support ${end.before ? "before" : "on"} ${end.date}`, path }];
}
