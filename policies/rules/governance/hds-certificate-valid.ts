import { cite, settingsPolicy } from "../../engine/policy";
import { expired } from "../../lib/dates";

export default settingsPolicy(
  {
    id: "hds-certificate-valid",
    title: "The host's HDS certificate is in force",
    description: "Flags a provider profile whose HDS certificate validity date has passed; not evaluable when the profile declares none.",
    rationale: "Hosting personal health data for the region requires a host certified HDS for the activities used, on the day the data is there.",
    remediation: "Record the renewed certificate (number and validity date) in the provider profile, or move the region to a certified host.",
    severity: "critical",
    references: [cite("hds-2", "EXI 12"), cite("cnil-eds-2021", "11.3", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "reported-by-policy",
  },
  (settings) => {
    const evidence = settings.qualification?.hds;
    return expired(`HDS certificate ${evidence?.certificate ?? ""}`.trim(), evidence?.validUntil, settings.today, "provider.qualification.hds");
  },
);
