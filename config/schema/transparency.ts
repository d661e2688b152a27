import * as z from "zod";
import { httpsUrl, isoDate, name, positiveInt } from "../../lib/zod-types";

/**
 * A text for the public, in French and English. French first: the patients of a French region read it first; English
 * for researchers abroad and the European catalogue (HealthData@EU).
 */
export const bilingual = z
  .strictObject({
    fr: z.string({ error: "expected the French text" }).min(3, { error: "expected the French text, in a sentence" }),
    en: z.string({ error: "expected the English text" }).min(3, { error: "expected the English text, in a sentence" }),
  })
  .meta({ description: "The same text in French (fr) and English (en), in plain language." });

export type Bilingual = z.output<typeof bilingual>;

const email = z.email({ error: "expected an e-mail address such as dpo@region.example.fr" });

/** A base address of the public site: the catalogue's identifiers are built under it, so it ends with a slash. */
export const siteUrl = httpsUrl.regex(/\/$/, { error: "expected the site's address ending with a slash, such as https://transparence.region.example.fr/" });

/**
 * The bases of GDPR Art. 6(1) a warehouse rests on: (e) a public task, (f) a legitimate interest, which a public
 * authority cannot invoke for the performance of its tasks (Art. 6(1), second subparagraph): a private controller's.
 */
export const lawfulBases = ["public-task", "legitimate-interest"] as const;

/** The exceptions of GDPR Art. 9(2) for health data a warehouse uses: (g) substantial public interest, (i) public health, (j) research. */
export const healthDataConditions = ["substantial-public-interest", "public-health", "research"] as const;

/**
 * What the region tells patients and researchers about itself: who is responsible, whom to write to, and how a patient
 * objects (the opt-out the pseudonymisation service honours: objectors never get a pseudonym).
 */
export const transparency = z
  .strictObject({
    siteUrl: siteUrl.meta({ description: "Public address of the transparency site (eds transparency), the base of the catalogue's identifiers." }),
    controller: name.meta({ description: "Who is responsible for the warehouse (the data controller), as patients know it, such as the university hospital." }),
    contact: z
      .strictObject({
        email: email.meta({ description: "Address of the data protection officer (DPO), published for patients." }),
        postalAddress: name.meta({ description: "Postal address for a letter, published for patients without e-mail." }),
        phone: z
          .string()
          .regex(/^\+?[0-9 .]{6,20}$/, { error: "expected a telephone number such as +33 5 00 00 00 00" })
          .optional(),
      })
      .meta({ description: "The region's contact for patients: questions, access, objection." }),
    lawfulBasis: z
      .strictObject({
        article6: z.enum(lawfulBases).meta({
          description:
            "Why the controller may process the data at all (GDPR Art. 6(1)): public-task (e), the only basis the CNIL's EDS referential covers, or legitimate-interest (f), which a public body cannot use for its tasks (Art. 6(1), second subparagraph).",
        }),
        mission: bilingual.meta({ description: "The public task (and the text that gives it) or the legitimate interest, in plain language." }),
        healthData: z.enum(healthDataConditions).meta({
          description: "Which exception of GDPR Art. 9(2) lets health data be processed: substantial-public-interest (g), public-health (i) or research (j).",
        }),
      })
      .meta({ description: "The legal basis patients are told of (GDPR Art. 14(1)(c)), shown on the region's page." }),
    recipients: z.array(bilingual).min(1, { error: "expected at least one category of recipients, such as the research teams of authorized projects" }).meta({
      description:
        "Who receives the data, by category (GDPR Art. 14(1)(e)): the controller's teams, the research teams of authorized projects, the certified host.",
    }),
    objection: z
      .strictObject({
        effectiveWithinDays: positiveInt.meta({ description: "Days within which an objection reaches the opt-out list the pseudonymisation service reads." }),
        webForm: httpsUrl.optional().meta({ description: "Online form for objecting, when the region has one." }),
      })
      .meta({ description: "How a patient objects (droit d'opposition): by e-mail, letter or form, taken into account within the given days." }),
  })
  .meta({
    description:
      "Public information for patients (transparency portal): controller, legal basis, recipients, contact and objection. Required with projects or datasets.",
  });

/** Coding systems a dataset may use, with their names as French health professionals write them. */
export const codingSystems = ["CIM-10", "CCAM", "LOINC", "ATC", "SNOMED-CT", "UCD", "CIP"] as const;

/** Update frequencies, each one of the EU frequency vocabulary (publications.europa.eu/resource/authority/frequency). */
export const updateFrequencies = ["daily", "weekly", "monthly", "quarterly", "annual", "irregular", "never"] as const;

