import type { EdsPolicy } from "../engine/policy";
import { kubernetesPolicies } from "./kubernetes/index";
import { networkPolicies } from "./network/index";

/** Every policy, in id order. */
export const allPolicies: readonly EdsPolicy[] = [...networkPolicies, ...kubernetesPolicies].sort((a, b) => (a.metadata.id < b.metadata.id ? -1 : 1));
