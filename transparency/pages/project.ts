import type { PublicProject } from "../../config/public-fields";
import { escapeHtml as esc } from "../../lib/html";
import { colon, type Lang, readableDate } from "../language";
import { href, layout, type Page, phrase, prose, sitePaths } from "../layout";
import { labels, projectLegalBasis, projectStatus } from "../words";
import type { PublishedRegion } from "../published";
import { facts, links } from "./common";

type Publication = PublicProject["results"]["publications"][number];

const publicationList = (items: readonly Publication[], lang: Lang): string =>
  `<ul>${items
    .map((item) => `<li>${item.url ? `<a href="${esc(item.url)}">${esc(item.title)}</a>` : esc(item.title)} (${esc(readableDate(item.date, lang))})</li>`)
    .join("")}</ul>`;

function results(page: Page, project: PublicProject): string {
  const words = labels[page.lang];
  const { publications, reports, returnedToProfessionals, returnedToPatients, summary } = project.results;
  if (!summary && !returnedToProfessionals && !returnedToPatients && publications.length + reports.length === 0)
    return `<h2>${esc(words.results)}</h2><p>${esc(words.noResults)}</p>`;
  return [
    `<h2>${esc(words.results)}</h2>`,
    summary ? `<p>${prose(page, summary[page.lang])}</p>` : "",
    facts([
      [words.returnedToProfessionals, returnedToProfessionals && esc(readableDate(returnedToProfessionals, page.lang))],
      [words.returnedToPatients, returnedToPatients && esc(readableDate(returnedToPatients, page.lang))],
      [words.publications, publications.length > 0 ? publicationList(publications, page.lang) : undefined],
      [words.reports, reports.length > 0 ? publicationList(reports, page.lang) : undefined],
    ]),
  ].join("");
}

/**
 * A research project as a patient and the ethics committee want to read it: what it does, on which legal basis and
 * committee opinion, which data from which databases, until when, what came of it, and how to refuse.
 */
export function projectPage(lang: Lang, region: PublishedRegion, project: PublicProject, siteTitle: string): string {
  const page: Page = { lang, path: sitePaths.project(lang, region.id, project.id) };
  const words = labels[lang];
  const datasets = region.datasets.filter((dataset) => project.datasets.includes(dataset.id));
  const categoryLabel = (name: string): string =>
    datasets.flatMap((dataset) => dataset.dataCategories).find((category) => category.en === name)?.[lang] ?? name;
  const opinion = project.legalBasis.ethicsOpinion;
  const main = [
    `<p>${prose(page, project.publicSummary[lang])}</p>`,
    facts([
      [words.status, `<span class="status">${esc(projectStatus[lang][project.status])}</span>`],
      [words.period, `${esc(readableDate(project.start, lang))} ${esc(words.to)} ${esc(readableDate(project.expiry, lang))}`],
      [words.publishedOn, esc(readableDate(project.publishedOn, lang))],
      [words.lead, esc(project.principalInvestigator)],
      [words.legalBasis, `${phrase(page, projectLegalBasis[lang][project.legalBasis.kind])} (${esc(project.legalBasis.reference)})`],
      [
        words.ethicsOpinion,
        `${phrase(page, [{ term: "ethics" }])}${colon(lang)}${esc(opinion.committee)}, ${esc(opinion.reference)}, ${esc(readableDate(opinion.date, lang))}`,
      ],
      [words.data, esc(project.dataCategories.map(categoryLabel).join(", "))],
      [
        words.usesDatasets,
        links(
          datasets.map((dataset) => ({ label: dataset.title[lang], path: sitePaths.dataset(lang, region.id, dataset.id) })),
          page,
          "",
        ),
      ],
    ]),
    results(page, project),
    `<h2>${esc(words.objectTitle)}</h2><p><a href="${href(page, sitePaths.region(lang, region.id))}#rights">${esc(words.readMore)}</a></p>`,
  ].join("\n");
  const trail = [
    { label: words.home, path: sitePaths.home(lang) },
    { label: region.name, path: sitePaths.region(lang, region.id) },
  ];
  return layout(page, { title: project.title, trail, main }, siteTitle);
}