const declaration = z.strictObject({
  directory: z
    .enum(["cnil", "health-data-hub", "clinicaltrials", "other"])
    .meta({ description: "Where the database is declared: CNIL (authorization or conformity), Health Data Hub directory, a trial registry, other." }),
  reference: name.meta({ description: "The declaration's number or reference in that directory." }),
  url: httpsUrl.optional().meta({ description: "Public page of the declaration." }),
});

const qualityIndicator = z.strictObject({
  indicator: bilingual.meta({ description: "What is measured, such as completeness of discharge diagnoses." }),
  value: z
    .union([name, bilingual])
    .meta({ description: "The measured value with its unit and date: one text when it reads the same in both languages (97 % (2026)), else fr and en." }),
});

/**
 * One of the region's databases (the EDS itself, a registry, a cohort), as the public directory describes it:
 * DCAT-AP 3.0.1 with the HealthDCAT-AP extension (titles and descriptions in both languages).
 */
export const dataset = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { error: "expected a lower-case id of letters, digits and hyphens" })
    .max(60),
  kind: z.enum(["warehouse", "registry", "cohort"]).meta({ description: "The EDS itself, a disease registry or a research cohort." }),
  title: bilingual,
  description: bilingual,
  publisher: name.meta({ description: "Organisation that publishes the database (dct:publisher)." }),
  contactPoint: z.strictObject({ name: name, email }).meta({ description: "Whom researchers write to about the database (dcat:contactPoint)." }),
  legalBasis: z
    .strictObject({
      kind: z
        .enum(["cnil-eds-referential", "cnil-authorization", "law"])
        .meta({ description: "Conformity to the CNIL's EDS referential, a CNIL authorization, or a text of law (registries)." }),
      reference: name,
    })
    .meta({ description: "Why the database may exist." }),
  declarations: z.array(declaration).min(1, { error: "expected at least one declaration (CNIL, Health Data Hub directory, ...)" }),
  population: bilingual.meta({ description: "Who is in the database (healthdcatap:populationCoverage)." }),
  geographicCoverage: bilingual.meta({ description: "Area the database covers (dct:spatial)." }),
  timeSpan: z
    .strictObject({ start: isoDate, end: isoDate.optional().meta({ description: "Last day covered; absent while the database grows." }) })
    .meta({ description: "Period the data covers (dct:temporal)." }),
  updateFrequency: z.enum(updateFrequencies),
  dataCategories: z
    .array(z.strictObject({ en: name.meta({ description: "The category as projects name it in dataCategories." }), fr: name }))
    .min(1)
    .meta({ description: "Kinds of data held, in both languages; a project may draw only categories its datasets hold." }),
  codingSystems: z.array(z.enum(codingSystems)).default([]),
  records: positiveInt.optional().meta({ description: "Number of records, where known (healthdcatap:numberOfRecords)." }),
  accessConditions: bilingual.meta({ description: "Who may use the data and how to ask." }),
  quality: z.array(qualityIndicator).default([]).meta({ description: "Quality indicators, measured." }),
});

const publication = z.strictObject({
  title: name,
  date: isoDate,
  url: httpsUrl.optional().meta({ description: "Where to read it (DOI link, report)." }),
});

/** What a project gives back: publications, reports, and when results were returned to professionals and patients. */
export const projectResults = z
  .strictObject({
    publications: z.array(publication).default([]),
    reports: z.array(publication).default([]),
    returnedToProfessionals: isoDate.optional().meta({ description: "Date results were presented to the professionals who cared for the patients." }),
    returnedToPatients: isoDate.optional().meta({ description: "Date a summary of the results was published for patients and their associations." }),
    summary: bilingual.optional().meta({ description: "What came of the project, in plain language." }),
  })
  .prefault({})
  .meta({ description: "Results of the project, published on the transparency site." });

/** What every project publishes besides its authorization: a plain-language summary, its status, its datasets and results. */
export const projectTransparency = {
  publicSummary: bilingual.meta({ description: "What the project does and why, for patients, in plain language." }),
  publishedOn: isoDate.meta({
    description:
      "Day the project was first published on the transparency site. Patients must be able to object before their data is used: the project starts no earlier than objection.effectiveWithinDays after it (GDPR Art. 14(4), 21).",
  }),
  status: z.enum(["planned", "running", "closed"]),
  datasets: z.array(name).min(1).meta({ description: "Ids of the region's datasets (datasets:) the project uses." }),
  results: projectResults,
};
