import { spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../lib/paths";
import { runEds } from "../helpers/cli";
import { tool } from "../helpers/validators";

describe("eds report --bundle", () => {
  const folder = mkdtempSync(join(tmpdir(), "eds-bundle-test-"));
  const out = join(folder, "out");
  const bundle = join(folder, "evidence.tar.gz");
  const extracted = join(folder, "extracted");
  beforeAll(async () => {
    expect((await runEds("synth", "--all", "--out", out)).code).toBe(0);
    const report = await runEds("report", out, "--bundle", bundle);
    expect(report.code).toBe(0);
    expect(report.out).toMatch(/^eds report: \d+ files written to .*evidence\.tar\.gz \(\d+ KiB\); verdict pass/);
    mkdirSync(extracted);
    const untar = spawnSync(tool("tar", "tar"), ["-xzf", bundle, "-C", extracted], { encoding: "utf8" });
    expect(untar.stderr).toBe("");
  }, 120_000);

  const sha256sumCheck = () => spawnSync(tool("sha256sum", "coreutils"), ["-c", "MANIFEST.sha256"], { cwd: extracted, encoding: "utf8" });

  it("holds every report, the configuration, the environment files, commit and version, verified by sha256sum -c", () => {
    const listing = spawnSync(tool("tar", "tar"), ["-tzf", bundle], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
    expect(listing).toEqual(
      expect.arrayContaining([
        "MANIFEST.sha256",
        "bundle.json",
        "reports/report.html",
        "reports/report.sarif",
        "reports/report.xml",
        "reports/report.json",
        "configuration/bretagne-platform/cdk.tf.json",
        "configuration/bretagne-platform/policy-context.json",
        "environments/bretagne.yaml",
        "environments/nouvelle-aquitaine.yaml",
      ]),
    );
    const about = JSON.parse(readFileSync(join(extracted, "bundle.json"), "utf8"));
    expect(about).toMatchObject({ tool: "eds-regional", version: "0.1.0", passed: true, regions: ["bretagne", "nouvelle-aquitaine"] });
    expect(about.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(typeof about.uncommittedChanges).toBe("boolean");
    const check = sha256sumCheck();
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout.trim().split("\n")).toHaveLength(listing.length - 1);
    expect(readFileSync(join(extracted, "reports", "report.html"), "utf8")).toContain("<h2>Flows</h2>");
  });

  it("lets sha256sum see a file changed after the review", () => {
    appendFileSync(join(extracted, "configuration", "bretagne-platform", "cdk.tf.json"), " ");
    const check = sha256sumCheck();
    expect(check.status).not.toBe(0);
    expect(check.stdout).toContain("configuration/bretagne-platform/cdk.tf.json: FAILED");
  });

  it("is the same bytes for the same input", async () => {
    const again = join(folder, "again.tar.gz");
    expect((await runEds("report", out, "--bundle", again)).code).toBe(0);
    expect(readFileSync(again).equals(readFileSync(bundle))).toBe(true);
  });

  it("refuses an environment file changed since the stacks were synthesized from it: the bundle would hold another configuration", async () => {
    const environments = mkdtempSync(join(tmpdir(), "eds-bundle-env-"));
    const environment = join(environments, "bretagne.yaml");
    copyFileSync(join(projectRoot, "environments", "bretagne.yaml"), environment);
    const stacks = join(folder, "edited-out");
    expect((await runEds("synth", "--env", environment, "--out", stacks)).code).toBe(0);
    appendFileSync(environment, "# edited after the synthesis\n");
    const result = await runEds("report", stacks, "--bundle", join(folder, "edited.tar.gz"));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/bretagne\.yaml: changed since .* was synthesized from it: synthesize again/);
    expect(existsSync(join(folder, "edited.tar.gz"))).toBe(false);
  }, 60_000);

  it("holds a folder of manifests with its subfolders, as checked", async () => {
    const manifests = join(mkdtempSync(join(tmpdir(), "eds-bundle-manifests-")), "web");
    mkdirSync(join(manifests, "notes"), { recursive: true });
    writeFileSync(join(manifests, "config.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: team}\ndata: {mode: plain}\n");
    writeFileSync(join(manifests, "notes", "review.md"), "reviewed\n");
    const archive = join(folder, "manifests.tar.gz");
    const result = await runEds("report", join(manifests, "config.yaml"), "--bundle", archive);
    expect(result.err).toBe("");
    const listing = spawnSync(tool("tar", "tar"), ["-tzf", archive], { encoding: "utf8" }).stdout.split("\n");
    expect(listing).toEqual(expect.arrayContaining(["configuration/web/config.yaml", "configuration/web/notes/review.md"]));
  });

  it("asks for the archive's name", async () => {
    const result = await runEds("report", out);
    expect(result.code).toBe(2);
    expect(result.err).toContain("--bundle <file.tar.gz>");
  });
});
