import type { EnforcementLevel, ResourceValidationPolicy, Severity, StackValidationPolicy } from "@pulumi/policy";
import type { ResourceGraph } from "./graph";
import type { TfConfiguration, TfResource } from "./model";
import type { PolicySettings } from "../settings";

export type { EnforcementLevel, Severity };

/** The frameworks the packs encode. */
export type FrameworkId = "secnumcloud-3.2" | "hds-2" | "cnil-eds-2021" | "anssi" | "k8s-pss" | "cis-kubernetes" | "nsa-cisa-kubernetes" | "ehds-spe";

/** How sure we are that the cited section says this: verified in the text, from a secondary source, or unverified. */
export type Confidence = "verified" | "secondary" | "unverified";

export interface PolicyReference {
  readonly framework: FrameworkId;
  readonly section: string;
  readonly confidence: Confidence;
}

/** What every policy carries beside its code: enough for an auditor to read it without the code. */
export interface PolicyMetadata {
  /** Permanent id, the file name; suppressions name it. */
  readonly id: string;
  /** The desired state, as a sentence. */
  readonly title: string;
  /** What the policy checks. */
  readonly description: string;
  /** Why it matters. */
  readonly rationale: string;
  /** How to fix a violation, in one imperative sentence. */
  readonly remediation: string;
  readonly severity: Severity;
  readonly references: readonly PolicyReference[];
  /** Level when no pack says otherwise. */
  readonly enforcementLevel: Exclude<EnforcementLevel, "remediate">;
  /**
   * What a value not known before apply does to the policy's outcome:
   * - "cannot-evaluate": when the policy read such a value and found nothing, the engine records "not evaluable"
   *   (reported in every format, a failure under `--strict` when mandatory);
   * - "reported-by-policy": the policy reads templates itself (the literal parts of a cloud-config) and returns its own
   *   "cannot-evaluate" outcomes where it cannot conclude;
   * - "pass": an unknown value cannot hide what the policy looks for (a literal secret cannot hide in a variable).
   */
  readonly onUnknown: "cannot-evaluate" | "reported-by-policy" | "pass";
}

/** One problem a policy found. */
export interface Violation {
  readonly message: string;
  /** Attribute path inside the resource, such as spec[0].template[0].spec[0].container[0].image. */
  readonly path?: string;
  /** The address the violation is about, when it is not the resource checked (configuration and settings policies). */
  readonly address?: string;
  /** A violation, or a value the policy could not evaluate (unknown before apply). */
  readonly outcome?: "violation" | "cannot-evaluate";
  /**
   * The value not known here, as written, where the resource does not hold it (an image an ImageCatalog gives a
   * database cluster): the engine says what it waits on (variables given no value...) as for a value the policy read.
   */
  readonly notKnown?: string;
  /**
   * The line (1-based), in the text the path holds as written, of what the message names (a secret in user data): a
   * finding on a text read from a file (`user_data = file("init.sh")`) points at that line of the file.
   */
  readonly lineInValue?: number;
  /**
   * The keys and indexes of what the message names in the structure its path holds as a text the configuration encodes
   * (a chart's values written `values = [yamlencode({ auth = { password = "..." } })]`): where the file writes that
   * structure, the finding points at the key (`password`).
   */
  readonly keysInValue?: readonly (string | number)[];
}

/** A violation's line in the text its path holds (Violation.lineInValue), where there is one: spread into the violation. */
export const lineInValue = (line: number | undefined): Pick<Violation, "lineInValue"> => (line === undefined ? {} : { lineInValue: line });

/** A violation's value not known here, read from another resource, where there is one (Violation.notKnown): spread into the violation. */
export const notKnownOf = (notKnown: string | undefined): Pick<Violation, "notKnown"> => (notKnown === undefined ? {} : { notKnown });

export interface PolicyContext {
  readonly graph: ResourceGraph;
  readonly settings: PolicySettings;
}

interface PolicyBase {
  readonly metadata: PolicyMetadata;
}

/** Checks one resource at a time, of the listed types; it may follow references through the graph. */
export interface TerraformResourcePolicy extends PolicyBase, Omit<ResourceValidationPolicy, "validateResource"> {
  readonly kind: "resource";
  readonly resourceTypes: readonly string[];
  check(resource: TfResource, context: PolicyContext): Violation[];
}

/** Checks a whole configuration: backend, provider blocks. */
export interface TerraformConfigurationPolicy extends PolicyBase, Omit<StackValidationPolicy, "validateStack"> {
  readonly kind: "configuration";
  /** Judges what only a root module decides (where the state lives, how it is encrypted): a module judged alone is not its subject. */
  readonly rootModulesOnly: boolean;
  check(configuration: TfConfiguration, context: PolicyContext): Violation[];
}

/** Checks the settings themselves (qualification evidence, declared retention, suppressions), once per run. */
export interface SettingsPolicy extends PolicyBase, Omit<StackValidationPolicy, "validateStack"> {
  readonly kind: "settings";
  check(settings: PolicySettings): Violation[];
}

export type EdsPolicy = TerraformResourcePolicy | TerraformConfigurationPolicy | SettingsPolicy;

const pulumiFields = (metadata: PolicyMetadata) => ({
  name: metadata.id,
  description: metadata.title,
  enforcementLevel: metadata.enforcementLevel,
  severity: metadata.severity,
  remediationSteps: metadata.remediation,
});

export function resourcePolicy(
  metadata: PolicyMetadata,
  resourceTypes: readonly string[],
  check: (resource: TfResource, context: PolicyContext) => Violation[],
): TerraformResourcePolicy {
  return { kind: "resource", metadata, resourceTypes, check, ...pulumiFields(metadata) };
}

export function configurationPolicy(
  metadata: PolicyMetadata,
  check: (configuration: TfConfiguration, context: PolicyContext) => Violation[],
): TerraformConfigurationPolicy {
  return { kind: "configuration", metadata, rootModulesOnly: false, check, ...pulumiFields(metadata) };
}

/** A configuration policy on what only a root module declares (its backend, its state encryption); see TfConfiguration.moduleAlone. */
export function rootModulePolicy(
  metadata: PolicyMetadata,
  check: (configuration: TfConfiguration, context: PolicyContext) => Violation[],
): TerraformConfigurationPolicy {
  return { ...configurationPolicy(metadata, check), rootModulesOnly: true };
}

export function settingsPolicy(metadata: PolicyMetadata, check: (settings: PolicySettings) => Violation[]): SettingsPolicy {
  return { kind: "settings", metadata, check, ...pulumiFields(metadata) };
}

/** A reference to a framework section, verified in the text unless said otherwise. */
export const cite = (framework: FrameworkId, section: string, confidence: Confidence = "verified"): PolicyReference => ({ framework, section, confidence });
