import { cite, resourcePolicy } from "../../engine/policy";
import { literalString } from "../../lib/values";

/** Backup schedules the backup job understands (SecNumCloud 12.5.a asks for daily at least). */
const schedules = ["hourly", "daily"];

export default resourcePolicy(
  {
    id: "volume-backup-policy",
    title: "Data volumes are in the daily backup plan",
    description: "Flags volumes whose metadata.backup_policy is missing, 'none', or less frequent than daily. The backup job reads this metadata.",
    rationale: "Every piece of data the operator is responsible for is backed up at least daily, so a lost volume can be restored.",
    remediation:
      "Set metadata.backup_policy to daily (or hourly) and backup_retention_days on the volume, or suppress with the reason the volume holds no data.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.5.a"), cite("hds-2", "EXI 04", "secondary"), cite("anssi", "Hygiene 37")],
    enforcementLevel: "mandatory",
    onUnknown: "pass",
  },
  ["openstack_blockstorage_volume_v3"],
  (volume) => {
    const metadata = volume.values.metadata as Record<string, unknown> | undefined;
    const raw = metadata?.backup_policy;
    const policy = literalString(raw);
    if (raw !== undefined && policy === undefined) return [];
    if (policy !== undefined && schedules.includes(policy)) return [];
    return [
      {
        message: policy === undefined ? "the volume has no backup policy (metadata.backup_policy)" : `backup policy "${policy}" is not daily or more frequent`,
        path: "metadata.backup_policy",
      },
    ];
  },
);
