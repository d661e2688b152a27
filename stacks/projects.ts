import { addDays } from "../lib/dates";
import type { ProjectConfig } from "../config/resolve";
import type { ExtractState } from "../constructs/platform/data-tier";
import { projectPhase } from "../lib/project-phase";

export interface RetiredProject {
  readonly id: string;
  readonly reason: string;
}

/**
 * What each project gets on the day of synthesis, by its phase (projectPhase, what the transparency site publishes):
 * running, a workspace and its extract; closed, its extract only (nobody can log in) until the archive period after
 * its expiry has passed, then nothing (the extract is dropped); planned, nothing yet. Every project without a
 * workspace is listed with the reason.
 */
export function partitionProjects(
  projects: readonly ProjectConfig[],
  today: string,
  archiveDays: number,
): { projects: (ProjectConfig & { state: ExtractState })[]; retired: RetiredProject[] } {
  const states: (ProjectConfig & { state: ExtractState })[] = [];
  const retired: RetiredProject[] = [];
  for (const project of projects) {
    const expired = `its authorization (${project.legalBasis.reference}) expired on ${project.expiry}`;
    const dropAfter = addDays(project.expiry, archiveDays);
    const phase = projectPhase(project, today);
    const ended = project.expiry < today ? expired : "it is declared closed";
    if (phase === "planned")
      retired.push({ id: project.id, reason: project.start > today ? `its authorization starts on ${project.start}` : "it is declared planned" });
    else if (phase === "running") states.push({ ...project, state: "active" });
    else if (dropAfter >= today) {
      states.push({ ...project, state: "archived" });
      retired.push({ id: project.id, reason: `${ended}; its extract is kept, closed, until ${dropAfter}` });
    } else {
      states.push({ ...project, state: "dropped" });
      retired.push({ id: project.id, reason: `${expired}; its extract was kept until ${dropAfter} and is dropped` });
    }
  }
  return { projects: states, retired };
}
