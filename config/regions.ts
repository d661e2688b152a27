import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project's root folder. */
export const projectRoot = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");

/** Where the environment files live. */
export const environmentsDir = join(projectRoot, "environments");

/** The region synthesized when none is named. */
export const defaultRegionId = "nouvelle-aquitaine";

export const environmentFile = (regionId: string): string => join(environmentsDir, `${regionId}.yaml`);
