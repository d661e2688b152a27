import { loadEnvironments } from "../../config/load";
import { loadDirectory } from "../../config/directory";
import { publicViewOf } from "../../config/public-fields";
import { environmentFilesIn } from "../../config/load";
import { environmentsDir } from "../../config/regions";
import { type PublishedRegion, published } from "../../transparency/published";
import { testToday } from "./environments";

/** Every shipped region that publishes, loaded as eds transparency --all loads them, and the national directory. */
export function shippedRegions(): { regions: PublishedRegion[]; directory: ReturnType<typeof loadDirectory> } {
  const regions = loadEnvironments(environmentFilesIn(environmentsDir), { today: testToday }).map((region) => publicViewOf(region.config));
  return { regions: published(regions), directory: loadDirectory(environmentsDir) };
}
