import type { Directory } from "../config/directory";
import type { Bilingual, codingSystems, updateFrequencies } from "../config/schema/transparency";
import { languages } from "./language";
import type { Dataset, PublishedRegion } from "./published";
import { sitePaths } from "./layout";

/**
 * The directory as a DCAT-AP 3.0.1 catalogue with the HealthDCAT-AP extension, in JSON-LD with its context inline (a
 * reader needs no network). Vocabulary sources:
 * - DCAT-AP 3.0.1 (SEMICeu/DCAT-AP, releases/3.0.1): classes and mandatory properties; the range shapes require every
 *   node to carry its class (dct:RightsStatement, dct:Frequency, dct:LinguisticSystem, eli:LegalResource, ...).
 * - HealthDCAT-AP, namespace http://healthdataportal.eu/ns/health# (prefix healthdcatap, as ckanext-dcat's
 *   HealthDCAT-AP mapping and the HealthDCAT-AP drafts write it): populationCoverage, numberOfRecords, hasCodingSystem.
 * - EU controlled vocabularies (publications.europa.eu/resource/authority): access-right, frequency, language.
 */
const context = {
  dcat: "http://www.w3.org/ns/dcat#",
  dct: "http://purl.org/dc/terms/",
  dcatap: "http://data.europa.eu/r5r/",
  healthdcatap: "http://healthdataportal.eu/ns/health#",
  foaf: "http://xmlns.com/foaf/0.1/",
  vcard: "http://www.w3.org/2006/vcard/ns#",
  adms: "http://www.w3.org/ns/adms#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  eli: "http://data.europa.eu/eli/ontology#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
};

type Node = Record<string, unknown> & { "@id": string };

const authority = "http://publications.europa.eu/resource/authority";

/** EU frequency vocabulary codes of the model's update frequencies. */
const frequencyCode: Record<(typeof updateFrequencies)[number], string> = {
  daily: "DAILY",
  weekly: "WEEKLY",
  monthly: "MONTHLY",
  quarterly: "QUARTERLY",
  annual: "ANNUAL",
  irregular: "IRREG",
  never: "NEVER",
};

/**
 * Wikidata properties of the coding systems, as HealthDCAT-AP asks for hasCodingSystem (P494 ICD-10 is its own
 * example; P267 ATC code, P4338 LOINC ID, P5806 SNOMED CT identifier). French systems without one (CCAM, UCD, CIP) are
 * named in the keywords only.
 */
const codingSystemIri: Partial<Record<(typeof codingSystems)[number], string>> = {
  "CIM-10": "http://www.wikidata.org/entity/P494",
  ATC: "http://www.wikidata.org/entity/P267",
  LOINC: "http://www.wikidata.org/entity/P4338",
  "SNOMED-CT": "http://www.wikidata.org/entity/P5806",
};

/** Who issued each kind of declaration reference (adms:schemaAgency of the identifier). */
const schemaAgency: Record<Dataset["declarations"][number]["directory"], string> = {
  cnil: "CNIL",
  "health-data-hub": "Health Data Hub",
  clinicaltrials: "ClinicalTrials registry",
  other: "other",
};

/** Regulations that apply to every dataset: the GDPR (2016/679) and the European Health Data Space (2025/327), by ELI. */
const legislation = ["http://data.europa.eu/eli/reg/2016/679/oj", "http://data.europa.eu/eli/reg/2025/327/oj"];

/** Individual health data is never public: what the catalogue publishes is the description, not the data. */
const accessRights = `${authority}/access-right/NON_PUBLIC`;

const languageIri = { fr: `${authority}/language/FRA`, en: `${authority}/language/ENG` };

const texts = (text: Bilingual) => languages.map((lang) => ({ "@value": text[lang], "@language": lang }));
const ref = (id: string) => ({ "@id": id });
const date = (value: string) => ({ "@value": value, "@type": "xsd:date" });

