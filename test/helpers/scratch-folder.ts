import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Vitest global setup: every test run writes its temporary folders (its own, cdktf's `Testing.app()` outdirs, the
 * validators' inputs) under one folder of its own, removed when the run ends, so a run leaves nothing in the
 * machine's temporary folder. Node's `os.tmpdir()` reads TMPDIR on each call, and the test workers inherit it.
 */
export default function setup(): () => void {
  const scratch = mkdtempSync(join(tmpdir(), "eds-tests-"));
  // Other users enter it: the PostgreSQL tests run the server as nobody in a folder of their own there.
  chmodSync(scratch, 0o755);
  process.env.TMPDIR = scratch;
  return () => rmSync(scratch, { recursive: true, force: true });
}
