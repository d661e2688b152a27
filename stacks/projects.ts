import type { ProjectConfig } from "../config/resolve";

export interface RetiredProject {
  readonly id: string;
  readonly reason: string;
}

/**
 * Which projects get a workspace today: those whose authorization is in force. A project whose authorization has
 * expired, or has not started yet, is not synthesized, and the reason is said.
 */
export function partitionProjects(projects: readonly ProjectConfig[], today: string): { active: ProjectConfig[]; retired: RetiredProject[] } {
  const active: ProjectConfig[] = [];
  const retired: RetiredProject[] = [];
  for (const project of projects) {
    if (project.expiry < today) retired.push({ id: project.id, reason: `its authorization (${project.legalBasis.reference}) expired on ${project.expiry}` });
    else if (project.start > today) retired.push({ id: project.id, reason: `its authorization starts on ${project.start}` });
    else active.push(project);
  }
  return { active, retired };
}
