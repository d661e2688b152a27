import { escapeHtml as esc } from "../../lib/html";
import { colon, readableDate } from "../language";
import { href, type Page, prose, sitePaths } from "../layout";
import type { PublishedRegion } from "../published";
import { labels, projectStatus } from "../words";

/** A definition list of the rows that have a value (HTML values). */
export const facts = (rows: readonly (readonly [string, string | undefined])[]): string =>
  `<dl>${rows
    .filter((row): row is readonly [string, string] => row[1] !== undefined && row[1] !== "")
    .map(([term, value]) => `<dt>${esc(term)}</dt><dd>${value}</dd>`)
    .join("")}</dl>`;

/** A list of links, or a sentence saying there is none. */
export const links = (items: readonly { readonly label: string; readonly path: string; readonly note?: string }[], page: Page, none: string): string =>
  items.length === 0
    ? `<p>${esc(none)}</p>`
    : `<ul>${items.map((item) => `<li><a href="${href(page, item.path)}">${esc(item.label)}</a>${item.note ? ` (${esc(item.note)})` : ""}</li>`).join("")}</ul>`;

/**
 * The projects of a region as a table: title, what it does, status, until when. In a focusable scrolling region, so that
 * a narrow screen scrolls the table rather than the page (WCAG 1.4.10 lets data tables keep two dimensions).
 */
export function projectsTable(page: Page, region: PublishedRegion): string {
  const { projects } = region;
  const words = labels[page.lang];
  if (projects.length === 0) return `<p>${esc(words.noProjects)}</p>`;
  const rows = projects.map(
    (project) =>
      `<tr><td><a href="${href(page, sitePaths.project(page.lang, region.id, project.id))}">${esc(project.title)}</a></td><td>${prose(page, project.publicSummary[page.lang])}</td><td class="status">${esc(projectStatus[page.lang][project.status])}</td><td>${esc(readableDate(project.expiry, page.lang))}</td></tr>`,
  );
  const caption = `${words.projects} · ${region.name}`;
  return `<section class="scroll" aria-label="${esc(caption)}" tabindex="0"><table><caption>${esc(caption)}</caption><thead><tr><th scope="col">${esc(words.title)}</th><th scope="col">${esc(words.summary)}</th><th scope="col">${esc(words.status)}</th><th scope="col">${esc(words.until)}</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
}

/** The datasets of a region as a list of links with their description. */
export const datasetsList = (page: Page, region: PublishedRegion): string =>
  `<ul>${region.datasets
    .map(
      (dataset) =>
        `<li><a href="${href(page, sitePaths.dataset(page.lang, region.id, dataset.id))}">${esc(dataset.title[page.lang])}</a>${colon(page.lang)}${prose(page, dataset.description[page.lang])}</li>`,
    )
    .join("")}</ul>`;
