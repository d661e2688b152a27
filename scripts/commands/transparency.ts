import { loadDirectory } from "../../config/directory";
import { publicViewOf } from "../../config/public-fields";
import { environmentArgument, environmentFilesIn, loadWithPeers } from "../../config/load";
import { defaultRegionId, environmentsDir } from "../../config/regions";
import { today } from "../../lib/dates";
import { InputError, UsageError } from "../../lib/errors";
import { displayPath } from "../../lib/paths";
import { published } from "../../transparency/published";
import { buildSite, writeSite } from "../../transparency/site";
import { exitCode, type Command } from "../cli";

export const run: Command = async (args, io) => {
  const out = args.string("out");
  if (!out) throw new UsageError("give the folder to write the site into with --out <dir>");
  const env = args.string("env");
  const all = args.flag("all");
  if (all && env) throw new UsageError("give either --all or --env, not both");
  const files = all ? environmentFilesIn(environmentsDir) : [environmentArgument(env ?? defaultRegionId)];
  const date = today();
  const { regions, pending } = loadWithPeers(files, { today: date });
  for (const { file, placeholders } of pending) io.out(`${file}: left out, it still has ${placeholders} placeholder(s) to fill in`);
  const publishing = published(
    regions.map((region) => publicViewOf(region.config)),
    date,
  );
  for (const region of regions)
    if (!region.config.transparency) {
      if (!all) throw new InputError(region.file, "has no transparency section (siteUrl, controller, contact, objection): there is nothing to publish");
      io.out(`${region.file}: left out, it has no transparency section`);
    }
  const directory = all ? loadDirectory(environmentsDir) : undefined;
  const site = buildSite(publishing, directory);
  writeSite(out, site);
  const pages = [...site.keys()].filter((path) => path.endsWith(".html")).length;
  io.out(
    `eds transparency: ${pages} pages in French and English for ${publishing.map((region) => region.id).join(", ")}, and catalogue.jsonld (DCAT-AP 3.0.1, HealthDCAT-AP), written to ${displayPath(out)}`,
  );
  return exitCode.ok;
};
