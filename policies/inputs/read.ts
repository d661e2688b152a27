import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";

import type { InputProblem, TfConfiguration } from "../engine/model";
import { InputError } from "../../lib/errors";
import { fromPlan, isPlan } from "./plan";
import { type BlockLines, hclBlockLines, jsonBlockLines } from "./block-lines";
import { addTerraformJson, emptyConfiguration } from "./terraform-json";

const display = (path: string): string => relative(process.cwd(), resolve(path)) || path;

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new InputError(display(path), `cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** A JSON document with the lines of its blocks. */
function readJsonWithLines(path: string): { document: Record<string, unknown>; lines: BlockLines } {
  const text = readText(path);
  return { document: parseJson(path, text), lines: jsonBlockLines(text) };
}

function readJson(path: string): Record<string, unknown> {
  return parseJson(path, readText(path));
}

function parseJson(path: string, text: string): Record<string, unknown> {
  try {
    const document = JSON.parse(text) as unknown;
    if (!document || typeof document !== "object" || Array.isArray(document)) throw new Error("expected a JSON object at the top level");
    return document as Record<string, unknown>;
  } catch (error) {
    throw new InputError(display(path), `not valid JSON: ${(error as Error).message}`);
  }
}

async function readHcl(path: string): Promise<{ document: Record<string, unknown>; lines: BlockLines }> {
  try {
    const { parseHcl } = await import("./hcl");
    const text = readText(path);
    return { document: await parseHcl(basename(path), text), lines: hclBlockLines(text) };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(display(path), `not valid HCL: ${(error as Error).message.replace(/^parse config: /, "")}`);
  }
}

/** The stacks of a cdktf output folder, from its manifest. */
function cdktfStacks(folder: string): { name: string; file: string }[] {
  const manifest = readJson(join(folder, "manifest.json")) as { stacks?: Record<string, { synthesizedStackPath?: string }> };
  return Object.entries(manifest.stacks ?? {})
    .map(([name, stack]) => ({ name, file: join(folder, stack.synthesizedStackPath ?? join("stacks", name, "cdk.tf.json")) }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * Reads what `eds check` is given: a cdk.tf.json, a cdktf.out folder (every stack), a plan in JSON, a .tf or .tf.json
 * file, or a folder of .tf and .tf.json files (one configuration, like a Terraform module). A file that cannot be read
 * or parsed (an encrypted blob, HCL 0.11 syntax) goes to `inputProblems` when given, and the rest is read; without it, it
 * throws.
 */
export async function readConfigurations(paths: readonly string[], inputProblems?: InputProblem[]): Promise<TfConfiguration[]> {
  const configurations: TfConfiguration[] = [];
  const tolerant = async (read: () => Promise<void>) => {
    try {
      await read();
    } catch (error) {
      if (!(error instanceof InputError) || !inputProblems) throw error;
      inputProblems.push({ file: error.file, message: error.reason });
    }
  };
  for (const path of paths) {
    if (!existsSync(path)) throw new InputError(display(path), "no such file or folder");
    if (statSync(path).isDirectory()) {
      if (existsSync(join(path, "manifest.json"))) {
        for (const stack of cdktfStacks(path)) {
          const configuration = emptyConfiguration(stack.name);
          const { document, lines } = readJsonWithLines(stack.file);
          addTerraformJson(configuration, document, display(stack.file), lines, inputProblems);
          configurations.push(configuration);
        }
        continue;
      }
      const files = readdirSync(path)
        .filter((name) => name.endsWith(".tf") || name.endsWith(".tf.json"))
        .sort();
      if (files.length === 0) throw new InputError(display(path), "no manifest.json (cdktf output), .tf or .tf.json file in this folder");
      const configuration = emptyConfiguration(basename(resolve(path)));
      for (const name of files) {
        const file = join(path, name);
        await tolerant(async () => {
          const { document, lines } = name.endsWith(".tf") ? await readHcl(file) : readJsonWithLines(file);
          addTerraformJson(configuration, document, display(file), lines, inputProblems);
        });
      }
      if (configuration.files.length > 0) configurations.push(configuration);
      continue;
    }
    const stack = basename(path) === "cdk.tf.json" ? basename(dirname(resolve(path))) : basename(path).replace(/(\.tf)?(\.json)?$/, "");
    await tolerant(async () => {
      const { document, lines } = path.endsWith(".tf") ? await readHcl(path) : readJsonWithLines(path);
      if (!path.endsWith(".tf") && isPlan(document)) {
        configurations.push(fromPlan(document, display(path), stack));
        return;
      }
      const configuration = emptyConfiguration(stack);
      addTerraformJson(configuration, document, display(path), lines, inputProblems);
      configurations.push(configuration);
    });
  }
  return configurations;
}
