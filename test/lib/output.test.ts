import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../lib/errors";
import { inBlocks, printBlocks, stagedFolder, writeOutput } from "../../lib/output";

const scratch = () => mkdtempSync(join(tmpdir(), "eds-output-"));

describe("writing a document given in pieces", () => {
  it("writes every piece, in order, and leaves nothing else in the folder", () => {
    const folder = scratch();
    const pieces = Array.from({ length: 3000 }, (_, i) => `line ${i} ${"x".repeat(500)}\n`);
    writeOutput(join(folder, "report.txt"), pieces);
    expect(readFileSync(join(folder, "report.txt"), "utf8")).toBe(pieces.join(""));
    expect(readdirSync(folder)).toEqual(["report.txt"]);
  });

  it("leaves no file, whole or partial, when the producer of the pieces fails half-way", () => {
    const folder = scratch();
    function* failing() {
      yield "x".repeat(3 << 20);
      throw new Error("the reporter broke");
    }
    expect(() => writeOutput(join(folder, "report.txt"), failing())).toThrow("the reporter broke");
    expect(readdirSync(folder)).toEqual([]);
  });

  it("keeps the previous file when the new one cannot be written whole", () => {
    const folder = scratch();
    writeOutput(join(folder, "report.txt"), "previous\n");
    function* failing() {
      yield "half of it\n";
      throw new Error("the reporter broke");
    }
    expect(() => writeOutput(join(folder, "report.txt"), failing())).toThrow();
    expect(readFileSync(join(folder, "report.txt"), "utf8")).toBe("previous\n");
  });

  it("reports a missing folder as bad input naming the file", () => {
    const error = (() => {
      try {
        writeOutput("/nonexistent/report.txt", ["x"]);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(String((error as InputError).message)).toContain("no such file or directory");
    expect(existsSync("/nonexistent")).toBe(false);
  });

  it("refuses a folder given as the file, however it is written, and leaves it untouched", () => {
    const folder = scratch();
    for (const path of [folder, `${folder}/`]) expect(() => writeOutput(path, ["x"]), path).toThrow(/is a folder, expected a file/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it("hands standard output blocks of whole lines, of about a megabyte, that add up to the document", () => {
    const pieces = Array.from({ length: 5000 }, (_, i) => `finding ${i}: ${"y".repeat(i % 700)}\n`);
    const blocks: string[] = [];
    inBlocks(pieces, (block) => blocks.push(block));
    expect(blocks.length).toBeGreaterThan(1);
    expect(blocks.join("")).toBe(pieces.join(""));
    for (const block of blocks) expect(block.endsWith("\n")).toBe(true);
    for (const block of blocks) expect(block.length).toBeLessThan((1 << 20) + 1000);
    const printed: string[] = [];
    printBlocks(pieces, (text) => printed.push(text));
    expect(`${printed.join("\n")}\n`).toBe(pieces.join(""));
  });

  it("writes through a symbolic link to the file it names, and into a device in place", () => {
    const folder = scratch();
    writeFileSync(join(folder, "real.txt"), "old\n");
    symlinkSync(join(folder, "real.txt"), join(folder, "link.txt"));
    writeOutput(join(folder, "link.txt"), "new\n");
    expect(lstatSync(join(folder, "link.txt")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(folder, "real.txt"), "utf8")).toBe("new\n");
    symlinkSync(join(folder, "later.txt"), join(folder, "dangling.txt"));
    writeOutput(join(folder, "dangling.txt"), "made\n");
    expect(readFileSync(join(folder, "later.txt"), "utf8")).toBe("made\n");
    writeOutput("/dev/null", "discarded\n");
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  });
});

describe("replacing a folder a user named", () => {
  it("publishes the staged folder in place of the old one, making missing parents, and discards what was not published", () => {
    const folder = scratch();
    const target = join(folder, "deep", "out");
    const staged = stagedFolder(target, "a.txt");
    writeFileSync(join(staged.staging, "a.txt"), "a");
    staged.publish();
    staged.discard();
    expect(readdirSync(target)).toEqual(["a.txt"]);
    const failed = stagedFolder(target, "a.txt");
    writeFileSync(join(failed.staging, "b.txt"), "b");
    failed.discard();
    expect(readdirSync(target)).toEqual(["a.txt"]);
    expect(readdirSync(join(folder, "deep"))).toEqual(["out"]);
  });

  it("refuses a file where the folder should be, and a folder of files that is no earlier output, as bad input", () => {
    const folder = scratch();
    const file = join(folder, "report.txt");
    writeFileSync(file, "keep\n");
    expect(() => stagedFolder(file, "manifest.json")).toThrow(InputError);
    expect(readFileSync(file, "utf8")).toBe("keep\n");
    expect(() => stagedFolder(folder, "manifest.json")).toThrow(/holds files and is no earlier output \(no manifest\.json\)/);
    expect(readdirSync(folder)).toEqual(["report.txt"]);
    expect(() => stagedFolder("/proc/eds-output", "manifest.json")).toThrow(InputError);
  });
});
