import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** The SHA-256 of a file's bytes, in hex, as `sha256sum` prints it. */
export const fileSha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");
