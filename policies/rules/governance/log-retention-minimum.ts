import { cite, settingsPolicy } from "../../engine/policy";
import { retentionShortOf } from "../../lib/dates";

/** SecNumCloud 12.6.c: at least six months. */
export const minimumRetentionDays = 180;

export default settingsPolicy(
  {
    id: "log-retention-minimum",
    title: "Security and access logs are kept at least six months",
    description: "Flags a declared log retention below 180 days; not evaluable when none is declared.",
    rationale: "Incidents are often found months later; the logs must still be there to reconstruct what happened.",
    remediation: "Set logging.retentionDays to at least 180 (365 is the project's default).",
    severity: "high",
    references: [cite("secnumcloud-3.2", "12.6.c"), cite("anssi", "Logging R25", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (settings) => retentionShortOf(settings, minimumRetentionDays, "SecNumCloud requires"),
);
