import * as z from "zod";

/** Settings every region shares unless it records a deviation: they carry the frameworks' requirements. */
export const sharedSettings = [
  "logging.retentionDays",
  "storage.backups.schedule",
  "storage.backups.retentionDays",
  "airlock.requiredApprovals",
  "kubernetes.version",
] as const;

export const deviations = z
  .array(
    z.strictObject({
      setting: z.enum(sharedSettings),
      reason: z.string().min(20, { error: "expected a reason of at least 20 characters that an auditor can check" }),
      approver: z.string().min(3, { error: "expected the name or role of who approved the deviation" }),
    }),
  )
  .default([])
  .meta({ description: "Shared settings this region sets differently from the other regions, each with its reason and approver." });