/** Nodes every catalogue refers to, each with the class the DCAT-AP range shapes expect. */
function sharedNodes(regions: readonly PublishedRegion[]): Node[] {
  const frequencies = [...new Set(regions.flatMap((region) => region.datasets.map((dataset) => frequencyCode[dataset.updateFrequency])))].sort();
  return [
    { "@id": accessRights, "@type": "dct:RightsStatement" },
    ...legislation.map((id) => ({ "@id": id, "@type": "eli:LegalResource" })),
    ...languages.map((lang) => ({ "@id": languageIri[lang], "@type": "dct:LinguisticSystem" })),
    ...frequencies.map((code) => ({ "@id": `${authority}/frequency/${code}`, "@type": "dct:Frequency" })),
  ];
}

/** Identifiers and pages of one build: entities keep their region's addresses, pages are those of the site being built. */
interface Addresses {
  /** The site being built, whose pages are the landing pages. */
  readonly site: string;
}

const regionBase = (region: PublishedRegion): string => region.transparency.siteUrl;

function datasetNodes(region: PublishedRegion, dataset: Dataset, at: Addresses): Node[] {
  const id = `${regionBase(region)}datasets/${dataset.id}`;
  const users = region.projects.filter((project) => project.datasets.includes(dataset.id));
  const publisher = `${id}#publisher`;
  const contact = `${id}#contact`;
  const period = `${id}#period`;
  const spatial = `${id}#coverage`;
  const pages = languages.map((lang) => `${at.site}${sitePaths.dataset(lang, region.id, dataset.id)}`);
  const codingSystems = dataset.codingSystems.flatMap((system) => codingSystemIri[system] ?? []);
  const publications = users.flatMap((project) => [...project.results.publications, ...project.results.reports].flatMap((item) => item.url ?? []));
  return [
    {
      "@id": id,
      "@type": "dcat:Dataset",
      "dct:identifier": dataset.id,
      "dct:title": texts(dataset.title),
      "dct:description": texts(dataset.description),
      "dct:publisher": ref(publisher),
      "dcat:contactPoint": ref(contact),
      "dct:accessRights": ref(accessRights),
      "dcatap:applicableLegislation": legislation.map(ref),
      "dct:spatial": ref(spatial),
      "dct:temporal": ref(period),
      "dct:accrualPeriodicity": ref(`${authority}/frequency/${frequencyCode[dataset.updateFrequency]}`),
      "dct:language": languages.map((lang) => ref(languageIri[lang])),
      "dcat:landingPage": pages.map(ref),
      "dcat:keyword": [...dataset.dataCategories.flatMap((category) => texts(category)), ...dataset.codingSystems.map((system) => ({ "@value": system }))],
      "adms:identifier": dataset.declarations.map((_, i) => ref(`${id}#declaration-${i + 1}`)),
      "dct:isReferencedBy": [...users.map((project) => ref(`${regionBase(region)}projects/${project.id}`)), ...publications.map(ref)],
      "healthdcatap:populationCoverage": texts(dataset.population),
      ...(codingSystems.length > 0 ? { "healthdcatap:hasCodingSystem": codingSystems.map(ref) } : {}),
      ...(dataset.records === undefined ? {} : { "healthdcatap:numberOfRecords": { "@value": String(dataset.records), "@type": "xsd:nonNegativeInteger" } }),
    },
    { "@id": publisher, "@type": "foaf:Agent", "foaf:name": dataset.publisher },
    { "@id": contact, "@type": "vcard:Kind", "vcard:fn": dataset.contactPoint.name, "vcard:hasEmail": ref(`mailto:${dataset.contactPoint.email}`) },
    {
      "@id": period,
      "@type": "dct:PeriodOfTime",
      "dcat:startDate": date(dataset.timeSpan.start),
      ...(dataset.timeSpan.end ? { "dcat:endDate": date(dataset.timeSpan.end) } : {}),
    },
    { "@id": spatial, "@type": "dct:Location", "skos:prefLabel": texts(dataset.geographicCoverage) },
    ...pages.map((page) => ({ "@id": page, "@type": "foaf:Document" })),
    ...dataset.declarations.map((declaration, i) => ({
      "@id": `${id}#declaration-${i + 1}`,
      "@type": "adms:Identifier",
      "skos:notation": declaration.reference,
      "adms:schemaAgency": schemaAgency[declaration.directory],
    })),
    ...users.map((project) => ({
      "@id": `${regionBase(region)}projects/${project.id}`,
      "dct:title": project.title,
      "dct:description": texts(project.publicSummary),
      "foaf:page": languages.map((lang) => ref(`${at.site}${sitePaths.project(lang, region.id, project.id)}`)),
    })),
  ];
}

