import type { Violation } from "../engine/policy";

/** A violation when evidence has expired (its last valid day is before today). */
export function expired(what: string, validUntil: string | undefined, today: string, address: string): Violation[] {
  if (validUntil === undefined || validUntil >= today) return [];
  return [{ message: `the ${what} expired on ${validUntil} (today is ${today})`, address }];
}
