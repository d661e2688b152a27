/**
 * Every error the command line reports on purpose, each with its exit code. Anything else that escapes a command is an
 * internal error (exit 3).
 */
export abstract class EdsError extends Error {
  abstract readonly exitCode: 1 | 2;
}

/** The command line was not used as documented (unknown command or option, missing argument): exit 2, with the usage. */
export class UsageError extends EdsError {
  readonly exitCode = 2;
  override name = "UsageError";
}

/** A file or folder given to a command cannot be read or written: exit 2, naming it and the reason. */
export class InputError extends EdsError {
  readonly exitCode = 2;
  override name = "InputError";
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ""}: ${reason}`);
  }
}

/** Why a file operation failed, in words: "no such file or directory" rather than a stack trace. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const known: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EISDIR: "is a folder, expected a file",
    ENOTDIR: "a part of the path is not a folder",
    EEXIST: "already exists",
    EROFS: "read-only file system",
    ENOSPC: "no space left on the device",
  };
  return code ? `${known[code] ?? "cannot be used"} (${code})` : String((error as Error).message ?? error);
}
