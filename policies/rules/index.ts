import type { EdsPolicy } from "../engine/policy";
import { clusterPolicies } from "./cluster/index";
import { computePolicies } from "./compute/index";
import { governancePolicies } from "./governance/index";
import { kubernetesPolicies } from "./kubernetes/index";
import { networkPolicies } from "./network/index";
import { secretsPolicies } from "./secrets/index";
import { storagePolicies } from "./storage/index";

/** Every policy, in id order. */
export const allPolicies: readonly EdsPolicy[] = [
  ...networkPolicies,
  ...computePolicies,
  ...storagePolicies,
  ...secretsPolicies,
  ...clusterPolicies,
  ...kubernetesPolicies,
  ...governancePolicies,
].sort((a, b) => (a.metadata.id < b.metadata.id ? -1 : 1));
