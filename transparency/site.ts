import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Directory } from "../config/directory";
import { describeFsError, InputError } from "../lib/errors";
import { displayPath, projectRoot } from "../lib/paths";
import { stagedFolder } from "../lib/output";
import { catalogueJsonLd } from "./catalogue";
import { languages } from "./language";
import { sitePaths } from "./layout";
import type { PublishedRegion } from "./published";
import { datasetPage } from "./pages/dataset";
import { glossaryPage } from "./pages/glossary";
import { homePage } from "./pages/home";
import { projectPage } from "./pages/project";
import { regionPage } from "./pages/region";
import { rootPage } from "./pages/root";
import { miniSearchBrowserScript, searchIndexScript } from "./search";
import { labels } from "./words";

const asset = (name: string): string => readFileSync(join(projectRoot, "transparency", "assets", name), "utf8");

/**
 * Every file of the transparency site, by path: per language a home page, a page per region, dataset and project, a
 * glossary and a search index; the catalogue in JSON-LD; the stylesheet and scripts. Built from the regions' public
 * fields only. With a national directory, one site for every region, each entry under its region.
 */
export function buildSite(regions: readonly PublishedRegion[], directory?: Directory): Map<string, string> {
  const files = new Map<string, string>();
  for (const lang of languages) {
    const title = directory ? directory.title[lang] : labels[lang].siteTitle;
    files.set(sitePaths.home(lang), homePage(lang, regions, title));
    files.set(sitePaths.glossary(lang), glossaryPage(lang, title));
    files.set(sitePaths.searchIndex(lang), searchIndexScript(lang, regions));
    for (const region of regions) {
      files.set(sitePaths.region(lang, region.id), regionPage(lang, region, title));
      for (const dataset of region.datasets) files.set(sitePaths.dataset(lang, region.id, dataset.id), datasetPage(lang, region, dataset, title));
      for (const project of region.projects) files.set(sitePaths.project(lang, region.id, project.id), projectPage(lang, region, project, title));
    }
  }
  files.set("index.html", rootPage(directory));
  files.set(sitePaths.catalogue, catalogueJsonLd(regions, directory));
  files.set(sitePaths.stylesheet, asset("site.css"));
  files.set(sitePaths.searchScript, asset("search.js"));
  files.set(sitePaths.miniSearch, miniSearchBrowserScript());
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Writes the site into `outdir`, replacing it only once every file is written (a staging folder beside it, then a
 * rename): a failure never leaves a half-written site where the old one was.
 */
export function writeSite(outdir: string, files: ReadonlyMap<string, string>): void {
  const staged = stagedFolder(outdir, sitePaths.catalogue);
  try {
    for (const [path, content] of files) {
      mkdirSync(dirname(join(staged.staging, path)), { recursive: true });
      writeFileSync(join(staged.staging, path), content);
    }
    staged.publish();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(displayPath(outdir), `cannot write the site: ${describeFsError(error)}`);
  } finally {
    staged.discard();
  }
}
