import type { healthDataConditions, lawfulBases, updateFrequencies } from "../config/schema/transparency";
import type { PublicProject, PublicRegion } from "../config/public-fields";
import type { TermKey } from "./glossary";
import type { Lang } from "./language";

type Words<T> = Record<Lang, T>;
type Dataset = PublicRegion["datasets"][number];

/**
 * A sentence that may name a technical term: the term is linked to its explanation wherever the sentence appears,
 * shown as the glossary writes it, or as the sentence does (`text`).
 */
export type Phrase = readonly (string | { readonly term: TermKey; readonly text?: string })[];

/** Fixed labels of the pages. */
export const labels = {
  fr: {
    siteTitle: "Transparence : vos données de santé et la recherche",
    nationalTitle: "Annuaire national des bases de données de santé des régions",
    skip: "Aller au contenu",
    languageNav: "Langue",
    switchTo: "English",
    breadcrumb: "Vous êtes ici",
    home: "Accueil",
    glossary: "Lexique",
    catalogue: "L'annuaire au format DCAT-AP (JSON-LD), pour les portails de données",
    regions: "Les régions",
    datasets: "Les bases de données",
    projects: "Les projets de recherche",
    search: "Rechercher dans l'annuaire",
    searchLabel: "Mots à chercher (maladie, base, projet...)",
    searchNone: "Aucun résultat.",
    searchButton: "Rechercher",
    searchHint: "Sans JavaScript, toutes les bases et tous les projets sont listés ci-dessous.",
    who: "Qui est responsable ?",
    whyUsed: "Pourquoi vos données peuvent-elles être utilisées ?",
    recipients: "Qui reçoit les données ?",
    controller: "Responsable",
    chooseRegion: "Chaque région a son propre contact : choisissez celle où vous avez été soigné.",
    contact: "Écrire au",
    email: "Courriel",
    letter: "Courrier",
    phone: "Téléphone",
    form: "Formulaire en ligne",
    yourRights: "Vos droits",
    status: "État",
    until: "Autorisé jusqu'au",
    period: "Période",
    publishedOn: "Publié le",
    lead: "Responsable scientifique",
    legalBasis: "Sur quelle base légale ?",
    ethicsOpinion: "Avis du comité",
    data: "Quelles données ?",
    usesDatasets: "Bases utilisées",
    results: "Ce qu'il en est sorti",
    noResults: "Pas encore de résultat publié.",
    publications: "Publications",
    reports: "Rapports",
    returnedToProfessionals: "Résultats présentés aux professionnels de santé le",
    returnedToPatients: "Résultats résumés pour les patients le",
    description: "Description",
    kind: "Type de base",
    publisher: "Éditeur",
    contactPoint: "Contact pour les chercheurs",
    declarations: "Déclarations",
    population: "Qui est concerné ?",
    coverage: "Territoire",
    timeSpan: "Période couverte",
    since: "depuis le",
    to: "au",
    frequency: "Mise à jour",
    categories: "Catégories de données",
    codingSystems: "Codes utilisés",
    records: "Nombre d'enregistrements",
    access: "Conditions d'accès",
    quality: "Qualité des données",
    indicator: "Indicateur",
    value: "Valeur",
    usage: "Projets qui l'ont utilisée",
    notUsed: "Aucun projet ne l'a encore utilisée.",
    noProjects: "Aucun projet de recherche pour le moment.",
    region: "Région",
    title: "Titre",
    summary: "En quelques mots",
    objectTitle: "Vous ne voulez pas que vos données servent à la recherche ?",
    readMore: "En savoir plus",
  },
  en: {
    siteTitle: "Transparency: your health data and research",
    nationalTitle: "National directory of the regions' health databases",
    skip: "Skip to content",
    languageNav: "Language",
    switchTo: "Français",
    breadcrumb: "You are here",
    home: "Home",
    glossary: "Glossary",
    catalogue: "The directory in DCAT-AP (JSON-LD), for data portals",
    regions: "Regions",
    datasets: "Databases",
    projects: "Research projects",
    search: "Search the directory",
    searchLabel: "Words to search for (disease, database, project...)",
    searchNone: "No result.",
    searchButton: "Search",
    searchHint: "Without JavaScript, every database and project is listed below.",
    who: "Who is responsible?",
    whyUsed: "Why may your data be used?",
    recipients: "Who receives the data?",
    controller: "Responsible",
    chooseRegion: "Each region has its own contact: choose the one where you were cared for.",
    contact: "Write to the",
    email: "E-mail",
    letter: "Letter",
    phone: "Telephone",
    form: "Online form",
    yourRights: "Your rights",
    status: "Status",
    until: "Authorised until",
    period: "Period",
    publishedOn: "Published on",
    lead: "Principal investigator",
    legalBasis: "On what legal basis?",
    ethicsOpinion: "Committee opinion",
    data: "Which data?",
    usesDatasets: "Databases used",
    results: "What came of it",
    noResults: "No result published yet.",
    publications: "Publications",
    reports: "Reports",
    returnedToProfessionals: "Results presented to health professionals on",
    returnedToPatients: "Results summarised for patients on",
    description: "Description",
    kind: "Kind of database",
    publisher: "Publisher",
    contactPoint: "Contact for researchers",
    declarations: "Declarations",
    population: "Who is in it?",
    coverage: "Area",
    timeSpan: "Period covered",
    since: "since",
    to: "to",
    frequency: "Updated",
    categories: "Kinds of data",
    codingSystems: "Codes used",
    records: "Number of records",
    access: "Access conditions",
    quality: "Data quality",
    indicator: "Indicator",
    value: "Value",
    usage: "Projects that used it",
    notUsed: "No project has used it yet.",
    noProjects: "No research project yet.",
    region: "Region",
    title: "Title",
    summary: "In a few words",
    objectTitle: "You do not want your data used for research?",
    readMore: "Read more",
  },
} satisfies Words<Record<string, string>>;

