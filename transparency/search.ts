import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import MiniSearch from "minisearch";
import type { Lang } from "./language";
import type { PublishedRegion } from "./published";
import { sitePaths } from "./layout";
import { projectStatus } from "./words";

interface SearchDocument {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  /** The page, relative to the language's home page (where the search runs). */
  readonly url: string;
  readonly region: string;
}

/** The index's options, written into the index file so that the page loads it with exactly these. */
const options = { fields: ["title", "text"], storeFields: ["title", "url", "region"] };

const fromHome = (lang: Lang, path: string): string => path.slice(`${lang}/`.length);

function documentsOf(lang: Lang, region: PublishedRegion): SearchDocument[] {
  const datasets = region.datasets.map((dataset) => ({
    id: `${region.id}/datasets/${dataset.id}`,
    title: dataset.title[lang],
    text: [
      dataset.description[lang],
      dataset.population[lang],
      dataset.geographicCoverage[lang],
      dataset.publisher,
      ...dataset.dataCategories.map((category) => category[lang]),
      ...dataset.codingSystems,
    ].join(" "),
    url: fromHome(lang, sitePaths.dataset(lang, region.id, dataset.id)),
    region: region.name,
  }));
  const projects = region.projects.map((project) => ({
    id: `${region.id}/projects/${project.id}`,
    title: project.title,
    text: [
      project.publicSummary[lang],
      project.principalInvestigator,
      projectStatus[lang][project.status],
      project.results.summary?.[lang] ?? "",
      ...project.dataCategories,
    ].join(" "),
    url: fromHome(lang, sitePaths.project(lang, region.id, project.id)),
    region: region.name,
  }));
  return [...datasets, ...projects];
}

/**
 * The directory's search index for one language (MiniSearch), as a script that sets a global: a script element loads
 * it from the file system too, where a fetch of a JSON file is refused. No server is involved.
 */
export function searchIndexScript(lang: Lang, regions: readonly PublishedRegion[]): string {
  const index = new MiniSearch<SearchDocument>(options);
  index.addAll(regions.flatMap((region) => documentsOf(lang, region)));
  return `window.edsSearch = ${JSON.stringify({ options, index: index.toJSON() })};\n`;
}

const require = createRequire(import.meta.url);

/** MiniSearch's browser build as the page loads it, with its licence (MIT) named; served from the site, never a CDN. */
export function miniSearchBrowserScript(): string {
  const folder = join(dirname(require.resolve("minisearch")), "..", "..");
  const { version, license } = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { version: string; license: string };
  return `/*! MiniSearch ${version} (github.com/lucaong/minisearch), ${license} licence */\n${readFileSync(join(folder, "dist", "umd", "index.js"), "utf8")}`;
}
