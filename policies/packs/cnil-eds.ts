import { manual, type Pack, partial } from "./pack";

export const cnilEdsPack: Pack = {
  id: "cnil-eds-2021",
  title: "CNIL référentiel entrepôts de données de santé",
  version: "délibération n° 2021-118 (7 October 2021)",
  source: "CNIL (cnil.fr, Journal officiel of 24 October 2021); chapter 10 read through secondary summaries only",
  controls: {
    "ch. 10 (access)": partial(
      "Access is nominative, supervised and limited to authorised processing",
      "DPO",
      "The policies check that no object storage container is public and no file share open to every address; check that every account is nominative (the identity provider's users, no shared account), that each project's members group holds only its authorised persons, and that accesses are reviewed",
    ),
    "ch. 10 (encryption)": "Data is encrypted, with several keys",
    "ch. 10 (isolation)": "The warehouse is isolated from other systems",
    "ch. 10 (keys)": partial(
      "Keys are distinct per category and held apart",
      "DPO",
      "The policies check that keys are held by the key manager, never in the configuration; check that each category of data (volumes, objects, state, pseudonymisation) has its own key",
    ),
    "ch. 10 (traceability)": partial(
      "Every action on the warehouse is logged",
      "DPO",
      "The policies check that the Kubernetes API servers record an audit trail; check that the warehouse's own connections and statements are logged (PostgreSQL's log_connections and log_statement, or pgaudit) and reach the log store",
    ),
    "11.3": "Subcontractors are HDS-certified and subject only to EU jurisdictions",
    "logging recommendation (6-12 months)": partial(
      "CNIL logging recommendation: traces kept six months to a year",
      "DPO",
      "The policies check the declared retention; check that the log store applies it (its retention setting, and its oldest record); a retention beyond a year needs a recorded justification",
    ),
    "ch. 10 (pseudonymisation)": manual(
      "Records are pseudonymised for reuse; direct identifiers only where the purpose requires them",
      "DPO",
      "Check ingestion sends every record through the pseudonymisation service and that no direct identifier column reaches the warehouse",
      "secondary",
    ),
    "ch. 10 (supervision)": manual(
      "Access is supervised, at least by the medical information physician",
      "warehouse director",
      "Check each project's members group was approved by the medical information department and reviewed this year",
      "secondary",
    ),
    "retention (20 years)": manual(
      "Data is kept in the warehouse no longer than its retention period",
      "warehouse director",
      "Check the warehouse's purge of data past its retention ran this year",
      "secondary",
    ),
    "information of persons": manual(
      "Patients are informed, a transparency portal lists the projects, and objecting is simple",
      "DPO",
      "Check the region's transparency portal is published and lists every running project, with how to object",
      "secondary",
    ),
    "DPIA and register": manual(
      "A data protection impact assessment and the record of processing exist and are current",
      "DPO",
      "Check the DPIA and the record of processing cover the warehouse and its projects",
      "secondary",
    ),
  },
};
