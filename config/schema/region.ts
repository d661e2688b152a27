import * as z from "zod";
import { loggingDefaults } from "../../constructs/logging/defaults";
import { cidr, hostname, httpsUrl, isoDate, name, port, positiveInt, regionId } from "../../lib/zod-types";
import { bastion, kubernetes } from "./compute";
import { networkPlan } from "./network";
import { providerProfile } from "./provider";
import { storage } from "./storage";
import { deviations } from "./deviation";
import { suppressionsSchema } from "../../policies/settings-schema";
import { airlock, logStore, platform, project, pseudonymisation } from "./platform";
import { dataset, transparency } from "./transparency";

const registry = z
  .strictObject({
    host: hostname.meta({ description: "Host name of the region's container registry; workloads may pull only from it." }),
    port: port.default(443).meta({
      description: "Port the registry answers HTTPS on; images name it after the host when it is not 443 (registry.region.example.fr:5000/…).",
    }),
    cidr: cidr.meta({ description: "Addresses of the registry, for the egress rules that let the nodes pull from it." }),
  })
  .meta({ description: "Container registry of the region." });

const logging = z
  .strictObject({
    retentionDays: positiveInt.default(loggingDefaults.retentionDays).meta({ description: "Retention of security and access logs in the central log store." }),
    store: logStore.optional(),
  })
  .prefault({})
  .meta({ description: "Logging and audit." });

const stateEncryption = z
  .discriminatedUnion("keyProvider", [
    z.strictObject({
      keyProvider: z.literal("pbkdf2").meta({ description: "A passphrase of at least 16 characters in the deployer's environment (TF_VAR_state_passphrase)." }),
    }),
    z.strictObject({
      keyProvider: z.literal("openbao").meta({ description: "A transit key of the region's OpenBao; the token comes from BAO_TOKEN." }),
      address: httpsUrl.meta({ description: "Address of the OpenBao server." }),
      keyName: name.meta({ description: "Name of the transit key, created beforehand." }),
      transitEnginePath: z
        .string()
        .regex(/^\/[\w/-]+$/, { error: "expected a path such as /transit" })
        .default("/transit"),
    }),
  ])
  .default({ keyProvider: "pbkdf2" })
  .meta({ description: "Where the key of the client-side state encryption (OpenTofu) comes from. @default - pbkdf2 passphrase" });

const state = z
  .strictObject({
    bucket: name.optional().meta({ description: "Container of the Terraform state, apart from data containers. @default - <id>-terraform-state" }),
    encryption: stateEncryption,
  })
  .prefault({})
  .meta({ description: "Terraform state: on the provider's S3-compatible object storage, locked, and encrypted client side by OpenTofu." });

/**
 * Approvals of the exceptions the code declares for itself (the log shipper reads the nodes' logs, say): the construct
 * gives the policy, the resource and the reason; the region decides who approves and until when.
 */
const approvals = z
  .array(
    z.strictObject({
      exception: z.string().regex(/^[a-z0-9-]+$/, { error: "expected the id of an exception the code declares, such as log-shipper-node-logs" }),
      approver: z.string().min(3, { error: "expected the name or role of who approved the exception" }),
      expires: isoDate.meta({ description: "Last day the approval applies." }),
    }),
  )
  .default([])
  .meta({ description: "Approvals of the exceptions declared by the code (eds synth lists those waiting for one), each with approver and expiry." });

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
    registry,
    logging,
    state,
    platform: platform.optional(),
    pseudonymisation: pseudonymisation.optional(),
    airlock: airlock.optional(),
    projects: z.array(project).default([]).meta({ description: "Approved research projects, one analysis workspace each." }),
    transparency: transparency.optional(),
    datasets: z.array(dataset).default([]).meta({ description: "The region's databases (the EDS, registries, cohorts), published in the public directory." }),
    approvals,
    suppressions: suppressionsSchema,
    deviations,
  })
  .meta({ title: "EDS Régional environment", description: "One region of the regional health data warehouse." });

export type RegionEnvironment = z.output<typeof regionEnvironment>;
