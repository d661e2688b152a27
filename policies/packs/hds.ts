import { manual, outOfScope, type Pack } from "./pack";

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
    "EXI 15-16": manual(
      "The client can read the access traces to its health data, those of the host's staff included",
      "RSSI",
      "Ask the host for its access traces to the region's resources over the period and check the internal audit reviewed them",
    ),
    "EXI 27": manual(
      "Reversibility: all data returned in usable formats, then copies destroyed",
      "warehouse director",
      "Check the contract's reversibility clause and that a full export (warehouse backup, object storage) was restored elsewhere once",
    ),
    "EXI 29": manual(
      "Remote access from outside the EEA rests on an adequacy decision or Art. 46 safeguards",
      "DPO",
      "Check every administrators' network (network.adminCidrs) is in the EEA and the host's support access is documented",
    ),
    "EXI 30": outOfScope(
      "The contract lists the third-country laws the host is subject to, with mitigations and residual risk",
      "a clause of the host's contract; the region keeps the contract's reference with its HDS certificate",
    ),
  },
};
