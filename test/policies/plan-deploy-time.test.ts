import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkConfigurations, readInContext } from "../../policies/check";
import { readConfigurations, type VariableInputs } from "../../policies/inputs/read";
import { knownAfterApply } from "../../policies/lib/values";
import { fixtureSettings } from "./fixture-runner";
import { terraform, terraformInCopy } from "./terraform-console";

/**
 * plan-deploy-time/plan.json: what terraform 1.11 plans of plan-deploy-time/ once applied, given
 * `-var admin_password=example-given-at-deploy -var app_token=example-plain-token`. It writes every value in plain
 * text, the sensitive variable's and the generated one's included.
 */
const folder = join(import.meta.dirname, "plan-deploy-time");
const planText = readFileSync(join(folder, "plan.json"), "utf8");
const given = ["admin_password=example-given-at-deploy", "app_token=example-plain-token"];

async function inputs(text: string): Promise<Record<string, unknown>> {
  const file = join(mkdtempSync(join(tmpdir(), "eds-plan-deploy-time-")), "plan.json");
  writeFileSync(file, text);
  const [configuration] = await readConfigurations([file]);
  return Object.fromEntries(configuration!.resources.map((resource) => [resource.address, resource.values.input ?? resource.values.password]));
}

describe("a plan's values that no file of the configuration writes", () => {
  it("are unknown where the plan marks them sensitive and they come from a sensitive variable given, or a resource", async () => {
    expect(await inputs(planText)).toEqual({
      "terraform_data.generated": "example-generated-value",
      // Given at deploy time, directly, through a module's variable and output, in a template, or generated.
      "terraform_data.from_variable": knownAfterApply,
      "module.db.terraform_data.user": knownAfterApply,
      "terraform_data.from_module_output": knownAfterApply,
      "terraform_data.connection": knownAfterApply,
      "terraform_data.from_generated": knownAfterApply,
      // The literal written beside a given value in the same map stays.
      "terraform_data.map": { password: knownAfterApply, token: "example-literal-token" },
      // Written in the configuration: a sensitive variable's default, a literal, a module's literal input; and a
      // variable not declared sensitive, which the check of a folder reads as given too.
      "terraform_data.from_default": "example-default-not-a-secret",
      "terraform_data.literal": "example-literal-not-a-secret",
      "module.db_literal.terraform_data.user": "example-module-literal",
      "terraform_data.from_plain_variable": "example-plain-token",
    });
  });

  it("are no literal credential: the plan finds what the check of the folder, given the same variables, finds", async () => {
    // Each input read as a user's password; terraform_data's output, a copy of its input, is no attribute of a user.
    const asPasswords = (text: string) => text.replaceAll("terraform_data", "openstack_identity_user_v3").replace(/\binput\b/g, "password");
    const copy = mkdtempSync(join(tmpdir(), "eds-plan-deploy-time-"));
    cpSync(folder, copy, { recursive: true });
    const plan = JSON.parse(asPasswords(planText), (key, value) => (key === "output" ? undefined : value));
    writeFileSync(join(copy, "plan.json"), JSON.stringify(plan));
    for (const file of ["main.tf", "db/main.tf"]) writeFileSync(join(copy, file), asPasswords(readFileSync(join(copy, file), "utf8")));
    const literalCredentials = async (path: string, variables?: VariableInputs) => {
      const { outcomes } = checkConfigurations(await readInContext([path], fixtureSettings.today, [], variables), { settings: fixtureSettings });
      return outcomes
        .filter((o) => o.policyId === "no-literal-secret-arguments" && o.status === "violation")
        .map((o) => `${o.address.replace("openstack_identity_user_v3.", "")} ${o.path}`)
        .sort();
    };
    const expected = [
      // The default a block reads is said once, at the default (below), in a plan as in the folder.
      "from_plain_variable password",
      "generated password",
      "literal password",
      "map password.token",
      "module.db_literal.user password",
      // The default itself, written in the configuration: the plan's configuration section records it too.
      "var.reader_password default",
    ];
    expect(await literalCredentials(join(copy, "plan.json"))).toEqual(expected);
    const variables = { given: given.map((value) => ({ option: "var", value })) };
    rmSync(join(copy, "plan.json"));
    expect(await literalCredentials(copy, variables)).toEqual(expected);
  });

  it.skipIf(!terraform)(
    "is what terraform plans after an apply (runs when terraform is on the PATH)",
    () => {
      const step = terraformInCopy(folder, "eds-plan-deploy-time-");
      const options = given.flatMap((value) => ["-var", value]);
      expect(step("apply", "-auto-approve", "-input=false", ...options).status).toBe(0);
      expect(step("plan", "-input=false", "-out=plan.out", ...options).status).toBe(0);
      // But the time it was made and the ids terraform_data draws at random.
      const comparable = (text: string) => ({ ...JSON.parse(text.replace(/"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}"/g, '"id"')), timestamp: undefined });
      expect(comparable(step("show", "-json", "plan.out").stdout)).toEqual(comparable(planText));
    },
    120_000,
  );
});
