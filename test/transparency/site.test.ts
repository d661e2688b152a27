import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { isMap, isPair, isScalar, isSeq, type Node, parseDocument } from "yaml";
import { environmentFilesIn } from "../../config/load";
import { isPublicField } from "../../config/public-fields";
import { environmentsDir } from "../../config/regions";
import { escapeHtml } from "../../lib/html";
import { InputError } from "../../lib/errors";
import { glossary, glossaryKeys } from "../../transparency/glossary";
import { buildSite, writeSite } from "../../transparency/site";
import { runEds } from "../helpers/cli";
import { editedEnvironment, environmentFolder } from "../helpers/environments";
import { shippedRegions } from "../helpers/transparency";

/** Every file of a folder, by path relative to it. */
function filesOf(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) visit(join(dir, entry.name));
      else files.set(relative(folder, join(dir, entry.name)), readFileSync(join(dir, entry.name)));
    }
  };
  visit(folder);
  return files;
}

/** Every scalar of a YAML file with its path: what the file says, as written (defaults are not in the file). */
function scalarsOf(text: string): { path: (string | number)[]; value: unknown }[] {
  const found: { path: (string | number)[]; value: unknown }[] = [];
  const visit = (node: unknown, path: (string | number)[]) => {
    if (isMap(node)) {
      for (const pair of node.items) if (isPair(pair) && isScalar(pair.key)) visit(pair.value, [...path, String(pair.key.value)]);
    } else if (isSeq(node)) {
      for (const [i, item] of node.items.entries()) visit(item, [...path, i]);
    } else if (isScalar(node)) found.push({ path, value: node.value });
  };
  visit(parseDocument(text).contents as Node, []);
  return found;
}

/**
 * The private values of a region file that would mean something if published: strings of 8 characters or more, or
 * of 4 or more with a digit, a dot, a colon, a slash or an @ (addresses, names of groups, images, keys, hosts). Shorter plain words
 * (daily, debian, workers) say nothing about the region and occur in any prose.
 */
function privateValues(text: string): string[] {
  const scalars = scalarsOf(text);
  const published = new Set(scalars.filter(({ path }) => isPublicField(path)).map(({ value }) => String(value)));
  return scalars
    .filter(({ path, value }) => !isPublicField(path) && typeof value === "string" && (value.length >= 8 || (value.length >= 4 && /[\d.:/@]/.test(value))))
    .map(({ value }) => value as string)
    .filter((value) => !published.has(value));
}

/** The private values found anywhere in the site's files, as written or HTML-escaped. */
const leaks = (files: ReadonlyMap<string, string>, values: readonly string[]): string[] =>
  values.flatMap((value) =>
    [...files].filter(([, content]) => content.includes(value) || content.includes(escapeHtml(value))).map(([path]) => `${value} in ${path}`),
  );

/**
 * The technical words a page's main text uses without linking them to the glossary. Titles, table headers and the
 * text of links are left out: a link cannot hold another one, and the page's own text explains them.
 */
function unexplained(html: string): string[] {
  const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
  const text = main.replace(/<(a|h\d|caption|th)\b[^>]*>[\s\S]*?<\/\1>/g, " ").replace(/<[^>]+>/g, " ");
  return glossaryKeys.flatMap((key) =>
    glossary[key].mentions.filter((word) => new RegExp(`(?<![\\p{L}\\d-])${word}(?![\\p{L}\\d-])`, "u").test(text) && !main.includes(`glossary.html#${key}"`)),
  );
}

