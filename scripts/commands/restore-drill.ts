import { environmentArgument, loadWithPeers } from "../../config/load";
import { defaultRegionId } from "../../config/regions";
import { today } from "../../lib/dates";
import { restoreDrill } from "../../regions/restore-drill";
import { partitionProjects } from "../../stacks/projects";
import { exitCode, type Command } from "../cli";

export const run: Command = async (args, io) => {
  const date = today();
  const [region] = loadWithPeers([environmentArgument(args.string("env") ?? defaultRegionId)], { today: date }).regions;
  const { config } = region!;
  const active = config.platform
    ? partitionProjects(config.platform.projects, date, config.platform.dataTier.archiveDays)
        .projects.filter((project) => project.state === "active")
        .map((project) => project.id)
    : [];
  io.out(restoreDrill(config, date, active).trimEnd());
  return exitCode.ok;
};
