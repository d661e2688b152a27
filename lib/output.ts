import { writeFileSync } from "node:fs";
import { describeFsError, InputError } from "./errors";
import { displayPath } from "./paths";

/** Writes a file a user asked for; a missing folder or a read-only place is bad input (exit 2), not an internal error. */
export function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new InputError(displayPath(path), `cannot write the file: ${describeFsError(error)}`);
  }
}
