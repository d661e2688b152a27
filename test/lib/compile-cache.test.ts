import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../lib/paths";

/** A folder with a CommonJS package and a script that enables the cache, then requires the package and prints. */
function sandbox() {
  const folder = mkdtempSync(join(tmpdir(), "eds-compile-cache-"));
  const cache = join(folder, "cache");
  writeFileSync(
    join(folder, "greeting.cjs"),
    "#!/usr/bin/env node\nmodule.exports = (name) => `hello ${name} from ${require('node:path').basename(__filename)}`;\n",
  );
  writeFileSync(
    join(folder, "run.ts"),
    [
      `import { createRequire } from "node:module";`,
      `import { Script } from "node:vm";`,
      `import { enableCompileCache } from ${JSON.stringify(join(projectRoot, "lib", "compile-cache.ts"))};`,
      `const rejected: boolean[] = [];`,
      `const original = Script.prototype.runInThisContext;`,
      `Script.prototype.runInThisContext = function (this: Script, ...args: any[]) { rejected.push(this.cachedDataRejected === false); return original.apply(this, args as any); };`,
      `enableCompileCache(${JSON.stringify(cache)});`,
      `const greet = createRequire(import.meta.url)("./greeting.cjs");`,
      `console.log(JSON.stringify({ out: greet("region"), usedCache: rejected[0] }));`,
    ].join("\n"),
  );
  const run = () => {
    const child = spawnSync(process.execPath, ["--import", "tsx", join(folder, "run.ts")], { encoding: "utf8", cwd: projectRoot });
    if (child.status !== 0) throw new Error(child.stderr);
    return JSON.parse(child.stdout.trim().split("\n").pop()!) as { out: string; usedCache: boolean };
  };
  return { folder, cacheFile: join(cache, "code-cache.bin"), run };
}

describe("the compile cache", () => {
  it("loads a package from V8's saved code on the next run, and writes nothing when nothing is new", () => {
    const { cacheFile, run } = sandbox();
    expect(run()).toEqual({ out: "hello region from greeting.cjs", usedCache: false });
    const written = statSync(cacheFile).mtimeMs;
    expect(run()).toEqual({ out: "hello region from greeting.cjs", usedCache: true });
    expect(statSync(cacheFile).mtimeMs).toBe(written);
  });

  it("compiles a changed file again rather than run stale code", () => {
    const { folder, run } = sandbox();
    run();
    writeFileSync(join(folder, "greeting.cjs"), "module.exports = (name) => `bonjour ${name}`;\n");
    expect(run()).toEqual({ out: "bonjour region", usedCache: false });
    expect(run()).toEqual({ out: "bonjour region", usedCache: true });
  });

  it("drops the code of a file that is gone or has changed, so that the cache does not grow with every build", () => {
    const { folder, cacheFile, run } = sandbox();
    run();
    const entries = () => {
      const stored = readFileSync(cacheFile);
      return Object.keys(JSON.parse(stored.subarray(4, 4 + stored.readUInt32LE(0)).toString("utf8")));
    };
    expect(entries()).toEqual([join(folder, "greeting.cjs")]);
    // A new build: the module moves (as the hashed folders of precompiled validators do), the old file is deleted.
    writeFileSync(join(folder, "greeting-2.cjs"), "module.exports = (name) => `salut ${name}`;\n");
    writeFileSync(join(folder, "run.ts"), readFileSync(join(folder, "run.ts"), "utf8").replace("./greeting.cjs", "./greeting-2.cjs"));
    rmSync(join(folder, "greeting.cjs"));
    expect(run()).toEqual({ out: "salut region", usedCache: false });
    expect(entries()).toEqual([join(folder, "greeting-2.cjs")]);
  });

  it("loads archiver, which cdktf requires only to zip assets, when it is first used and not before", () => {
    // Inside the project, so that "archiver" resolves as it does for cdktf.
    const parent = join(projectRoot, "node_modules", ".cache");
    mkdirSync(parent, { recursive: true });
    const folder = mkdtempSync(join(parent, "eds-when-used-"));
    writeFileSync(
      join(folder, "zipper.cjs"),
      [
        `const archiver = require("archiver");`,
        `const loaded = () => Object.keys(require.cache).some((file) => file.includes("/node_modules/archiver/"));`,
        `module.exports = { before: loaded(), zip: () => typeof archiver("zip").finalize, after: loaded };`,
      ].join("\n"),
    );
    writeFileSync(
      join(folder, "run.ts"),
      [
        `import { createRequire } from "node:module";`,
        `import { enableCompileCache } from ${JSON.stringify(join(projectRoot, "lib", "compile-cache.ts"))};`,
        `enableCompileCache(${JSON.stringify(join(folder, "cache"))});`,
        `const zipper = createRequire(import.meta.url)("./zipper.cjs");`,
        `const before = zipper.before;`,
        `console.log(JSON.stringify({ before, zip: zipper.zip(), after: zipper.after() }));`,
      ].join("\n"),
    );
    try {
      const child = spawnSync(process.execPath, ["--import", "tsx", join(folder, "run.ts")], { encoding: "utf8", cwd: projectRoot });
      expect(child.stderr).toBe("");
      expect(JSON.parse(child.stdout.trim())).toEqual({ before: false, zip: "function", after: true });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
