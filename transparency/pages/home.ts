import { escapeHtml as esc } from "../../lib/html";
import { colon, type Lang } from "../language";
import { href, layout, type Page, phrase, sitePaths } from "../layout";
import { introduction, labels } from "../words";
import type { PublishedRegion } from "../published";
import { datasetsList, projectsTable } from "./common";

/** The search form, hidden until the script has loaded the index (a form that cannot work is never shown). */
const searchSection = (lang: Lang): string => {
  const words = labels[lang];
  return `<section id="search" hidden aria-labelledby="search-title" data-none="${esc(words.searchNone)}"><h2 id="search-title">${esc(words.search)}</h2><form role="search"><label for="search-words">${esc(words.searchLabel)}</label> <input id="search-words" type="search" name="q"> <button type="submit">${esc(words.searchButton)}</button></form><div data-results aria-live="polite"></div></section>`;
};

/**
 * A language's home page: what the site is, how to refuse for each region, the search, then every region's databases
 * and projects in full, so that the page is complete without JavaScript.
 */
export function homePage(lang: Lang, regions: readonly PublishedRegion[], title: string): string {
  const page: Page = { lang, path: sitePaths.home(lang) };
  const words = labels[lang];
  const rights = regions.map((region) => ({ label: region.name, path: `${sitePaths.region(lang, region.id)}#rights` }));
  const sections = regions.map(
    (region) =>
      `<section aria-labelledby="region-${region.id}"><h2 id="region-${region.id}"><a href="${href(page, sitePaths.region(lang, region.id))}">${esc(region.name)}</a></h2><p>${esc(words.controller)}${colon(lang)}${esc(region.transparency.controller)}</p><h3>${esc(words.datasets)}</h3>${datasetsList(page, region)}<h3>${esc(words.projects)}</h3>${projectsTable(page, region)}</section>`,
  );
  const main = [
    `<p>${phrase(page, introduction[lang])}</p>`,
    `<section class="rights" aria-labelledby="rights-title"><h2 id="rights-title">${esc(words.objectTitle)}</h2><p>${esc(words.chooseRegion)}</p><ul>${rights.map((item) => `<li><a href="${href(page, item.path)}">${esc(item.label)}</a></li>`).join("")}</ul></section>`,
    searchSection(lang),
    `<p>${esc(words.searchHint)}</p>`,
    ...sections,
  ].join("\n");
  const scripts = [sitePaths.searchIndex(lang), sitePaths.miniSearch, sitePaths.searchScript];
  return layout(page, { title, trail: [], main, scripts }, title);
}
