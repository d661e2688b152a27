/** Defaults of the EncryptedStorage construct, shared with the environment schema so both say the same. */
export const storageDefaults = {
  /** Daily backups (SecNumCloud 12.5.a). */
  backupSchedule: "daily",
  /** Five weeks of daily restore points. */
  backupRetentionDays: 35,
  /** Object versioning keeps overwritten or deleted objects recoverable. */
  containerVersioning: true,
} as const;
