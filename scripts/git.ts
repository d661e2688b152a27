import { spawnSync } from "node:child_process";

/**
 * The commit checked out in a folder (by default the one the command runs in: a checked repository's), and whether
 * its tracked files differ from it (output written beside them is not a change); undefined outside a git checkout.
 */
export function gitCommit(folder = process.cwd()): { readonly commit: string; readonly uncommittedChanges: boolean } | undefined {
  const git = (...args: string[]) => spawnSync("git", args, { cwd: folder, encoding: "utf8" });
  const head = git("rev-parse", "HEAD");
  if (head.status !== 0) return undefined;
  return { commit: head.stdout.trim(), uncommittedChanges: git("status", "--porcelain", "--untracked-files=no").stdout.trim() !== "" };
}
