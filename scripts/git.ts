import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * The commit checked out in a folder (by default the one the command runs in: a checked repository's), and whether
 * its tracked files differ from it (output written beside them is not a change); undefined outside a git checkout.
 */
export function gitCommit(folder = process.cwd()): { readonly commit: string; readonly uncommittedChanges: boolean } | undefined {
  const commit = headCommit(folder);
  if (commit === undefined) return undefined;
  const status = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: folder, encoding: "utf8" });
  return { commit, uncommittedChanges: status.stdout.trim() !== "" };
}

/** The commit checked out in a folder; undefined outside a git checkout. */
function headCommit(folder: string): string | undefined {
  const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: folder, encoding: "utf8" });
  return head.status === 0 ? head.stdout.trim() : undefined;
}

/**
 * The commit of the configuration checked at these paths: of the repository that holds them (a file's folder, a folder
 * itself; the standard input's, the folder the command runs in), wherever the command runs; undefined outside a
 * repository, or when they sit in repositories at different commits.
 */
export function commitOfPaths(paths: readonly string[]): string | undefined {
  const commits = new Set(
    paths.map((path) => {
      if (path === "-") return headCommit(process.cwd());
      const absolute = resolve(path);
      return headCommit(statSync(absolute, { throwIfNoEntry: false })?.isDirectory() ? absolute : dirname(absolute));
    }),
  );
  return commits.size === 1 ? [...commits][0] : undefined;
}
