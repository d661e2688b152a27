import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDirectory } from "../../config/directory";
import { loadEnvironments } from "../../config/load";
import { environmentsDir } from "../../config/regions";
import { isPublicField, publicView, publicViewOf } from "../../config/public-fields";
import { editedEnvironment, environmentFolder, issuesAfterEdit, loadIssues, onlyIssue, testToday } from "../helpers/environments";

describe("datasets, projects' public information and the region's contact", () => {
  it("fails on a dataset without its English title, naming the YAML path and line", () => {
    const issue = onlyIssue(issuesAfterEdit((doc) => doc.deleteIn(["datasets", 0, "title", "en"])));
    expect(issue).toMatchObject({ path: ["datasets", 0, "title", "en"], message: "required, but missing; expected the English text" });
    expect(issue.line).toBeGreaterThan(200);
  });

  it("fails on a project without a public summary, or with an unknown status", () => {
    expect(onlyIssue(issuesAfterEdit((doc) => doc.deleteIn(["projects", 0, "publicSummary"]))).path).toEqual(["projects", 0, "publicSummary"]);
    expect(onlyIssue(issuesAfterEdit((doc) => doc.setIn(["projects", 0, "status"], "finished"))).message).toBe(
      'expected one of "planned", "running", "closed", got "finished"',
    );
  });

  it("fails on a project naming a dataset the region does not declare", () => {
    expect(onlyIssue(issuesAfterEdit((doc) => doc.setIn(["projects", 0, "datasets", 0], "eds-ailleurs"))).message).toBe(
      'no dataset "eds-ailleurs" in datasets: (known: eds-nouvelle-aquitaine, registre-cancers-na)',
    );
  });

  it("fails on a project drawing a category its datasets do not hold", () => {
    const issue = onlyIssue(issuesAfterEdit((doc) => doc.setIn(["projects", 0, "dataCategories", 0], "genomes")));
    expect(issue.path).toEqual(["projects", 0, "dataCategories", 0]);
    expect(issue.message).toMatch(/^"genomes" is not held by the project's datasets \(eds-nouvelle-aquitaine\)/);
  });

  it("fails on projects without the region's contact for patients, on results returned before the start, on a dataset declared twice", () => {
    expect(onlyIssue(issuesAfterEdit((doc) => doc.delete("transparency"))).message).toMatch(/^projects are published for patients: declare transparency/);
    expect(onlyIssue(issuesAfterEdit((doc) => doc.setIn(["projects", 1, "results", "returnedToPatients"], "2020-01-01"))).message).toBe(
      "results returned on 2020-01-01, before the project started (2025-03-01)",
    );
    expect(onlyIssue(issuesAfterEdit((doc) => doc.setIn(["datasets", 1, "id"], "eds-nouvelle-aquitaine"))).message).toBe(
      'dataset "eds-nouvelle-aquitaine" is declared twice',
    );
  });

  it("refuses a region that tells patients no legal basis or no recipients, and a referential warehouse that rests on a legitimate interest", () => {
    expect(onlyIssue(issuesAfterEdit((doc) => doc.deleteIn(["transparency", "lawfulBasis"])))).toMatchObject({
      path: ["transparency", "lawfulBasis"],
      message: expect.stringMatching(/^required, but missing/),
    });
    expect(onlyIssue(issuesAfterEdit((doc) => doc.setIn(["transparency", "recipients"], [])))).toMatchObject({
      path: ["transparency", "recipients"],
      message: expect.stringMatching(/expected at least one category of recipients/),
    });
    // The CNIL's EDS referential covers only warehouses on a public task: the other bases need an authorization.
    const issue = onlyIssue(issuesAfterEdit((doc) => doc.setIn(["transparency", "lawfulBasis", "article6"], "legitimate-interest")));
    expect(issue).toMatchObject({
      path: ["datasets", 0, "legalBasis", "kind"],
      message: expect.stringMatching(/covers only warehouses that rest on a public task/),
    });
    expect(issue.line).toBeGreaterThan(200);
  });

  it("refuses a contact address that is not one, and a site address without its final slash", () => {
    expect(onlyIssue(issuesAfterEdit((doc) => doc.setIn(["transparency", "contact", "email"], "dpo"))).path).toEqual(["transparency", "contact", "email"]);
    expect(onlyIssue(issuesAfterEdit((doc) => doc.setIn(["transparency", "siteUrl"], "https://transparence.example.fr"))).message).toMatch(
      /ending with a slash/,
    );
  });
});

describe("the national directory (environments/directory.yaml)", () => {
  it("loads the shipped one, and refuses a broken one naming the file, the YAML path and the line", () => {
    expect(loadDirectory(environmentsDir).siteUrl).toBe("https://annuaire.eds.example.fr/");
    const folder = environmentFolder({
      "directory.yaml":
        "title: { fr: Annuaire (exemple), en: Directory (example) }\ndescription: { fr: Les bases, en: The databases }\ncontact: annuaire@example.fr\nsiteUrl: https://annuaire.example.fr/\n",
    });
    expect(() => loadDirectory(folder)).toThrow(/directory\.yaml:1:1 publisher: required, but missing/);
    expect(() => loadDirectory(environmentFolder({}))).toThrow(/directory\.yaml:1:1 \(document\): the file is missing; expected the national directory/);
  });
});

describe("the public fields", () => {
  it("publishes what patients and researchers need, and nothing of the infrastructure", () => {
    expect(isPublicField(["projects", 0, "publicSummary", "fr"])).toBe(true);
    expect(isPublicField(["datasets", 1, "quality", 0, "indicator", "en"])).toBe(true);
    for (const path of [
      ["projects", 0, "membersGroup"],
      ["projects", 0, "tools", 0, "image"],
      ["registry", "host"],
      ["pseudonymisation", "optOutList"],
      ["projects"],
    ])
      expect(isPublicField(path), path.join(".")).toBe(false);
  });

  it("builds the public view from the allow-list: a project keeps its summary and loses its group, tools and resources", () => {
    const [region] = loadEnvironments([join(environmentFolder({ "nouvelle-aquitaine.yaml": editedEnvironment(() => {}) }), "nouvelle-aquitaine.yaml")], {
      today: testToday,
    });
    const view = publicViewOf(region!.config);
    expect(Object.keys(view).sort()).toEqual(["datasets", "id", "name", "platform", "projects", "storage", "transparency"]);
    // Of the storage and the platform, how long copies are kept, and nothing else.
    expect(view.storage).toEqual({ backups: { retentionDays: 35 } });
    expect(view.platform).toEqual({ dataTier: { archiveDays: 90 } });
    expect(Object.keys(view.projects[0]!).sort()).toEqual(
      [
        "datasets",
        "dataCategories",
        "expiry",
        "id",
        "legalBasis",
        "principalInvestigator",
        "publicSummary",
        "publishedOn",
        "results",
        "start",
        "status",
        "title",
      ].sort(),
    );
    const env = {
      id: "x",
      name: "X",
      registry: { host: "registry.x.example.fr" },
      projects: [{ id: "p", membersGroup: "g", status: "running" }],
      datasets: [],
    };
    expect(publicView(env as any)).toEqual({ id: "x", name: "X", projects: [{ id: "p", status: "running" }], datasets: [] });
  });
});

describe("a project published too late for an objection to count", () => {
  it("is refused, naming its start, when it starts before an objection made on its publication day takes effect", () => {
    const text = editedEnvironment((doc) => doc.setIn(["projects", 0, "publishedOn"], "2026-03-20"));
    const issues = loadIssues({ "nouvelle-aquitaine.yaml": text });
    expect(issues).toEqual([
      expect.objectContaining({
        path: ["projects", 0, "start"],
        message: expect.stringMatching(
          /starts on 2026-04-01, before an objection made the day it was published \(2026-03-20\) takes effect \(30 days.*start on 2026-04-19 or later/,
        ),
      }),
    ]);
  });
});
