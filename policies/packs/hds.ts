import type { Pack } from "./pack";

export const hdsPack: Pack = {
  id: "hds-2",
  title: "HDS (Hébergeur de données de santé)",
  version: "2 (arrêté of 26 April 2024)",
  source: "Agence du Numérique en Santé, référentiel de certification HDS v2 (esante.gouv.fr)",
  controls: {
    "EXI 04": "The ISMS scope includes the hosting activities, backups included",
    "EXI 05": "The risk assessment covers storage reallocation, flow compromise and access control",
    "EXI 12": "The host is certified for the activities it provides",
    "EXI 17": "The client receives the certificate and its scope",
    "EXI 23": "The contract describes how access to hosted health data is controlled",
    "EXI 28": "Health data is stored only inside the EEA",
  },
};
