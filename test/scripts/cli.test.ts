import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runEds } from "../helpers/cli";
import { projectRoot } from "../../config/regions";
import { editedEnvironment, environmentFolder } from "../helpers/environments";

const run = runEds;

const outDir = () => join(mkdtempSync(join(tmpdir(), "eds-cli-")), "out");

describe("eds synth", () => {
  it("synthesizes the default region and exits 0", async () => {
    const out = outDir();
    const result = await run("synth", "--out", out);
    expect(result.code).toBe(0);
    expect(result.out).toContain("synthesized nouvelle-aquitaine-foundation");
    expect(existsSync(join(out, "stacks", "nouvelle-aquitaine-foundation", "cdk.tf.json"))).toBe(true);
  });

  it("synthesizes every region with --all", async () => {
    const out = outDir();
    expect((await run("synth", "--all", "--out", out)).code).toBe(0);
    expect(existsSync(join(out, "stacks", "bretagne-foundation", "cdk.tf.json"))).toBe(true);
  });

  it("fails with exit code 2 on bad input, naming file, path and line, and writes nothing", async () => {
    const folder = environmentFolder({ "nouvelle-aquitaine.yaml": editedEnvironment((doc) => doc.setIn(["network", "adminCidrs", 0], "0.0.0.0/0")) });
    const out = outDir();
    const result = await run("synth", "--env", join(folder, "nouvelle-aquitaine.yaml"), "--out", out);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/nouvelle-aquitaine\.yaml:\d+:\d+ network\.adminCidrs\[0\]: 0\.0\.0\.0\/0 opens the bastion to the whole Internet/);
    expect(existsSync(out)).toBe(false);
  });

  it("leaves an earlier output untouched when the input is bad", async () => {
    const out = outDir();
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "earlier.txt"), "kept");
    const folder = environmentFolder({ "nouvelle-aquitaine.yaml": "" });
    expect((await run("synth", "--env", join(folder, "nouvelle-aquitaine.yaml"), "--out", out)).code).toBe(2);
    expect(readFileSync(join(out, "earlier.txt"), "utf8")).toBe("kept");
  });

  it("fails with exit code 2 on a missing file", async () => {
    const result = await run("synth", "--env", "/nonexistent/region.yaml", "--out", outDir());
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/region\.yaml:1:1 \(document\): cannot read the file \(ENOENT\)/);
  });

  it("fails with exit code 2 on unknown options and commands", async () => {
    expect((await run("synth", "--evn", "x")).code).toBe(2);
    expect((await run("synth", "--all", "--env", "x")).err).toMatch(/give either --all or --env/);
    const unknown = await run("synthesise");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command "synthesise"/);
  });
});

describe("the eds command", () => {
  it("prints the error without a stack trace and exits 2 on bad input", () => {
    const folder = environmentFolder({ "nouvelle-aquitaine.yaml": "id: [\n" });
    const child = spawnSync(process.execPath, [join(projectRoot, "scripts", "eds.mjs"), "synth", "--env", join(folder, "nouvelle-aquitaine.yaml"), "--out", outDir()], {
      encoding: "utf8",
    });
    expect(child.status).toBe(2);
    expect(child.stderr).toMatch(/nouvelle-aquitaine\.yaml:\d+:\d+ \(document\): invalid YAML/);
    expect(child.stderr).not.toMatch(/^\s+at /m);
    expect(child.stdout).toBe("");
  });
});
