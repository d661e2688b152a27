import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";

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

/**
 * The commit of the configuration checked at these paths: of the repository that holds them (a file's folder, a folder
 * itself; the standard input's, the folder the command runs in), wherever the command runs; undefined outside a
 * repository, or when they sit in repositories at different commits.
 */
export function commitOfPaths(paths: readonly string[]): string | undefined {
  const commits = new Set(
    paths.map((path) => {
      if (path === "-") return gitCommit()?.commit;
      const absolute = resolve(path);
      return gitCommit(statSync(absolute, { throwIfNoEntry: false })?.isDirectory() ? absolute : dirname(absolute))?.commit;
    }),
  );
  return commits.size === 1 ? [...commits][0] : undefined;
}
