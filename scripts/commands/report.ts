import { today } from "../../lib/dates";
import { UsageError } from "../../lib/errors";
import { displayPath } from "../../lib/paths";
import { defaultSettings } from "../../policies/settings";
import { stackFoldersOf, synthesizeRegions } from "../../stacks/synthesize";
import { exitCode, type Command } from "../cli";
import { sizeOf, writeEvidenceBundle } from "../evidence-bundle";

export const run: Command = async (args, io) => {
  const bundle = args.string("bundle");
  if (!bundle) throw new UsageError("give the archive to write with --bundle <file.tar.gz>");
  const date = today();
  let paths = args.positionals;
  if (paths.length === 0) {
    const result = synthesizeRegions({ today: date });
    paths = result.regions.flatMap((region) => stackFoldersOf(result, region));
  }
  const { passed, files } = await writeEvidenceBundle(paths, bundle, defaultSettings(date));
  io.out(
    `eds report: ${files} files written to ${displayPath(bundle)} (${sizeOf(bundle)}); verdict ${passed ? "pass" : "FAIL"}; verify with: sha256sum -c ${"MANIFEST.sha256"} after extracting`,
  );
  return passed ? exitCode.ok : exitCode.policyFailed;
};
