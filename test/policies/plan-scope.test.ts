import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkConfigurations, readInContext } from "../../policies/check";
import type { InputProblem } from "../../policies/engine/model";
import { readConfigurations } from "../../policies/inputs/read";
import { runEds } from "../helpers/cli";
import { fixtureSettings, fixturesDir } from "./fixture-runner";

/**
 * Plans made by terraform 1.11 (plan -out, show -json) of terraform_data whose input holds a security-group rule's
 * arguments, then written as openstack_networking_secgroup_rule_v2 with those arguments (no provider runs here): the
 * resources a plan leaves as they are, forgets, or did not get to plan.
 */
const plan = (name: string) => join(import.meta.dirname, "plan-scope", `${name}.plan.json`);

async function judged(name: string): Promise<{ addresses: string[]; rdp: string[]; problems: InputProblem[] }> {
  const problems: InputProblem[] = [];
  const configurations = await readInContext([plan(name)], fixtureSettings.today, problems);
  const run = checkConfigurations(configurations, { settings: fixtureSettings });
  return {
    addresses: configurations.flatMap(({ configuration }) => configuration.resources.map((resource) => resource.address)).sort(),
    rdp: run.outcomes.filter((o) => o.policyId === "secgroup-no-public-rdp" && o.status === "violation").map((o) => o.address),
    problems,
  };
}

describe("what a plan leaves in the cloud is what is judged", () => {
  const rule = "openstack_networking_secgroup_rule_v2.rule";
  const other = "openstack_networking_secgroup_rule_v2.other";

  it("a refresh-only plan lists no change: the state's resources stay, RDP open to the Internet included", async () => {
    expect(await judged("refresh-only")).toEqual({ addresses: [other, rule], rdp: [other], problems: [] });
  });

  it("a targeted plan changes one rule: the others stay as the state holds them", async () => {
    expect(await judged("targeted")).toEqual({ addresses: [other, rule], rdp: [other], problems: [] });
  });

  it("a forgotten resource (removed, destroy = false) leaves the configuration: it is not judged", async () => {
    expect((await judged("forget")).addresses).toEqual([rule]);
  });

  it("an errored plan is partial: an input problem, and exit 2 from eds check", async () => {
    const { problems } = await judged("errored");
    expect(problems).toEqual([{ file: expect.stringMatching(/errored\.plan\.json$/), message: expect.stringMatching(/^the plan errored/) }]);
    expect((await runEds("check", plan("errored"))).code).toBe(2);
  });

  it("a document shaped otherwise than terraform show -json writes is bad input, naming what is wrong", async () => {
    const problems: InputProblem[] = [];
    const notAPlan = join(import.meta.dirname, "plan-scope", "resources-not-a-list.json");
    await readConfigurations([notAPlan], problems);
    expect(problems).toEqual([
      {
        file: expect.stringMatching(/resources-not-a-list\.json$/),
        message: "not a plan as terraform show -json writes it: planned_values.root_module.resources is not a list",
      },
    ]);
  });

  it("so is a configuration section shaped otherwise; references that are not text read nothing known", async () => {
    const folder = mkdtempSync(join(tmpdir(), "eds-plan-shape-"));
    const problemsOf = async (edit: (document: Record<string, any>) => void, from = plan("targeted")) => {
      const document = JSON.parse(readFileSync(from, "utf8"));
      edit(document);
      const file = join(folder, "edited.plan.json");
      writeFileSync(file, JSON.stringify(document));
      const problems: InputProblem[] = [];
      const configurations = await readConfigurations([file], problems);
      return { problems: problems.map((problem) => problem.message), configurations };
    };
    const shapeProblem = (what: string) => [`not a plan as terraform show -json writes it: configuration.root_module${what}`];
    expect((await problemsOf((document) => (document.configuration.root_module.resources = {}))).problems).toEqual(shapeProblem(".resources is not a list"));
    expect((await problemsOf((document) => (document.configuration.root_module.resources[0] = 1))).problems).toEqual(
      shapeProblem(".resources[0] is not a block with an address"),
    );
    expect((await problemsOf((document) => (document.configuration.root_module.module_calls = { net: { module: [] } }))).problems).toEqual(
      shapeProblem(".module_calls.net.module is not an object"),
    );
    const templated = join(fixturesDir, "k8s-configmap-no-secrets", "unknown", "data-templated-on-a-new-network.plan.json");
    const numbers = await problemsOf((document) => {
      const visit = (value: unknown) => {
        if (value === null || typeof value !== "object") return;
        for (const [key, item] of Object.entries(value)) {
          if (key === "references") (value as Record<string, unknown>)[key] = [42];
          else visit(item);
        }
      };
      visit(document.configuration);
    }, templated);
    expect(numbers.problems).toEqual([]);
    expect(numbers.configurations[0]!.resources.length).toBeGreaterThan(0);
  });
});
