import type { Suppression } from "../settings";
import { holdingResource, objectOfCopy, writingServer } from "./model";

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
 * the object: a suppression written for its address covers both copies. An object a server's cloud-config writes for
 * K3s or RKE2 to apply is written in that server's code: a suppression written for the server covers it; so is one a
 * ConfigMap or a Secret holds for a controller to apply (a ClusterResourceSet, Sveltos), in the holder's.
 */
export function findSuppression(suppressions: readonly Suppression[], policyId: string, address: string, today: string): Suppression | undefined {
  const addresses = [address, objectOfCopy(address), writingServer(address), holdingResource(address)].filter((named) => named !== undefined);
  return suppressions.find((s) => s.policy === policyId && !isExpired(s, today) && addresses.some((named) => matchesGlob(s.resource, named)));
}
