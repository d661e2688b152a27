import { escapeHtml as esc } from "../../lib/html";
import { colon, type Lang, readableDate, readableNumber } from "../language";
import { layout, type Page, phrase, prose, sitePaths } from "../layout";
import { datasetKind, datasetLegalBasis, declarationDirectory, frequency, labels, projectStatus } from "../words";
import type { Dataset, PublishedRegion } from "../published";
import { facts, links } from "./common";

function timeSpan(dataset: Dataset, lang: Lang): string {
  const words = labels[lang];
  const { start, end } = dataset.timeSpan;
  return end ? `${esc(readableDate(start, lang))} ${esc(words.to)} ${esc(readableDate(end, lang))}` : `${esc(words.since)} ${esc(readableDate(start, lang))}`;
}

function declarations(page: Page, dataset: Dataset): string {
  const items = dataset.declarations.map((declaration) => {
    const reference = declaration.url ? `<a href="${esc(declaration.url)}">${esc(declaration.reference)}</a>` : esc(declaration.reference);
    return `<li>${phrase(page, declarationDirectory[page.lang][declaration.directory])}${colon(page.lang)}${reference}</li>`;
  });
  return `<ul>${items.join("")}</ul>`;
}

function quality(page: Page, dataset: Dataset): string | undefined {
  if (dataset.quality.length === 0) return undefined;
  const words = labels[page.lang];
  const rows = dataset.quality.map(
    (item) => `<tr><td>${esc(item.indicator[page.lang])}</td><td>${esc(typeof item.value === "string" ? item.value : item.value[page.lang])}</td></tr>`,
  );
  return `<table><caption>${esc(words.quality)}</caption><thead><tr><th scope="col">${esc(words.indicator)}</th><th scope="col">${esc(words.value)}</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/**
 * A database as a researcher looks for it and a patient asks about it: what it holds and covers, why it may exist,
 * where it is declared, how good the data is, who may use it, and which projects did.
 */
export function datasetPage(lang: Lang, region: PublishedRegion, dataset: Dataset, siteTitle: string): string {
  const page: Page = { lang, path: sitePaths.dataset(lang, region.id, dataset.id) };
  const words = labels[lang];
  const users = region.projects
    .filter((project) => project.datasets.includes(dataset.id))
    .map((project) => ({ label: project.title, path: sitePaths.project(lang, region.id, project.id), note: projectStatus[lang][project.status] }));
  const main = [
    `<p>${prose(page, dataset.description[lang])}</p>`,
    facts([
      [words.kind, phrase(page, datasetKind[lang][dataset.kind])],
      [words.publisher, esc(dataset.publisher)],
      [words.legalBasis, `${phrase(page, datasetLegalBasis[lang][dataset.legalBasis.kind])} (${esc(dataset.legalBasis.reference)})`],
      [words.declarations, declarations(page, dataset)],
      [words.population, prose(page, dataset.population[lang])],
      [words.coverage, esc(dataset.geographicCoverage[lang])],
      [words.timeSpan, timeSpan(dataset, lang)],
      [words.frequency, esc(frequency[lang][dataset.updateFrequency])],
      [words.categories, esc(dataset.dataCategories.map((category) => category[lang]).join(", "))],
      [words.codingSystems, dataset.codingSystems.length > 0 ? dataset.codingSystems.map((system) => phrase(page, [{ term: system }])).join(", ") : undefined],
      [words.records, dataset.records === undefined ? undefined : esc(readableNumber(dataset.records, lang))],
      [words.access, prose(page, dataset.accessConditions[lang])],
      [words.contactPoint, `${esc(dataset.contactPoint.name)}, <a href="mailto:${esc(dataset.contactPoint.email)}">${esc(dataset.contactPoint.email)}</a>`],
    ]),
    quality(page, dataset) ?? "",
    `<h2>${esc(words.usage)}</h2>${links(users, page, words.notUsed)}`,
  ].join("\n");
  const trail = [
    { label: words.home, path: sitePaths.home(lang) },
    { label: region.name, path: sitePaths.region(lang, region.id) },
  ];
  return layout(page, { title: dataset.title[lang], trail, main }, siteTitle);
}