interface CatalogueDescription {
  readonly id: string;
  readonly title: Bilingual;
  readonly description: Bilingual;
  readonly publisher: string;
  readonly homepage: string;
}

function catalogueNodes(catalogue: CatalogueDescription, members: { readonly datasets?: readonly string[]; readonly catalogues?: readonly string[] }): Node[] {
  const publisher = `${catalogue.id}#publisher`;
  return [
    {
      "@id": catalogue.id,
      "@type": "dcat:Catalog",
      "dct:title": texts(catalogue.title),
      "dct:description": texts(catalogue.description),
      "dct:publisher": ref(publisher),
      "foaf:homepage": ref(catalogue.homepage),
      "dct:language": languages.map((lang) => ref(languageIri[lang])),
      ...(members.datasets ? { "dcat:dataset": members.datasets.map(ref) } : {}),
      ...(members.catalogues ? { "dcat:catalog": members.catalogues.map(ref) } : {}),
    },
    { "@id": publisher, "@type": "foaf:Agent", "foaf:name": catalogue.publisher },
    { "@id": catalogue.homepage, "@type": "foaf:Document" },
  ];
}

const regionCatalogue = (region: PublishedRegion, at: Addresses): CatalogueDescription => ({
  id: `${regionBase(region)}catalogue`,
  title: { fr: `Bases de données de santé · ${region.name}`, en: `Health databases · ${region.name}` },
  description: {
    fr: `Les bases de données de santé de ${region.name}, les projets de recherche qui les utilisent et leurs résultats.`,
    en: `The health databases of ${region.name}, the research projects that use them and their results.`,
  },
  publisher: region.transparency.controller,
  homepage: `${at.site}${sitePaths.region("fr", region.id)}`,
});

function regionNodes(region: PublishedRegion, at: Addresses): Node[] {
  const datasets = region.datasets.map((dataset) => datasetNodes(region, dataset, at));
  return [...catalogueNodes(regionCatalogue(region, at), { datasets: datasets.map(([node]) => node!["@id"]) }), ...datasets.flat()];
}

/**
 * The catalogue of a site: one region's catalogue, or with a national directory, its catalogue listing every region's
 * (dcat:catalog). Deterministic: nodes sorted by identifier, keys in a fixed order.
 */
export function catalogueJsonLd(regions: readonly PublishedRegion[], directory?: Directory): string {
  const at: Addresses = { site: directory?.siteUrl ?? regionBase(regions[0]!) };
  const national = directory
    ? catalogueNodes(
        {
          id: `${directory.siteUrl}catalogue`,
          title: directory.title,
          description: directory.description,
          publisher: directory.publisher,
          homepage: `${directory.siteUrl}${sitePaths.home("fr")}`,
        },
        { catalogues: regions.map((region) => regionCatalogue(region, at).id) },
      )
    : [];
  const nodes = new Map<string, Node>();
  for (const node of [...national, ...regions.flatMap((region) => regionNodes(region, at)), ...sharedNodes(regions)])
    nodes.set(node["@id"], { ...nodes.get(node["@id"]), ...node });
  const graph = [...nodes.values()].sort((a, b) => (a["@id"] < b["@id"] ? -1 : a["@id"] > b["@id"] ? 1 : 0));
  return `${JSON.stringify({ "@context": context, "@graph": graph }, null, 2)}\n`;
}
