import { escapeHtml as esc } from "../../lib/html";
import { glossary, glossaryKeys } from "../glossary";
import type { Lang } from "../language";
import { layout, type Page, sitePaths } from "../layout";
import { labels } from "../words";

/** Every technical word of the site, explained; each page links its words here (#<term>). */
export function glossaryPage(lang: Lang, siteTitle: string): string {
  const page: Page = { lang, path: sitePaths.glossary(lang) };
  const words = labels[lang];
  const entries = glossaryKeys.map((key) => `<dt id="${key}">${esc(glossary[key].label[lang])}</dt><dd>${esc(glossary[key].definition[lang])}</dd>`);
  return layout(page, { title: words.glossary, trail: [{ label: words.home, path: sitePaths.home(lang) }], main: `<dl>${entries.join("")}</dl>` }, siteTitle);
}
