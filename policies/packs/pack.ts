import type { Confidence, EdsPolicy, EnforcementLevel, FrameworkId } from "../engine/policy";

/**
 * How a control of a framework is answered: by policies alone, by policies and a person's check, by a person only, or
 * not by us at all (the hosting provider's duty under its qualification, or nothing a warehouse's infrastructure does).
 */
export type Coverage = "automated" | "partial" | "manual" | "out-of-scope";

/** Who answers for a control the policies cannot settle. */
export type Answerer = "RSSI" | "DPO" | "hosting provider" | "warehouse director" | "regional infra team";

/** A control the policies do not settle alone: what a person checks and who, or why it is not ours. */
export interface ControlDetail {
  readonly title: string;
  readonly coverage: Exclude<Coverage, "automated">;
  /** Manual and partial controls: what to check, and who answers for it. */
  readonly procedure?: string;
  readonly answeredBy?: Answerer;
  /** Out of scope: why it is not checked here. */
  readonly why?: string;
  /** How sure we are that the section says this. */
  readonly confidence: Confidence;
}

/** A control checked by a person only. */
export const manual = (title: string, answeredBy: Answerer, procedure: string, confidence: Confidence = "verified"): ControlDetail => ({
  title,
  coverage: "manual",
  answeredBy,
  procedure,
  confidence,
});

/** A control the policies check in part; a person checks the rest. */
export const partial = (title: string, answeredBy: Answerer, procedure: string, confidence: Confidence = "verified"): ControlDetail => ({
  title,
  coverage: "partial",
  answeredBy,
  procedure,
  confidence,
});

/** A control that bears on the warehouse but is not ours to check, with why. */
export const outOfScope = (title: string, why: string, confidence: Confidence = "verified"): ControlDetail => ({
  title,
  coverage: "out-of-scope",
  why,
  confidence,
});

/**
 * A framework pack: the framework's identity and every control of it that bears on a regional warehouse, each with its
 * coverage. Controls written as a plain title are automated: the policies that cite them check them. Which policies
 * belong to the pack is not listed here: it follows from the policies' own references, so the citation lives in one
 * place.
 */
export interface Pack {
  readonly id: FrameworkId;
  readonly title: string;
  readonly version: string;
  /** Who publishes the framework and where to read it. */
  readonly source: string;
  /** Section → its paraphrase (automated) or its detail. Every section a policy cites must be here. */
  readonly controls: Readonly<Record<string, string | ControlDetail>>;
  /** Levels this pack sets for some policies, instead of their default. */
  readonly levels?: Readonly<Record<string, Exclude<EnforcementLevel, "remediate">>>;
}

export const controlTitle = (pack: Pack, section: string): string | undefined => {
  const control = pack.controls[section];
  return typeof control === "string" ? control : control?.title;
};

/** One control of a pack, with its coverage and the policies that cite it. */
export interface PackControl {
  readonly section: string;
  readonly title: string;
  readonly coverage: Coverage;
  readonly detail?: ControlDetail;
  readonly policies: readonly EdsPolicy[];
}

/** Every control of a pack, in the pack's order, with the policies that check it. */
export function packControls(pack: Pack, policies: readonly EdsPolicy[]): PackControl[] {
  return Object.entries(pack.controls).map(([section, control]) => ({
    section,
    title: typeof control === "string" ? control : control.title,
    coverage: typeof control === "string" ? "automated" : control.coverage,
    ...(typeof control === "string" ? {} : { detail: control }),
    policies: policies.filter((policy) => policy.metadata.references.some((r) => r.framework === pack.id && r.section === section)),
  }));
}
