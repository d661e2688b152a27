import { z } from "zod";
import { storageDefaults } from "../../constructs/storage/defaults";
import { name, positiveInt } from "../../lib/zod-types";

const resourceName = z.string().regex(/^[a-z][a-z0-9-]*$/, { error: "expected a lower-case name of letters, digits and hyphens" });

const volume = z.strictObject({
  name: resourceName,
  sizeGiB: positiveInt,
  volumeType: name.optional().meta({ description: "One of provider.encryptedVolumeTypes. @default - the first encrypted volume type" }),
  backup: z.boolean().default(storageDefaults.volumeBackup).meta({ description: "Include the volume in the backup plan." }),
});

const container = z.strictObject({
  name: resourceName,
  versioning: z.boolean().default(storageDefaults.containerVersioning).meta({ description: "Keep previous versions of objects." }),
});

/** Block volumes, object containers and backups. Every volume is of an encrypted type (SecNumCloud 10.1.a). */
export const storage = z
  .strictObject({
    volumes: z.array(volume).default([]).meta({ description: "Data volumes for the data services." }),
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
