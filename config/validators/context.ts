import type { ConfigIssue } from "../../lib/issues";
import type { RegionEnvironment } from "../schema/region";
import type { YamlSource } from "../../lib/yaml-source";

/** What a semantic validator sees of one environment file that passed the schema. */
export interface EnvironmentContext {
  readonly env: RegionEnvironment;
  readonly source: YamlSource;
  /** Today's date, YYYY-MM-DD, against which validity dates are checked. */
  readonly today: string;
}

/** A semantic rule on one file; it returns every issue it finds. */
export type EnvironmentValidator = (context: EnvironmentContext) => ConfigIssue[];

/** A rule over all files at once (unique ids, disjoint address ranges). */
export type CrossEnvironmentValidator = (contexts: readonly EnvironmentContext[]) => ConfigIssue[];
