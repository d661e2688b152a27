import { cite, settingsPolicy } from "../../engine/policy";
import { expired } from "../../lib/dates";

export default settingsPolicy(
  {
    id: "secnumcloud-qualification-valid",
    title: "The provider's SecNumCloud qualification is in force",
    description: "Flags a provider profile whose SecNumCloud qualification validity date has passed; not evaluable when the profile declares none.",
    rationale: "Health data of the region may only run on an offer that is on ANSSI's list of qualified services today, not one that was.",
    remediation: "Record the renewed qualification (reference and validity date) in the provider profile, or move the region to a qualified offer.",
    severity: "critical",
    references: [cite("secnumcloud-3.2", "Annex 2 b-c"), cite("cnil-eds-2021", "11.3", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (settings) => {
    const evidence = settings.qualification?.secNumCloud;
    return expired(`SecNumCloud qualification ${evidence?.reference ?? ""}`.trim(), evidence?.validUntil, settings.today, "provider.qualification.secNumCloud");
  },
);
