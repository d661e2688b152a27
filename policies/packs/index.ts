import type { EdsPolicy, EnforcementLevel, FrameworkId } from "../engine/policy";

import { allPolicies } from "../rules/index";
import { anssiPack } from "./anssi";
import { cnilEdsPack } from "./cnil-eds";
import { ehdsPack } from "./ehds";
import { hdsPack } from "./hds";
import { cisKubernetesPack } from "./cis-kubernetes";
import { k8sPssPack } from "./k8s-pss";
import { nsaCisaKubernetesPack } from "./nsa-cisa-kubernetes";
import type { Pack } from "./pack";
import { secNumCloudPack } from "./secnumcloud";

export type { Pack };

export const allPacks: readonly Pack[] = [secNumCloudPack, hdsPack, cnilEdsPack, anssiPack, k8sPssPack, cisKubernetesPack, nsaCisaKubernetesPack, ehdsPack];

export const packIds = allPacks.map((pack) => pack.id);

/** The packs a policy belongs to: those of the frameworks it cites. */
export const packsOf = (policy: EdsPolicy): FrameworkId[] => packIds.filter((id) => policy.metadata.references.some((reference) => reference.framework === id));

const strength: Record<EnforcementLevel, number> = { disabled: 0, remediate: 1, advisory: 1, mandatory: 2 };

/** A policy's level in a pack: the pack's own setting for it, else the policy's default. */
const levelIn = (pack: Pack, policy: EdsPolicy): EnforcementLevel => pack.levels?.[policy.metadata.id] ?? policy.metadata.enforcementLevel;

export interface Selection {
  readonly policies: readonly EdsPolicy[];
  /** Effective level of each selected policy: the strongest any selected pack gives it. */
  readonly levels: ReadonlyMap<string, EnforcementLevel>;
}

/** The policies of the given packs (default: every pack), each at the strongest level a selected pack gives it. */
export function selectPolicies(selected: readonly string[] = packIds, policies: readonly EdsPolicy[] = allPolicies): Selection {
  const unknown = selected.filter((id) => !packIds.includes(id as FrameworkId));
  if (unknown.length > 0) throw new Error(`unknown pack ${unknown.join(", ")}; packs: ${packIds.join(", ")}`);
  const packs = allPacks.filter((pack) => selected.includes(pack.id));
  const levels = new Map<string, EnforcementLevel>();
  const chosen = policies.filter((policy) => {
    const inSelected = packs.filter((pack) => packsOf(policy).includes(pack.id));
    if (inSelected.length === 0) return false;
    const level = inSelected.map((pack) => levelIn(pack, policy)).reduce((a, b) => (strength[b] > strength[a] ? b : a));
    levels.set(policy.metadata.id, level);
    return true;
  });
  return { policies: chosen, levels };
}
