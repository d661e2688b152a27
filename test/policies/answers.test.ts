import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerState } from "../../policies/answers";
import { defaultAnswersFile, loadAnswers } from "../../policies/answers-schema";
import { ConfigError } from "../../lib/issues";

const fileWith = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), "eds-answers-")), "answers.yaml");
  writeFileSync(file, text);
  return file;
};
const messagesOf = (text: string): string[] => {
  try {
    loadAnswers(fileWith(text));
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.line} ${issue.path.join(".")}: ${issue.message}`);
    throw error;
  }
  return [];
};

const answer = (fields: Record<string, string>) =>
  `answers:\n  - ${Object.entries({
    framework: "secnumcloud-3.2",
    control: '"12.5.c"',
    answeredBy: "RSSI (example)",
    date: '"2026-10-15"',
    evidence: "record RD-1",
    statement: "Restored a volume and the warehouse; counts matched.",
    region: "nouvelle-aquitaine",
    ...fields,
  })
    .map(([key, value]) => `${key}: ${value}`)
    .join("\n    ")}\n`;

describe("manual answers", () => {
  it("reads the project's file", () => {
    const answers = loadAnswers(defaultAnswersFile);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers[0]).toMatchObject({ framework: "secnumcloud-3.2", control: "12.5.c" });
  });

  it("refuses a control the framework does not have, an unknown framework and a missing statement, naming line and path", () => {
    expect(messagesOf(answer({ control: '"12.5.z"' }))).toEqual([
      `3 answers.0.control: secnumcloud-3.2 has no control "12.5.z" (see eds policies --format markdown)`,
    ]);
    expect(messagesOf(answer({ framework: "iso-27001" }))[0]).toMatch(/^2 answers\.0\.framework: /);
    expect(messagesOf(answer({ statement: "ok" }))[0]).toMatch(/^7 answers\.0\.statement: expected what was checked and found/);
    expect(messagesOf(answer({}).replace("\n    region: nouvelle-aquitaine", ""))[0]).toMatch(/^2 answers\.0\.region: /);
  });

  it("turns stale a year after the check", () => {
    const checked = { region: "bretagne", framework: "anssi", control: "PA-022 R43-R44", answeredBy: "x", date: "2025-11-29", evidence: "e", statement: "s" };
    expect(answerState(checked, "2026-11-29")).toBe("current");
    expect(answerState(checked, "2026-11-30")).toBe("stale");
  });
});
