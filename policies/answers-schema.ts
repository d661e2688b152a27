/** The answers file's schema and reader (zod, loaded only when a report shows answers). */
import { existsSync } from "node:fs";
import { readInputText } from "../lib/files";
import { join } from "node:path";
import * as z from "zod";
import { describeFsError } from "../lib/errors";
import { ConfigError } from "../lib/issues";
import { displayPath, projectRoot } from "../lib/paths";
import { parseYamlSource } from "../lib/yaml-source";
import { toConfigIssues, yamlParseOptions } from "../lib/zod-issues";
import { isoDate } from "../lib/zod-types";
import type { Answer } from "./answers";
import { allPacks } from "./packs/index";

export const defaultAnswersFile = join(projectRoot, "compliance", "answers.yaml");

const answerSchema = z.strictObject({
  region: z.string().min(1).meta({ description: "The region whose check it is (its id): the answer shows in that region's reports only." }),
  framework: z.enum(allPacks.map((pack) => pack.id) as [string, ...string[]]),
  control: z.string().min(1),
  answeredBy: z.string().min(3, { error: "expected the name or role of who checked" }),
  date: isoDate.meta({ description: "The day the check was made." }),
  evidence: z.string().min(3, { error: "expected a reference to the evidence (document, ticket, record)" }),
  statement: z.string().min(20, { error: "expected what was checked and found, in a sentence an auditor can verify" }),
});

export const answersSchema = z.strictObject({ answers: z.array(answerSchema).default([]) });

/** Reads an answers file; bad content throws a ConfigError naming file, YAML path and line. */
export function loadAnswers(path: string): Answer[] {
  const file = displayPath(path);
  let text: string;
  try {
    text = readInputText(path);
  } catch (error) {
    throw new ConfigError([{ file, path: [], line: 1, column: 1, message: `cannot read the file: ${describeFsError(error)}` }]);
  }
  const parsed = parseYamlSource(file, text, "manual answers: answers: [{ region, framework, control, answeredBy, date, evidence, statement }]");
  if (!parsed.source) throw new ConfigError(parsed.issues);
  const result = answersSchema.safeParse(parsed.source.data, yamlParseOptions);
  if (!result.success) throw new ConfigError(toConfigIssues(result.error.issues, parsed.source, answersSchema));
  const unknown = result.data.answers.flatMap((answer, i) => {
    const pack = allPacks.find((candidate) => candidate.id === answer.framework)!;
    return Object.hasOwn(pack.controls, answer.control)
      ? []
      : [parsed.source!.issueAt(["answers", i, "control"], `${pack.id} has no control "${answer.control}" (see eds policies --format markdown)`)];
  });
  if (unknown.length > 0) throw new ConfigError(unknown);
  return result.data.answers;
}

/** The project's answers when the file exists, none otherwise. */
export const projectAnswers = (): Answer[] => (existsSync(defaultAnswersFile) ? loadAnswers(defaultAnswersFile) : []);
