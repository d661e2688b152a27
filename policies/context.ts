/**
 * The policy context of a synthesized stack: the settings and approved exceptions of the region it belongs to, written
 * beside its cdk.tf.json by `eds synth`, so that `eds check` on the output gives exactly the verdict synth gave, stack
 * by stack, with no region's exceptions applied to another region's stacks.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../lib/errors";
import { displayPath } from "../lib/paths";
import type { PolicySettings } from "./settings";

export const policyContextFileName = "policy-context.json";

/**
 * The file's content: the settings without the day of synthesis (the check's own day applies), and the SHA-256 of the
 * environment file they come from (what an evidence bundle holds must be that file); stable bytes.
 */
export function renderPolicyContext(region: string, settings: PolicySettings, sourceSha256?: string): string {
  const { today: _today, region: _region, ...dayless } = settings;
  return `${JSON.stringify({ region, ...(sourceSha256 ? { sourceSha256 } : {}), settings: dayless }, null, 2)}\n`;
}

/** A policy context as read: its region, its settings on the day of the check, its text, and its environment file's digest. */
export interface PolicyContextRead {
  readonly region: string;
  readonly settings: PolicySettings;
  readonly text: string;
  readonly sourceSha256?: string;
}

/** The context written in a folder, when there is one, with `today` as the day of the check. */
export async function readPolicyContext(folder: string, today: string): Promise<PolicyContextRead | undefined> {
  const file = join(folder, policyContextFileName);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, "utf8");
  // The schema (and zod) load only when there is a context to validate.
  const { parsePolicyContext } = await import("./settings-schema");
  const parsed = parsePolicyContext(text);
  if ("problem" in parsed) throw new InputError(displayPath(file), `not a policy context written by eds synth (${parsed.problem})`);
  const { region, sourceSha256 } = parsed;
  return { region, settings: { ...parsed.settings, today, region }, text, ...(sourceSha256 ? { sourceSha256 } : {}) };
}
