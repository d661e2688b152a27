import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type * as z from "zod";
import { ConfigError } from "../lib/issues";
import { parseYamlSource, type YamlSource } from "../lib/yaml-source";
import { toConfigIssues, yamlParseOptions } from "../lib/zod-issues";

/**
 * Reads a YAML file of the environments folder other than a region (the addressing plan, the national directory) and
 * validates it; every problem comes back as a ConfigError naming the file, the YAML path and the line.
 */
export function readValidatedYaml<T extends z.ZodType>(path: string, schema: T, expected: string): { file: string; data: z.output<T>; source: YamlSource } {
  const file = relative(process.cwd(), resolve(path)) || path;
  if (!existsSync(path)) throw new ConfigError([{ file, path: [], line: 1, column: 1, message: `the file is missing; expected ${expected}` }]);
  const parsed = parseYamlSource(file, readFileSync(path, "utf8"), expected);
  if (!parsed.source) throw new ConfigError(parsed.issues);
  const result = schema.safeParse(parsed.source.data, yamlParseOptions);
  if (!result.success) throw new ConfigError(toConfigIssues(result.error.issues, parsed.source, schema));
  return { file, data: result.data, source: parsed.source };
}
