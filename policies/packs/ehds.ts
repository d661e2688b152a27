import { manual, outOfScope, type Pack, partial } from "./pack";

export const ehdsPack: Pack = {
  id: "ehds-spe",
  title: "EHDS secure processing environments",
  version: "Regulation (EU) 2025/327",
  source: "EUR-Lex, Regulation (EU) 2025/327, Art. 73 (read through secondary summaries)",
  controls: {
    "Art. 73(1)(b)": "State-of-the-art measures against unauthorised reading, copying, modification or removal",
    "Art. 73(1)(e)": partial(
      "Identifiable logs of access and activity, kept as long as audits require",
      "RSSI",
      "The policies check the declared retention; check that the log store applies it (its retention setting, and its oldest record)",
    ),
    "Art. 73(2)": partial(
      "Only non-personal results leave the environment, after review",
      "warehouse director",
      "The policies check that no security group or NetworkPolicy lets traffic out to the whole Internet; check that results leave only through the airlock, after the reviews its requests record (the release records of the period)",
    ),
    "Art. 73(1)(a)": manual(
      "Access to the environment is limited to the persons the data permit names",
      "warehouse director",
      "Check each project's members group holds only the persons its permit names, and is emptied at the permit's end",
      "secondary",
    ),
    "Art. 73(3)": manual(
      "The secure processing environment is audited regularly, also by third parties",
      "RSSI",
      "Record the last audit of the environment and its report",
      "unverified",
    ),
    "Art. 68(12)": manual(
      "Data is deleted within six months after the permit expires",
      "warehouse director",
      "Check platform.dataTier.archiveDays is at most 183 and that the backups of dropped projects have expired",
      "unverified",
    ),
    "Art. 73(5)": outOfScope(
      "Technical, organisational and security requirements set by the Commission's implementing acts",
      "the implementing acts are not adopted yet; the policies will cite them once they are",
      "unverified",
    ),
  },
};
