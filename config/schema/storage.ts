import * as z from "zod";
import { storageDefaults } from "../../constructs/storage/defaults";
import { positiveInt } from "../../lib/zod-types";

const resourceName = z.string().regex(/^[a-z][a-z0-9-]*$/, { error: "expected a lower-case name of letters, digits and hyphens" });

const container = z.strictObject({
  name: resourceName,
  versioning: z.boolean().default(storageDefaults.containerVersioning).meta({ description: "Keep previous versions of objects." }),
});

/** Object containers and the backup plan. The warehouse's data lives in the platform's data tier, on encrypted volumes. */
export const storage = z
  .strictObject({
    containers: z.array(container).default([]).meta({ description: "Object storage containers, always private. The region-prefixed name is derived." }),
    backups: z
      .strictObject({
        schedule: z
          .enum(["hourly", "daily"])
          .default(storageDefaults.backupSchedule)
          .meta({ description: "Backup frequency (SecNumCloud 12.5.a asks for daily at least)." }),
        retentionDays: positiveInt.default(storageDefaults.backupRetentionDays),
      })
      .prefault({})
      .meta({ description: "Backup plan for data volumes and containers." }),
  })
  .prefault({})
  .meta({ description: "Storage of the region." });
