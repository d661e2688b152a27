import type { ProjectConfig } from "../config/resolve";
import type { ExtractState } from "../constructs/platform/data-tier";

export interface RetiredProject {
  readonly id: string;
  readonly reason: string;
}

const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * What each project gets on the day of synthesis: a workspace and its extract while its authorization is in force;
 * after its expiry, its extract only (nobody can log in) for the archive period, then nothing (the extract is dropped).
 * A project that has not started gets nothing yet. Every project without a workspace is listed with the reason.
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
    if (project.start > today) retired.push({ id: project.id, reason: `its authorization starts on ${project.start}` });
    else if (project.expiry >= today) states.push({ ...project, state: "active" });
    else if (dropAfter >= today) {
      states.push({ ...project, state: "archived" });
      retired.push({ id: project.id, reason: `${expired}; its extract is kept, closed, until ${dropAfter}` });
    } else {
      states.push({ ...project, state: "dropped" });
      retired.push({ id: project.id, reason: `${expired}; its extract was kept until ${dropAfter} and is dropped` });
    }
  }
  return { projects: states, retired };
}
