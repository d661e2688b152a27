import type { PublicRegion } from "../config/public-fields";

/** A region that publishes: its public fields, with the transparency section every published region has. */
export type PublishedRegion = PublicRegion & { readonly transparency: NonNullable<PublicRegion["transparency"]> };

export type Dataset = PublicRegion["datasets"][number];

/** The regions that publish. One without a transparency section has nothing to publish: validation refuses projects or datasets without it. */
export const published = (regions: readonly PublicRegion[]): PublishedRegion[] =>
  regions.filter((region): region is PublishedRegion => region.transparency !== undefined);
