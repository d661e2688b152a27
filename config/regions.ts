import { join } from "node:path";
import { projectRoot } from "../lib/paths";

/** Where the environment files live. */
export const environmentsDir = join(projectRoot, "environments");

/** The region synthesized when none is named. */
export const defaultRegionId = "nouvelle-aquitaine";

export const environmentFile = (regionId: string): string => join(environmentsDir, `${regionId}.yaml`);
