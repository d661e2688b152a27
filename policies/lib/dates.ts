import type { Violation } from "../engine/policy";
import type { PolicySettings } from "../settings";

/** Evidence the settings do not declare: nothing to judge, which is not a pass (a violation under --strict). */
export const undeclared = (what: string, address: string): Violation[] => [
  { message: `no ${what} is declared in the settings: nothing to judge it by`, address, outcome: "cannot-evaluate" },
];

/** A violation when evidence has expired (its last valid day is before today); not evaluable when none is declared. */
export function expired(what: string, validUntil: string | undefined, today: string, address: string): Violation[] {
  if (validUntil === undefined) return undeclared(what, address);
  if (validUntil >= today) return [];
  return [{ message: `the ${what} expired on ${validUntil} (today is ${today})`, address }];
}

/**
 * A violation when the declared log retention is shorter than `minimumDays`; `whose` ends the message with who asks.
 * Not evaluable when none is declared.
 */
export function retentionShortOf(settings: PolicySettings, minimumDays: number, whose: string): Violation[] {
  const days = settings.logRetentionDays;
  if (days === undefined) return undeclared("log retention", "logging.retentionDays");
  return days < minimumDays ? [{ message: `logs are kept ${days} days, below the ${minimumDays} days ${whose}`, address: "logging.retentionDays" }] : [];
}
