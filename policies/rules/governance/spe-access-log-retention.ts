import { cite, settingsPolicy } from "../../engine/policy";
import { retentionShortOf } from "../../lib/dates";

/** EHDS secure processing environments: access logs kept at least one year (figure not verified in the text). */
export const speRetentionDays = 365;

export default settingsPolicy(
  {
    id: "spe-access-log-retention",
    title: "Access logs of the analysis environment are kept at least a year",
    description: "Flags a declared log retention below 365 days; not evaluable when none is declared.",
    rationale:
      "Secure processing environments keep identifiable logs of access and activity long enough for audits; one year also meets the CNIL's upper recommendation.",
    remediation: "Set logging.retentionDays to 365.",
    severity: "medium",
    references: [cite("ehds-spe", "Art. 73(1)(e)", "unverified"), cite("cnil-eds-2021", "logging recommendation (6-12 months)", "secondary")],
    enforcementLevel: "advisory",
    onUnknown: "reported-by-policy",
  },
  (settings) => retentionShortOf(settings, speRetentionDays, "expected of a secure processing environment"),
);
