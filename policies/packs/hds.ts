import { manual, outOfScope, type Pack, partial } from "./pack";

export const hdsPack: Pack = {
  id: "hds-2",
  title: "HDS (Hébergeur de données de santé)",
  version: "2 (arrêté of 26 April 2024)",
  source: "Agence du Numérique en Santé, référentiel de certification HDS v2 (esante.gouv.fr)",
  controls: {
    "EXI 04": partial(
      "The ISMS scope includes the hosting activities, backups included",
      "RSSI",
      "The policies check that the region's data is backed up; check that the ISMS's declared scope names the hosting activities and the backups",
    ),
    "EXI 05": partial(
      "The risk assessment covers storage reallocation, flow compromise and access control",
      "RSSI",
      "The policies check the measures (encrypted volumes, separated networks, expiring exceptions); check that the risk assessment names these risks and these measures",
    ),
    "EXI 12": partial(
      "The host is certified for the activities it provides",
      "DPO",
      "The policies check the certificate's validity date; check that its scope names the activities the region uses (1 to 5, and 6 for backups)",
    ),
    "EXI 17": manual(
      "The client receives the certificate and its scope",
      "DPO",
      "Check that the host's certificate and its scope are on file, and that the number and date recorded in the provider profile are theirs",
    ),
    "EXI 23": manual(
      "The contract describes how access to hosted health data is controlled",
      "DPO",
      "Check the hosting contract's clause on access control to hosted health data",
    ),
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
