/** Where a research project stands on a given day. */
export type ProjectPhase = "planned" | "running" | "closed";

/**
 * A project's phase on a day, the same for the platform (who gets a workspace and an extract) and the transparency
 * site (what patients read): closed once its authorization has expired, or when declared closed (a study may end
 * early); planned before its authorization starts, or while declared planned; running otherwise.
 */
export function projectPhase(project: { readonly status: ProjectPhase; readonly start: string; readonly expiry: string }, today: string): ProjectPhase {
  if (project.status === "closed" || project.expiry < today) return "closed";
  if (project.status === "planned" || project.start > today) return "planned";
  return "running";
}
