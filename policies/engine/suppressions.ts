import type { Suppression } from "../settings";
import { objectOfCopy } from "./model";

/** Whether an address matches a suppression's glob: `*` is any run of characters, `?` one character. */
export function matchesGlob(glob: string, address: string): boolean {
  const pattern = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${pattern}$`).test(address);
}

export const isExpired = (suppression: Suppression, today: string): boolean => suppression.expires < today;

/**
 * The live suppression covering a policy and an address, if any; expired ones never apply. An object's earlier copy is
 * the object: a suppression written for its address covers both copies.
 */
export function findSuppression(suppressions: readonly Suppression[], policyId: string, address: string, today: string): Suppression | undefined {
  const object = objectOfCopy(address);
  return suppressions.find((s) => s.policy === policyId && !isExpired(s, today) && (matchesGlob(s.resource, address) || matchesGlob(s.resource, object)));
}
