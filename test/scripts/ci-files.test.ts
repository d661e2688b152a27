import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { projectRoot } from "../../lib/paths";

const require = createRequire(import.meta.url);
const schemaOf = (path: string) => JSON.parse(readFileSync(require.resolve(`schemastore/schemas/json/${path}`), "utf8"));
const yamlOf = (file: string) => parse(readFileSync(join(projectRoot, file), "utf8"));

/** The published JSON Schemas of the CI formats (SchemaStore's offline copy). */
function validator(path: string) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(schemaOf(path));
}

describe("the GitHub pull-request workflow", () => {
  const workflow = yamlOf(".github/workflows/pull-request.yml");

  it("is valid against the GitHub workflow schema", () => {
    const validate = validator("github-workflow.json");
    expect(validate(workflow), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(validate({ ...workflow, jobs: { broken: { "runs-on": "ubuntu-latest", stepz: [] } } })).toBe(false);
  });

  it("installs, runs the README's test command, synthesizes every region, uploads SARIF and writes the summary", () => {
    const steps: { run?: string; uses?: string; with?: Record<string, string> }[] = workflow.jobs.regions.steps;
    const runs = steps.map((step) => step.run ?? "").join("\n");
    expect(runs).toMatch(/npm ci\n[\s\S]*npm test/);
    expect(runs).toContain("bin/eds synth --all");
    expect(runs).toContain("bin/eds transparency --all --out transparency-site");
    expect(runs).toMatch(/--format sarif --output "reports\/\$region\.sarif"/);
    expect(runs).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(steps.find((step) => step.uses?.startsWith("github/codeql-action/upload-sarif"))?.with?.sarif_file).toBe("reports");
    expect(steps[steps.length - 1]!.run).toContain("exit 1");
    expect(workflow.permissions["security-events"]).toBe("write");
  });
});

describe(".ci/run", () => {
  it("builds the transparency site of every region on every run, and installs the Chromium the page tests render with", () => {
    const script = readFileSync(join(projectRoot, ".ci", "run"), "utf8");
    expect(script).toMatch(/npm run synth\n[^\n]*\nbin\/eds transparency --all --out "\$work\/transparency-site"/);
    expect(script).toMatch(/^packages=\([^)]*\bchromium\b/m);
  });
});

describe("the GitLab pipeline", () => {
  const pipeline = yamlOf(".gitlab-ci.yml");

  it("is valid against the GitLab CI schema", () => {
    const validate = validator("gitlab.com/gitlab-org/gitlab/-/raw/master/app/assets/javascripts/editor/schema/ci.json");
    expect(validate(pipeline), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it("runs the tests, then synthesizes and checks every region with JUnit reports wired in", () => {
    expect(pipeline.test.script).toEqual(["npm ci", "npm test"]);
    expect(pipeline.policies.script).toContain("bin/eds synth --all");
    expect(pipeline.policies.script).toContain("bin/eds transparency --all --out transparency-site");
    expect(pipeline.policies.script.join("\n")).toMatch(/--format junit --output "reports\/\$region\.xml"/);
    expect(pipeline.policies.artifacts.reports.junit).toBe("reports/*.xml");
    expect(pipeline.policies.artifacts.when).toBe("always");
  });
});
