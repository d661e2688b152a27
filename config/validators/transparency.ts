import { addDays } from "../../lib/dates";
import type { ConfigIssue } from "../../lib/issues";
import type { EnvironmentValidator } from "./context";
import { declaredTwice } from "./declared-twice";

/**
 * What the public directory and the patients' pages need to be true: a contact whenever there is something to tell
 * patients about, a warehouse declared under the EDS referential that rests on a public task, datasets a project names that exist, categories a project draws that its datasets hold, and results
 * returned no earlier than the project started.
 */
export const validateTransparency: EnvironmentValidator = ({ env, source }) => {
  const issues: ConfigIssue[] = [];
  if (!env.transparency && (env.projects.length > 0 || env.datasets.length > 0)) {
    const at = env.projects.length > 0 ? "projects" : "datasets";
    issues.push(
      source.issueAt([at], `${at} are published for patients: declare transparency (siteUrl, controller, contact, objection) so they know whom to ask`, {
        onKey: true,
      }),
    );
  }
  issues.push(...declaredTwice(source, env.datasets, ["datasets"], "id", (id) => `dataset "${String(id)}" is declared twice`));
  env.datasets.forEach((dataset, i) => {
    // The referential covers only warehouses that rest on a public task (CNIL deliberation 2021-118, scope).
    const basis = env.transparency?.lawfulBasis.article6;
    if (dataset.legalBasis.kind === "cnil-eds-referential" && basis && basis !== "public-task")
      issues.push(
        source.issueAt(
          ["datasets", i, "legalBasis", "kind"],
          `the CNIL's EDS referential covers only warehouses that rest on a public task (GDPR Art. 6(1)(e)), and transparency.lawfulBasis.article6 is ${basis}: a private controller asks the CNIL for an authorization (cnil-authorization); a public body's tasks rest on Art. 6(1)(e), not on a legitimate interest`,
        ),
      );
    if (dataset.timeSpan.end && dataset.timeSpan.end < dataset.timeSpan.start)
      issues.push(source.issueAt(["datasets", i, "timeSpan", "end"], `the data ends (${dataset.timeSpan.end}) before it starts (${dataset.timeSpan.start})`));
  });
  // The first declaration of an id counts; a second one is reported above.
  const datasets = new Map([...env.datasets].reverse().map((dataset) => [dataset.id, dataset]));
  env.projects.forEach((project, i) => {
    const used = project.datasets.flatMap((id, j) => {
      const dataset = datasets.get(id);
      if (!dataset)
        issues.push(
          source.issueAt(
            ["projects", i, "datasets", j],
            `no dataset "${id}" in datasets: (known: ${[...new Set(env.datasets.map((known) => known.id))].join(", ") || "none"})`,
          ),
        );
      return dataset ? [dataset] : [];
    });
    const held = new Set(used.flatMap((dataset) => dataset.dataCategories.map((category) => category.en)));
    project.dataCategories.forEach((category, j) => {
      if (used.length === project.datasets.length && !held.has(category))
        issues.push(
          source.issueAt(
            ["projects", i, "dataCategories", j],
            `"${category}" is not held by the project's datasets (${project.datasets.join(", ")}); they hold: ${[...held].join(", ")}`,
          ),
        );
    });
    const objection = env.transparency?.objection.effectiveWithinDays;
    if (objection !== undefined && project.start < addDays(project.publishedOn, objection))
      issues.push(
        source.issueAt(
          ["projects", i, "start"],
          `the project starts on ${project.start}, before an objection made the day it was published (${project.publishedOn}) takes effect (${objection} days, transparency.objection.effectiveWithinDays): start on ${addDays(project.publishedOn, objection)} or later`,
        ),
      );
    for (const key of ["returnedToProfessionals", "returnedToPatients"] as const) {
      const date = project.results[key];
      if (date && date < project.start)
        issues.push(source.issueAt(["projects", i, "results", key], `results returned on ${date}, before the project started (${project.start})`));
    }
  });
  return issues;
};
