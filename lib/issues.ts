import { EdsError } from "./errors";

/** One problem found in an environment file, located as precisely as the YAML allows. */
export interface ConfigIssue {
  readonly file: string;
  /** Path inside the YAML document, such as ["network", "subnets", "admin"]. */
  readonly path: readonly (string | number)[];
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The environment files cannot be used: every issue found, in one pass. */
export class ConfigError extends EdsError {
  readonly exitCode = 2;
  override name = "ConfigError";
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
  }
}

export const formatPath = (path: readonly (string | number)[]): string =>
  path.length === 0 ? "(document)" : path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");

export const formatIssue = (issue: ConfigIssue): string => `${issue.file}:${issue.line}:${issue.column} ${formatPath(issue.path)}: ${issue.message}`;

export function formatIssues(issues: readonly ConfigIssue[]): string {
  const files = new Set(issues.map((issue) => issue.file));
  const header = `${issues.length} problem${issues.length === 1 ? "" : "s"} in ${[...files].join(", ")}`;
  return [header, ...issues.map((issue) => `  ${formatIssue(issue)}`)].join("\n");
}
