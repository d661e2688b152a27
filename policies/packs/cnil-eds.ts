import type { Pack } from "./pack";

export const cnilEdsPack: Pack = {
  id: "cnil-eds-2021",
  title: "CNIL référentiel entrepôts de données de santé",
  version: "délibération n° 2021-118 (7 October 2021)",
  source: "CNIL (cnil.fr, Journal officiel of 24 October 2021); chapter 10 read through secondary summaries only",
  controls: {
    "ch. 10 (access)": "Access is nominative, supervised and limited to authorised processing",
    "ch. 10 (encryption)": "Data is encrypted, with several keys",
    "ch. 10 (isolation)": "The warehouse is isolated from other systems",
    "ch. 10 (keys)": "Keys are distinct per category and held apart",
    "ch. 10 (traceability)": "Every action on the warehouse is logged",
    "11.3": "Subcontractors are HDS-certified and subject only to EU jurisdictions",
    "logging recommendation (6-12 months)": "CNIL logging recommendation: traces kept six months to a year",
  },
};
