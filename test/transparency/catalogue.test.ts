import { join } from "node:path";
import { Readable } from "node:stream";
import rdf from "@zazuko/env-node";
import SHACLValidator from "rdf-validate-shacl";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../lib/paths";
import { catalogueJsonLd } from "../../transparency/catalogue";
import { shippedRegions } from "../helpers/transparency";

const shapesFolder = join(projectRoot, "test", "transparency", "shapes");
const shapeFiles = ["dcat-ap-3.0.1/shapes.ttl", "dcat-ap-3.0.1/range.ttl", "healthdcat-ap-used.ttl"];

/** The catalogue's JSON-LD as RDF, parsed by a JSON-LD parser (jsonld-streaming-parser, through @zazuko/env-node). */
const parse = async (jsonld: string) => rdf.dataset().import(rdf.formats.parsers.import("application/ld+json", Readable.from([jsonld]))!);

type Graph = { "@graph": Record<string, any>[] };

/** The official DCAT-AP 3.0.1 shapes (mandatory properties, ranges) and the HealthDCAT-AP properties used, with a SHACL engine. */
describe("the catalogue (catalogue.jsonld)", () => {
  let validator: SHACLValidator;
  const { regions, directory } = shippedRegions();
  const single = catalogueJsonLd(regions.filter((region) => region.id === "nouvelle-aquitaine"));
  const national = catalogueJsonLd(regions, directory);

  beforeAll(async () => {
    const shapes = rdf.dataset();
    for (const file of shapeFiles) shapes.addAll(await rdf.dataset().import(rdf.fromFile(join(shapesFolder, file))));
    validator = new SHACLValidator(shapes, { factory: rdf });
  });

  const violations = async (jsonld: string) => {
    const report = await validator.validate(await parse(jsonld));
    return report.results.map((result) => `${result.focusNode?.value} ${result.path?.value ?? ""}: ${result.message.map((m) => m.value).join(" ")}`);
  };

  const edited = (jsonld: string, edit: (graph: Graph["@graph"]) => void): string => {
    const document = JSON.parse(jsonld) as Graph;
    edit(document["@graph"]);
    return JSON.stringify(document);
  };
  const datasetsOf = (graph: Graph["@graph"]) => graph.filter((node) => node["@type"] === "dcat:Dataset");

  it("conforms for one region, and for the national directory of every region", async () => {
    expect(await violations(single)).toEqual([]);
    expect(await violations(national)).toEqual([]);
  });

  it("describes every dataset, with titles and descriptions in French and English", async () => {
    const datasets = datasetsOf((JSON.parse(national) as Graph)["@graph"]);
    expect(datasets.map((dataset) => dataset["dct:identifier"]).sort()).toEqual(["eds-bretagne", "eds-nouvelle-aquitaine", "registre-cancers-na"]);
    for (const dataset of datasets)
      for (const property of ["dct:title", "dct:description"])
        expect(dataset[property].map((text: { "@language": string }) => text["@language"]).sort()).toEqual(["en", "fr"]);
  });

  it("links each region's entries to their region in the national directory", () => {
    const graph = (JSON.parse(national) as Graph)["@graph"];
    const root = graph.find((node) => node["@id"] === `${directory.siteUrl}catalogue`)!;
    expect(root["dcat:catalog"]).toEqual([
      { "@id": "https://transparence.bretagne.example.fr/catalogue" },
      { "@id": "https://transparence.nouvelle-aquitaine.example.fr/catalogue" },
    ]);
    const bretagne = graph.find((node) => node["@id"] === "https://transparence.bretagne.example.fr/catalogue")!;
    expect(bretagne["dcat:dataset"]).toEqual([{ "@id": "https://transparence.bretagne.example.fr/datasets/eds-bretagne" }]);
  });

  it("is rejected by the shapes when a dataset misses a mandatory property (dct:title), so the check can fail", async () => {
    const broken = edited(single, (graph) => {
      delete datasetsOf(graph)[0]!["dct:title"];
    });
    expect(await violations(broken)).toEqual(
      expect.arrayContaining([expect.stringMatching(/datasets\/eds-nouvelle-aquitaine http:\/\/purl.org\/dc\/terms\/title/)]),
    );
  });

  it("is rejected when a node lacks the class the range shapes require, or a dataset its English description", async () => {
    const untyped = edited(single, (graph) => {
      for (const node of graph) if (node["@type"] === "dct:RightsStatement") delete node["@type"];
    });
    expect((await violations(untyped)).some((line) => line.includes("http://purl.org/dc/terms/accessRights"))).toBe(true);
    const french = edited(single, (graph) => {
      for (const dataset of datasetsOf(graph))
        dataset["dct:description"] = dataset["dct:description"].filter((text: { "@language": string }) => text["@language"] === "fr");
    });
    expect(await violations(french)).toEqual(expect.arrayContaining([expect.stringContaining("a description in English (@en)")]));
  });

  it("uses HealthDCAT-AP's properties with their ranges", () => {
    const [warehouse] = datasetsOf((JSON.parse(single) as Graph)["@graph"]);
    expect(warehouse!["healthdcatap:numberOfRecords"]).toEqual({ "@value": "1250000", "@type": "xsd:nonNegativeInteger" });
    expect(warehouse!["healthdcatap:hasCodingSystem"]).toContainEqual({ "@id": "http://www.wikidata.org/entity/P494" });
    expect(warehouse!["dct:isReferencedBy"]).toContainEqual({ "@id": "https://transparence.nouvelle-aquitaine.example.fr/projects/diabete-2025" });
  });
});
