import { spawnSync } from "node:child_process";

/** The commit checked out in the working directory, when it is a git checkout. */
export function gitCommit(): string | undefined {
  const run = spawnSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" });
  return run.status === 0 ? run.stdout.trim() : undefined;
}
