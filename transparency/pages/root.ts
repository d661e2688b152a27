import type { Directory } from "../../config/directory";
import { escapeHtml as esc } from "../../lib/html";
import { languages } from "../language";
import { sitePaths } from "../layout";
import { labels } from "../words";

/**
 * The site's entrance (what the object storage serves at the container's root): the two languages, French first,
 * each link in its own language. No redirect and no script: it works everywhere.
 */
export function rootPage(directory?: Directory): string {
  const title = (lang: "fr" | "en") => (directory ? directory.title[lang] : labels[lang].siteTitle);
  const choices = languages.map((lang) => `<li><a href="${sitePaths.home(lang)}" hreflang="${lang}" lang="${lang}">${esc(title(lang))}</a></li>`);
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title("fr"))}</title>
${languages.map((lang) => `<link rel="alternate" hreflang="${lang}" href="${sitePaths.home(lang)}">`).join("\n")}
<link rel="stylesheet" href="${sitePaths.stylesheet}">
</head>
<body>
<main>
<h1>${esc(title("fr"))} · <span lang="en">${esc(title("en"))}</span></h1>
<nav aria-label="Langue"><ul>${choices.join("")}</ul></nav>
</main>
</body>
</html>
`;
}
