import { z } from "zod";
import { loggingDefaults } from "../../constructs/logging/defaults";
import { hostname, name, positiveInt, regionId } from "../../lib/zod-types";
import { bastion, kubernetes } from "./compute";
import { networkPlan } from "./network";
import { providerProfile } from "./provider";
import { storage } from "./storage";
import { deviations } from "./deviation";
import { suppressionsSchema } from "../../policies/settings";
import { airlock, logStore, platform, project, pseudonymisation } from "./platform";

const registry = z
  .strictObject({
    host: hostname.meta({ description: "Host name of the region's container registry; workloads may pull only from it." }),
  })
  .meta({ description: "Container registry of the region." });

const logging = z
  .strictObject({
    retentionDays: positiveInt.default(loggingDefaults.retentionDays).meta({ description: "Retention of security and access logs in the central log store." }),
    store: logStore.optional(),
  })
  .prefault({})
  .meta({ description: "Logging and audit." });

const state = z
  .strictObject({
    bucket: name.optional().meta({ description: "Bucket of the Terraform state. @default - <id>-terraform-state" }),
  })
  .prefault({})
  .meta({ description: "Terraform state backend, on the provider's S3-compatible object storage, encrypted and locked." });

/** One region's environment file. Unknown keys are refused so that a typo never passes silently. */
export const regionEnvironment = z
  .strictObject({
    id: regionId.meta({ description: "Region id, used in every resource name. CAUTION: changing it replaces every resource." }),
    name: name.meta({ description: "Display name of the region." }),
    provider: providerProfile,
    network: networkPlan,
    bastion,
    kubernetes,
    storage,
    registry: registry.optional(),
    logging,
    state,
    platform: platform.optional(),
    pseudonymisation: pseudonymisation.optional(),
    airlock: airlock.optional(),
    projects: z.array(project).default([]).meta({ description: "Approved research projects, one analysis workspace each." }),
    suppressions: suppressionsSchema,
    deviations,
  })
  .meta({ title: "EDS Régional environment", description: "One region of the regional health data warehouse." });

export type RegionEnvironment = z.output<typeof regionEnvironment>;