export type Labels = (typeof labels)["fr"];

export const projectStatus: Words<Record<PublicProject["status"], string>> = {
  fr: { planned: "prévu", running: "en cours", closed: "terminé" },
  en: { planned: "planned", running: "running", closed: "closed" },
};

export const datasetKind: Words<Record<Dataset["kind"], Phrase>> = {
  fr: {
    warehouse: [{ term: "eds" }, " de la région"],
    registry: ["registre : le recensement continu de tous les cas d'une maladie"],
    cohort: ["cohorte : un groupe de personnes volontaires suivies dans le temps"],
  },
  en: {
    warehouse: ["the region's ", { term: "eds" }],
    registry: ["registry: the continuous count of every case of a disease"],
    cohort: ["cohort: a group of volunteers followed over time"],
  },
};

export const datasetLegalBasis: Words<Record<Dataset["legalBasis"]["kind"], Phrase>> = {
  fr: {
    "cnil-eds-referential": ["déclarée conforme au ", { term: "cnil-eds-referential" }],
    "cnil-authorization": ["autorisée par la ", { term: "cnil" }],
    law: ["prévue par un texte de loi ou un arrêté"],
  },
  en: {
    "cnil-eds-referential": ["declared compliant with the ", { term: "cnil-eds-referential" }],
    "cnil-authorization": ["authorised by the ", { term: "cnil" }],
    law: ["provided for by a law or an order"],
  },
};

export const projectLegalBasis: Words<Record<PublicProject["legalBasis"]["kind"], Phrase>> = {
  fr: {
    "cnil-authorization": ["autorisation de la ", { term: "cnil" }, " pour cette recherche"],
    "mr-004": ["engagement de conformité à la méthodologie de référence ", { term: "mr-004" }, " de la ", { term: "cnil" }],
  },
  en: {
    "cnil-authorization": ["authorization of this research by the ", { term: "cnil" }],
    "mr-004": ["commitment to the ", { term: "cnil" }, "'s reference methodology ", { term: "mr-004" }],
  },
};

/** The region's basis under GDPR Art. 6(1), completed by its mission in the region's own words. */
export const lawfulBasis: Words<Record<(typeof lawfulBases)[number], Phrase>> = {
  fr: {
    "public-task": ["une mission d'intérêt public (article 6.1.e du ", { term: "gdpr" }, ")"],
    "legitimate-interest": ["l'intérêt légitime du responsable (article 6.1.f du ", { term: "gdpr" }, ")"],
  },
  en: {
    "public-task": ["a task carried out in the public interest (Article 6(1)(e) of the ", { term: "gdpr" }, ")"],
    "legitimate-interest": ["the controller's legitimate interest (Article 6(1)(f) of the ", { term: "gdpr" }, ")"],
  },
};

/** The exception of GDPR Art. 9(2) under which health data is processed. */
export const healthDataCondition: Words<Record<(typeof healthDataConditions)[number], string>> = {
  fr: {
    "substantial-public-interest": "un motif d'intérêt public important (article 9.2.g)",
    "public-health": "l'intérêt public dans le domaine de la santé publique (article 9.2.i)",
    research: "la recherche scientifique (article 9.2.j)",
  },
  en: {
    "substantial-public-interest": "a substantial public interest (Article 9(2)(g))",
    "public-health": "the public interest in the area of public health (Article 9(2)(i))",
    research: "scientific research (Article 9(2)(j))",
  },
};

export const declarationDirectory: Words<Record<Dataset["declarations"][number]["directory"], Phrase>> = {
  fr: { cnil: [{ term: "cnil" }], "health-data-hub": ["répertoire du ", { term: "health-data-hub" }], clinicaltrials: ["registre d'essais"], other: ["autre"] },
  en: { cnil: [{ term: "cnil" }], "health-data-hub": [{ term: "health-data-hub" }, " directory"], clinicaltrials: ["trial registry"], other: ["other"] },
};

export const frequency: Words<Record<(typeof updateFrequencies)[number], string>> = {
  fr: {
    daily: "chaque jour",
    weekly: "chaque semaine",
    monthly: "chaque mois",
    quarterly: "chaque trimestre",
    annual: "chaque année",
    irregular: "irrégulièrement",
    never: "plus mise à jour",
  },
  en: { daily: "daily", weekly: "weekly", monthly: "monthly", quarterly: "quarterly", annual: "yearly", irregular: "irregularly", never: "no longer" },
};

/** The site's introduction: what it is and why, before any list. */
export const introduction: Words<Phrase> = {
  fr: [
    "Quand vous êtes soigné à l'hôpital, les informations de vos soins peuvent servir à la recherche médicale, après ",
    { term: "pseudonymisation" },
    ". Ce site dit quelles bases de données existent, quels projets les utilisent, sur quelle base légale, jusqu'à quand, ce qu'ils ont trouvé, et comment refuser.",
  ],
  en: [
    "When you are cared for in hospital, the information of your care may be used for medical research, after ",
    { term: "pseudonymisation" },
    ". This site says which databases exist, which projects use them, on what legal basis, until when, what they found, and how to refuse.",
  ],
};
