import { z } from "zod";
import { cidr, hostname, isoDate, name, positiveInt } from "./common";
import { suppressions } from "./suppression";

/** The settings file of a standalone `eds check`: what the policies need besides the Terraform. */
export const policySettingsFile = z
  .strictObject({
    allowedRegistries: z.array(hostname).default([]).meta({ description: "Registry hosts images may come from (exact host match)." }),
    encryptedVolumeTypes: z.array(name).default([]).meta({ description: "Cinder volume types the provider encrypts." }),
    adminCidrs: z.array(cidr).default([]).meta({ description: "Administrators' networks allowed to reach the bastion over SSH." }),
    qualifiedRegions: z.array(name).default([]).meta({ description: "OpenStack regions covered by the qualification." }),
    qualification: z
      .strictObject({
        secNumCloud: z.strictObject({ reference: name, validUntil: isoDate }).optional(),
        hds: z.strictObject({ certificate: name, validUntil: isoDate }).optional(),
      })
      .optional(),
    logRetentionDays: positiveInt.optional().meta({ description: "Declared retention of security and access logs." }),
    exposedNamespaces: z.array(name).default(["ingress"]).meta({ description: "Namespaces allowed to publish LoadBalancer or NodePort Services." }),
    suppressions,
  })
  .meta({ title: "EDS Régional policy settings" });
