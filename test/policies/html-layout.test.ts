import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runEds } from "../helpers/cli";
import { tool } from "../helpers/validators";

/**
 * The page laid out by headless Chromium at a given width: how wide it scrolls, which blocks stick out, how wide the
 * narrowest cell of the frameworks' resources column is, where addresses and their files are listed, and which words of
 * the cells of words (a level, a verdict, a coverage) are cut across two lines (a break at a hyphen cuts none).
 */
function layout(html: string, width: number): { scrollWidth: number; viewport: number; wide: string[]; resourcesColumn: number; brokenWords: string[] } {
  const probe = `<script>document.body.dataset.layout = JSON.stringify({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth,
    wide: [...document.querySelectorAll("table, figure, pre, p")].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).map((e) => e.tagName + ": " + (e.textContent ?? "").slice(0, 60)),
    resourcesColumn: Math.min(...[...document.querySelectorAll("td.resources")].map((e) => e.getBoundingClientRect().width)),
    brokenWords: [...document.querySelectorAll("td.words")].flatMap((cell) => [...cell.childNodes].filter((n) => n.nodeType === 3).flatMap((text) =>
      [...text.data.matchAll(/[^\\s-]+/g)].filter((m) => { const r = document.createRange(); r.setStart(text, m.index); r.setEnd(text, m.index + m[0].length); return r.getClientRects().length > 1; }).map((m) => m[0]))) });</script>`;
  const page = join(mkdtempSync(join(tmpdir(), "eds-html-")), "report.html");
  writeFileSync(page, html.replace("</body>", `${probe}</body>`));
  // --no-sandbox: the tests may run as root in CI containers, where Chromium's sandbox cannot start.
  const chromium = tool("chromium", "chromium");
  const run = spawnSync(chromium, ["--headless", "--no-sandbox", "--disable-gpu", `--window-size=${width},900`, "--dump-dom", `file://${page}`], {
    encoding: "utf8",
    timeout: 60_000,
  });
  const found = /data-layout="([^"]*)"/.exec(run.stdout);
  if (!found) throw new Error(`Chromium did not lay the page out: ${run.stderr.slice(0, 500)}`);
  return JSON.parse(found[1]!.replace(/&quot;/g, '"').replace(/&amp;/g, "&"));
}

describe("the HTML report, laid out by a browser", () => {
  let html: string;
  beforeAll(async () => {
    const out = join(mkdtempSync(join(tmpdir(), "eds-html-out-")), "out");
    expect((await runEds("synth", "--all", "--out", out)).code).toBe(0);
    const file = join(out, "report.html");
    expect((await runEds("check", out, "--format", "html", "--output", file)).code).toBe(0);
    html = readFileSync(file, "utf8");
  }, 120_000);

  it.each([1280, 1024])("fits a %i px window: image digests and long addresses wrap, the diagram scales", (width) => {
    const page = layout(html, width);
    expect(page.wide).toEqual([]);
    expect(page.scrollWidth).toBeLessThanOrEqual(page.viewport);
    // Room for an address on a few lines, where the column once shrank to a few characters a line.
    expect(page.resourcesColumn).toBeGreaterThanOrEqual(160);
    expect(page.brokenWords).toEqual([]);
  });

  it("would be caught overflowing (the check can fail)", () => {
    const page = layout(html.replace("</style>", "td{overflow-wrap:normal!important;white-space:nowrap}</style>"), 1024);
    expect(page.scrollWidth).toBeGreaterThan(page.viewport);
  });

  it("gives every header cell its scope and a style to every verdict class", () => {
    expect(html).not.toMatch(/<th(?=[\s>])(?![^>]*scope=)/);
    for (const verdict of ["fail", "warn", "suppressed", "unknown", "pass", "idle"]) expect(html).toContain(`.${verdict}{`);
  });
});
