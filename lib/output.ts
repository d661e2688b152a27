import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { describeFsError, InputError } from "./errors";
import { displayPath } from "./paths";

/** About a megabyte per write: few system calls, and a document never held whole in memory. */
const blockSize = 1 << 20;

/**
 * Where a file a user named is written, and whether it can be replaced whole: a symbolic link is followed to the file it
 * names (renaming onto the link would replace the link itself); a device or a pipe (/dev/stdout, a FIFO) is written in
 * place, since it cannot be replaced; a folder is refused.
 */
export function outputPlace(path: string): { readonly path: string; readonly inPlace: boolean } {
  const found = statSync(path, { throwIfNoEntry: false });
  if (/[\\/]$/.test(path) || found?.isDirectory()) throw new InputError(displayPath(path), "cannot write the file: is a folder, expected a file");
  if (found && !found.isFile()) return { path, inPlace: true };
  const link = lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink();
  // A link to a file not made yet names where it will be.
  return { path: link ? (found ? realpathSync(path) : resolve(dirname(path), readlinkSync(path))) : path, inPlace: false };
}

/**
 * Writes a file a user asked for, from its text or its pieces (see Reporter). The file appears whole or not at all:
 * it is written beside its place under a temporary name, then renamed, and the partial file is removed if anything
 * fails, whether the write or the producer of the pieces (a device or a pipe is written in place: outputPlace). A
 * missing folder or a read-only place is bad input (exit 2), not an internal error.
 */
export function writeOutput(path: string, content: string | Iterable<string>): void {
  const place = outputPlace(path);
  const partial = place.inPlace ? place.path : join(dirname(place.path), `.${basename(place.path)}.${process.pid}.partial`);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(partial, "w");
    const fd = descriptor;
    inBlocks(typeof content === "string" ? [content] : content, (block) => writeSync(fd, block));
    closeSync(descriptor);
    descriptor = undefined;
    if (!place.inPlace) renameSync(partial, place.path);
  } catch (error) {
    if (descriptor !== undefined) closeSync(descriptor);
    if (!place.inPlace) rmSync(partial, { force: true });
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw new InputError(displayPath(path), `cannot write the file: ${describeFsError(error)}`);
  }
}

/** A folder made whole beside the one a user named, then put in its place (publish) or removed (discard). */
export interface StagedFolder {
  readonly staging: string;
  publish(): void;
  discard(): void;
}

/**
 * Stages the replacement of a folder a user named: write into `staging`, then `publish` removes the old folder and
 * renames the new one into its place, and `discard` (always called last) removes what is left. A symbolic link to a
 * folder is followed; missing parent folders are made. A file where the folder should be is bad input, and so is a
 * folder that holds something other than an earlier output (`marker`, a file every output has): `--out .` or
 * `--out environments` would have removed the user's files.
 */
export function stagedFolder(path: string, marker: string): StagedFolder {
  const unwritable = (why: string) => new InputError(displayPath(path), `cannot write the folder: ${why}`);
  let target: string;
  let staging: string;
  try {
    const found = statSync(path, { throwIfNoEntry: false });
    if (found && !found.isDirectory()) throw unwritable("is a file, expected a folder");
    if (found && readdirSync(path).length > 0 && !existsSync(join(path, marker)))
      throw unwritable(`it holds files and is no earlier output (no ${marker}): give a new or empty folder, or one written before`);
    target = found ? realpathSync(path) : resolve(path);
    mkdirSync(dirname(target), { recursive: true });
    staging = `${target}.partial-${process.pid}`;
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging);
  } catch (error) {
    throw error instanceof InputError ? error : unwritable(describeFsError(error));
  }
  const discard = () => {
    // existsSync first: when a part of the path is a file, rmSync fails even with force.
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  };
  return {
    staging,
    publish: () => {
      rmSync(target, { recursive: true, force: true });
      renameSync(staging, target);
    },
    discard,
  };
}

/**
 * Hands a document given in pieces to `write` in blocks of about a megabyte that end at a line's end, so that a writer
 * that adds its own newline (a command's standard output) can take each block without its last one.
 */
export function inBlocks(pieces: Iterable<string>, write: (block: string) => void): void {
  let pending: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    pending.push(piece);
    length += piece.length;
    if (length < blockSize) continue;
    const text = pending.join("");
    const end = text.lastIndexOf("\n") + 1;
    if (end === 0) {
      pending = [text];
      continue;
    }
    write(text.slice(0, end));
    pending = [text.slice(end)];
    length = text.length - end;
  }
  const rest = pending.join("");
  if (rest.length > 0) write(rest);
}

/** A document given in pieces, to a command's standard output: whole lines, each block without its last newline. */
export function printBlocks(pieces: Iterable<string>, out: (text: string) => void): void {
  inBlocks(pieces, (block) => out(block.endsWith("\n") ? block.slice(0, -1) : block));
}
