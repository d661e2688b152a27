import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join } from "node:path";
import { create } from "tar";
import { describeFsError, InputError } from "../lib/errors";
import { displayPath, projectRoot } from "../lib/paths";
import { fileSha256 } from "../lib/sha256";
import { outputPlace, writeOutput } from "../lib/output";
import { defaultAnswersFile, projectAnswers } from "../policies/answers-schema";
import { checkConfigurations, flowsOf, readInContext } from "../policies/check";
import { failsRun } from "../policies/engine/run";
import { flowDiagrams, flowsFail } from "../policies/flows/report";
import { formats, loadReporter } from "../policies/reporters/index";
import type { PolicySettings } from "../policies/settings";
import { gitCommit } from "./git";
import { standardInput } from "../policies/inputs/kubernetes-yaml";

const extension: Record<string, string> = { text: "txt", json: "json", sarif: "sarif", junit: "xml", markdown: "md", html: "html" };

export const manifestFileName = "MANIFEST.sha256";

/** Every file under a folder, as paths relative to it, sorted. */
function filesUnder(folder: string, prefix = ""): string[] {
  return readdirSync(join(folder, prefix), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(folder, join(prefix, entry.name)) : [join(prefix, entry.name)]))
    .sort();
}

/**
 * The evidence an auditor keeps: the reports in every format (flows included), the configuration that was checked
 * (each stack folder as synthesized), the environment files of its regions, the commit, the tool's version, and a
 * SHA-256 manifest (`sha256sum -c MANIFEST.sha256` verifies it), in one gzipped tar. The same input gives the same
 * bytes: entries sorted, dated the day of the check, without owners.
 */
export async function writeEvidenceBundle(paths: readonly string[], file: string, settings: PolicySettings): Promise<{ passed: boolean; files: number }> {
  const staging = mkdtempSync(join(tmpdir(), "eds-bundle-"));
  try {
    const configurations = await readInContext(paths, settings.today);
    const run = checkConfigurations(configurations, { settings });
    const flows = await flowDiagrams(flowsOf(configurations, settings, paths.join(" ")));
    // The project's own commit, whatever folder the report runs from: the stacks are its.
    const git = gitCommit(projectRoot);
    const commit = git?.commit;
    const answers = projectAnswers();
    const subject = paths.join(" ");
    mkdirSync(join(staging, "reports"));
    for (const format of formats) {
      const report = (await loadReporter(format))(run, { subject, ...(commit ? { commit } : {}), flows, answers });
      writeOutput(join(staging, "reports", `report.${extension[format] ?? format}`), report);
    }
    // Each folder checked, as it is, subfolders included; the standard input is in no folder.
    const folders = [
      ...new Set(run.configurations.flatMap((configuration) => configuration.files.filter((path) => path !== standardInput).map((path) => dirname(path)))),
    ].sort();
    for (const folder of folders) {
      const target = join(staging, "configuration", basename(folder));
      for (const name of filesUnder(folder)) {
        mkdirSync(dirname(join(target, name)), { recursive: true });
        copyFileSync(join(folder, name), join(target, name));
      }
    }
    // The environment files the checked stacks were synthesized from, as their policy contexts name them, and as they
    // were then: a file changed since would put in the bundle a configuration the stacks were not built from.
    for (const { configuration, context } of configurations) {
      const recorded = context?.settings.source;
      if (!context?.sourceSha256 || !recorded || !/\.ya?ml$/.test(recorded)) continue;
      const source = isAbsolute(recorded) ? recorded : join(projectRoot, recorded);
      const now = existsSync(source) ? fileSha256(source) : undefined;
      if (now !== context.sourceSha256)
        throw new InputError(
          displayPath(source),
          `${now ? "changed" : "is gone"} since ${displayPath(dirname(configuration.files[0]!))} was synthesized from it: synthesize again, so that the bundle holds the file the stacks were built from`,
        );
      mkdirSync(join(staging, "environments"), { recursive: true });
      copyFileSync(source, join(staging, "environments", basename(source)));
    }
    const regions = flows.map((region) => region.subject);
    const { version } = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { version: string };
    const passed = !failsRun(run) && !flowsFail(flows);
    writeFileSync(
      join(staging, "bundle.json"),
      `${JSON.stringify({ tool: "eds-regional", version, commit: commit ?? null, uncommittedChanges: git?.uncommittedChanges ?? null, date: settings.today, subject, regions, passed }, null, 2)}\n`,
    );
    if (existsSync(defaultAnswersFile)) copyFileSync(defaultAnswersFile, join(staging, "answers.yaml"));
    const files = filesUnder(staging);
    const manifest = files.map((name) => `${fileSha256(join(staging, name))}  ${name}`).join("\n");
    writeFileSync(join(staging, manifestFileName), `${manifest}\n`);
    const place = outputPlace(file);
    const partial = place.inPlace ? place.path : `${place.path}.partial-${process.pid}`;
    try {
      await create({ gzip: true, file: partial, cwd: staging, portable: true, mtime: new Date(`${settings.today}T00:00:00Z`) }, [...files, manifestFileName]);
      if (!place.inPlace) renameSync(partial, place.path);
    } catch (error) {
      if (!place.inPlace) rmSync(partial, { force: true });
      throw new InputError(displayPath(file), `cannot write the bundle: ${describeFsError(error)}`);
    }
    return { passed, files: files.length + 1 };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The size of a written bundle, for the message. */
export const sizeOf = (file: string): string => `${Math.ceil(statSync(file).size / 1024)} KiB`;
