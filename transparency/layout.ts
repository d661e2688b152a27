import { posix } from "node:path";
import { escapeHtml as esc } from "../lib/html";
import { glossary, glossaryKeys, type TermKey } from "./glossary";
import { type Lang, languages, otherLanguage } from "./language";
import { labels, type Phrase } from "./words";

/** One page of the site: its language and its path from the site's root (always with a slash, whatever the system). */
export interface Page {
  readonly lang: Lang;
  readonly path: string;
}

/** Where each page lives: the same path under fr/ and en/, so that each page's twin in the other language is known. */
export const sitePaths = {
  home: (lang: Lang) => `${lang}/index.html`,
  glossary: (lang: Lang) => `${lang}/glossary.html`,
  searchIndex: (lang: Lang) => `${lang}/search-index.js`,
  region: (lang: Lang, region: string) => `${lang}/${region}/index.html`,
  dataset: (lang: Lang, region: string, id: string) => `${lang}/${region}/datasets/${id}.html`,
  project: (lang: Lang, region: string, id: string) => `${lang}/${region}/projects/${id}.html`,
  catalogue: "catalogue.jsonld",
  stylesheet: "assets/site.css",
  searchScript: "assets/search.js",
  miniSearch: "assets/minisearch.js",
} as const;

/** A relative link from a page to another file of the site: the site works from any folder, a container or a USB key. */
export const href = (from: Page, to: string): string => posix.relative(posix.dirname(from.path), to) || posix.basename(to);

const twinOf = (page: Page, lang: Lang): string => `${lang}${page.path.slice(page.lang.length)}`;

/** A phrase as HTML: its words escaped, its technical terms linked to their explanation in the glossary. */
export const phrase = (page: Page, words: Phrase): string =>
  words
    .map((word) =>
      typeof word === "string"
        ? esc(word)
        : `<a class="term" href="${href(page, sitePaths.glossary(page.lang))}#${word.term}">${esc(word.text ?? glossary[word.term].label[page.lang])}</a>`,
    )
    .join("");

const mentions = glossaryKeys.flatMap((term) =>
  glossary[term].mentions.map((word) => ({
    term,
    pattern: new RegExp(`(?<![\\p{L}\\d-])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\d-])`, "u"),
  })),
);

/**
 * Free text of an environment file (a description, a summary, access conditions) as HTML, with the first mention of
 * each technical term linked to its explanation: the region writes "MR-004" or "CNIL", the patient gets to know what
 * it means.
 */
export function prose(page: Page, text: string): string {
  const linked = new Set<TermKey>();
  let words: Phrase = [text];
  for (const { term, pattern } of mentions) {
    if (linked.has(term)) continue;
    words = words.flatMap((part) => {
      const found = typeof part === "string" && !linked.has(term) ? pattern.exec(part) : null;
      if (typeof part !== "string" || !found) return [part];
      linked.add(term);
      return [part.slice(0, found.index), { term, text: found[0] }, part.slice(found.index + found[0].length)];
    });
  }
  return phrase(page, words);
}

export interface PageContent {
  readonly title: string;
  /** The way back to the home page, from the home page down to this page's parent. */
  readonly trail: readonly { readonly label: string; readonly path: string }[];
  /** The page's main content, HTML. */
  readonly main: string;
  /** Scripts at the end of the body: progressive enhancement only, every page works without them. */
  readonly scripts?: readonly string[];
}

/**
 * The page around the content: language and its twin (hreflang), landmarks (header, navigation, main, footer), a skip
 * link, the site's own stylesheet. Nothing is loaded from elsewhere: no font, no CDN, no tracker.
 */
export function layout(page: Page, content: PageContent, siteTitle: string): string {
  const words = labels[page.lang];
  const other = otherLanguage(page.lang);
  const alternates = languages.map((lang) => `<link rel="alternate" hreflang="${lang}" href="${href(page, twinOf(page, lang))}">`).join("\n");
  const trail = [
    ...content.trail.map(({ label, path }) => `<li><a href="${href(page, path)}">${esc(label)}</a></li>`),
    `<li aria-current="page">${esc(content.title)}</li>`,
  ];
  const scripts = (content.scripts ?? []).map((script) => `<script src="${href(page, script)}"></script>`).join("\n");
  return `<!DOCTYPE html>
<html lang="${page.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(content.title)}</title>
${alternates}
<link rel="alternate" type="application/ld+json" href="${href(page, sitePaths.catalogue)}">
<link rel="stylesheet" href="${href(page, sitePaths.stylesheet)}">
</head>
<body>
<a class="skip" href="#content">${esc(words.skip)}</a>
<header>
<p class="site-title"><a href="${href(page, sitePaths.home(page.lang))}">${esc(siteTitle)}</a></p>
<nav aria-label="${esc(words.languageNav)}"><a href="${href(page, twinOf(page, other))}" hreflang="${other}" lang="${other}">${esc(words.switchTo)}</a></nav>
</header>
${content.trail.length > 0 ? `<nav aria-label="${esc(words.breadcrumb)}" class="trail"><ol>${trail.join("")}</ol></nav>\n` : ""}<main id="content">
<h1>${esc(content.title)}</h1>
${content.main}
</main>
<footer>
<p><a href="${href(page, sitePaths.glossary(page.lang))}">${esc(words.glossary)}</a> · <a href="${href(page, sitePaths.catalogue)}" type="application/ld+json">${esc(words.catalogue)}</a></p>
</footer>
${scripts}${scripts ? "\n" : ""}</body>
</html>
`;
}
