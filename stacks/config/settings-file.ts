import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { z } from "zod";
import type { PolicySettings, Suppression } from "../../policies/settings";
import { ConfigError, type ConfigIssue } from "./issues";
import { policySettingsFile } from "./schema/settings";
import { parseYamlSource, type YamlSource } from "./source";
import { toConfigIssues } from "./zod-issues";

/** Suppressions with the place they are written, so reports can point the auditor at them. */
export function locatedSuppressions(entries: readonly Omit<Suppression, "location">[], source: YamlSource, path: readonly (string | number)[]): Suppression[] {
  return entries.map((entry, i) => {
    const at = source.issueAt([...path, i], "");
    return { ...entry, location: `${at.file}:${at.line}` };
  });
}

/** Reads a `--settings` file; bad content throws a ConfigError naming file, path and line. */
export function loadSettingsFile(path: string, today: string): PolicySettings {
  const file = relative(process.cwd(), resolve(path)) || path;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError([{ file, path: [], line: 1, column: 1, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})` }]);
  }
  const parsed = parseYamlSource(file, text, "policy settings such as allowedRegistries and encryptedVolumeTypes");
  if (!parsed.source) throw new ConfigError(parsed.issues);
  const result = policySettingsFile.safeParse(parsed.source.data, { reportInput: true });
  if (!result.success) {
    const issues: ConfigIssue[] = toConfigIssues(result.error.issues, parsed.source, z.toJSONSchema(policySettingsFile, { io: "input" }));
    throw new ConfigError(issues);
  }
  const { suppressions, qualification, logRetentionDays, ...lists } = result.data;
  return {
    today,
    ...lists,
    ...(qualification ? { qualification } : {}),
    ...(logRetentionDays !== undefined ? { logRetentionDays } : {}),
    suppressions: locatedSuppressions(suppressions, parsed.source, ["suppressions"]),
    source: file,
  };
}
