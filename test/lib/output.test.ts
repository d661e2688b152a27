import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../lib/errors";
import { inBlocks, printBlocks, writeOutput } from "../../lib/output";

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
});
