import type { Pack } from "./pack";

export const ehdsPack: Pack = {
  id: "ehds-spe",
  title: "EHDS secure processing environments",
  version: "Regulation (EU) 2025/327",
  source: "EUR-Lex, Regulation (EU) 2025/327, Art. 73 (read through secondary summaries)",
  controls: {
    "Art. 73(1)(b)": "State-of-the-art measures against unauthorised reading, copying, modification or removal",
    "Art. 73(1)(e)": "Identifiable logs of access and activity, kept as long as audits require",
    "Art. 73(2)": "Only non-personal results leave the environment, after review",
  },
};
