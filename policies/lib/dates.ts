import type { Violation } from "../engine/policy";
import type { PolicySettings } from "../settings";

/** A violation when evidence has expired (its last valid day is before today). */
export function expired(what: string, validUntil: string | undefined, today: string, address: string): Violation[] {
  if (validUntil === undefined || validUntil >= today) return [];
  return [{ message: `the ${what} expired on ${validUntil} (today is ${today})`, address }];
}

/** A violation when the declared log retention is shorter than `minimumDays`; `whose` ends the message with who asks. */
export function retentionShortOf(settings: PolicySettings, minimumDays: number, whose: string): Violation[] {
  const days = settings.logRetentionDays;
  return days !== undefined && days < minimumDays
    ? [{ message: `logs are kept ${days} days, below the ${minimumDays} days ${whose}`, address: "logging.retentionDays" }]
    : [];
}
