import type { Lang } from "./language";

interface Term {
  readonly label: Record<Lang, string>;
  readonly definition: Record<Lang, string>;
  /** How free text from the environment files writes the term, in either language: each first mention is linked. */
  readonly mentions: readonly string[];
}

/**
 * Every technical word the site uses, explained in plain language: a page never shows one without a link to its
 * explanation (the round table asked for information patients can read).
 */
export const glossary = {
  eds: {
    label: { fr: "entrepôt de données de santé", en: "health data warehouse" },
    definition: {
      fr: "Une base qui rassemble les données produites pendant les soins (séjours à l'hôpital, examens, médicaments) pour les réutiliser dans des recherches autorisées, sans le nom ni l'adresse des patients.",
      en: "A database that gathers the data produced during care (hospital stays, tests, medicines) to reuse them in authorised research, without patients' names or addresses.",
    },
    mentions: ["entrepôt de données de santé", "health data warehouse"],
  },
  pseudonymisation: {
    label: { fr: "pseudonymisation", en: "pseudonymisation" },
    definition: {
      fr: "Le remplacement du nom, de l'adresse et des numéros d'un patient par un code. Les chercheurs ne voient que ce code ; seul un service protégé peut faire le lien, et il ne le fait jamais pour les personnes qui se sont opposées.",
      en: "Replacing a patient's name, address and numbers with a code. Researchers only see the code; only a protected service can make the link, and it never does so for people who objected.",
    },
    mentions: ["pseudonymisation", "pseudonymisées", "pseudonymisés", "pseudonymisée", "pseudonymisé", "pseudonymised"],
  },
  objection: {
    label: { fr: "droit d'opposition", en: "right to object" },
    definition: {
      fr: "Votre droit de refuser, à tout moment et sans avoir à vous justifier, que vos données servent à la recherche. Vos soins n'en sont pas modifiés.",
      en: "Your right to refuse, at any time and without giving a reason, that your data be used for research. Your care does not change.",
    },
    mentions: ["droit d'opposition", "right to object"],
  },
  dpo: {
    label: { fr: "délégué à la protection des données", en: "data protection officer" },
    definition: {
      fr: "La personne chargée, dans l'établissement, de veiller au respect de vos droits sur vos données ; c'est elle qui reçoit vos demandes.",
      en: "The person in charge, in the organisation, of making sure your rights over your data are respected; they receive your requests.",
    },
    mentions: ["délégué à la protection des données", "data protection officer", "DPO"],
  },
  cnil: {
    label: { fr: "CNIL", en: "CNIL" },
    definition: {
      fr: "Commission nationale de l'informatique et des libertés : l'autorité française qui protège les données personnelles, autorise certaines recherches et contrôle les entrepôts.",
      en: "Commission nationale de l'informatique et des libertés: the French data protection authority, which authorises some research and oversees warehouses.",
    },
    mentions: ["CNIL"],
  },
  gdpr: {
    label: { fr: "RGPD", en: "GDPR" },
    definition: {
      fr: "Le règlement général sur la protection des données, la loi européenne qui dit quand vos données peuvent être utilisées, par qui, et quels droits vous avez sur elles.",
      en: "The General Data Protection Regulation, the European law that says when your data may be used, by whom, and which rights you have over it.",
    },
    mentions: ["RGPD", "GDPR"],
  },
  "cnil-eds-referential": {
    label: { fr: "référentiel « entrepôts de données de santé » de la CNIL", en: "CNIL health data warehouse referential" },
    definition: {
      fr: "Les règles publiées par la CNIL en 2021 qu'un entrepôt doit suivre (sécurité, information des patients, gouvernance) ; un entrepôt qui les suit le déclare à la CNIL au lieu de demander une autorisation.",
      en: "The rules the CNIL published in 2021 that a warehouse must follow (security, informing patients, governance); a warehouse that follows them declares it to the CNIL instead of asking for an authorization.",
    },
    mentions: ["référentiel EDS", "EDS referential"],
  },
  "mr-004": {
    label: { fr: "MR-004", en: "MR-004" },
    definition: {
      fr: "Méthodologie de référence 004 de la CNIL : un cadre pour les recherches qui réutilisent des données déjà recueillies, sans intervenir auprès des patients. Le responsable s'engage à le respecter et l'inscrit dans un répertoire public.",
      en: "The CNIL's reference methodology 004: a framework for research that reuses data already collected, without involving patients. The sponsor commits to it and records the study in a public register.",
    },
    mentions: ["MR-004"],
  },
  ethics: {
    label: { fr: "comité scientifique et éthique", en: "scientific and ethics committee" },
    definition: {
      fr: "Un groupe indépendant (médecins, chercheurs, représentants des patients) qui vérifie qu'un projet est utile, sérieux et respectueux des personnes avant qu'il accède aux données.",
      en: "An independent group (doctors, researchers, patient representatives) that checks that a project is useful, sound and respectful of people before it gets access to the data.",
    },
    mentions: ["comité scientifique et éthique", "scientific and ethics committee"],
  },
  "health-data-hub": {
    label: { fr: "Health Data Hub", en: "Health Data Hub" },
    definition: {
      fr: "La plateforme nationale des données de santé, qui tient un répertoire public des bases de données de santé et des projets.",
      en: "France's national health data platform, which keeps a public directory of health databases and projects.",
    },
    mentions: ["Health Data Hub"],
  },
  "CIM-10": {
    label: { fr: "CIM-10", en: "ICD-10 (CIM-10)" },
    definition: {
      fr: "La classification internationale des maladies de l'OMS, 10e version : un code pour chaque maladie.",
      en: "The WHO International Classification of Diseases, 10th revision: one code per disease.",
    },
    mentions: ["CIM-10", "ICD-10"],
  },
  CCAM: {
    label: { fr: "CCAM", en: "CCAM" },
    definition: {
      fr: "La classification commune des actes médicaux : un code pour chaque acte (opération, examen) réalisé en France.",
      en: "The French common classification of medical procedures: one code per procedure (surgery, examination).",
    },
    mentions: ["CCAM"],
  },
  LOINC: {
    label: { fr: "LOINC", en: "LOINC" },
    definition: {
      fr: "Un code international pour chaque analyse de laboratoire (glycémie, cholestérol...).",
      en: "An international code for each laboratory test (blood sugar, cholesterol...).",
    },
    mentions: ["LOINC"],
  },
  ATC: {
    label: { fr: "ATC", en: "ATC" },
    definition: {
      fr: "La classification anatomique, thérapeutique et chimique des médicaments de l'OMS.",
      en: "The WHO Anatomical Therapeutic Chemical classification of medicines.",
    },
    mentions: ["ATC"],
  },
  "SNOMED-CT": {
    label: { fr: "SNOMED CT", en: "SNOMED CT" },
    definition: {
      fr: "Une terminologie médicale internationale, très détaillée, pour décrire signes, maladies et actes.",
      en: "A detailed international medical terminology for symptoms, diseases and procedures.",
    },
    mentions: ["SNOMED CT", "SNOMED-CT"],
  },
  UCD: {
    label: { fr: "UCD", en: "UCD" },
    definition: {
      fr: "Unité commune de dispensation : le code d'un médicament donné à l'hôpital, à l'unité.",
      en: "Common dispensing unit: the French code of a medicine given in hospital, per unit.",
    },
    mentions: ["UCD"],
  },
  CIP: {
    label: { fr: "CIP", en: "CIP" },
    definition: {
      fr: "Le code d'une boîte de médicament vendue en pharmacie en France.",
      en: "The French code of a box of medicine sold in pharmacies.",
    },
    mentions: ["CIP"],
  },
  "dcat-ap": {
    label: { fr: "DCAT-AP", en: "DCAT-AP" },
    definition: {
      fr: "Le format européen des catalogues de données (avec son extension santé, HealthDCAT-AP), que les portails lisent automatiquement.",
      en: "The European format for data catalogues (with its health extension, HealthDCAT-AP), which portals read automatically.",
    },
    mentions: ["DCAT-AP", "HealthDCAT-AP"],
  },
} satisfies Record<string, Term>;

export type TermKey = keyof typeof glossary;

export const glossaryKeys = Object.keys(glossary) as TermKey[];
