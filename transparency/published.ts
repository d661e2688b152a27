import { projectPhase } from "../lib/project-phase";
import type { PublicRegion } from "../config/public-fields";

/** A region that publishes: its public fields, with the transparency section every published region has. */
export type PublishedRegion = PublicRegion & { readonly transparency: NonNullable<PublicRegion["transparency"]> };

export type Dataset = PublicRegion["datasets"][number];

/**
 * The regions that publish. One without a transparency section has nothing to publish: validation refuses projects or
 * datasets without it. On a given day, a project declared running is published as it stands that day: closed once its
 * authorization has ended, planned while it has not begun, so that patients never read "running" about a project
 * that no longer may (or may not yet) use their data.
 */
export function published(regions: readonly PublicRegion[], today?: string): PublishedRegion[] {
  return regions
    .filter((region): region is PublishedRegion => region.transparency !== undefined)
    .map((region) => (today ? { ...region, projects: region.projects.map((project) => ({ ...project, status: projectPhase(project, today) })) } : region));
}
