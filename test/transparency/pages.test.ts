import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HtmlValidate } from "html-validate";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite, writeSite } from "../../transparency/site";
import { shippedRegions } from "../helpers/transparency";
import { tool } from "../helpers/validators";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const { regions, directory } = shippedRegions();
const site = buildSite(regions, directory);
const pages = [...site.keys()].filter((path) => path.endsWith(".html"));

describe("the site's pages, checked by html-validate", () => {
  const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });

  it.each(pages)("%s is valid HTML", async (path) => {
    const report = await validator.validateString(site.get(path)!, path);
    expect(report.results.flatMap((result) => result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`))).toEqual([]);
  });

  it("would report a page that breaks the rules (the check can fail)", async () => {
    const report = await validator.validateString(site.get("fr/index.html")!.replace('<html lang="fr">', "<html>"), "broken.html");
    expect(report.valid).toBe(false);
  });
});

/** The site rendered by headless Chromium (Debian's chromium, driven by puppeteer-core), from the file system, offline. */
describe("the site's pages in a browser", () => {
  let browser: Browser;
  let folder: string;
  /** Requests for anything but the site's own files: there must be none (no CDN, no font, no tracker). */
  const outside: string[] = [];

  beforeAll(async () => {
    folder = join(mkdtempSync(join(tmpdir(), "eds-site-browser-")), "site");
    writeSite(folder, site);
    // --no-sandbox: the tests may run as root in CI containers, where Chromium's sandbox cannot start.
    browser = await puppeteer.launch({ executablePath: tool("chromium", "chromium"), args: ["--no-sandbox", "--disable-gpu"], headless: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string, options: { javaScript?: boolean; width?: number } = {}): Promise<Page> {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(options.javaScript ?? true);
    await page.setViewport({ width: options.width ?? 1024, height: 800 });
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (request.url().startsWith("file://")) return void request.continue();
      outside.push(`${path}: ${request.url()}`);
      return void request.abort();
    });
    await page.goto(`file://${join(folder, path)}`, { waitUntil: "load" });
    return page;
  }

  it.each(pages)("%s has no accessibility violation (axe-core: WCAG 2.1 A and AA, best practices)", async (path) => {
    const page = await open(path);
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const axe = (window as any).axe;
      const result = await axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] });
      return result.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(" ")).join(", ")})`);
    });
    await page.close();
    expect(violations).toEqual([]);
  });

  it("would report a page with poor contrast (the check can fail)", async () => {
    const page = await open("fr/index.html");
    await page.addStyleTag({ content: "body, a { color: #c8c8c8 !important; }" });
    await page.addScriptTag({ content: axeSource });
    const ids = await page.evaluate(async () => (await (window as any).axe.run(document, { runOnly: ["wcag2aa"] })).violations.map((v: any) => v.id));
    await page.close();
    expect(ids).toContain("color-contrast");
  });

  it("loads nothing from the network", async () => {
    for (const path of ["index.html", "fr/index.html", "en/nouvelle-aquitaine/index.html"]) await (await open(path)).close();
    expect(outside).toEqual([]);
  });

  it("searches the directory with the static index when JavaScript runs", async () => {
    const page = await open("fr/index.html");
    expect(await page.$eval("#search", (section) => (section as HTMLElement).hidden)).toBe(false);
    await page.type("#search-words", "diabète");
    const found = await page.$$eval("[data-results] a", (links) => links.map((link) => link.getAttribute("href")));
    await page.close();
    expect(found).toContain("nouvelle-aquitaine/projects/diabete-2025.html");
  });

  it("is complete without JavaScript: every database and project listed, the search form left hidden", async () => {
    const page = await open("en/index.html", { javaScript: false });
    const state = await page.evaluate(() => ({
      searchShown: !(document.getElementById("search") as HTMLElement).hidden,
      links: Array.from(document.querySelectorAll("main a")).map((link) => link.getAttribute("href")),
    }));
    await page.close();
    expect(state.searchShown).toBe(false);
    for (const region of regions) {
      for (const dataset of region.datasets) expect(state.links).toContain(`${region.id}/datasets/${dataset.id}.html`);
      for (const project of region.projects) expect(state.links).toContain(`${region.id}/projects/${project.id}.html`);
    }
  });

  it("reflows on a 320 px wide screen without horizontal scrolling (WCAG 1.4.10)", async () => {
    for (const path of ["fr/index.html", "fr/nouvelle-aquitaine/datasets/eds-nouvelle-aquitaine.html"]) {
      const page = await open(path, { width: 320 });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      await page.close();
      expect(width, path).toBeLessThanOrEqual(320);
    }
  });
});