describe("the transparency site", () => {
  const { regions, directory } = shippedRegions();
  const national = buildSite(regions, directory);

  it("has a home page per language, a page per region, dataset and project, the catalogue and the search index", () => {
    for (const path of [
      "index.html",
      "fr/index.html",
      "en/index.html",
      "fr/glossary.html",
      "catalogue.jsonld",
      "fr/search-index.js",
      "en/bretagne/index.html",
      "fr/nouvelle-aquitaine/datasets/registre-cancers-na.html",
      "en/nouvelle-aquitaine/projects/diabete-2025.html",
      "assets/minisearch.js",
    ])
      expect(national.has(path), path).toBe(true);
    const pages = [...national.keys()].filter((path) => path.endsWith(".html") && path !== "index.html");
    expect(pages.filter((path) => path.startsWith("fr/")).map((path) => path.slice(3))).toEqual(
      pages.filter((path) => path.startsWith("en/")).map((path) => path.slice(3)),
    );
  });

  it("links every page to its twin in the other language (hreflang) and declares its language", () => {
    for (const [path, html] of national)
      if (path.endsWith(".html") && path !== "index.html") {
        const lang = path.slice(0, 2);
        expect(html, path).toContain(`<html lang="${lang}">`);
        expect(html, path).toMatch(/<link rel="alternate" hreflang="fr" href="[^"]+">/);
        expect(html, path).toMatch(/<link rel="alternate" hreflang="en" href="[^"]+">/);
      }
  });

  it("tells patients how to object, with the region's contact and the opt-out the pseudonymisation service honours", () => {
    const page = national.get("fr/bretagne/index.html")!;
    expect(page).toContain('id="rights"');
    expect(page).toContain("mailto:dpo@bretagne.example.fr");
    expect(page).toContain("Dans les 15 jours");
    expect(page).toMatch(/glossary\.html#objection">droit d&#39;opposition|glossary\.html#objection">droit d'opposition/);
    expect(page).toContain("glossary.html#pseudonymisation");
    // What happens, as the platform does it: the nightly rebuild of every project's extract leaves objectors out.
    expect(page).toMatch(/Dès la nuit suivante, aucun projet en cours n(&#39;|')en garde de copie/);
    // What it does not do, said as plainly: closed projects' archived copies, what was derived, and backups.
    expect(page).toContain("Les copies des projets terminés, gardées fermées 90 jours");
    expect(page).toMatch(/les sauvegardes de l(&#39;|')entrepôt \(gardées 35 jours\)/);
  });

  it("names every right a patient has over the data, and a complaint to the CNIL at any time (GDPR Art. 15-18, 21, 77)", () => {
    const fr = national.get("fr/bretagne/index.html")!;
    const en = national.get("en/bretagne/index.html")!;
    for (const right of ["voir les données", "corriger", "effacer", "limiter"]) expect(fr).toContain(right);
    for (const right of ["see the data", "corrected", "erased", "restricted"]) expect(en).toContain(right);
    expect(fr).toContain("à tout moment adresser une réclamation");
    expect(en).toContain("complain at any time");
    expect(fr).not.toContain("Sans réponse dans un délai d");
  });

  it("says on what basis the region uses the data and who receives it (GDPR Art. 14(1)(c), (e))", () => {
    const fr = national.get("fr/bretagne/index.html")!;
    const en = national.get("en/bretagne/index.html")!;
    expect(fr).toMatch(
      /<h2>Pourquoi vos données peuvent-elles être utilisées \?<\/h2><p>CHU Example de Bretagne \(exemple\) utilise ces données pour une mission d(&#39;|')intérêt public \(article 6\.1\.e du <a class="term" href="[^"]*glossary\.html#gdpr">RGPD<\/a>\)/,
    );
    expect(fr).toContain("santé publique (article 9.2.i)");
    expect(en).toContain("a task carried out in the public interest (Article 6(1)(e) of the ");
    expect(en).toMatch(/<h2>Who receives the data\?<\/h2><ul>(<li>[^<]*<\/li>){3}<\/ul>/);
    expect(en).toContain("The research teams of authorized projects, each for its own project");
    expect(en).toContain("(article L6112-1 of the public health code)");
  });

  it("says when each project was published, before it started by at least the days an objection takes", () => {
    expect(national.get("en/nouvelle-aquitaine/projects/cardio-2026.html")).toMatch(/Published on<\/dt>\s*<dd>[^<]*27 February 2026/);
    expect(national.get("fr/nouvelle-aquitaine/projects/cardio-2026.html")).toMatch(/Publié le<\/dt>\s*<dd>[^<]*27 février 2026/);
  });

  it("says what came of a closed project, and that an open one has no result yet", () => {
    expect(national.get("en/nouvelle-aquitaine/projects/diabete-2025.html")).toContain("Results summarised for patients on");
    expect(national.get("en/nouvelle-aquitaine/projects/cardio-2026.html")).toContain("No result published yet.");
  });

  it("uses no technical word without a link to its explanation", () => {
    for (const [path, html] of national) if (path.endsWith(".html") && !path.endsWith("glossary.html")) expect(unexplained(html), path).toEqual([]);
    expect(national.get("fr/nouvelle-aquitaine/datasets/eds-nouvelle-aquitaine.html")).toContain('glossary.html#mr-004">MR-004</a>');
    expect(unexplained("<main><p>Déclaré à la CNIL, codé en CIM-10.</p></main>")).toEqual(["CNIL", "CIM-10"]);
  });

  it("gives the same bytes for the same input", () => {
    expect(buildSite(regions, directory)).toEqual(national);
  });

  it("publishes no value of a region file that is not a public field", () => {
    for (const file of environmentFilesIn(environmentsDir)) {
      const values = privateValues(readFileSync(file, "utf8"));
      expect(values.length, file).toBeGreaterThan(50);
      expect(leaks(national, values), file).toEqual([]);
    }
  });

  it("would catch a private value published by mistake (the check can fail)", () => {
    const [region] = regions.filter((candidate) => candidate.id === "bretagne");
    const mistaken = buildSite([{ ...region!, transparency: { ...region!.transparency, controller: "registry.bretagne.example.fr" } }]);
    const values = privateValues(readFileSync(join(environmentsDir, "bretagne.yaml"), "utf8"));
    expect(leaks(mistaken, values)).toContain("registry.bretagne.example.fr in fr/bretagne/index.html");
  });
});

describe("writing the site", () => {
  it("keeps the previous site when a write fails, and leaves no partial folder", () => {
    const parent = mkdtempSync(join(tmpdir(), "eds-site-"));
    const out = join(parent, "site");
    writeSite(out, new Map([["fr/index.html", "previous"]]));
    expect(() =>
      writeSite(
        out,
        new Map([
          ["a", "file"],
          ["a/b.html", "under a file"],
        ]),
      ),
    ).toThrow(InputError);
    expect(readFileSync(join(out, "fr", "index.html"), "utf8")).toBe("previous");
    expect(readdirSync(parent)).toEqual(["site"]);
  });
});

describe("eds transparency", () => {
  it("is explained by eds help, with its options and an example", async () => {
    const help = await runEds("help", "transparency");
    expect(help.code).toBe(0);
    for (const text of ["--env <region|file>", "--all", "--out <dir>", "eds transparency --out site"]) expect(help.out).toContain(text);
    expect((await runEds("help")).out).toMatch(/^ {2}transparency +the public site for patients and researchers/m);
  });

  it("writes the default region's site, the same bytes on every run", async () => {
    const parent = mkdtempSync(join(tmpdir(), "eds-transparency-"));
    const first = await runEds("transparency", "--out", join(parent, "a"));
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/pages in French and English for nouvelle-aquitaine/);
    expect((await runEds("transparency", "--env", "nouvelle-aquitaine", "--out", join(parent, "b"))).code).toBe(0);
    expect(filesOf(join(parent, "a"))).toEqual(filesOf(join(parent, "b")));
    expect(existsSync(join(parent, "a", "fr", "nouvelle-aquitaine", "projects", "cardio-2026.html"))).toBe(true);
  });

  it("writes one national directory with --all", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "eds-transparency-")), "all");
    const run = await runEds("transparency", "--all", "--out", out);
    expect(run.code, run.err).toBe(0);
    expect(readFileSync(join(out, "en", "index.html"), "utf8")).toContain('href="bretagne/index.html"');
  });

  it("refuses bad input with exit 2, naming the file, the YAML path and the line, and writes nothing", async () => {
    const folder = environmentFolder({ "nouvelle-aquitaine.yaml": editedEnvironment((doc) => doc.deleteIn(["datasets", 0, "description", "fr"])) });
    const out = join(mkdtempSync(join(tmpdir(), "eds-transparency-")), "site");
    const run = await runEds("transparency", "--env", join(folder, "nouvelle-aquitaine.yaml"), "--out", out);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/nouvelle-aquitaine\.yaml:\d+:\d+ datasets\[0\]\.description\.fr: required, but missing; expected the French text/);
    expect(run.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a region without a transparency section, and usage mistakes, with exit 2", async () => {
    const bare = editedEnvironment((doc) => {
      for (const key of ["transparency", "datasets", "projects"]) doc.delete(key);
    });
    const folder = environmentFolder({ "nouvelle-aquitaine.yaml": bare });
    const out = join(mkdtempSync(join(tmpdir(), "eds-transparency-")), "site");
    const run = await runEds("transparency", "--env", join(folder, "nouvelle-aquitaine.yaml"), "--out", out);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/has no transparency section/);
    expect((await runEds("transparency")).err).toMatch(/--out <dir>/);
    expect((await runEds("transparency", "--all", "--env", "bretagne", "--out", out)).code).toBe(2);
    writeFileSync(join(folder, "file"), "");
    const unwritable = await runEds("transparency", "--out", join(folder, "file", "site"));
    expect(unwritable.code).toBe(2);
    expect(unwritable.err).toMatch(/cannot write the folder/);
  });
});
