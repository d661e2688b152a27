/**
 * What policies need to know beyond the Terraform itself: the type (derived from the zod schema in settings-schema.ts,
 * which also reads `--settings` files) and the defaults. During `eds synth` the settings come from the region's
 * environment file (config/policy-settings.ts); for a standalone `eds check`, from `--settings <file.yaml>`. This module
 * loads no zod, so a check given no settings file does not pay for it.
 */
import type * as z from "zod";
import { projectRelative } from "../lib/paths";
import type { YamlSource } from "../lib/yaml-source";
import type { FlowContext } from "./flows/requirements";
import type { policySettingsSchema, suppressionSchema } from "./settings-schema";

/** An approved, expiring exception to one policy, with where it is written (file:line) for reports. */
export type Suppression = z.output<typeof suppressionSchema> & { readonly location?: string };

export type PolicySettings = Omit<z.output<typeof policySettingsSchema>, "suppressions" | "flows"> & {
  /** The region's zones, roles and intended flows, for the flow check; written by eds synth. */
  readonly flows?: FlowContext;
  /** Date against which validity and expiry dates are checked, YYYY-MM-DD. */
  readonly today: string;
  /** The region the settings are of (a policy context's, a region file's); none for a `--settings` file. */
  readonly region?: string;
  readonly suppressions: readonly Suppression[];
  /** File the settings came from, for findings about the settings themselves. */
  readonly source?: string;
};

/** The settings of a check given none: nothing allowed, nothing declared (the schema's defaults; a test keeps them equal). */
export const defaultSettings = (today: string): PolicySettings => ({
  today,
  allowedRegistries: [],
  encryptedVolumeTypes: [],
  adminCidrs: [],
  qualifiedRegions: [],
  externalNetworks: [],
  identityHosts: [],
  objectStorageHosts: [],
  magnumDriver: "magnum-cluster-api",
  exposedNamespaces: ["ingress"],
  suppressions: [],
});

/** Suppressions with the place they are written, so reports can point the auditor at them. */
export function locatedSuppressions(entries: readonly Omit<Suppression, "location">[], source: YamlSource, path: readonly (string | number)[]): Suppression[] {
  return entries.map((entry, i) => {
    const at = source.issueAt([...path, i], "");
    return { ...entry, location: `${projectRelative(at.file)}:${at.line}` };
  });
}
