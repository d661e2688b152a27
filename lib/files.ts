import { readFileSync, statSync } from "node:fs";

/**
 * A file's bytes, refusing what is no regular file, which could be read for ever (a device such as /dev/zero, a FIFO),
 * and a file of more than `maximumBytes`. The error's message says why (lib/errors describeFsError words it).
 */
export function readRegularFile(path: string, maximumBytes: number): Buffer {
  const found = statSync(path);
  if (!found.isFile()) throw new Error("is not a regular file: a device or a pipe");
  if (found.size > maximumBytes) throw new Error(`holds ${found.size} bytes, more than the ${maximumBytes} read here`);
  return readFileSync(path);
}

/** The text of a file given as input (a configuration, a plan, a variables, region, settings or answers file). */
export const readInputText = (path: string): string => readRegularFile(path, maximumInputBytes).toString("utf8");

/** The most bytes of a configuration, a plan, a variables or a region file: about the longest string V8 holds. */
export const maximumInputBytes = 500 * 2 ** 20;
