import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRegularFile } from "../../lib/files";
import { runEds } from "../helpers/cli";

describe("reading a file given as input", () => {
  it("reads a regular file, and refuses a device (which would be read for ever) and a file over the limit", () => {
    const file = join(mkdtempSync(join(tmpdir(), "eds-files-")), "a.tf");
    writeFileSync(file, "x".repeat(100));
    expect(readRegularFile(file, 100).length).toBe(100);
    expect(() => readRegularFile(file, 99)).toThrow("holds 100 bytes, more than the 99 read here");
    expect(() => readRegularFile("/dev/zero", 100)).toThrow("is not a regular file: a device or a pipe");
  });

  it("makes a device given to eds check or synth bad input (exit 2), naming it", async () => {
    const check = await runEds("check", "/dev/zero");
    expect(check.code).toBe(2);
    expect(check.err).toContain("/dev/zero: cannot read the file: is not a regular file");
    const synth = await runEds("synth", "--env", "/dev/zero", "--out", join(mkdtempSync(join(tmpdir(), "eds-files-")), "out"));
    expect(synth.code).toBe(2);
    expect(synth.err).toContain("/dev/zero:1:1 (document): cannot read the file: is not a regular file");
  });
});
