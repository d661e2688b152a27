import type { EdsPolicy } from "../../engine/policy";

export const kubernetesPolicies: EdsPolicy[] = [];
