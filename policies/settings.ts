/**
 * What policies need to know beyond the Terraform itself. During `eds synth` it comes from the environment file; for a
 * standalone `eds check`, from `--settings <file.yaml>`.
 */
export interface PolicySettings {
  /** Date against which validity and expiry dates are checked, YYYY-MM-DD. */
  readonly today: string;
  /** Registry hosts images may come from (exact host match). */
  readonly allowedRegistries: readonly string[];
  /** Cinder volume types the provider encrypts. */
  readonly encryptedVolumeTypes: readonly string[];
  /** Administrators' networks, the only sources allowed to reach the bastion over SSH. Empty: not checked. */
  readonly adminCidrs: readonly string[];
  /** OpenStack regions covered by the provider's qualification. Empty: not checked. */
  readonly qualifiedRegions: readonly string[];
  /** Qualification evidence of the provider, when known. */
  readonly qualification?: {
    readonly secNumCloud?: { readonly reference: string; readonly validUntil: string };
    readonly hds?: { readonly certificate: string; readonly validUntil: string };
  };
  /** Declared retention of security and access logs, in days, when known. */
  readonly logRetentionDays?: number;
  /** Namespaces allowed to publish Services of type LoadBalancer or NodePort (the ingress). */
  readonly exposedNamespaces: readonly string[];
  readonly suppressions: readonly Suppression[];
  /** File the settings came from, for findings about the settings themselves. */
  readonly source?: string;
}

/** An approved, expiring exception to one policy, for the resources its glob matches. */
export interface Suppression {
  readonly policy: string;
  /** Resource address or glob (`*` any characters, `?` one). */
  readonly resource: string;
  readonly reason: string;
  readonly approver: string;
  /** Last day the suppression applies, YYYY-MM-DD. */
  readonly expires: string;
  /** Where it is written, for reports: file and line. */
  readonly location?: string;
}

export const defaultSettings = (today: string): PolicySettings => ({
  today,
  allowedRegistries: [],
  encryptedVolumeTypes: [],
  adminCidrs: [],
  qualifiedRegions: [],
  exposedNamespaces: ["ingress"],
  suppressions: [],
});
