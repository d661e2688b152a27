import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { describeFsError, InputError } from "./errors";
import { displayPath } from "./paths";

/** About a megabyte per write: few system calls, and a document never held whole in memory. */
const blockSize = 1 << 20;

/**
 * Writes a file a user asked for, from its text or its pieces (see Reporter). The file appears whole or not at all:
 * it is written beside its place under a temporary name, then renamed, and the partial file is removed if anything
 * fails, whether the write or the producer of the pieces. A missing folder or a read-only place is bad input (exit 2),
 * not an internal error.
 */
export function writeOutput(path: string, content: string | Iterable<string>): void {
  if (/[\\/]$/.test(path) || (existsSync(path) && statSync(path).isDirectory()))
    throw new InputError(displayPath(path), "cannot write the file: is a folder, expected a file");
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(partial, "w");
    const fd = descriptor;
    inBlocks(typeof content === "string" ? [content] : content, (block) => writeSync(fd, block));
    closeSync(descriptor);
    descriptor = undefined;
    renameSync(partial, path);
  } catch (error) {
    if (descriptor !== undefined) closeSync(descriptor);
    rmSync(partial, { force: true });
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw new InputError(displayPath(path), `cannot write the file: ${describeFsError(error)}`);
  }
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
